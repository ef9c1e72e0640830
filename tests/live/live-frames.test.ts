// The board's latest frame per point from the live sampler: announced at
// once, encoded on demand at the stream's aspect ratio, other points
// answered by the fallback. A real vtest.avi frame, real JPEG encoding.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { LiveFrames } from "../../src/live/live-frames.js";
import { vtestFrame } from "../detect/fixtures/frames.js";

describe("live frames for the board", () => {
  it("announces each live frame and serves it as a JPEG at the stream's aspect; other points come from the fallback", async () => {
    const frame = vtestFrame(20, { width: 512, height: 512 });
    const segmentLike = new LiveFrames();
    segmentLike.put("A01", { timeMs: 1000, frame, streamSize: null });
    const frames = new LiveFrames().fallBackTo(segmentLike);
    const heard: [string, number][] = [];
    const off = frames.onFrame((pointId, atMs) => void heard.push([pointId, atMs]));
    frames.put("J01", { timeMs: 5000, frame, streamSize: { width: 768, height: 576 } });
    expect(heard).toEqual([["J01", 5000]]);
    expect(frames.latestTime("J01")).toBe(5000);
    const tile = await frames.latest("J01");
    expect(tile?.atMs).toBe(5000);
    const meta = await sharp(tile?.jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 768, 576]);
    expect(await frames.latest("J01")).toBe(tile);

    expect(frames.latestTime("A01")).toBe(1000);
    expect((await frames.latest("A01"))?.atMs).toBe(1000);
    expect(await frames.latest("X99")).toBeNull();
    segmentLike.put("A01", { timeMs: 2000, frame, streamSize: null });
    expect(heard.at(-1)).toEqual(["A01", 2000]);
    off();
    frames.put("J01", { timeMs: 7000, frame, streamSize: null });
    expect(heard).toHaveLength(2);
  });
});
