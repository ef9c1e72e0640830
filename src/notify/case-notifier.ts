/**
 * Announces the closed loop to the units' group chats: on dispatch (派遣),
 * when a case goes overdue (超期: its deadline passed, or the footage still
 * showed the object at the deadline) and on a recurrence (重复发生), each
 * webhook of the case's unit configured for that event gets one message with
 * a link to the incident on the board (board.publicUrl). Sending is the
 * queue's business (webhook-queue.ts): this listener only builds and hands
 * over, so it never slows the action that emitted the event.
 */
import type { Deployment, PointConfig } from "../config/schema.js";
import type { NotifyConfig, NotifyEvent } from "../config/schema-notify.js";
import type { IncidentBus } from "../incidents/bus.js";
import { words } from "../report/labels.js";
import { formatLocal } from "../time/time-zone.js";
import type { CaseEvent } from "../workflow/types.js";
import type { NotifyMessage } from "./payloads.js";
import type { WebhookQueue } from "./webhook-queue.js";

const TITLES: Record<NotifyEvent, string> = { dispatch: "派遣", overdue: "超期未处置", recurrence: "重复发生" };

/** Which notification a case change is, if any. */
export function notifyEventOf(event: CaseEvent): NotifyEvent | null {
  const { entry } = event;
  if (entry.action === "dispatch") return "dispatch";
  if (entry.action === "overdue" || (entry.action === "verify" && entry.details.overdue === true)) return "overdue";
  if (entry.action === "recurrence") return "recurrence";
  return null;
}

export function incidentLink(publicUrl: string | undefined, incidentId: string): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, "")}/incidents/${encodeURIComponent(incidentId)}` : null;
}

/** What a message needs of the deployment: names, the time zone and the board's public URL. */
export type MessageDeployment = Pick<Deployment, "units" | "timezone"> & {
  points: readonly Pick<PointConfig, "id" | "name" | "zones">[];
  board?: { publicUrl?: string };
};

/** `plate`: the vehicle's plate when read; unit groups act on parking cases, so they get it whole. */
export function caseMessage(kind: NotifyEvent, event: CaseEvent, deployment: MessageDeployment, plate: string | null = null): NotifyMessage {
  const { incident, entry } = event;
  const c = event.case;
  const tz = deployment.timezone;
  const point = deployment.points.find((p) => p.id === incident.pointId);
  const zone = point?.zones.find((z) => z.id === incident.zoneId);
  const unit = deployment.units.find((u) => u.id === (c.unit ?? incident.unit));
  const rule = words("zh-CN").rules[incident.rule];
  const lines = [
    `**点位** ${point?.name ?? incident.pointId} (${incident.pointId}) · ${zone?.name ?? incident.zoneId}`,
    `**违规** ${rule} · ${incident.label} · 发现于 ${formatLocal(incident.startMs, tz)}`,
    `**责任单位** ${unit?.name ?? c.unit ?? incident.unit}${c.assignee ? ` · ${c.assignee}` : ""}`,
  ];
  if (plate !== null) lines.push(`**车牌** ${plate}`);
  if (c.deadlineMs !== null) lines.push(`**处置期限** ${formatLocal(c.deadlineMs, tz)}`);
  if (kind === "recurrence") lines.push(`**重复** 同一位置第 ${c.recurrenceCount} 次 (上次 ${c.recurrenceOf ?? ""})`);
  if (entry.note) lines.push(`**说明** ${entry.note}`);
  return {
    event: kind,
    title: `【${TITLES[kind]}】${point?.name ?? incident.pointId} ${rule}`,
    lines,
    link: incidentLink(deployment.board?.publicUrl, incident.id),
    incidentId: incident.id,
    facts: {
      pointId: incident.pointId, rule: incident.rule, zoneId: incident.zoneId, unit: c.unit ?? incident.unit, state: c.state,
      deadline: c.deadlineMs === null ? null : new Date(c.deadlineMs).toISOString(), overdue: c.overdue,
      recurrenceOf: c.recurrenceOf, recurrenceCount: c.recurrenceCount, action: entry.action, actor: entry.actor, plate,
    },
  };
}

/** Subscribes the queue to case events; returns the unsubscribe. */
export function startCaseNotifier(
  bus: IncidentBus, queue: WebhookQueue, config: Pick<NotifyConfig, "webhooks">, deployment: MessageDeployment,
  plateOf: (incidentId: string) => string | null = () => null,
): () => void {
  return bus.on("case.updated", (event) => {
    const kind = notifyEventOf(event);
    if (!kind) return;
    const unit = event.case.unit ?? event.incident.unit;
    const targets = config.webhooks.filter((w) => w.unit === unit && w.events.includes(kind));
    if (targets.length === 0) return;
    const message = caseMessage(kind, event, deployment, plateOf(event.incident.id));
    for (const webhook of targets) queue.send(webhook, message);
  });
}
