import { describe, expect, it } from "vitest";
import { computeCoverage } from "../../src/footage/coverage.js";
import { complement, mergeIntervals } from "../../src/footage/intervals.js";

const s = (fromSec: number, toSec: number, status: "ok" | "unreadable" = "ok") => ({ startMs: fromSec * 1000, endMs: toSec * 1000, status });
const i = (fromSec: number, toSec: number) => ({ fromMs: fromSec * 1000, toMs: toSec * 1000 });

describe("interval math", () => {
  it("merges overlapping and near intervals", () => {
    expect(mergeIntervals([i(10, 20), i(0, 5), i(19, 30), i(31, 40)], 0)).toEqual([i(0, 5), i(10, 30), i(31, 40)]);
    expect(mergeIntervals([i(10, 20), i(0, 5), i(19, 30), i(31, 40)], 1000)).toEqual([i(0, 5), i(10, 40)]);
    expect(mergeIntervals([i(5, 5), i(7, 6)])).toEqual([]);
  });

  it("complements within a range", () => {
    expect(complement([i(10, 20), i(30, 40)], i(0, 50))).toEqual([i(0, 10), i(20, 30), i(40, 50)]);
    expect(complement([i(0, 50)], i(10, 20))).toEqual([]);
    expect(complement([], i(0, 5))).toEqual([i(0, 5)]);
  });
});

describe("computeCoverage", () => {
  it("covers contiguous 5-minute segments, bridging 1 s naming jitter", () => {
    const segments = [s(0, 300), s(301, 600), s(600, 900)];
    const c = computeCoverage({ ...i(0, 900), segments, outages: [] });
    expect(c.covered).toEqual([i(0, 900)]);
    expect(c.gaps).toEqual([]);
    expect(c.coveredSec).toBe(900);
  });

  it("labels gaps: offline where an outage was recorded, unreadable where a bad file sits, else missing", () => {
    const segments = [s(0, 100), s(200, 300, "unreadable"), s(400, 500), s(700, 800)];
    const outages = [i(100, 180)];
    const c = computeCoverage({ ...i(0, 1000), segments, outages, toleranceMs: 0 });
    expect(c.covered).toEqual([i(0, 100), i(400, 500), i(700, 800)]);
    expect(c.gaps).toEqual([
      { ...i(100, 180), reason: "offline" },
      { ...i(180, 200), reason: "missing" },
      { ...i(200, 300), reason: "unreadable" },
      { ...i(300, 400), reason: "missing" },
      { ...i(500, 700), reason: "missing" },
      { ...i(800, 1000), reason: "missing" },
    ]);
    expect(c.coveredSec).toBe(300);
    expect(c.gapSec).toBe(700);
  });

  it("clips to the range and lets an unreadable file of unknown length claim up to the next file", () => {
    const segments = [s(-50, 20), s(30, 30, "unreadable"), s(60, 90), s(95, 200)];
    const c = computeCoverage({ ...i(0, 100), segments, outages: [i(80, 120)], toleranceMs: 0 });
    expect(c.covered).toEqual([i(0, 20), i(60, 90), i(95, 100)]);
    expect(c.gaps).toEqual([
      { ...i(20, 30), reason: "missing" },
      { ...i(30, 60), reason: "unreadable" },
      { ...i(90, 95), reason: "offline" },
    ]);
  });

  it("lists an outage between segments as one offline gap, without sub-second 'missing' slivers beside it", () => {
    // Last data 10.6 s, first new data 15 s; the segments end and start on whole-second names.
    const c = computeCoverage({ ...i(0, 25), segments: [s(0, 10), s(15.4, 25)], outages: [i(10.6, 15)] });
    expect(c.gaps).toEqual([{ ...i(10, 15.4), reason: "offline" }]);
    expect(c.gapSec).toBeCloseTo(5.4, 6);
  });

  it("keeps a real missing stretch beside an outage", () => {
    const c = computeCoverage({ ...i(0, 40), segments: [s(0, 10), s(30, 40)], outages: [i(15, 30)] });
    expect(c.gaps).toEqual([{ ...i(10, 15), reason: "missing" }, { ...i(15, 30), reason: "offline" }]);
  });

  it("readable footage wins over an outage that overlaps it", () => {
    const c = computeCoverage({ ...i(0, 60), segments: [s(0, 60)], outages: [i(10, 20)] });
    expect(c.gaps).toEqual([]);
    expect(c.coveredSec).toBe(60);
  });
});
