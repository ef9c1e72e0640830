// Pure pieces of the notifications: bodies per format, the DingTalk signature
// against an independent computation, the config's secret rules.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { NotifySchema } from "../../src/config/schema-notify.js";
import { incidentLink } from "../../src/notify/case-notifier.js";
import { dingtalkSign, signedDingtalkUrl } from "../../src/notify/dingtalk-sign.js";
import { webhookBody, type NotifyMessage } from "../../src/notify/payloads.js";

const message: NotifyMessage = { event: "dispatch", title: "【派遣】J01", lines: ["**点位** J01", "**期限** 10:30"], link: "https://b/incidents/x", incidentId: "x", facts: { unit: "tp" } };

describe("webhook bodies", () => {
  it("WeCom: msgtype markdown with content; DingTalk: markdown with title and text; JSON: the facts", () => {
    expect(webhookBody("wecom", message)).toEqual({ msgtype: "markdown", markdown: { content: "### 【派遣】J01\n\n**点位** J01\n\n**期限** 10:30\n\n[查看案件 / open the case](https://b/incidents/x)" } });
    expect(webhookBody("dingtalk", message)).toEqual({ msgtype: "markdown", markdown: { title: "【派遣】J01", text: expect.stringContaining("**期限** 10:30") } });
    expect(webhookBody("json", message)).toEqual({ event: "dispatch", title: "【派遣】J01", text: "**点位** J01\n**期限** 10:30", link: "https://b/incidents/x", incidentId: "x", unit: "tp" });
  });

  it("links to the incident page on publicUrl, or not at all without one", () => {
    expect(incidentLink("https://board.example/", "J01-1")).toBe("https://board.example/incidents/J01-1");
    expect(incidentLink(undefined, "J01-1")).toBeNull();
  });
});

describe("DingTalk signing", () => {
  it("signs timestamp + newline + secret with HMAC-SHA256, base64, URL-encoded into the robot URL", () => {
    const ts = 1_700_000_000_000;
    const expected = createHmac("sha256", "SECabc").update(`${ts}\nSECabc`).digest("base64");
    expect(dingtalkSign("SECabc", ts)).toBe(expected);
    const url = new URL(signedDingtalkUrl("https://oapi.dingtalk.com/robot/send?access_token=t", "SECabc", ts));
    expect([url.searchParams.get("access_token"), url.searchParams.get("timestamp"), url.searchParams.get("sign")]).toEqual(["t", String(ts), expected]);
    expect(url.search).toContain(encodeURIComponent(expected));
  });
});

describe("notify config", () => {
  it("takes exactly one of url and urlEnv, environment names for secrets, and fills defaults", () => {
    const ok = NotifySchema.parse({ webhooks: [{ id: "w", unit: "u", format: "dingtalk", urlEnv: "DING_URL", secretEnv: "DING_SECRET" }] });
    expect(ok).toMatchObject({ timeoutMs: 5000, maxAttempts: 6, backoffMs: 2000, webhooks: [{ events: ["dispatch", "overdue", "recurrence"] }] });
    expect(NotifySchema.safeParse({ webhooks: [{ id: "w", unit: "u", format: "json" }] }).success).toBe(false);
    expect(NotifySchema.safeParse({ webhooks: [{ id: "w", unit: "u", format: "json", url: "https://a/b", urlEnv: "X" }] }).success).toBe(false);
    expect(NotifySchema.safeParse({ webhooks: [{ id: "w", unit: "u", format: "dingtalk", urlEnv: "X", secretEnv: "SEC-literal-secret" }] }).success).toBe(false);
    expect(NotifySchema.safeParse({ webhooks: [{ id: "w", unit: "u", format: "slack", url: "https://a/b" }] }).success).toBe(false);
  });
});
