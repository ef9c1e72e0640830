/**
 * Plates through the board API: whole for the roles that act on cases,
 * masked for viewers (and never the plate crop), searchable by plate except
 * for viewers; in-process HTTP (supertest) on a fresh SQLite file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { digestFile } from "../../src/incidents/evidence-hash.js";
import { PlateStore } from "../../src/plates/plate-store.js";
import { addAccounts, episode, freshBoard, recordTwo, signedIn, type Board } from "./helpers.js";

const T0 = Date.parse("2026-12-08T08:00:00+08:00");
const DAY = 86_400_000;

let b: Board;
let ids: { police: string; enforcement: string };

beforeEach(async () => {
  b = freshBoard("plates-api");
  const plates = new PlateStore(b.db);
  b.ctx.plates = plates;
  await addAccounts(b.ctx);
  ids = recordTwo(b.store);
  plates.save(ids.enforcement, { status: "read", plate: "浙A·D1234", kind: "blue", confidence: 0.97, charConfidences: [0.9, 1, 1, 1, 1, 1, 0.95], reason: null, detail: null, votes: 4, framesRead: 5 });
  plates.save(ids.police, { status: "unreadable", plate: null, kind: null, confidence: null, charConfidences: [], reason: "too_small", detail: "plate 61 px wide at the best frame (needs 140)", votes: 0, framesRead: 5 });
  const dir = path.join(b.deployment.storageDir, "evidence", "M01", ids.enforcement);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "plate.jpg");
  writeFileSync(file, Buffer.from("a plate crop"));
  const digest = await digestFile(file);
  b.store.addEvidence(ids.enforcement, { kind: "plate", path: path.relative(b.deployment.storageDir, file), sha256: digest.sha256, bytes: digest.bytes, atMs: Date.now() });
});
afterEach(() => b.cleanup());

describe("plates on the board API", () => {
  it("shows the whole plate and its crop to enforcement", async () => {
    const agent = await signedIn(b.board.app, "enforcement");
    const res = await agent.get(`/api/incidents/${ids.enforcement}`);
    expect(res.status).toBe(200);
    expect(res.body.plate).toMatchObject({ status: "read", plate: "浙A·D1234", masked: false, kind: "blue" });
    expect(res.body.plate.charConfidences).toHaveLength(7);
    expect(res.body.evidence.map((e: { kind: string }) => e.kind)).toContain("plate");
    expect((await agent.get(`/api/incidents/${ids.enforcement}/evidence/plate.jpg`)).status).toBe(200);
  });

  it("masks the plate for a viewer, drops the crop from the list and refuses the file", async () => {
    const agent = await signedIn(b.board.app, "viewer");
    const res = await agent.get(`/api/incidents/${ids.enforcement}`);
    expect(res.status).toBe(200);
    expect(res.body.plate).toMatchObject({ plate: "浙A·D***4", masked: true, charConfidences: [] });
    expect(JSON.stringify(res.body)).not.toContain("浙A·D1234");
    expect(res.body.evidence.map((e: { kind: string }) => e.kind)).not.toContain("plate");
    expect((await agent.get(`/api/incidents/${ids.enforcement}/evidence/plate.jpg`)).status).toBe(404);
    const list = await agent.get("/api/incidents");
    expect(JSON.stringify(list.body)).not.toContain("浙A·D1234");
  });

  it("says why a plate was not read", async () => {
    const agent = await signedIn(b.board.app, "police");
    const res = await agent.get(`/api/incidents/${ids.police}`);
    expect(res.body.plate).toMatchObject({ status: "unreadable", plate: null, reason: "too_small" });
    expect(res.body.plate.detail).toContain("61 px");
  });

  it("links a repeat offender: the same plate parked again within recurrenceDays, at another point", async () => {
    const plates = b.ctx.plates!;
    // The same car, seen at J01 three days later (recurrenceDays is 7), and again 30 days later (too late to count).
    const later = b.store.recordEpisode(episode({ startMs: T0 + 3 * DAY, thresholdMs: T0 + 3 * DAY + 120_000, lastSeenMs: T0 + 3 * DAY + 200_000 })).incident.id;
    const much = b.store.recordEpisode(episode({ startMs: T0 + 40 * DAY, thresholdMs: T0 + 40 * DAY + 120_000, lastSeenMs: T0 + 40 * DAY + 200_000 })).incident.id;
    for (const id of [later, much]) plates.save(id, { status: "read", plate: "浙A·D1234", kind: "blue", confidence: 0.9, charConfidences: [0.9], reason: null, detail: null, votes: 2, framesRead: 5 });
    const police = await signedIn(b.board.app, "police");
    expect((await police.get(`/api/incidents/${later}`)).body.plate.repeatOf).toEqual([ids.enforcement]);
    expect((await police.get(`/api/incidents/${much}`)).body.plate.repeatOf).toEqual([]);
    const viewer = await signedIn(b.board.app, "viewer");
    expect((await viewer.get(`/api/incidents/${ids.enforcement}`)).body.plate.repeatOf).toEqual([]);
  });

  it("filters by plate, typed with or without the separator; not for viewers", async () => {
    const organiser = await signedIn(b.board.app, "organiser");
    for (const typed of ["浙A·D1234", "浙AD1234"]) {
      const res = await organiser.get("/api/incidents").query({ plate: typed });
      expect(res.status).toBe(200);
      expect(res.body.incidents.map((i: { id: string }) => i.id)).toEqual([ids.enforcement]);
    }
    expect((await organiser.get("/api/incidents").query({ plate: "浙A·D9999" })).body.incidents).toEqual([]);
    expect((await organiser.get("/api/incidents").query({ plate: "not a plate" })).status).toBe(400);
    const viewer = await signedIn(b.board.app, "viewer");
    const refused = await viewer.get("/api/incidents").query({ plate: "浙AD1234" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("KERB_ERR_FORBIDDEN");
  });
});
