import { describe, expect, it } from "vitest";
import { boxGap, boxSize, containment, groundPoint, iou, unionBox } from "../../src/track/box-geometry.js";
import { greedyMatch } from "../../src/track/greedy-match.js";
import { LabelVotes, labelGrouper, DEFAULT_LABEL_GROUPS } from "../../src/track/label-groups.js";

const a = { x1: 0, y1: 0, x2: 10, y2: 10 };

describe("box geometry", () => {
  it("computes IoU, containment, gaps, sizes and unions", () => {
    expect(iou(a, a)).toBe(1);
    expect(iou(a, { x1: 5, y1: 0, x2: 15, y2: 10 })).toBeCloseTo(50 / 150, 9);
    expect(iou(a, { x1: 10, y1: 0, x2: 20, y2: 10 })).toBe(0);
    expect(containment({ x1: 0, y1: 0, x2: 10, y2: 5 }, a)).toBe(1);
    expect(containment(a, { x1: 0, y1: 0, x2: 10, y2: 5 })).toBe(0.5);
    expect(boxGap(a, { x1: 13, y1: 14, x2: 20, y2: 20 })).toBe(5);
    expect(boxGap(a, { x1: 5, y1: 5, x2: 20, y2: 20 })).toBe(0);
    expect(boxSize({ x1: 0, y1: 0, x2: 4, y2: 9 })).toBe(6);
    expect(groundPoint({ x1: 2, y1: 3, x2: 6, y2: 9 })).toEqual({ x: 4, y: 9 });
    expect(unionBox([a, { x1: -5, y1: 2, x2: 3, y2: 30 }])).toEqual({ x1: -5, y1: 0, x2: 10, y2: 30 });
    expect(() => unionBox([])).toThrow(RangeError);
  });
});

describe("greedyMatch", () => {
  it("takes the best pairs first and reports the leftovers", () => {
    const r = greedyMatch(
      [
        { track: 0, detection: 0, score: 0.9 },
        { track: 0, detection: 1, score: 0.95 },
        { track: 1, detection: 1, score: 0.8 },
        { track: 1, detection: 0, score: 0.7 },
      ],
      3,
      3,
    );
    expect(r.pairs).toEqual([{ track: 0, detection: 1 }, { track: 1, detection: 0 }]);
    expect(r.unmatchedTracks).toEqual([2]);
    expect(r.unmatchedDetections).toEqual([2]);
  });
});

describe("label groups", () => {
  it("groups flipping vehicle labels and votes by score", () => {
    const group = labelGrouper(DEFAULT_LABEL_GROUPS);
    expect(group("car")).toBe(group("truck"));
    expect(group("bicycle")).toBe(group("motorcycle"));
    expect(group("car")).not.toBe(group("motorcycle"));
    expect(group("person")).toBe("person");
    const votes = new LabelVotes();
    votes.add("truck", 0.4);
    votes.add("car", 0.3);
    votes.add("car", 0.3);
    expect(votes.majority()).toBe("car");
  });
});
