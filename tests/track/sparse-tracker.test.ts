import { describe, expect, it } from "vitest";
import type { Detection } from "../../src/detect/types.js";
import type { FrameObservation, TrackedObject } from "../../src/rules/types.js";
import { iou } from "../../src/track/box-geometry.js";
import { SparseTracker } from "../../src/track/sparse-tracker.js";
import { EDGE_CAR_BOX, FRAME, VAN_BOX, det, jitter, rng, vtestScene } from "./vtest-scene.js";

function run(tracker: SparseTracker, frames: { timeMs: number; detections: Detection[] }[]): FrameObservation[] {
  return frames.map((f) => tracker.update(f.timeMs, f.detections, FRAME.width, FRAME.height));
}

const near = (box: typeof VAN_BOX) => (t: TrackedObject): boolean => iou(t.box, box) > 0.5;

describe("SparseTracker on a vtest-like scene", () => {
  for (const intervalMs of [2_000, 10_000]) {
    it(`keeps the parked van as one stationary identity at ${intervalMs / 1000} s sampling, through misses and label flips`, () => {
      const frames = vtestScene({ samples: 40, intervalMs, missRate: 0.15, flipRate: 0.35, seed: 11 });
      const missedSamples = frames.filter((f) => !f.detections.some((d) => iou(d.box, VAN_BOX) > 0.5)).length;
      expect(missedSamples).toBeGreaterThan(0);
      const labels = new Set(frames.flatMap((f) => f.detections.filter((d) => iou(d.box, VAN_BOX) > 0.5).map((d) => d.label)));
      expect(labels).toEqual(new Set(["car", "truck"]));

      const obs = run(new SparseTracker(), frames);
      const vanIds = new Set(obs.flatMap((o) => o.tracks.filter(near(VAN_BOX)).map((t) => t.trackId)));
      expect(vanIds.size).toBe(1);
      const last = obs.at(-1)!.tracks.find(near(VAN_BOX))!;
      expect(last.label).toBe("car");
      expect(last.stationary).toBe(true);
      // Stationary from its first confirmed sightings, and never reset by jitter, misses or flips.
      const since = new Set(obs.flatMap((o) => o.tracks.filter(near(VAN_BOX)).map((t) => t.stationarySinceMs)));
      expect(since).toEqual(new Set([last.firstSeenMs]));
      expect(last.firstSeenMs).toBeLessThanOrEqual(frames[3]!.timeMs);
      expect(last.peakScore).toBeGreaterThanOrEqual(last.score);
    });

    it(`never reports walking people or passing cars as stationary at ${intervalMs / 1000} s sampling`, () => {
      const obs = run(new SparseTracker(), vtestScene({ samples: 60, intervalMs, seed: 3 }));
      const tracks = obs.flatMap((o) => o.tracks);
      expect(tracks.filter((t) => t.label === "person").length).toBeGreaterThan(0);
      expect(tracks.filter((t) => t.label === "car" && t.box.y1 >= 380 && t.stationary)).toEqual([]);
      // Even reporting every single sighting (minHits 1), a passing car is never at rest.
      const eager = run(new SparseTracker({ minHits: 1 }), vtestScene({ samples: 60, intervalMs, seed: 3 })).flatMap((o) => o.tracks);
      const passing = eager.filter((t) => t.label === "car" && t.box.y1 >= 380);
      expect(passing.length).toBeGreaterThan(0);
      expect(passing.filter((t) => t.stationary)).toEqual([]);
      // Two walkers can cross the same spot a sample or two apart (a tentative track survives one miss);
      // that never adds up to more than two intervals at rest, far below any dwell threshold.
      const restMs = tracks.filter((t) => t.label === "person" && t.stationary).map((t) => t.lastSeenMs - t.stationarySinceMs!);
      expect(Math.max(0, ...restMs)).toBeLessThanOrEqual(2 * intervalMs);
      const parked = obs.at(-1)!.tracks.filter((t) => t.stationary && t.label !== "person");
      expect(parked).toHaveLength(2);
      expect(parked.some(near(EDGE_CAR_BOX)) && parked.some(near(VAN_BOX))).toBe(true);
    });
  }

  it("builds up a parked van detected in only half the samples (low recall at night)", () => {
    const frames = vtestScene({ samples: 40, intervalMs: 10_000, missRate: 0.5, seed: 99 });
    const hits = frames.map((f) => f.detections.some((d) => iou(d.box, VAN_BOX) > 0.5));
    expect(hits.filter(Boolean).length).toBeGreaterThan(12);
    expect(hits.filter(Boolean).length).toBeLessThan(28);
    const obs = run(new SparseTracker(), frames);
    const van = obs.flatMap((o) => o.tracks.filter(near(VAN_BOX)));
    expect(new Set(van.map((t) => t.trackId)).size).toBe(1);
    expect(van.at(-1)!.stationarySinceMs).toBe(frames[hits.indexOf(true)]!.timeMs);
  });

  it("does not report a detection seen only once", () => {
    const tracker = new SparseTracker();
    expect(tracker.update(0, [det("car", VAN_BOX)], 768, 576).tracks).toEqual([]);
    expect(tracker.update(2_000, [det("car", VAN_BOX)], 768, 576).tracks).toHaveLength(1);
  });

  it("coasts a parked track through misses for maxCoastMs, then drops it", () => {
    const tracker = new SparseTracker({ maxCoastMs: 60_000, maxMisses: 3 });
    const random = rng(5);
    for (let t = 0; t <= 20_000; t += 10_000) tracker.update(t, [det("car", jitter(VAN_BOX, 2, random))], 768, 576);
    const coasting: FrameObservation[] = [];
    for (let t = 30_000; t <= 90_000; t += 10_000) coasting.push(tracker.update(t, [], 768, 576));
    expect(coasting.map((o) => o.tracks.length)).toEqual([1, 1, 1, 1, 1, 1, 0]);
    expect(coasting[4]!.tracks[0]).toMatchObject({ trackId: 1, misses: 5, stationary: true, stationarySinceMs: 0, lastSeenMs: 20_000 });
  });

  it("continues the same parked track after a gap within the coast limit, keeping its stationary time", () => {
    const tracker = new SparseTracker();
    tracker.update(0, [det("car", VAN_BOX)], 768, 576);
    tracker.update(10_000, [det("car", VAN_BOX)], 768, 576);
    tracker.update(20_000, [], 768, 576);
    tracker.update(30_000, [], 768, 576);
    const back = tracker.update(40_000, [det("truck", VAN_BOX)], 768, 576).tracks;
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ trackId: 1, misses: 0, stationary: true, stationarySinceMs: 0 });
  });

  it("drops tracks across a gap in the footage longer than the coast limit", () => {
    const tracker = new SparseTracker();
    tracker.update(0, [det("car", VAN_BOX)], 768, 576);
    tracker.update(10_000, [det("car", VAN_BOX)], 768, 576);
    tracker.update(3_600_000, [det("car", VAN_BOX)], 768, 576);
    const after = tracker.update(3_610_000, [det("car", VAN_BOX)], 768, 576).tracks;
    expect(after).toHaveLength(1);
    expect(after[0]!.trackId).not.toBe(1);
    expect(after[0]!.stationarySinceMs).toBe(3_600_000);
  });

  it("does not let a passing car take over a parked car's track while the parked one is missed", () => {
    const tracker = new SparseTracker();
    const parked = { x1: 300, y1: 300, x2: 420, y2: 390 };
    tracker.update(0, [det("car", parked)], 768, 576);
    tracker.update(2_000, [det("car", parked)], 768, 576);
    const passing = { x1: 400, y1: 305, x2: 520, y2: 395 };
    expect(iou(parked, passing)).toBeLessThan(0.2);
    const during = tracker.update(4_000, [det("car", passing)], 768, 576).tracks;
    expect(during.find((t) => t.trackId === 1)).toMatchObject({ misses: 1, stationary: true, box: parked });
    const after = tracker.update(6_000, [det("car", parked)], 768, 576).tracks.find((t) => t.trackId === 1);
    expect(after).toMatchObject({ misses: 0, stationary: true, stationarySinceMs: 0 });
  });

  it("keeps a parked van stationary through one partly occluded detection", () => {
    const tracker = new SparseTracker();
    tracker.update(0, [det("car", VAN_BOX)], 768, 576);
    tracker.update(2_000, [det("car", VAN_BOX)], 768, 576);
    const occluded = { ...VAN_BOX, y2: 75 };
    const o = tracker.update(4_000, [det("car", occluded), det("person", { x1: 670, y1: 30, x2: 700, y2: 110 })], 768, 576);
    expect(o.tracks.find((t) => t.trackId === 1)).toMatchObject({ stationary: true, stationarySinceMs: 0 });
    const back = tracker.update(6_000, [det("car", VAN_BOX)], 768, 576).tracks.find((t) => t.trackId === 1);
    expect(back).toMatchObject({ stationary: true, stationarySinceMs: 0 });
  });

  it("loses stationary state when the vehicle drives off, and re-anchors when it parks again", () => {
    const tracker = new SparseTracker();
    const at = (dx: number) => ({ x1: 300 + dx, y1: 300, x2: 420 + dx, y2: 390 });
    tracker.update(0, [det("car", at(0))], 768, 576);
    tracker.update(2_000, [det("car", at(0))], 768, 576);
    tracker.update(4_000, [det("car", at(3))], 768, 576);
    const moved = tracker.update(6_000, [det("car", at(60))], 768, 576).tracks;
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ trackId: 1, stationary: false, stationarySinceMs: null });
    const parkedAgain = tracker.update(8_000, [det("car", at(62))], 768, 576).tracks;
    expect(parkedAgain[0]).toMatchObject({ trackId: 1, stationary: true, stationarySinceMs: 6_000 });
  });

  it("treats car and truck boxes on the same vehicle in one frame as one object", () => {
    const tracker = new SparseTracker();
    for (const t of [0, 2_000, 4_000]) {
      tracker.update(t, [det("car", VAN_BOX, 0.6), det("truck", jitter(VAN_BOX, 1, rng(t + 1)), 0.7)], 768, 576);
    }
    const tracks = tracker.update(6_000, [det("truck", VAN_BOX, 0.7)], 768, 576).tracks;
    expect(tracks).toHaveLength(1);
    expect(tracks[0]!.label).toBe("truck");
  });

  it("keeps a bicycle/motorcycle flip as one track but never matches a person to a car", () => {
    const tracker = new SparseTracker();
    const bike = { x1: 100, y1: 400, x2: 150, y2: 460 };
    tracker.update(0, [det("bicycle", bike)], 768, 576);
    tracker.update(2_000, [det("motorcycle", bike)], 768, 576);
    tracker.update(4_000, [det("person", bike)], 768, 576);
    const tracks = tracker.update(6_000, [det("bicycle", bike), det("person", bike)], 768, 576).tracks;
    expect(tracks.map((t) => [t.trackId, t.label]).sort()).toEqual([[1, "bicycle"], [2, "person"]]);
  });

  it("refuses time going backwards", () => {
    const tracker = new SparseTracker();
    tracker.update(1_000, [], 768, 576);
    expect(() => tracker.update(1_000, [], 768, 576)).toThrow(RangeError);
  });
});
