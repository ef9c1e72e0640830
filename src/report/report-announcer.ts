/**
 * Announces a stored daily report to the organisers' unit through the closed
 * loop's webhook queue (WeCom / DingTalk / JSON, retried in the background):
 * every webhook of that unit gets one message with the day's counts, the
 * points most at risk and the ledger's download link.
 */
import type { WebhookConfig } from "../config/schema-notify.js";
import type { NotifyMessage } from "../notify/payloads.js";
import type { WebhookQueue } from "../notify/webhook-queue.js";
import { words } from "./labels.js";
import type { ReportAnnouncer } from "./report-job.js";
import type { DailyReport } from "./types.js";

export function reportMessage(report: DailyReport, publicUrl: string | undefined): NotifyMessage {
  const w = words(report.lang).summary;
  const en = report.lang === "en";
  const link = `${(publicUrl ?? "").replace(/\/+$/, "")}/api/reports/${report.date}/ledger.xlsx`;
  return {
    event: "report",
    title: `${w.title} ${report.date}`,
    lines: [
      `**${w.unit}**: ${w.new} / ${w.open} / ${w.overdue} / ${w.closed} / ${w.cancelled}`,
      ...report.units.map((u) => `${u.name}: ${u.counts.new} / ${u.counts.open} / ${u.counts.overdue} / ${u.counts.closed} / ${u.counts.cancelled}`),
      `**${en ? "Points most at risk" : "风险最高点位"}**: ${report.pointsAtRisk.slice(0, 5).map((p) => `${p.id} ${(p.pAny * 100).toFixed(0)}%`).join(", ")}`,
    ],
    link,
    incidentId: `report-${report.date}`,
    facts: { date: report.date, units: report.units, pointsAtRisk: report.pointsAtRisk.slice(0, 5), ledgerRows: report.ledgerCount },
  };
}

export function webhookAnnouncer(queue: Pick<WebhookQueue, "send">, webhooks: readonly WebhookConfig[], publicUrl: string | undefined): ReportAnnouncer {
  return async (unit, report) => {
    const message = reportMessage(report, publicUrl);
    for (const webhook of webhooks.filter((w) => w.unit === unit)) queue.send(webhook, message);
  };
}
