// The routes the board UI needs beyond the board server's skeleton: evidence
// verification (recomputed SHA-256, audited, scoped), a point's health history,
// the actions a user may take (acknowledge until someone has), the rush-hour
// flag and the latest frame's time.
import { appendFileSync, copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evidenceRoot } from "../../src/config/paths.js";
import { digestFile } from "../../src/incidents/evidence-hash.js";
import { addAccounts, episode, freshBoard, recordTwo, signedIn, type Board } from "./helpers.js";

let b: Board;
let ids: { police: string; enforcement: string };

beforeEach(async () => {
  b = freshBoard("board-ui-routes");
  await addAccounts(b.ctx);
  ids = recordTwo(b.store);
});
afterEach(() => b.cleanup());

/** A real JPEG as the police incident's crop, recorded with its SHA-256. */
async function addCrop(): Promise<string> {
  const dir = path.join(evidenceRoot(b.deployment), "J01", ids.police);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "crop.jpg");
  copyFileSync(path.resolve("samples/messi5.jpg"), file);
  const { sha256, bytes } = await digestFile(file);
  b.store.addEvidence(ids.police, { kind: "crop", path: path.relative(b.deployment.storageDir, file), sha256, bytes, atMs: Date.now() });
  return file;
}

describe("board UI routes", () => {
  it("verify recomputes an evidence file's SHA-256, says when it no longer matches, and is audited", async () => {
    const file = await addCrop();
    const police = await signedIn(b.board.app, "police");
    const ok = await police.post(`/api/incidents/${ids.police}/evidence/crop.jpg/verify`).expect(200);
    expect(ok.body).toMatchObject({ name: "crop.jpg", matches: true });
    expect(ok.body.sha256).toBe(ok.body.recorded);
    appendFileSync(file, Buffer.from([0]));
    const bad = await police.post(`/api/incidents/${ids.police}/evidence/crop.jpg/verify`).expect(200);
    expect(bad.body.matches).toBe(false);
    expect(bad.body.sha256).not.toBe(bad.body.recorded);
    const detail = await police.get(`/api/incidents/${ids.police}`).expect(200);
    expect(detail.body.history.filter((h: { action: string }) => h.action === "evidence.verify").map((h: { actor: string }) => h.actor)).toEqual(["police", "police"]);
  });

  it("verify is scoped like the evidence and looks names up, never paths", async () => {
    await addCrop();
    const enforcement = await signedIn(b.board.app, "enforcement");
    await enforcement.post(`/api/incidents/${ids.police}/evidence/crop.jpg/verify`).expect(404);
    const police = await signedIn(b.board.app, "police");
    for (const name of ["..%2F..%2Fkerbside.db", "%2Fetc%2Fpasswd", "crop.jpg%00"]) {
      await police.post(`/api/incidents/${ids.police}/evidence/${name}/verify`).expect(404);
    }
  });

  it("offers acknowledge until someone acknowledged; never to a viewer", async () => {
    const police = await signedIn(b.board.app, "police");
    const before = (await police.get("/api/incidents").expect(200)).body.incidents[0];
    expect(before).toMatchObject({ id: ids.police, actions: ["acknowledge"], acknowledged: false });
    const after = await police.post(`/api/incidents/${ids.police}/acknowledge`).send({}).expect(200);
    expect(after.body).toMatchObject({ actions: [], acknowledged: true });
    const viewer = await signedIn(b.board.app, "viewer");
    expect((await viewer.get(`/api/incidents/${ids.enforcement}`).expect(200)).body.actions).toEqual([]);
  });

  it("marks violations in the point's rush hours", async () => {
    // helpers' episodes cross the threshold at 08:02 local time: rush hour (07:00–09:00).
    const police = await signedIn(b.board.app, "police");
    expect((await police.get(`/api/incidents/${ids.police}`).expect(200)).body.rushHour).toBe(true);
    const noon = Date.parse("2026-12-08T12:00:00+08:00");
    const late = b.store.recordEpisode(episode({ key: "noon", startMs: noon, thresholdMs: noon + 60_000, lastSeenMs: noon + 90_000, firstBox: { x1: 500, y1: 500, x2: 600, y2: 600 }, thresholdBox: { x1: 500, y1: 500, x2: 600, y2: 600 }, lastBox: { x1: 500, y1: 500, x2: 600, y2: 600 } })).incident;
    expect((await police.get(`/api/incidents/${late.id}`).expect(200)).body.rushHour).toBe(false);
  });

  it("gives a point's health history for 24 h and 30 days, scoped like the point", async () => {
    const now = Date.now();
    b.ctx.segments.openOutage("J01", now - 3_600_000, "connection refused");
    b.ctx.segments.closeOutage("J01", now - 1_800_000);
    const police = await signedIn(b.board.app, "police");
    const day = await police.get("/api/points/J01/health?range=24h").expect(200);
    expect(Date.parse(day.body.to) - Date.parse(day.body.from)).toBe(24 * 3_600_000);
    expect(day.body.intervals).toEqual([expect.objectContaining({ state: "offline" })]);
    expect(Date.parse(day.body.intervals[0].to) - Date.parse(day.body.intervals[0].from)).toBe(1_800_000);
    expect(day.body.gaps.length).toBeGreaterThan(0);
    const month = await police.get("/api/points/J01/health?range=30d").expect(200);
    expect(Date.parse(month.body.to) - Date.parse(month.body.from)).toBe(30 * 24 * 3_600_000);
    await police.get("/api/points/M01/health").expect(404);
    await police.get("/api/points/J01/health?range=1y").expect(400);
  });

  it("a point without a frame yet says so (frameAt null) instead of pointing at a 404", async () => {
    const police = await signedIn(b.board.app, "police");
    const [point] = (await police.get("/api/points").expect(200)).body.points;
    expect(point).toMatchObject({ id: "J01", frameAt: null });
  });
});
