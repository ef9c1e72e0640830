/**
 * Turns domain events into board events, each published to the rooms of
 * what it is about:
 *   incident.created / incident.updated  ← the IncidentBus   (payload: Incident view)
 *   point.health                         ← camera health, polled every second (payload: { pointId, health })
 *   point.frame                          ← LatestFrames       (payload: { pointId, url, at })
 * Bus listeners only queue (setImmediate): the scanner that emitted never
 * waits for serialising or sending.
 */
import { errorMessage } from "../../errors.js";
import type { BoardContext } from "../context.js";
import { incidentView } from "../views/incident-view.js";
import { frameUrl, healthView } from "../views/point-view.js";
import { isoInZone } from "../../time/time-zone.js";
import type { Incident } from "../../incidents/types.js";

export interface LiveEvents {
  close(): void;
}

export function startLiveEvents(ctx: BoardContext, { pollMs = 1000 } = {}): LiveEvents {
  const { deployment, push, log } = ctx;
  const send = (event: "incident.created" | "incident.updated", incident: Incident): void => {
    setImmediate(() => {
      try {
        push.publish(event, incidentView(incident, deployment), { incident });
      } catch (error) {
        log.error({ incident: incident.id, event, err: errorMessage(error) }, "cannot push an incident event");
      }
    });
  };
  const offs = [
    ctx.bus.on("incident.created", (incident) => {
      ctx.metrics.incidentsCreated.inc({ rule: incident.rule });
      send("incident.created", incident);
    }),
    ctx.bus.on("incident.updated", (incident) => send("incident.updated", incident)),
    ctx.frames.onFrame((pointId, atMs) => {
      push.publish("point.frame", { pointId, url: `${frameUrl(pointId)}?t=${atMs}`, at: isoInZone(atMs, deployment.timezone) }, { pointId });
    }),
  ];
  const pointIds = deployment.points.map((p) => p.id);
  const lastHealth = new Map<string, string>();
  const timer = setInterval(() => {
    try {
      for (const pointId of pointIds) {
        const health = ctx.health(pointId);
        if (!health) continue;
        const view = healthView(health, deployment.timezone);
        const key = JSON.stringify(view);
        if (lastHealth.get(pointId) === key) continue;
        lastHealth.set(pointId, key);
        push.publish("point.health", { pointId, health: view }, { pointId });
      }
      ctx.frames.poll?.(pointIds);
    } catch (error) {
      log.error({ err: errorMessage(error) }, "cannot poll camera health for the board");
    }
  }, pollMs);
  timer.unref();
  return {
    close() {
      clearInterval(timer);
      offs.splice(0).forEach((off) => off());
    },
  };
}
