/** The daily report's announcement: one message per webhook of the organisers' unit, with counts, risk and the ledger link. */
import { describe, expect, it } from "vitest";
import type { WebhookConfig } from "../../src/config/schema-notify.js";
import type { NotifyMessage } from "../../src/notify/payloads.js";
import { webhookBody } from "../../src/notify/payloads.js";
import { webhookAnnouncer } from "../../src/report/report-announcer.js";
import type { DailyReport } from "../../src/report/types.js";

const report: DailyReport = {
  date: "2026-12-08", timeZone: "Asia/Shanghai", lang: "zh-CN", generatedAt: "2026-12-09T00:00:00.000Z", ledgerCount: 3,
  units: [{ id: "traffic_police", name: "县公安局交警大队", counts: { new: 3, open: 2, overdue: 1, closed: 0, cancelled: 1 } }],
  pointsAtRisk: [{ id: "J03", name: "人民路", units: ["traffic_police"], pAny: 0.42, pViolation: 0.3, pNoFootage: 0.15 }],
  cameras: [],
};
const hook = (id: string, unit: string, format: WebhookConfig["format"]): WebhookConfig => ({ id, unit, format, url: "http://127.0.0.1:1/h", events: ["dispatch"] });

describe("report announcement", () => {
  it("sends one message to each webhook of the organisers' unit only", async () => {
    const sent: { webhook: string; message: NotifyMessage }[] = [];
    const announce = webhookAnnouncer({ send: (webhook, message) => (sent.push({ webhook: webhook.id, message }), sent.length) },
      [hook("wenming-wecom", "wenmingban", "wecom"), hook("police-ding", "traffic_police", "dingtalk"), hook("wenming-json", "wenmingban", "json")], "https://board.example.gov.cn/");
    await announce("wenmingban", report, { date: report.date, dir: "/x", files: [] });
    expect(sent.map((s) => s.webhook)).toEqual(["wenming-wecom", "wenming-json"]);
    const message = sent[0]!.message;
    expect(message.event).toBe("report");
    expect(message.title).toBe("日报 2026-12-08");
    expect(message.link).toBe("https://board.example.gov.cn/api/reports/2026-12-08/ledger.xlsx");
    const wecom = webhookBody("wecom", message) as { markdown: { content: string } };
    expect(wecom.markdown.content).toContain("县公安局交警大队: 3 / 2 / 1 / 0 / 1");
    expect(wecom.markdown.content).toContain("J03 42%");
  });
});
