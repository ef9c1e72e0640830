import { describe, expect, it } from "vitest";
import type { Box } from "../../src/detect/types.js";
import { ClusterIdentity, findStallClusters } from "../../src/rules/stall-clusters.js";
import type { TrackedObject } from "../../src/rules/types.js";
import { STALL_LIKE_COCO } from "../../src/rules/rule-defaults.js";

const CLASSES = [...STALL_LIKE_COCO];

function obj(trackId: number, label: string, box: Box, extra: Partial<TrackedObject> = {}): TrackedObject {
  return {
    trackId, label, box, score: 0.6, peakScore: 0.7, firstSeenMs: 0, lastSeenMs: 60_000,
    stationary: true, stationarySinceMs: 0, misses: 0, ...extra,
  };
}

const chairAt = (id: number, x: number): TrackedObject => obj(id, "chair", { x1: x, y1: 400, x2: x + 30, y2: 445 });

describe("findStallClusters", () => {
  it("links objects whose gap is at most one box size (√area ≈ 37 px for a 30×45 chair)", () => {
    expect(findStallClusters([chairAt(1, 100), chairAt(2, 165)], CLASSES, [])).toHaveLength(1); // gap 35
    expect(findStallClusters([chairAt(1, 100), chairAt(2, 170)], CLASSES, [])).toHaveLength(0); // gap 40
  });

  it("ignores moving objects and unwatched labels", () => {
    const moving = obj(2, "chair", { x1: 140, y1: 400, x2: 170, y2: 445 }, { stationary: false, stationarySinceMs: null });
    expect(findStallClusters([chairAt(1, 100), moving], CLASSES, [])).toEqual([]);
    expect(findStallClusters([chairAt(1, 100), obj(2, "car", { x1: 140, y1: 400, x2: 170, y2: 445 })], CLASSES, [])).toEqual([]);
  });

  it("counts a lone object with a lingering person, but not with a passer-by", () => {
    const vendor = (extra: Partial<TrackedObject>) => obj(9, "person", { x1: 135, y1: 360, x2: 165, y2: 445 }, extra);
    const passer = vendor({ stationary: false, stationarySinceMs: null, firstSeenMs: 50_000, lastSeenMs: 60_000 });
    expect(findStallClusters([chairAt(1, 100), passer], CLASSES, [])).toEqual([]);
    const lingering = vendor({ stationary: false, stationarySinceMs: null, firstSeenMs: 20_000, lastSeenMs: 60_000 });
    expect(findStallClusters([chairAt(1, 100), lingering], CLASSES, [])[0]!.people.map((p) => p.trackId)).toEqual([9]);
    expect(findStallClusters([chairAt(1, 100), vendor({})], CLASSES, [])).toHaveLength(1);
  });

  it("accepts one object of an explicit stall class", () => {
    const cart = obj(3, "vendor_cart", { x1: 100, y1: 380, x2: 200, y2: 450 });
    expect(findStallClusters([cart], [...CLASSES, "vendor_cart"], ["vendor_cart"])).toHaveLength(1);
  });
});

describe("ClusterIdentity", () => {
  it("keeps an id while the cluster shares any object with the previous frame", () => {
    const ids = new ClusterIdentity();
    const first = ids.assign(findStallClusters([chairAt(1, 100), chairAt(2, 140)], CLASSES, []));
    const second = ids.assign(findStallClusters([chairAt(2, 140), chairAt(3, 180)], CLASSES, []));
    const third = ids.assign(findStallClusters([chairAt(4, 400), chairAt(5, 440)], CLASSES, []));
    expect(first.map((s) => s.id)).toEqual([1]);
    expect(second.map((s) => [s.id, s.ref])).toEqual([[1, "c1"]]);
    expect(third.map((s) => s.id)).toEqual([2]);
    expect(second[0]!.box).toEqual({ x1: 140, y1: 400, x2: 210, y2: 445 });
  });
});
