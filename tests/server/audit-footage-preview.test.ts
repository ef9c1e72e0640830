// The mock inspection's footage as a browser-playable preview: a part of a
// real footage file (the sample's MPEG-4 v3, which browsers do not decode)
// re-encoded to H.264 MP4 on first request, cached, served with Range, for
// organisers only, and linked from each mock clip's footage (previewHref).
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { footagePreviewArgs, footagePreviewDir } from "../../src/footage/footage-preview.js";
import { probeVideo } from "../../src/ffmpeg/probe.js";
import { cutClip } from "../service/fixtures.js";
import { addAccounts, freshBoard, signedIn, type Board } from "./helpers.js";

const T0 = Date.parse("2026-12-08T08:00:00+08:00");
const NAME = "J01_20261208T000000Z.avi";

let board: Board;

beforeEach(async () => {
  board = freshBoard("footage-preview");
  await addAccounts(board.ctx);
  const dir = mkdirSync(path.join(board.deployment.storageDir, "footage", "J01"), { recursive: true })!;
  const file = cutClip(path.join(dir, NAME), 10);
  const probe = await probeVideo(file);
  board.ctx.segments.upsert({
    pointId: "J01", path: file, startMs: T0, endMs: T0 + probe.durationSec * 1000, sizeBytes: 1, codec: probe.codec,
    width: probe.width, height: probe.height, fps: probe.fps, status: "ok", error: null, sourceKind: "archive",
  });
});
afterEach(() => board.cleanup());

/** supertest collecting a binary body. */
const binary = (res: { on(event: string, listener: (chunk: Buffer) => void): unknown }, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on("data", (c) => void chunks.push(c));
  res.on("end", () => cb(null, Buffer.concat(chunks)));
};

describe("GET /api/audit/footage/:point/:name/preview", () => {
  it("seeks to the part, reads its duration and encodes it like an evidence preview", () => {
    const args = footagePreviewArgs("/f/in.mkv", 12.5, 30, "/c/out.mp4");
    expect(args.slice(args.indexOf("-ss"), args.indexOf("-ss") + 4)).toEqual(["-ss", "12.500", "-t", "30.000"]);
    expect(args.indexOf("-ss")).toBeLessThan(args.indexOf("-i"));
    expect(args).toEqual(expect.arrayContaining(["libx264", "yuv420p", "+faststart", "/c/out.mp4"]));
  });

  it("serves a part of the sample footage as H.264 MP4, cached, with Range, linked from the mock inspection", async () => {
    const organiser = await signedIn(board.board.app, "organiser");
    const window = `from=${encodeURIComponent("2026-12-08T08:00:00+08:00")}&to=${encodeURIComponent("2026-12-08T08:00:10+08:00")}`;
    const mock = (await organiser.get(`/api/audit/mock?${window}&clipMin=0.1&point=J01`).expect(200)).body;
    const footage = mock.clips[0].footage[0] as { href: string; previewHref: string; offsetSec: number; durationSec: number };
    expect(footage.previewHref).toBe(`${footage.href}/preview?start=${footage.offsetSec.toFixed(1)}&duration=${footage.durationSec.toFixed(1)}`);

    const res = await organiser.get(footage.previewHref).buffer(true).parse(binary).expect(200);
    expect(res.headers["content-type"]).toBe("video/mp4");
    const out = path.join(board.dir, "preview.mp4");
    writeFileSync(out, res.body as Buffer);
    const probe = await probeVideo(out);
    expect(probe.codec).toBe("h264");
    expect(probe.durationSec).toBeGreaterThan(footage.durationSec - 0.6);
    expect(probe.durationSec).toBeLessThan(footage.durationSec + 0.6);

    // Made once: the second request is the cached file, and Range works on it.
    const cached = readdirSync(footagePreviewDir(board.deployment));
    expect(cached).toHaveLength(1);
    const part = await organiser.get(footage.previewHref).set("Range", "bytes=0-99").buffer(true).parse(binary).expect(206);
    expect((part.body as Buffer).length).toBe(100);
    expect(readdirSync(footagePreviewDir(board.deployment))).toEqual(cached);
  }, 120_000);

  it("is for organisers and admins, only for indexed files, and checks the part", async () => {
    const police = await signedIn(board.board.app, "police");
    await police.get(`/api/audit/footage/J01/${NAME}/preview?start=0&duration=2`).expect(403);
    const admin = await signedIn(board.board.app, "admin");
    await admin.get(`/api/audit/footage/J01/other.avi/preview?start=0&duration=2`).expect(404);
    await admin.get(`/api/audit/footage/J01/..%2F..%2Fkerbside.db/preview?start=0&duration=2`).expect(404);
    await admin.get(`/api/audit/footage/NOPE/${NAME}/preview?start=0&duration=2`).expect(404);
    const bad = await admin.get(`/api/audit/footage/J01/${NAME}/preview?start=0&duration=0`).expect(400);
    expect(bad.body.error.code).toBe("KERB_ERR_REQUEST");
    await admin.get(`/api/audit/footage/J01/${NAME}/preview?start=0`).expect(400);
  });
});
