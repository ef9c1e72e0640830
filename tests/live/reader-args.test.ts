// The live reader's ffmpeg command and its pure helpers; its frame selection
// is also run by ffmpeg on a timeline with jittered keyframes.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { samplerFilter } from "../../src/scan/ffmpeg-sampler-args.js";
import { parseDeployment } from "../../src/config/load.js";
import { buildReaderArgs, detectInput, keyframesTooSparse, parseInputSize } from "../../src/live/reader-args.js";

function point(source: Record<string, unknown>) {
  const d = parseDeployment({ units: [{ id: "u", name: "交警" }], points: [{ id: "J01", name: "路口", category: "junction", units: ["u"], source }] }, "/tmp/x.yaml");
  return d.points[0] as (typeof d.points)[number];
}

describe("detectInput", () => {
  it("reads the detectUrl substream when there is one, else the main stream", () => {
    const sub = detectInput(point({ kind: "rtsp", url: "rtsp://a:b@10.0.0.1/main", detectUrl: "rtsp://a:b@10.0.0.1/sub" }), 5);
    expect(sub).toEqual({ ok: true, substream: true, input: { kind: "rtsp", url: "rtsp://a:b@10.0.0.1/sub", transport: undefined, listen: undefined, ioTimeoutSec: 5 } });
    const main = detectInput(point({ kind: "http", url: "http://10.0.0.1/video" }), 5);
    expect(main).toMatchObject({ ok: true, substream: false, input: { kind: "http", url: "http://10.0.0.1/video" } });
  });

  it("replays a live file in real time, looping as the recorder does", () => {
    expect(detectInput(point({ kind: "file", path: "/v.mp4", live: true, loop: true }), 5)).toMatchObject({ ok: true, input: { kind: "file", realtime: true, loop: true } });
    expect(detectInput(point({ kind: "file", path: "/v.mp4" }), 5)).toEqual({ ok: false, reason: "not a live source" });
  });

  it("refuses a pushing camera without a substream: its one stream goes to the recorder", () => {
    const result = detectInput(point({ kind: "rtsp", url: "rtsp://127.0.0.1:8554/cam", listen: true }), 5);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toMatch(/detectUrl/);
    expect(detectInput(point({ kind: "rtsp", url: "rtsp://127.0.0.1:8554/cam", listen: true, detectUrl: "rtsp://127.0.0.1:8555/sub" }), 5).ok).toBe(true);
  });

  it("rejects a detectUrl of the wrong scheme by field", () => {
    expect(() => point({ kind: "rtsp", url: "rtsp://10.0.0.1/main", detectUrl: "http://10.0.0.1/sub" })).toThrow(/source\.detectUrl: expected an rtsp/);
  });
});

describe("buildReaderArgs", () => {
  it("decodes keyframes only when asked, samples one frame per interval and writes raw RGB at the model size", () => {
    const args = buildReaderArgs({ input: { kind: "rtsp", url: "rtsp://cam/sub", transport: "tcp", ioTimeoutSec: 5 }, everySec: 2, width: 512, height: 512, keyframesOnly: true });
    expect(args.slice(args.indexOf("-skip_frame"), args.indexOf("-skip_frame") + 2)).toEqual(["-skip_frame", "nokey"]);
    expect(args.indexOf("-skip_frame")).toBeLessThan(args.indexOf("-i"));
    expect(args.slice(args.indexOf("-flags"), args.indexOf("-flags") + 2)).toEqual(["-flags", "low_delay"]);
    expect(args.indexOf("-flags")).toBeLessThan(args.indexOf("-i"));
    expect(args).toContain("rtsp://cam/sub");
    expect(args[args.indexOf("-vf") + 1]).toBe("select='isnan(prev_selected_t)+gte(t-prev_selected_t,1.9)',showinfo=checksum=0,scale=512:512:flags=bilinear");
    expect(args.slice(-5)).toEqual(["-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"]);
    expect(args[args.indexOf("-threads") + 1]).toBe("1");
    const full = buildReaderArgs({ input: { kind: "file", path: "/v.mp4", realtime: true, loop: true }, everySec: 10, width: 320, height: 320, keyframesOnly: false });
    expect(full).not.toContain("-skip_frame");
    expect(full).not.toContain("low_delay");
    expect(full.slice(full.indexOf("-re"), full.indexOf("-i") + 2)).toEqual(["-re", "-stream_loop", "-1", "-i", "/v.mp4"]);
  });
});

/**
 * Kept-frame times from ffmpeg for a 45 s timeline of "keyframes" every 2 s
 * (testsrc, one frame in 20 at 10 fps), those due at 10, 20, 30 and 40 s
 * stamped 2 ms early, as a camera's clock jitters.
 */
function ffmpegKept(filter: string): number[] {
  const keyframes = "settb=1/1000,select='not(mod(n,20))',setpts='PTS+if(eq(mod(N,5),0)*gt(N,0),-2,0)'";
  const run = spawnSync("ffmpeg", ["-hide_banner", "-nostats", "-loglevel", "info", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=10:duration=45", "-vf", `${keyframes},${filter}`, "-fps_mode", "passthrough", "-f", "null", "-"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return [...run.stderr.matchAll(/pts_time:([\d.]+)/g)].map((m) => Number(m[1]));
}

describe("the live reader's frame selection, run by ffmpeg", () => {
  it("keeps a frame every interval by spacing, where the scan's bucket grid would skip a jittered keyframe and wait a GOP more", () => {
    const buckets = ffmpegKept(samplerFilter({ everySec: 10, width: 32, height: 32 }));
    const spacing = ffmpegKept(samplerFilter({ everySec: 10, width: 32, height: 32, select: "spacing" }));
    expect(buckets).toEqual([0, 12, 22, 32, 42]);
    expect(spacing).toEqual([0, 9.998, 19.998, 29.998, 39.998]);
  });

  it("starts at the point's phase of the interval, then keeps the spacing", () => {
    expect(ffmpegKept(samplerFilter({ everySec: 10, width: 32, height: 32, select: "spacing", phaseSec: 4 }))).toEqual([4, 14, 24, 34, 44]);
    // 2 s points every keyframe, phase or not.
    expect(ffmpegKept(samplerFilter({ everySec: 2, width: 32, height: 32, select: "spacing", phaseSec: 1 })).length).toBe(22);
  });
});

describe("keyframesTooSparse", () => {
  it("is true only when kept frames come more than 1.5 intervals apart", () => {
    expect(keyframesTooSparse([0, 2, 4, 6], 2)).toBe(false);
    expect(keyframesTooSparse([0, 25], 2)).toBe(false);
    expect(keyframesTooSparse([0, 25, 50], 2)).toBe(true);
    expect(keyframesTooSparse([0, 4, 8, 12], 2)).toBe(true);
  });
});

describe("parseInputSize", () => {
  it("reads the input stream's size, not the output's", () => {
    const stderr = [
      "Input #0, rtsp, from 'rtsp://***:***@cam/sub':",
      "  Stream #0:0: Video: h264 (High), yuv420p(progressive), 704x576, 25 fps, 25 tbr, 90k tbn",
      "Output #0, rawvideo, to 'pipe:1':",
      "  Stream #0:0: Video: rawvideo (RGB[24] / 0x18424752), rgb24, 512x512, q=2-31",
    ].join("\n");
    expect(parseInputSize(stderr)).toEqual({ width: 704, height: 576 });
    expect(parseInputSize("Output #0, rawvideo\n  Stream #0:0: Video: rawvideo, rgb24, 512x512")).toBeNull();
  });
});
