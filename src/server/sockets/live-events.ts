/**
 * Turns domain events into board events, each published to the rooms of
 * what it is about:
 *   incident.created / incident.updated  ← the IncidentBus   (payload: Incident view)
 *   point.health                         ← camera health, polled every second, and live detection health
 *                                          as the live maintainer reports it (payload: { pointId, health, detection })
 *   point.frame                          ← LatestFrames       (payload: { pointId, url, at })
 *   case.updated                         ← the IncidentBus   (payload: { incidentId, action, actor, at, case: state, version, deadline, overdue… })
 * Case actions the system takes (auto-dispatch, footage verification,
 * overdue, recurrence) are also written to the audit trail here (actor
 * null); users' actions are audited by their route.
 * Bus listeners only queue (setImmediate): the scanner that emitted never
 * waits for serialising or sending.
 */
import { loggedError } from "../log-error.js";
import type { BoardContext } from "../context.js";
import { incidentView } from "../views/incident-view.js";
import { detectionView } from "../views/detection-view.js";
import { frameUrl, healthView } from "../views/point-view.js";
import { isoInZone } from "../../time/time-zone.js";
import type { Incident } from "../../incidents/types.js";
import type { CaseEvent } from "../../workflow/types.js";
import { withPlate } from "../views/plate-view.js";

export interface LiveEvents {
  close(): void;
}

/** Pushes a case change to the incident's rooms; audits the system's own steps. */
function sendCase(ctx: BoardContext, event: CaseEvent): void {
  const { entry, incident } = event;
  try {
    if (entry.role === "system") {
      ctx.accounts.audit.record({ actor: null, action: `incident.${entry.action}`, target: `incident:${incident.id}`, ip: null, detail: { from: entry.from, to: entry.to, version: entry.version, note: entry.note, ...entry.details } });
    }
    const c = event.case;
    const at = (ms: number | null): string | null => (ms === null ? null : isoInZone(ms, ctx.deployment.timezone));
    ctx.push.publish("case.updated", {
      incidentId: incident.id, action: entry.action, actor: entry.actor, at: isoInZone(entry.atMs, ctx.deployment.timezone),
      case: { state: c.state, stateLabel: c.stateLabel, version: c.version, unit: c.unit, deadline: at(c.deadlineMs), overdue: c.overdue, recurrenceCount: c.recurrenceCount },
    }, { incident });
  } catch (error) {
    ctx.log.error({ incident: incident.id, err: loggedError(error) }, "cannot push a case event");
  }
}

export function startLiveEvents(ctx: BoardContext, { pollMs = 1000 } = {}): LiveEvents {
  const { deployment, push, log } = ctx;
  const send = (event: "incident.created" | "incident.updated", incident: Incident): void => {
    setImmediate(() => {
      try {
        // Rooms can hold viewers: socket events carry the plate masked; the REST detail has it whole for those who may.
        push.publish(event, withPlate(incidentView(incident, deployment), ctx.plates?.get(incident.id), null), { incident });
      } catch (error) {
        log.error({ incident: incident.id, event, err: loggedError(error) }, "cannot push an incident event");
      }
    });
  };
  /** Both halves of a point's health, as now: camera (recorder) and live detection. */
  const sendHealth = (pointId: string): void => {
    const camera = ctx.health(pointId);
    const live = ctx.live?.health(pointId);
    push.publish("point.health", {
      pointId, health: camera ? healthView(camera, deployment.timezone) : null, detection: live ? detectionView(live, deployment.timezone) : null,
    }, { pointId });
  };
  const offs = [
    ctx.bus.on("incident.created", (incident) => {
      ctx.metrics.incidentsCreated.inc({ rule: incident.rule });
      send("incident.created", incident);
    }),
    ctx.bus.on("incident.updated", (incident) => send("incident.updated", incident)),
    ctx.bus.on("case.updated", (event) => void setImmediate(() => sendCase(ctx, event))),
    // The live loop that reported never waits for the push.
    ctx.live?.onHealth((h) => void setImmediate(() => {
      try {
        sendHealth(h.pointId);
      } catch (error) {
        log.error({ point: h.pointId, err: loggedError(error) }, "cannot push live detection health");
      }
    })) ?? (() => undefined),
    ctx.frames.onFrame((pointId, atMs) => {
      push.publish("point.frame", { pointId, url: `${frameUrl(pointId)}?t=${atMs}`, at: isoInZone(atMs, deployment.timezone) }, { pointId });
    }),
  ];
  const pointIds = deployment.points.map((p) => p.id);
  const lastHealth = new Map<string, string>();
  // One point at a time: a point whose health cannot be read never holds back the others' (or the frames).
  const pollHealth = (pointId: string): void => {
    try {
      const health = ctx.health(pointId);
      if (!health) return;
      const key = JSON.stringify(healthView(health, deployment.timezone));
      if (lastHealth.get(pointId) === key) return;
      lastHealth.set(pointId, key);
      sendHealth(pointId);
    } catch (error) {
      log.error({ point: pointId, err: loggedError(error) }, "cannot poll camera health for the board");
    }
  };
  const timer = setInterval(() => {
    pointIds.forEach(pollHealth);
    try {
      ctx.frames.poll?.(pointIds);
    } catch (error) {
      log.error({ err: loggedError(error) }, "cannot poll the latest frames for the board");
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
