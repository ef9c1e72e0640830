import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FrameSampler, type SampledFrame } from "../../src/scan/frame-sampler.js";
import { probeKeyframeInterval } from "../../src/ffmpeg/keyframe-interval.js";
import { isKerbsideError } from "../../src/errors.js";
import { VTEST, encodeVtest, loopVtest, tempDir } from "./fixtures.js";

const fixture = tempDir("sampler");
let h264 = "";
let hevc = "";
let looped = "";

beforeAll(() => {
  h264 = encodeVtest(fixture.dir, { codec: "h264", seconds: 12, gopFrames: 10, name: "gop1s.mp4" });
  hevc = encodeVtest(fixture.dir, { codec: "hevc", seconds: 8, gopFrames: 10, name: "gop1s-hevc.mp4", width: 320 });
  looped = loopVtest(fixture.dir, 3);
});
afterAll(() => fixture.cleanup());

async function collect(sampler: FrameSampler): Promise<SampledFrame[]> {
  const frames: SampledFrame[] = [];
  for await (const frame of sampler) frames.push(frame);
  return frames;
}

function ffmpegFrameAt(input: string, sec: number, width: number, height: number): Buffer {
  return execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-ss", String(sec), "-i", input, "-frames:v", "1",
    "-vf", `scale=${width}:${height}:flags=bilinear`, "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"], { maxBuffer: 1 << 24 });
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

describe("frame sampler on real footage", () => {
  it("yields one frame per interval with exact pts and the right pixels", async () => {
    const frames = await collect(new FrameSampler({ input: VTEST, everySec: 10, width: 256, height: 192, keyframesOnly: false }));
    expect(frames.map((f) => f.ptsSec)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const f of frames) expect(f.frame.data.length).toBe(256 * 192 * 3);
    const at30 = ffmpegFrameAt(VTEST, 30, 256, 192);
    const at20 = ffmpegFrameAt(VTEST, 20, 256, 192);
    expect(meanAbsDiff(frames[3]!.frame.data, at30)).toBeLessThan(1);
    expect(meanAbsDiff(frames[3]!.frame.data, at20)).toBeGreaterThan(2);
  });

  it("samples fractional intervals on the footage's own frame grid", async () => {
    const frames = await collect(new FrameSampler({ input: VTEST, everySec: 2.5, width: 64, height: 48, keyframesOnly: false }));
    expect(frames).toHaveLength(32);
    expect(frames.map((f) => f.ptsSec)).toEqual(Array.from({ length: 32 }, (_, i) => i * 2.5));
  });

  it("measures the keyframe interval from packet flags (msmpeg4, H.264 and HEVC)", async () => {
    expect(await probeKeyframeInterval(VTEST, 60)).toBe(25);
    expect(await probeKeyframeInterval(h264)).toBeCloseTo(1, 6);
    expect(await probeKeyframeInterval(hevc)).toBeCloseTo(1, 6);
  });

  for (const codec of ["h264", "hevc"] as const) {
    it(`decodes keyframes only on ${codec}: every sample lands on a keyframe`, async () => {
      const input = codec === "h264" ? h264 : hevc;
      const keyOnly = await collect(new FrameSampler({ input, everySec: 1.5, width: 64, height: 48, keyframesOnly: true }));
      const full = await collect(new FrameSampler({ input, everySec: 1.5, width: 64, height: 48, keyframesOnly: false }));
      // keyframes are at whole seconds: keyframe-only picks 0,2,3,5,6,…; full decoding picks 0,1.5,3,4.5,…
      const seconds = codec === "h264" ? 12 : 8;
      const expectedKey = [0];
      for (let t = 1; t < seconds; t++) if (Math.floor(t / 1.5) > Math.floor(expectedKey.at(-1)! / 1.5)) expectedKey.push(t);
      expect(keyOnly.map((f) => f.ptsSec)).toEqual(expectedKey.map((t) => expect.closeTo(t, 6)));
      expect(full.map((f) => f.ptsSec)).toEqual(Array.from({ length: Math.ceil(seconds / 1.5) }, (_, i) => expect.closeTo(i * 1.5, 6)));
    });
  }

  it("keeps the queue bounded with a slow consumer, even when one pipe chunk holds many frames", async () => {
    const sampler = new FrameSampler({ input: VTEST, everySec: 0.1, width: 16, height: 12, keyframesOnly: false, queueSize: 3 });
    let count = 0;
    for await (const frame of sampler) {
      expect(frame.index).toBe(count++);
      if (count % 100 === 0) await new Promise((r) => setTimeout(r, 30));
      if (count <= 5) await new Promise((r) => setTimeout(r, 100));
    }
    expect(count).toBe(795);
    expect(sampler.stats.maxQueued).toBeLessThanOrEqual(3);
    expect(sampler.stats.maxQueued).toBe(3);
  });

  it("stops ffmpeg when the consumer breaks off early", async () => {
    const sampler = new FrameSampler({ input: looped, everySec: 1, width: 128, height: 96, keyframesOnly: false, queueSize: 2 });
    let seen = 0;
    for await (const _frame of sampler) {
      if (++seen === 2) break;
    }
    const pid = sampler.pid!;
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    await sampler.close();
  });

  it("reports an unreadable file with ffmpeg's own message", async () => {
    const bad = path.join(fixture.dir, "corrupt.mp4");
    writeFileSync(bad, Buffer.alloc(50_000, 7));
    let caught: unknown;
    try {
      await collect(new FrameSampler({ input: bad, everySec: 1, width: 64, height: 48, keyframesOnly: false }));
    } catch (error) {
      caught = error;
    }
    expect(isKerbsideError(caught, "KERB_ERR_FOOTAGE_UNREADABLE")).toBe(true);
    expect((caught as Error).message).toContain("corrupt.mp4");
    expect((caught as Error).message).toMatch(/Invalid data|moov atom/i);
  });
});
