// GET /api/incidents on a fresh SQLite file with incidents at three points,
// two units, open and ended, hours apart: each filter (point, category, rule,
// unit, status, from, to) narrows within the user's scope and never widens
// it; limit + cursor page through everything once, newest first; bad filters
// and cursors answer KERB_ERR_REQUEST naming the field. GET /api/incidents/:id
// lists the evidence (name, hash, URL) and the history with who did what.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type TestAgent from "supertest/lib/agent.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { digestFile } from "../../src/incidents/evidence-hash.js";
import { addAccounts, episode, freshBoard, signedIn, type Board } from "./helpers.js";

const T0 = Date.parse("2026-12-08T08:00:00+08:00");
const HOUR = 3_600_000;
let b: Board;
/** id → what it was recorded as */
const made = new Map<string, { point: string; rule: string; unit: string; startMs: number; open: boolean }>();

function record(point: string, rule: "illegal_parking" | "sidewalk_parking" | "stall_encroachment", unit: string, zone: { id: string; kind: "no_parking" | "sidewalk" | "roadway" }, startMs: number, open: boolean): void {
  const ep = episode({ key: `${point}-${startMs}`, pointId: point, rule, unit, zoneId: zone.id, zoneKind: zone.kind, startMs, thresholdMs: startMs + 60_000, lastSeenMs: startMs + 300_000, endMs: open ? null : startMs + 300_000 });
  const { incident } = b.store.recordEpisode(ep);
  made.set(incident.id, { point, rule, unit, startMs, open });
}

beforeEach(async () => {
  b = freshBoard("filters");
  await addAccounts(b.ctx);
  made.clear();
  for (let i = 0; i < 6; i++) record("J01", "illegal_parking", "traffic_police", { id: "kerb", kind: "no_parking" }, T0 + i * HOUR, i % 2 === 1);
  for (let i = 0; i < 4; i++) record("M01", "sidewalk_parking", "urban_management", { id: "walk", kind: "sidewalk" }, T0 + i * HOUR + HOUR / 2, i === 0);
  for (let i = 0; i < 3; i++) record("N01", "stall_encroachment", "urban_management", { id: "road", kind: "roadway" }, T0 + i * HOUR + HOUR / 4, false);
});
afterEach(() => b.cleanup());

async function ids(agent: TestAgent, query: string): Promise<string[]> {
  const res = await agent.get(`/api/incidents?${query}`).expect(200);
  return (res.body.incidents as { id: string }[]).map((i) => i.id);
}

/** The ids recorded that match, newest first (the API's order). */
function expected(match: (m: { point: string; rule: string; unit: string; startMs: number; open: boolean }) => boolean): string[] {
  return [...made.entries()].filter(([, m]) => match(m)).sort(([, a], [, b]) => b.startMs - a.startMs).map(([id]) => id);
}

describe("GET /api/incidents filters and paging", () => {
  it("each filter narrows to exactly the matching incidents", async () => {
    const admin = await signedIn(b.board.app, "admin");
    expect(await ids(admin, "")).toEqual(expected(() => true));
    expect(await ids(admin, "point=M01")).toEqual(expected((m) => m.point === "M01"));
    expect(await ids(admin, "point=M01,N01")).toEqual(expected((m) => m.point !== "J01"));
    expect(await ids(admin, "point=M01&point=N01")).toEqual(expected((m) => m.point !== "J01"));
    expect(await ids(admin, "category=night_market")).toEqual(expected((m) => m.point === "N01"));
    expect(await ids(admin, "rule=illegal_parking,stall_encroachment")).toEqual(expected((m) => m.rule !== "sidewalk_parking"));
    expect(await ids(admin, "unit=urban_management")).toEqual(expected((m) => m.unit === "urban_management"));
    expect(await ids(admin, "status=open")).toEqual(expected((m) => m.open));
    expect(await ids(admin, "status=ended&point=J01")).toEqual(expected((m) => !m.open && m.point === "J01"));
    const from = new Date(T0 + 3 * HOUR).toISOString();
    const to = new Date(T0 + 4 * HOUR).toISOString();
    // from: still seen at or after (last seen 5 min after start); to: started before
    expect(await ids(admin, `from=${encodeURIComponent(from)}`)).toEqual(expected((m) => m.startMs + 300_000 >= T0 + 3 * HOUR));
    expect(await ids(admin, `to=${encodeURIComponent(to)}`)).toEqual(expected((m) => m.startMs < T0 + 4 * HOUR));
    expect(await ids(admin, `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&rule=illegal_parking`)).toEqual([...made.entries()].filter(([, m]) => m.point === "J01" && m.startMs === T0 + 3 * HOUR).map(([id]) => id));
  });

  it("filters never widen a user's scope", async () => {
    const police = await signedIn(b.board.app, "police");
    const own = expected((m) => m.unit === "traffic_police");
    expect(await ids(police, "")).toEqual(own);
    expect(await ids(police, "unit=urban_management")).toEqual([]);
    expect(await ids(police, "point=M01,N01")).toEqual([]);
    const limited = await signedIn(b.board.app, "j01only");
    expect(await ids(limited, "point=M01")).toEqual([]);
    expect(await ids(limited, "")).toEqual([]);
  });

  it("limit and cursor page through every incident once, newest first", async () => {
    const admin = await signedIn(b.board.app, "admin");
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await admin.get("/api/incidents").query({ limit: 4, ...(cursor ? { cursor } : {}) }).expect(200);
      expect(res.body.incidents.length).toBeLessThanOrEqual(4);
      seen.push(...(res.body.incidents as { id: string }[]).map((i) => i.id));
      cursor = res.body.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(expected(() => true));
    // paging with a filter the store cannot apply itself (rule) still pages exactly
    const first = await admin.get("/api/incidents?rule=illegal_parking&limit=5").expect(200);
    const rest = await admin.get(`/api/incidents?rule=illegal_parking&limit=5&cursor=${first.body.nextCursor as string}`).expect(200);
    expect([...first.body.incidents, ...rest.body.incidents].map((i: { id: string }) => i.id)).toEqual(expected((m) => m.rule === "illegal_parking"));
    expect(rest.body.nextCursor).toBeNull();
  });

  it("bad filters and cursors answer KERB_ERR_REQUEST naming the field", async () => {
    const admin = await signedIn(b.board.app, "admin");
    for (const [query, field] of [["cursor=not-a-cursor", "query.cursor"], ["from=yesterday", "query.from"], ["status=closed", "query.status"], ["rule=speeding", "query.rule"], ["limit=0", "query.limit"], ["category=park", "query.category"]]) {
      const res = await admin.get(`/api/incidents?${query}`).expect(400);
      expect(res.body.error.code, query).toBe("KERB_ERR_REQUEST");
      expect(res.body.error.message, query).toContain(field);
    }
  });
});

describe("GET /api/incidents/:id", () => {
  it("has the evidence list (name, kind, hash, URL) and the history of who did what", async () => {
    const id = expected((m) => m.point === "J01" && m.open)[0]!;
    const dir = path.join(b.deployment.storageDir, "evidence", "J01", id);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "crop.jpg");
    copyFileSync("samples/pexels_double_decker_bus.jpg", file);
    const digest = await digestFile(file);
    b.store.addEvidence(id, { kind: "crop", path: path.relative(b.deployment.storageDir, file), sha256: digest.sha256, bytes: digest.bytes, atMs: T0 });
    const police = await signedIn(b.board.app, "police");
    await police.post(`/api/incidents/${id}/acknowledge`).send({ note: "路过看看" }).expect(200);
    const detail = (await police.get(`/api/incidents/${id}`).expect(200)).body;
    expect(detail.evidence).toEqual([expect.objectContaining({ name: "crop.jpg", kind: "crop", sha256: digest.sha256, bytes: digest.bytes, contentType: "image/jpeg", url: `/api/incidents/${encodeURIComponent(id)}/evidence/crop.jpg` })]);
    expect(JSON.stringify(detail)).not.toContain(b.deployment.storageDir);
    expect(detail.history).toEqual(expect.arrayContaining([expect.objectContaining({ action: "incident.acknowledge", actor: "police" })]));
    // the same action is in the audit trail, with where it came from
    const trail = b.ctx.accounts.audit.list({ action: "incident.acknowledge" });
    expect(trail).toEqual([expect.objectContaining({ actor: "police", target: `incident:${id}`, detail: { note: "路过看看" } })]);
    expect(trail[0]!.ip).toMatch(/127\.0\.0\.1/);
  });
});
