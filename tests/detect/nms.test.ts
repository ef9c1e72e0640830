// Class-aware NMS and IoU on hand-made boxes.
import { describe, expect, it } from "vitest";
import { nonMaxSuppression } from "../../src/detect/nms.js";
import { iou } from "../../src/track/box-geometry.js";
import type { Detection } from "../../src/detect/types.js";

function det(label: string, classId: number, score: number, x1: number, y1: number, x2: number, y2: number): Detection {
  return { label, classId, score, box: { x1, y1, x2, y2 } };
}

describe("iou", () => {
  it("is 1 for equal boxes, 0 for disjoint ones, and the overlap ratio otherwise", () => {
    const a = { x1: 0, y1: 0, x2: 10, y2: 10 };
    expect(iou(a, a)).toBe(1);
    expect(iou(a, { x1: 10, y1: 0, x2: 20, y2: 10 })).toBe(0);
    expect(iou(a, { x1: 5, y1: 0, x2: 15, y2: 10 })).toBeCloseTo(50 / 150, 10);
  });
});

describe("nonMaxSuppression", () => {
  const boxes = [
    det("car", 1, 0.6, 1, 0, 11, 10),
    det("car", 1, 0.9, 0, 0, 10, 10),
    det("truck", 2, 0.8, 0, 0, 10, 10),
    det("car", 1, 0.7, 30, 30, 40, 40),
  ];

  it("suppresses overlapping boxes of the same class only, best first", () => {
    const kept = nonMaxSuppression(boxes, 0.5, 100);
    expect(kept.map((d) => `${d.label}${d.score}`)).toEqual(["car0.9", "truck0.8", "car0.7"]);
  });

  it("keeps overlaps below the IoU threshold and stops at the maximum count", () => {
    expect(nonMaxSuppression(boxes, 0.9, 100)).toHaveLength(4);
    expect(nonMaxSuppression(boxes, 0.5, 2).map((d) => d.score)).toEqual([0.9, 0.8]);
  });
});
