/**
 * How the sampler handles an ffmpeg that misbehaves, with small fixture
 * scripts standing in for ffmpeg: one that crashes after two frames, one that
 * prints frames without timestamps, one that ignores SIGTERM.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isKerbsideError } from "../../src/errors.js";
import { FrameSampler, type SampledFrame } from "../../src/scan/frame-sampler.js";
import { descendants, stillRunning, type ProcInfo } from "../cli/proc-tree.js";
import { waitFor } from "../footage/helpers.js";

const fixture = (name: string): string => path.resolve("tests/scan/fixtures", name);
const options = { input: "in.mp4", everySec: 1, width: 4, height: 4, keyframesOnly: false };

async function drain(sampler: FrameSampler): Promise<SampledFrame[]> {
  const frames: SampledFrame[] = [];
  for await (const frame of sampler) frames.push(frame);
  return frames;
}

describe("frame sampler process handling", () => {
  it("keeps the frames read before ffmpeg crashed and records why it stopped", async () => {
    const sampler = new FrameSampler({ ...options, ffmpegPath: fixture("fake-ffmpeg-crash.mjs") });
    const frames = await drain(sampler);
    expect(frames.map((f) => [f.ptsSec, f.frame.data[0]])).toEqual([[0, 1], [1, 2]]);
    expect(sampler.partialError).toMatch(/exited with 69/);
    expect(sampler.partialError).toContain("Invalid data found");
  });

  it("fails with the footage error when ffmpeg writes frames it never logged", async () => {
    const error = await drain(new FrameSampler({ ...options, ffmpegPath: fixture("fake-ffmpeg-garbage.mjs") })).catch((e: unknown) => e);
    expect(isKerbsideError(error, "KERB_ERR_FOOTAGE_UNREADABLE")).toBe(true);
    expect((error as Error).message).toContain("pts it did not log");
  });

  it("kills an ffmpeg that ignores SIGTERM after the grace period", async () => {
    const sampler = new FrameSampler({ ...options, ffmpegPath: fixture("fake-ffmpeg-hang.mjs"), stopGraceMs: 300 });
    const started = Date.now();
    for await (const frame of sampler) {
      expect(frame.ptsSec).toBe(0);
      await new Promise((r) => setTimeout(r, 200)); // let the script install its SIGTERM handler
      break;
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(() => process.kill(sampler.pid!, 0)).toThrow(/ESRCH/);
  });

  it("reports a missing ffmpeg binary as such, not as unreadable footage", async () => {
    const error = await drain(new FrameSampler({ ...options, ffmpegPath: "/nonexistent/ffmpeg" })).catch((e: unknown) => e);
    expect(isKerbsideError(error, "KERB_ERR_FFMPEG_MISSING")).toBe(true);
    expect((error as Error).message).toMatch(/ENOENT/);
  });
});

describe("frame sampler stall watchdog", () => {
  it("stops an ffmpeg that goes silent after a frame, keeps that frame and says why the segment ended", async () => {
    const sampler = new FrameSampler({ ...options, ffmpegPath: fixture("fake-ffmpeg-hang.mjs"), stallTimeoutMs: 2500, stopGraceMs: 300 });
    const frames = await drain(sampler);
    expect(frames.map((f) => f.ptsSec)).toEqual([0]);
    expect(sampler.partialError).toMatch(/stalled \(no output for 2500 ms\) and was stopped/);
    expect(() => process.kill(sampler.pid!, 0)).toThrow(/ESRCH/);
  });

  it("reports an ffmpeg that never produces a frame as unreadable footage, so the scan goes on", async () => {
    const sampler = new FrameSampler({ ...options, input: "/footage/stuck.mkv", ffmpegPath: path.resolve("tests/ffmpeg/fixtures/fake-tool-hang.mjs"), stallTimeoutMs: 500 });
    const error = await drain(sampler).catch((e: unknown) => e);
    expect(isKerbsideError(error, "KERB_ERR_FOOTAGE_UNREADABLE")).toBe(true);
    expect((error as Error).message).toMatch(/cannot sample \/footage\/stuck\.mkv: ffmpeg stalled/);
  });

  it("stops both ffmpegs of the packet-dropping sampler when they wedge, and reports the segment unreadable", async () => {
    const hang = path.resolve("tests/ffmpeg/fixtures/fake-tool-hang.mjs");
    const mine = (): ProcInfo[] => descendants(process.pid).filter((p) => p.cmdline.includes(hang));
    const sampler = new FrameSampler({ ...options, input: "/footage/stuck.mkv", keyframesOnly: true, dropPackets: true, ffmpegPath: hang, stallTimeoutMs: 2500, stopGraceMs: 300 });
    const drained = drain(sampler).catch((e: unknown) => e);
    const both = await waitFor(() => (mine().length === 2 ? mine() : undefined), 10_000, "the demuxer and the decoder");
    expect(both.some((p) => p.cmdline.includes("/footage/stuck.mkv"))).toBe(true);
    const error = await drained;
    expect(isKerbsideError(error, "KERB_ERR_FOOTAGE_UNREADABLE")).toBe(true);
    expect((error as Error).message).toContain("cannot sample /footage/stuck.mkv: ffmpeg stalled");
    await waitFor(() => both.every((p) => !stillRunning(p)) || undefined, 5000, "both ffmpegs gone").catch(() => undefined);
    expect(both.filter(stillRunning).map((p) => p.cmdline)).toEqual([]);
  });

  it("does not take a consumer that is slow to read for a stalled ffmpeg", async () => {
    // Frames every second of footage decode in milliseconds; the consumer takes longer than the stall limit per frame.
    const sampler = new FrameSampler({ ...options, ffmpegPath: "ffmpeg", input: path.resolve("samples/vtest.avi"), everySec: 1, queueSize: 1, stallTimeoutMs: 1500 });
    const frames: number[] = [];
    for await (const frame of sampler) {
      frames.push(frame.ptsSec);
      if (frames.length === 3) break;
      await new Promise((r) => setTimeout(r, 2500));
    }
    expect(frames).toEqual([0, 1, 2]);
    expect(sampler.partialError).toBeNull();
  });
});
