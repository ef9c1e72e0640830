// The pre-audit and report routes: organisers and admins only (others 403,
// signed-out 401), a point-limited organiser sees only their points, the
// figures match a hand computation, the mock inspection repeats for a seed,
// jobs go through the queue with progress pushed to organisers, and daily
// reports are made, listed and downloaded by fixed names only.
import path from "node:path";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalJobQueue } from "../../src/queue/local-job-queue.js";
import type { JobContext, JobSpec } from "../../src/queue/types.js";
import { buildApp, type BoardApp } from "../../src/server/app.js";
import type { BoardContext } from "../../src/server/context.js";
import type { Push, PushScope } from "../../src/server/sockets/push.js";
import { tempDir, waitFor } from "../footage/helpers.js";
import { addAccounts, episode, PASSWORD, readContext, signedIn } from "./helpers.js";

const T0 = Date.parse("2026-12-08T08:00:00+08:00");
const WINDOW = `from=${encodeURIComponent("2026-12-08T08:00:00+08:00")}&to=${encodeURIComponent("2026-12-08T09:00:00+08:00")}`;

interface Rig {
  app: BoardApp["app"];
  ctx: BoardContext;
  pushed: { event: string; payload: unknown; scope: PushScope }[];
  started: { job: JobSpec; context: JobContext; release: () => void }[];
  cleanup: () => Promise<void>;
}

let rig: Rig;

beforeEach(async () => {
  const temp = tempDir("audit-routes");
  const parts = readContext(temp.dir);
  const started: Rig["started"] = [];
  const jobs = new LocalJobQueue({
    db: parts.db,
    progressIntervalMs: 0,
    // The job body is the queue's input; the real scan runner is tested in tests/queue/scan-day-runner.test.ts.
    runner: (job, context) =>
      new Promise((resolve, reject) => {
        context.signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true });
        started.push({ job, context, release: () => resolve({ frames: 5, incidents: 0 }) });
      }),
  });
  const pushed: Rig["pushed"] = [];
  const push: Push = { publish: (event, payload, scope) => void pushed.push({ event, payload, scope }), disconnectUser: () => undefined };
  const ctx: BoardContext = { ...parts.read, push, jobs, now: () => T0 + 3_600_000 };
  const app = buildApp(ctx).app;
  await addAccounts(ctx);
  await ctx.accounts.add({ username: "organiserJ01", role: "organiser", units: [], points: ["J01"], password: PASSWORD }, { username: null });
  parts.store.recordEpisode(episode({ endMs: T0 + 200_000, lastSeenMs: T0 + 200_000 }));
  jobs.start();
  rig = { app, ctx, pushed, started, cleanup: async () => { await jobs.close(); parts.cleanup(); temp.cleanup(); } };
});
afterEach(() => rig.cleanup());

const ROUTES = ["/api/audit/points", "/api/audit/heatmap", "/api/audit/slots", "/api/audit/mock", "/api/audit/jobs", "/api/reports"];

describe("pre-audit API", () => {
  it("refuses signed-out users (401) and every role but organisers and admins (403)", async () => {
    for (const url of [...ROUTES, "/api/audit/jobs/pa-x", "/api/reports/2026-12-08/ledger.csv", "/api/audit/footage/J01/a.mkv"]) {
      const res = await request(rig.app).get(url);
      expect(res.status, url).toBe(401);
    }
    for (const user of ["police", "enforcement", "viewer", "j01only"]) {
      const agent = await signedIn(rig.app, user);
      for (const url of ROUTES) expect((await agent.get(url)).status, `${user} ${url}`).toBe(403);
      expect((await agent.post("/api/audit/jobs").send({ points: ["J01"], from: "2026-12-08", to: "2026-12-08" })).status).toBe(403);
      expect((await agent.post("/api/reports").send({ date: "2026-12-08" })).status).toBe(403);
    }
  });

  it("gives the figures of a hand computation, ranked, with heatmap, slots and a repeatable mock inspection", async () => {
    const organiser = await signedIn(rig.app, "organiser");
    const res = await organiser.get(`/api/audit/points?${WINDOW}&clipMin=10`).expect(200);
    const points = res.body.points as { id: string; pViolation: number; pNoFootage: number; pAny: number; violationMinutes: number; gapMinutes: number }[];
    expect(points.map((p) => p.id).sort()).toEqual(["J01", "M01", "N01"]);
    const j01 = points.find((p) => p.id === "J01")!;
    // Window 60 min, 10-min clips: starts R = [0, 3000 s]. Incident [0, 200 s): starts [-599, 199] ∩ R = 199 s. No footage indexed: every clip has none.
    expect(j01.pViolation).toBeCloseTo(199 / 3000, 6);
    expect(j01.pNoFootage).toBe(1);
    expect(j01.pAny).toBe(1);
    expect(j01.violationMinutes).toBeCloseTo(200 / 60, 2);
    expect(j01.gapMinutes).toBe(60);
    expect(res.body.window.timeZone).toBe("Asia/Shanghai");

    const map = (await organiser.get(`/api/audit/heatmap?${WINDOW}&point=J01`).expect(200)).body.points[0];
    expect(map.days).toEqual(["2026-12-08"]);
    expect(map.violationMinutes[0][8]).toBeCloseTo(3.33, 2);
    expect(map.gapMinutes[0][8]).toBe(60);
    expect(map.gapMinutes[0][9]).toBe(0);

    const slots = (await organiser.get(`/api/audit/slots?${WINDOW}&limit=2`).expect(200)).body.slots;
    expect(slots).toHaveLength(2);
    expect(slots[0].label).toMatch(/weekdays 08:00–10:00$/);

    const a = (await organiser.get(`/api/audit/mock?${WINDOW}&seed=7`).expect(200)).body;
    const b = (await organiser.get(`/api/audit/mock?${WINDOW}&seed=7`).expect(200)).body;
    expect(b).toEqual(a);
    expect(a.clips).toHaveLength(3);
    expect(a.expectedProblems).toBe(3);
    expect(a.clips.every((c: { noFootage: boolean; problem: boolean }) => c.noFootage && c.problem)).toBe(true);
    expect(JSON.stringify(a)).not.toContain(path.sep + "tmp");

    const bad = await organiser.get("/api/audit/points?from=2026-12-08T08:00:00%2B08:00").expect(400);
    expect(bad.body.error.code).toBe("KERB_ERR_REQUEST");
    const short = await organiser.get(`/api/audit/points?${WINDOW}&clipMin=90`).expect(400);
    expect(short.body.error.code).toBe("KERB_ERR_AUDIT");
  });

  it("limits an organiser restricted to a point to that point", async () => {
    const limited = await signedIn(rig.app, "organiserJ01");
    const points = (await limited.get(`/api/audit/points?${WINDOW}`).expect(200)).body.points as { id: string }[];
    expect(points.map((p) => p.id)).toEqual(["J01"]);
    await limited.get(`/api/audit/points?${WINDOW}&point=M01`).expect(404);
    const mock = (await limited.get(`/api/audit/mock?${WINDOW}`).expect(200)).text;
    expect(mock).not.toContain("M01");
    await limited.post("/api/audit/jobs").send({ points: ["M01"], from: "2026-12-08", to: "2026-12-08" }).expect(404);
  });

  it("runs on-demand pre-audit jobs through the queue, pushes their progress to organisers, and cancels", async () => {
    const organiser = await signedIn(rig.app, "organiser");
    const created = (await organiser.post("/api/audit/jobs").send({ points: ["J01", "M01"], from: "2026-12-08", to: "2026-12-09" }).expect(202)).body;
    expect(created.jobs).toHaveLength(4);
    expect(created.requestedBy).toBe("organiser");
    const first = await waitFor(() => rig.started[0], 10_000, "the first job");
    expect(first.job).toMatchObject({ pointId: "J01", day: "2026-12-08" });
    first.context.progress({ fraction: 0.5, frames: 3, incidents: 1 });
    const progress = await waitFor(() => rig.pushed.find((p) => p.event === "audit.job" && (p.payload as { kind: string }).kind === "progress"), 10_000, "a progress push");
    expect(progress.scope).toEqual({ organiserPagesOf: "J01" });
    expect((progress.payload as { job: { progress: number } }).job.progress).toBe(0.5);
    const one = (await organiser.get(`/api/audit/jobs/${created.id}`).expect(200)).body;
    expect(one.state).toBe("running");
    expect(one.jobs[0].progress).toBe(0.5);
    expect((await organiser.get("/api/audit/jobs").expect(200)).body.requests.map((r: { id: string }) => r.id)).toEqual([created.id]);
    // Another organiser limited to J01 does not see a request that covers M01.
    await (await signedIn(rig.app, "organiserJ01")).get(`/api/audit/jobs/${created.id}`).expect(404);
    const cancelled = (await organiser.delete(`/api/audit/jobs/${created.id}`).expect(200)).body;
    expect(cancelled.state).toBe("cancelled");
    expect(cancelled.jobs.map((j: { state: string }) => j.state)).toEqual(["cancelled", "cancelled", "cancelled", "cancelled"]);
    expect(first.context.signal.aborted).toBe(true);
    await organiser.delete("/api/audit/jobs/pa-missing").expect(404);
    const bad = await organiser.post("/api/audit/jobs").send({ points: ["J01"], from: "2026-02-30", to: "2026-03-01" }).expect(400);
    expect(bad.body.error.code).toBe("KERB_ERR_AUDIT");
  });

  it("makes, lists and downloads the daily report by its fixed file names", async () => {
    const admin = await signedIn(rig.app, "admin");
    const made = (await admin.post("/api/reports").send({ date: "2026-12-08" }).expect(201)).body;
    expect(made.files.map((f: { name: string }) => f.name)).toEqual(["report.json", "ledger.xlsx", "ledger.csv"]);
    const listed = (await admin.get("/api/reports").expect(200)).body.reports;
    expect(listed.map((r: { date: string }) => r.date)).toEqual(["2026-12-08"]);
    const csv = await admin.get("/api/reports/2026-12-08/ledger.csv").buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const body = csv.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString("utf8")).toContain("机动车违法停车");
    expect(csv.headers["content-disposition"]).toContain("kerbside-2026-12-08-ledger.csv");
    await admin.get("/api/reports/2026-12-09/ledger.csv").expect(404);
    await admin.get("/api/reports/2026-12-08/..%2Fkerbside.db").expect(400);
    await admin.get("/api/audit/footage/J01/..%2F..%2Fkerbside.db").expect(404);
  });
});
