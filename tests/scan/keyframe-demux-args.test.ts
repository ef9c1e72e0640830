import { describe, expect, it } from "vitest";
import { buildKeyframeDecodeArgs, buildKeyframeDemuxArgs, keyframeDropExpression } from "../../src/scan/keyframe-demux-args.js";
import { hasOpenGop, keyframeTraceArgs, nalUnitTypes } from "../../src/scan/open-gop-probe.js";
import { usesPacketDropping } from "../../src/scan/packet-dropping-sampler.js";

describe("packet-dropping sampler args", () => {
  it("keeps the first keyframe of each bucket, remembering the last kept bucket in register 0", () => {
    expect(keyframeDropExpression(10)).toBe(
      "if(key*gt(floor((pts/1000+0.0005)/10)+1,ld(0)),st(0,floor((pts/1000+0.0005)/10)+1)*0,1)",
    );
    expect(keyframeDropExpression(2.5)).toContain("/2.5)");
    expect(() => keyframeDropExpression(0)).toThrow(RangeError);
    expect(() => keyframeDropExpression(Number.NaN)).toThrow(RangeError);
  });

  it("stream-copies the first video stream through the noise filter to Matroska on stdout", () => {
    const args = buildKeyframeDemuxArgs({ input: "/footage/a.mp4", everySec: 10 });
    expect(args.slice(args.indexOf("-i"), args.indexOf("-i") + 2)).toEqual(["-i", "/footage/a.mp4"]);
    expect(args).toContain("copy");
    expect(args).not.toContain("-discard"); // breaks MP4 B-frame timestamps in ffmpeg 5.1
    const bsf = args[args.indexOf("-bsf:v") + 1]!;
    expect(bsf.startsWith("noise=drop='if(key*gt(")).toBe(true);
    expect(bsf).not.toMatch(/[^\\],/); // every comma escaped, or ffmpeg splits the filter list there
    expect(args.slice(-3)).toEqual(["-f", "matroska", "pipe:1"]);
  });

  it("decodes stdin keeping its timestamps, with the usual select, showinfo and scale chain", () => {
    const args = buildKeyframeDecodeArgs({ everySec: 10, width: 416, height: 416, threads: 1 });
    expect(args.indexOf("-copyts")).toBeLessThan(args.indexOf("-i"));
    expect(args.slice(args.indexOf("-i") - 2, args.indexOf("-i") + 2)).toEqual(["-f", "matroska", "-i", "pipe:0"]);
    expect(args[args.indexOf("-threads") + 1]).toBe("1");
    expect(args[args.indexOf("-vf") + 1]).toMatch(/^select='.*',showinfo=checksum=0,scale=416:416:flags=bilinear$/);
    expect(args.slice(-7)).toEqual(["-fps_mode", "passthrough", "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"]);
    expect(buildKeyframeDecodeArgs({ everySec: 10, width: 8, height: 8 })).not.toContain("-threads");
  });

  it("drops packets only for keyframe-only sampling, and only when asked; a window seeks keeping file times", () => {
    const base = { input: "a.mp4", everySec: 10, width: 8, height: 8 };
    expect(usesPacketDropping({ ...base, keyframesOnly: true, dropPackets: true })).toBe(true);
    expect(usesPacketDropping({ ...base, keyframesOnly: false, dropPackets: true })).toBe(false);
    expect(usesPacketDropping({ ...base, keyframesOnly: true })).toBe(false);
    expect(usesPacketDropping({ ...base, keyframesOnly: true, dropPackets: true, fromSec: 5 })).toBe(true);
    const window = buildKeyframeDemuxArgs({ input: "a.mp4", everySec: 10, fromSec: 50, toSec: 120 });
    expect(window.slice(window.indexOf("-copyts"), window.indexOf("-i"))).toEqual(["-copyts", "-start_at_zero", "-ss", "50", "-to", "120"]);
  });

  it("recognises HEVC open-GOP (CRA) keyframes in a trace_headers log", () => {
    const line = (t: number): string => `[trace_headers @ 0x1] 1           nal_unit_type                                          ${t.toString(2).padStart(6, "0")} = ${t}`;
    const closed = [32, 33, 34, 39, 20, 20].map(line).join("\n");
    const open = [32, 33, 34, 39, 20, 21].map(line).join("\n");
    expect(nalUnitTypes(closed)).toEqual([32, 33, 34, 39, 20, 20]);
    expect(hasOpenGop(closed)).toBe(false);
    expect(hasOpenGop(open)).toBe(true);
    expect(keyframeTraceArgs("a.mkv", 3)).toEqual(expect.arrayContaining(["-frames:v", "3", "noise=drop=not(key),trace_headers"]));
  });
});
