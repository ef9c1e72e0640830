import { describe, expect, it } from "vitest";
import {
  buildSamplerArgs,
  sampleSize,
  samplerFilter,
  selectExpression,
  shouldDecodeKeyframesOnly,
} from "../../src/scan/ffmpeg-sampler-args.js";

describe("ffmpeg sampler args", () => {
  const base = { input: "/footage/a.mp4", everySec: 10, width: 512, height: 512, keyframesOnly: false };

  it("decodes everything, selects one frame per interval bucket, logs pts and writes raw RGB at the model size", () => {
    const args = buildSamplerArgs(base);
    expect(args).not.toContain("-skip_frame");
    expect(args.slice(args.indexOf("-i"), args.indexOf("-i") + 2)).toEqual(["-i", "/footage/a.mp4"]);
    expect(args[args.indexOf("-vf") + 1]).toBe(
      "select='isnan(prev_selected_t)+gt(floor((t+0.0005)/10),floor((prev_selected_t+0.0005)/10))',showinfo=checksum=0,scale=512:512:flags=bilinear",
    );
    expect(args.slice(-7)).toEqual(["-fps_mode", "passthrough", "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"]);
    expect(args[args.indexOf("-loglevel") + 1]).toBe("info");
  });

  it("puts -skip_frame nokey before the input when decoding keyframes only", () => {
    const args = buildSamplerArgs({ ...base, keyframesOnly: true });
    const skip = args.indexOf("-skip_frame");
    expect(skip).toBeGreaterThan(-1);
    expect(args[skip + 1]).toBe("nokey");
    expect(skip).toBeLessThan(args.indexOf("-i"));
  });

  it("seeks the input when asked to start later", () => {
    const args = buildSamplerArgs({ ...base, fromSec: 12.5 });
    expect(args[args.indexOf("-ss") + 1]).toBe("12.5");
    expect(args.indexOf("-ss")).toBeLessThan(args.indexOf("-i"));
    expect(buildSamplerArgs(base)).not.toContain("-ss");
  });

  it("formats fractional intervals without float noise and rejects bad ones", () => {
    expect(selectExpression(0.5)).toBe("isnan(prev_selected_t)+gt(floor((t+0.0005)/0.5),floor((prev_selected_t+0.0005)/0.5))");
    expect(selectExpression(1 / 3)).toContain("(t+0.0005)/0.333333");
    expect(() => selectExpression(0)).toThrow(RangeError);
    expect(() => selectExpression(Number.NaN)).toThrow(RangeError);
    expect(() => samplerFilter({ everySec: 1, width: 0, height: 10 })).toThrow(RangeError);
  });

  it("decodes keyframes only when the interval is at least the largest keyframe gap", () => {
    expect(shouldDecodeKeyframesOnly(10, 2)).toBe(true);
    expect(shouldDecodeKeyframesOnly(2, 2)).toBe(true);
    expect(shouldDecodeKeyframesOnly(1, 2)).toBe(false);
    expect(shouldDecodeKeyframesOnly(10, 25)).toBe(false);
    expect(shouldDecodeKeyframesOnly(10, null)).toBe(false);
  });

  it("samples at the model size for stretch models and fits the source for letterbox models", () => {
    const source = { width: 768, height: 576 };
    expect(sampleSize(source, { width: 512, height: 512, resize: "stretch" })).toEqual({ width: 512, height: 512 });
    expect(sampleSize(source, { width: 512, height: 512, resize: "letterbox" })).toEqual({ width: 512, height: 384 });
    expect(sampleSize({ width: 1080, height: 1920 }, { width: 640, height: 640, resize: "letterbox" })).toEqual({ width: 360, height: 640 });
  });
});
