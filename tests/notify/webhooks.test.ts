/**
 * Webhook delivery to a real HTTP server on 127.0.0.1: the body per format
 * (WeCom, DingTalk, JSON), the DingTalk signature, retries after a 500, a
 * hanging receiver that blocks nothing, secrets kept out of logs and the
 * delivery table, and which case changes are announced.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NotifySchema } from "../../src/config/schema-notify.js";
import { WorkflowSchema } from "../../src/config/schema-workflow.js";
import { IncidentBus } from "../../src/incidents/bus.js";
import { PublishingIncidentStore } from "../../src/incidents/publishing-store.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import { startCaseNotifier } from "../../src/notify/case-notifier.js";
import { SqliteDeliveryStore } from "../../src/notify/delivery-store.js";
import { PlateStore } from "../../src/plates/plate-store.js";
import { WebhookQueue } from "../../src/notify/webhook-queue.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { CaseService } from "../../src/workflow/case-service.js";
import { SqliteCaseStore } from "../../src/workflow/sqlite-case-store.js";
import { memoryLogger, tempDir, waitFor } from "../footage/helpers.js";
import { episode } from "../server/helpers.js";

const SECRET = "SECa1b2c3d4e5f6-dingtalk-signing-secret";
const WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

interface Hit { path: string; query: URLSearchParams; body: Record<string, unknown> }
interface Receiver { server: Server; base: string; hits: Hit[]; mode: (hit: Hit, n: number) => "ok" | "500" | "hang" }

const opened: { close: () => Promise<void> | void }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

async function receiver(mode: Receiver["mode"] = () => "ok"): Promise<Receiver> {
  const r: Receiver = { server: createServer(), base: "", hits: [], mode };
  const hanging: ServerResponse[] = [];
  r.server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const hit = { path: url.pathname, query: url.searchParams, body: JSON.parse(text) as Record<string, unknown> };
      r.hits.push(hit);
      const what = r.mode(hit, r.hits.filter((h) => h.path === hit.path).length);
      if (what === "hang") return void hanging.push(res);
      res.writeHead(what === "ok" ? 200 : 500, { "content-type": "application/json" }).end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, "127.0.0.1", resolve));
  const address = r.server.address();
  r.base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  opened.push({ close: () => new Promise<void>((resolve) => { hanging.forEach((res) => res.destroy()); r.server.closeAllConnections(); r.server.close(() => resolve()); }) });
  return r;
}

interface Rig { db: Db; service: CaseService; queue: WebhookQueue; deliveries: SqliteDeliveryStore; incidents: PublishingIncidentStore; plates: PlateStore; lines: string[] }

function rig(base: string, notify: unknown): Rig {
  const temp = tempDir("webhooks");
  const db = openDatabase(path.join(temp.dir, "kerbside.db"));
  const bus = new IncidentBus();
  const incidents = new PublishingIncidentStore(new SqliteIncidentStore(db), bus);
  const config = NotifySchema.parse(notify);
  const deployment = {
    timezone: "Asia/Shanghai", schedules: {}, board: { publicUrl: "https://board.example.gov.cn/" },
    units: [{ id: "traffic_police", name: "交警大队" }],
    points: [{ id: "J01", name: "人民路路口", category: "main_road" as const, zones: [{ id: "kerb", name: "东侧路边", kind: "no_parking" as const, polygon: [[0, 0], [1, 0], [1, 1]] as [number, number][] }] }],
  };
  const { log, lines } = memoryLogger();
  const service = new CaseService({ cases: new SqliteCaseStore(db), incidents, bus, deployment, workflow: WorkflowSchema.parse({}), log });
  const deliveries = new SqliteDeliveryStore(db);
  const env = { WECOM_URL: `${base}/cgi-bin/webhook/send?key=${WECOM_KEY}`, DING_URL: `${base}/robot/send?access_token=tok123`, DING_SECRET: SECRET };
  const queue = new WebhookQueue({ store: deliveries, config, env, log });
  const plates = new PlateStore(db);
  const offs = [service.attach(), startCaseNotifier(bus, queue, config, deployment, (id) => plates.get(id)?.plate ?? null)];
  opened.push({ close: async () => { offs.forEach((off) => off()); await queue.close(); db.close(); temp.cleanup(); } });
  return { db, service, queue, deliveries, incidents, plates, lines };
}

const ORGANISER = { name: "li", role: "organiser" as const };
const hooks = (extra: Record<string, unknown> = {}) => ({
  webhooks: [
    { id: "police-wecom", unit: "traffic_police", format: "wecom", urlEnv: "WECOM_URL" },
    { id: "police-ding", unit: "traffic_police", format: "dingtalk", urlEnv: "DING_URL", secretEnv: "DING_SECRET" },
    { id: "police-json", unit: "traffic_police", format: "json", url: "http://127.0.0.1:1/replaced" },
  ],
  backoffMs: 50, timeoutMs: 300, maxAttempts: 3, ...extra,
});

function withJsonUrl(notify: ReturnType<typeof hooks>, base: string) {
  return { ...notify, webhooks: notify.webhooks.map((w) => (w.format === "json" ? { ...w, url: `${base}/hook` } : w)) };
}

describe("webhooks", () => {
  it("sends a dispatch to each of the unit's webhooks in its format, DingTalk signed, with the board link", async () => {
    const r = await receiver();
    const loop = rig(r.base, withJsonUrl(hooks(), r.base));
    const incident = loop.incidents.recordEpisode(episode()).incident;
    loop.plates.save(incident.id, { status: "read", plate: "浙A·D1234", kind: "blue", confidence: 0.96, charConfidences: [0.96], reason: null, detail: null, votes: 3, framesRead: 5 });
    loop.service.act(incident.id, { action: "dispatch", unit: "traffic_police", assignee: "王警官" }, ORGANISER);
    await waitFor(() => loop.deliveries.list({ status: "delivered" }).length === 3, 10_000, "three deliveries");
    const link = `https://board.example.gov.cn/incidents/${encodeURIComponent(incident.id)}`;

    const wecom = r.hits.find((h) => h.path === "/cgi-bin/webhook/send")!;
    expect(wecom.query.get("key")).toBe(WECOM_KEY);
    expect(wecom.body).toEqual({ msgtype: "markdown", markdown: { content: expect.stringContaining("【派遣】人民路路口 机动车违法停车") } });
    expect((wecom.body.markdown as { content: string }).content).toContain(`(${link})`);
    expect((wecom.body.markdown as { content: string }).content).toContain("王警官");
    expect((wecom.body.markdown as { content: string }).content).toContain("**车牌** 浙A·D1234");

    const ding = r.hits.find((h) => h.path === "/robot/send")!;
    expect(ding.body).toMatchObject({ msgtype: "markdown", markdown: { title: "【派遣】人民路路口 机动车违法停车", text: expect.stringContaining("东侧路边") } });
    const timestamp = ding.query.get("timestamp")!;
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000);
    const expected = createHmac("sha256", SECRET).update(`${timestamp}\n${SECRET}`).digest("base64");
    expect(ding.query.get("sign")).toBe(expected);
    expect(ding.query.get("access_token")).toBe("tok123");

    const json = r.hits.find((h) => h.path === "/hook")!;
    expect(json.body).toMatchObject({ event: "dispatch", incidentId: incident.id, link, unit: "traffic_police", state: "dispatched", pointId: "J01", rule: "illegal_parking", plate: "浙A·D1234" });

    // Secrets never reach the logs or the delivery table.
    const recorded = JSON.stringify([loop.lines, loop.deliveries.list()]);
    for (const secret of [SECRET, WECOM_KEY, "tok123"]) expect(recorded).not.toContain(secret);
  });

  it("retries after a 500 with backoff and records the attempts", async () => {
    const r = await receiver((_hit, n) => (n === 1 ? "500" : "ok"));
    const loop = rig(r.base, withJsonUrl(hooks(), r.base));
    const incident = loop.incidents.recordEpisode(episode()).incident;
    loop.service.act(incident.id, { action: "dispatch", unit: "traffic_police" }, ORGANISER);
    await waitFor(() => loop.deliveries.list({ status: "delivered" }).length === 3, 10_000, "deliveries after a retry");
    for (const d of loop.deliveries.list()) expect(d).toMatchObject({ status: "delivered", attempts: 2 });
    expect(r.hits.filter((h) => h.path === "/hook")).toHaveLength(2);
  });

  it("gives up after maxAttempts, recording why", async () => {
    const r = await receiver(() => "500");
    const loop = rig(r.base, withJsonUrl(hooks({ webhooks: [hooks().webhooks[2]] }), r.base));
    const incident = loop.incidents.recordEpisode(episode()).incident;
    loop.service.act(incident.id, { action: "dispatch", unit: "traffic_police" }, ORGANISER);
    await waitFor(() => loop.deliveries.list({ status: "failed" }).length === 1, 10_000, "a failed delivery");
    expect(loop.deliveries.list()[0]).toMatchObject({ attempts: 3, lastError: "HTTP 500" });
  });

  it("never blocks the loop on a hanging receiver, and still delivers to the others", async () => {
    const r = await receiver((hit) => (hit.path === "/robot/send" ? "hang" : "ok"));
    const loop = rig(r.base, withJsonUrl(hooks({ maxAttempts: 2, timeoutMs: 400 }), r.base));
    const incident = loop.incidents.recordEpisode(episode()).incident;
    const started = performance.now();
    loop.service.act(incident.id, { action: "dispatch", unit: "traffic_police" }, ORGANISER);
    loop.service.act(incident.id, { action: "resolve", note: "moved" }, { name: "p", role: "police" });
    expect(performance.now() - started).toBeLessThan(250);
    await waitFor(() => loop.deliveries.list({ status: "delivered" }).length === 2, 10_000, "the two responsive webhooks");
    await waitFor(() => loop.deliveries.list({ status: "failed" }).length === 1, 15_000, "the hanging one to give up");
    const hung = loop.deliveries.list({ status: "failed" })[0]!;
    expect(hung).toMatchObject({ webhookId: "police-ding", attempts: 2 });
    expect(hung.lastError).toMatch(/timeout|abort/i);
    expect(hung.lastError).not.toContain("tok123");
  });

  it("announces overdue and recurrence, and nothing for other actions", async () => {
    const r = await receiver();
    const loop = rig(r.base, withJsonUrl(hooks({ webhooks: [hooks().webhooks[2]] }), r.base));
    const first = loop.incidents.recordEpisode(episode({ endMs: Date.parse("2026-12-08T08:10:00+08:00") })).incident;
    loop.service.act(first.id, { action: "file" }, ORGANISER);
    loop.service.act(first.id, { action: "dispatch", unit: "traffic_police", deadlineMs: Date.now() + 1000 }, ORGANISER);
    await waitFor(() => r.hits.length === 1, 5000, "the dispatch");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(loop.service.sweepOverdue()).toHaveLength(1);
    await waitFor(() => r.hits.length === 2, 5000, "the overdue notice");
    expect(r.hits[1]!.body).toMatchObject({ event: "overdue", overdue: true, title: "【超期未处置】人民路路口 机动车违法停车" });
    loop.service.act(first.id, { action: "verify", result: "pass", note: "clear" }, ORGANISER);
    const again = loop.incidents.recordEpisode(episode({ key: "k2", startMs: Date.now() + 60_000, thresholdMs: Date.now() + 120_000, lastSeenMs: Date.now() + 120_000 })).incident;
    await waitFor(() => r.hits.length === 3, 5000, "the recurrence notice");
    expect(r.hits[2]!.body).toMatchObject({ event: "recurrence", incidentId: again.id, recurrenceOf: first.id, recurrenceCount: 1 });
    expect(r.hits.map((h) => h.body.event)).toEqual(["dispatch", "overdue", "recurrence"]);
  });
});
