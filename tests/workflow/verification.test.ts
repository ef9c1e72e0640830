/**
 * Footage verification as a pure function: clear runs, holes in the footage,
 * the deadline, and the same answer whatever order the observations come in.
 */
import { describe, expect, it } from "vitest";
import { judgeSpot, type SpotObservation } from "../../src/workflow/verification.js";
import { objectAtSpot } from "../../src/workflow/spot-presence.js";
import type { TrackedObject } from "../../src/rules/types.js";

const T = 1_000_000;
const BOX = { x1: 50, y1: 350, x2: 240, y2: 460 };
const input = { watchFromMs: T, deadlineMs: T + 600_000, verifyClearSec: 120, maxGapMs: 30_000 };

/** One observation every `everySec` from `fromSec` to `toSec` (seconds after T), present or not. */
function run(fromSec: number, toSec: number, present: boolean, everySec = 10): SpotObservation[] {
  const out: SpotObservation[] = [];
  for (let s = fromSec; s <= toSec; s += everySec) out.push({ atMs: T + s * 1000, box: present ? BOX : null, path: "seg.mkv", offsetSec: s });
  return out;
}

describe("judgeSpot", () => {
  it("verifies the spot clear after verifyClearSec of contiguous clear footage, with the last frame of the object as 'before'", () => {
    const v = judgeSpot(input, [...run(10, 60, true), ...run(70, 300, false)]);
    expect(v).toMatchObject({ kind: "clear", clearFromMs: T + 70_000, before: { atMs: T + 60_000 }, after: { atMs: T + 190_000 } });
  });

  it("is pending while the clear run is shorter than verifyClearSec", () => {
    expect(judgeSpot(input, [...run(10, 60, true), ...run(70, 180, false)])).toEqual({ kind: "pending" });
  });

  it("does not count a hole in the footage as clear", () => {
    const v = judgeSpot(input, [...run(10, 60, true), ...run(70, 120, false), ...run(200, 280, false)]);
    expect(v).toEqual({ kind: "pending" });
  });

  it("ignores footage before the action it verifies", () => {
    expect(judgeSpot(input, run(-300, 0, false))).toEqual({ kind: "pending" });
  });

  it("restarts the clear run when the object is seen again", () => {
    const v = judgeSpot(input, [...run(10, 100, false), ...run(110, 110, true), ...run(120, 400, false)]);
    expect(v).toMatchObject({ kind: "clear", clearFromMs: T + 120_000, before: { atMs: T + 110_000 } });
  });

  it("fails when the object is still there at the deadline, with the latest frame as proof", () => {
    const v = judgeSpot(input, run(10, 700, true));
    expect(v).toMatchObject({ kind: "still_there", proof: { atMs: T + 700_000 } });
    expect(judgeSpot(input, run(10, 590, true))).toEqual({ kind: "pending" });
    expect(judgeSpot({ ...input, deadlineMs: null }, run(10, 700, true))).toEqual({ kind: "pending" });
  });

  it("gives the same verdict whatever order the footage arrived in (an NVR backfill after the live frames)", () => {
    const all = [...run(10, 60, true), ...run(70, 300, false)];
    const shuffled = [...all.slice(15), ...all.slice(0, 15).reverse()];
    expect(judgeSpot(input, shuffled)).toEqual(judgeSpot(input, all));
  });
});

describe("objectAtSpot", () => {
  const zone = { id: "bay", kind: "no_parking" as const, polygon: [[0, 0.5], [0.4, 0.5], [0.4, 0.9], [0, 0.9]] as [number, number][] };
  const track = (over: Partial<TrackedObject>): TrackedObject => ({
    trackId: 1, label: "bus", box: BOX, score: 0.6, peakScore: 0.6, firstSeenMs: T, lastSeenMs: T, stationary: true, stationarySinceMs: T, misses: 0, ...over,
  });
  const target = { zone, box: BOX, classes: ["car", "bus", "truck"] };

  it("finds the parked object of the rule's classes at the case's box in its zone", () => {
    expect(objectAtSpot(target, [track({})], 768, 576)).toEqual(BOX);
  });

  it("counts a track too new to tell whether it is at rest", () => {
    expect(objectAtSpot(target, [track({ stationary: false, lastSeenMs: T + 4000 })], 768, 576)).toEqual(BOX);
  });

  it("ignores moving traffic, coasting tracks, other classes, other places and objects outside the zone", () => {
    expect(objectAtSpot(target, [track({ stationary: false, lastSeenMs: T + 20_000 })], 768, 576)).toBeNull();
    expect(objectAtSpot(target, [track({ misses: 2 })], 768, 576)).toBeNull();
    expect(objectAtSpot(target, [track({ label: "person" })], 768, 576)).toBeNull();
    expect(objectAtSpot(target, [track({ box: { x1: 500, y1: 350, x2: 700, y2: 460 } })], 768, 576)).toBeNull();
    expect(objectAtSpot({ ...target, zone: { ...zone, polygon: [[0.6, 0], [1, 0], [1, 0.3]] } }, [track({})], 768, 576)).toBeNull();
  });
});
