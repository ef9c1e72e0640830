import { describe, expect, it } from "vitest";
import { ShowinfoReader, parseShowinfoLine } from "../../src/scan/showinfo-times.js";

const TB = "[Parsed_showinfo_1 @ 0x5630] config in time_base: 1/90000, frame_rate: 25/1";
const frame = (n: number, pts: number, ptsTime: string): string =>
  `[Parsed_showinfo_1 @ 0x5630] n:${String(n).padStart(4)} pts:${String(pts).padStart(7)} pts_time:${ptsTime} pos: 4116 fmt:yuv420p s:768x576 i:P iskey:1 type:I`;

describe("showinfo times", () => {
  it("classifies lines", () => {
    expect(parseShowinfoLine(TB)).toEqual({ kind: "timebase", num: 1, den: 90000 });
    expect(parseShowinfoLine(frame(3, 900000, "10"))).toEqual({ kind: "frame", n: 3, pts: 900000, ptsTime: 10 });
    expect(parseShowinfoLine("[Parsed_showinfo_1 @ 0x5630] color_range:unknown")).toEqual({ kind: "showinfo" });
    expect(parseShowinfoLine("Input #0, avi, from 'x.avi':").kind).toBe("other");
  });

  it("computes exact seconds from pts and the time base, not the 6-digit pts_time", () => {
    const reader = new ShowinfoReader();
    // 3600.1234 s at 1/90000: pts_time would print 3600.12
    reader.push(`${TB}\n${frame(0, 324011106, "3600.12")}\n`);
    expect(reader.times).toEqual([324011106 / 90000]);
  });

  it("reassembles lines split across chunks and keeps only non-showinfo lines in the tail", () => {
    const reader = new ShowinfoReader(2);
    const text = `Input #0\n${TB}\n${frame(0, 0, "0")}\n${frame(1, 450000, "5")}\nerror one\nerror two\nerror three`;
    let added = 0;
    for (let i = 0; i < text.length; i += 7) added += reader.push(text.slice(i, i + 7));
    reader.end();
    expect(added).toBe(2);
    expect(reader.times).toEqual([0, 5]);
    expect(reader.stderrTail()).toBe("error two\nerror three");
  });

  it("falls back to pts_time when no time base line was seen", () => {
    const reader = new ShowinfoReader();
    reader.push(`${frame(0, 7, "0.7")}\n`);
    expect(reader.times).toEqual([0.7]);
  });
});
