/**
 * The packet-dropping sampler on real footage: H.264 and HEVC in MP4, MKV and
 * MPEG-TS, B-frames, irregular keyframe spacing. Its frames must be the very
 * frames (times and pixels) the one-process keyframe sampler yields, and the
 * times those showinfo reports when the file is decoded in full.
 */
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKerbsideError } from "../../src/errors.js";
import { FrameSampler, type SampledFrame } from "../../src/scan/frame-sampler.js";
import { keyframesDecodeAlone } from "../../src/scan/open-gop-probe.js";
import { VTEST, encodeVtest, tempDir } from "./fixtures.js";

const fixture = tempDir("packet-drop");
const files: Record<string, string> = {};

function ffmpeg(args: string[]): void {
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args], { stdio: ["ignore", "ignore", "inherit"] });
}

function remux(input: string, ext: string): string {
  const out = input.replace(/\.[a-z0-9]+$/, `.${ext}`);
  ffmpeg(["-i", input, "-c", "copy", out]);
  return out;
}

/** Keyframe times as the decoder reports them (showinfo over every frame, no sampling). */
function showinfoKeyframeTimes(input: string): number[] {
  const log = spawnSync("ffmpeg", ["-hide_banner", "-nostats", "-skip_frame", "nokey", "-i", input, "-vf", "showinfo=checksum=0", "-f", "null", "-"], { encoding: "utf8" }).stderr;
  return [...log.matchAll(/pts_time:(\S+)/g)].map((m) => Number(m[1]));
}

beforeAll(() => {
  const dir = fixture.dir;
  files.h264 = path.join(dir, "h264-bframes.mp4");
  // High profile with B-frames (their composition offsets are what broke -discard nokey).
  ffmpeg(["-i", VTEST, "-t", "24", "-vf", "scale=320:-2", "-c:v", "libx264", "-preset", "fast", "-bf", "3", "-g", "10", "-keyint_min", "10", "-sc_threshold", "0", "-pix_fmt", "yuv420p", files.h264]);
  files.hevc = path.join(dir, "hevc-closed.mp4");
  ffmpeg(["-i", VTEST, "-t", "24", "-vf", "scale=320:-2", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "keyint=10:min-keyint=10:scenecut=0:open-gop=0:log-level=error", "-pix_fmt", "yuv420p", files.hevc]);
  files.irregular = path.join(dir, "irregular.mp4");
  ffmpeg(["-i", VTEST, "-t", "24", "-vf", "scale=320:-2", "-c:v", "libx264", "-preset", "fast", "-bf", "2", "-g", "1000", "-sc_threshold", "0",
    "-force_key_frames", "0,0.8,1.6,2.9,3.1,5.5,6.1,8.9,9.1,12,14.2,14.9,15.1,18,20.3,21.4,23.9", "-pix_fmt", "yuv420p", files.irregular]);
  files.openGop = encodeVtest(dir, { codec: "hevc", seconds: 6, gopFrames: 10, name: "hevc-open.mp4", width: 320 });
});
afterAll(() => fixture.cleanup());

async function collect(sampler: FrameSampler): Promise<SampledFrame[]> {
  const frames: SampledFrame[] = [];
  for await (const frame of sampler) frames.push(frame);
  return frames;
}

const sample = (input: string, everySec: number, dropPackets: boolean): Promise<SampledFrame[]> =>
  collect(new FrameSampler({ input, everySec, width: 96, height: 72, keyframesOnly: true, dropPackets }));

describe("packet-dropping sampler", () => {
  for (const codec of ["h264", "hevc"] as const) {
    for (const ext of ["mp4", "mkv", "ts"]) {
      it(`yields the keyframe sampler's frames, times and pixels (${codec} in ${ext})`, async () => {
        const input = ext === "mp4" ? files[codec]! : remux(files[codec]!, ext);
        const [dropped, decoded] = [await sample(input, 3, true), await sample(input, 3, false)];
        expect(dropped.map((f) => f.ptsSec)).toEqual(decoded.map((f) => f.ptsSec));
        expect(dropped.length).toBe(8);
        const keyframes = showinfoKeyframeTimes(input);
        for (const f of dropped) expect(keyframes.some((t) => Math.abs(t - f.ptsSec) < 1e-6)).toBe(true);
        for (let i = 0; i < dropped.length; i++) expect(Buffer.compare(Buffer.from(dropped[i]!.frame.data), Buffer.from(decoded[i]!.frame.data))).toBe(0);
      });
    }
  }

  for (const ext of ["mp4", "ts"]) {
    it(`samples a window of the file on the same bucket grid, in file time (coarse-to-fine's fine windows, ${ext})`, async () => {
      const input = ext === "mp4" ? files.h264! : remux(files.h264!, ext);
      const window = (dropPackets: boolean) =>
        collect(new FrameSampler({ input, everySec: 3, width: 96, height: 72, keyframesOnly: true, dropPackets, fromSec: 6, toSec: 18 }));
      const [dropped, decoded] = [await window(true), await window(false)];
      // coarse-to-fine keeps [fromSec, toSec); -to itself lets the frame at 18 through.
      const inWindow = (frames: SampledFrame[]) => frames.map((f) => f.ptsSec).filter((t) => t >= 6 && t < 18);
      expect(inWindow(decoded)).toEqual([6, 9, 12, 15]);
      expect(inWindow(dropped)).toEqual([6, 9, 12, 15]);
    });
  }

  it("keeps exactly the first keyframe of every bucket when keyframes come irregularly", async () => {
    const frames = await sample(files.irregular!, 3, true);
    const keyframes = showinfoKeyframeTimes(files.irregular!);
    const expected = [...new Map(keyframes.map((t) => [Math.floor((t + 0.0005) / 3), t] as const).reverse()).values()].reverse();
    expect(frames.map((f) => f.ptsSec)).toEqual(expected);
    expect(frames.map((f) => f.ptsSec)).toEqual([0, 3.1, 6.1, 9.1, 12, 15.1, 18, 21.4]);
  });

  it("detects HEVC open-GOP footage, whose CRA keyframes cannot be decoded alone", async () => {
    expect(await keyframesDecodeAlone(files.openGop!, "hevc")).toBe(false);
    expect(await keyframesDecodeAlone(files.hevc!, "hevc")).toBe(true);
    expect(await keyframesDecodeAlone(files.h264!, "h264")).toBe(true);
  });

  it("reports footage the demuxer cannot read as unreadable, with its message", async () => {
    const error = await sample(path.join(fixture.dir, "missing.mp4"), 3, true).catch((e: unknown) => e);
    expect(isKerbsideError(error, "KERB_ERR_FOOTAGE_UNREADABLE")).toBe(true);
    expect((error as Error).message).toMatch(/No such file|demuxer/);
  });

  it("stops both processes when the consumer stops early", async () => {
    const sampler = new FrameSampler({ input: files.h264!, everySec: 1, width: 96, height: 72, keyframesOnly: true, dropPackets: true, queueSize: 1 });
    for await (const frame of sampler) {
      expect(frame.ptsSec).toBe(0);
      break;
    }
    expect(() => process.kill(sampler.pid!, 0)).toThrow(/ESRCH/);
  });
});
