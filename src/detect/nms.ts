/** Class-aware non-maximum suppression over source-pixel detections. */
import { iou } from "../track/box-geometry.js";
import type { Detection } from "./types.js";

/**
 * Keeps the best-scoring detections; a detection is dropped when it overlaps
 * a kept one of the same class by more than `iouThreshold`. Returns at most
 * `maxDetections`, best first.
 */
export function nonMaxSuppression(detections: readonly Detection[], iouThreshold: number, maxDetections: number): Detection[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const candidate of sorted) {
    if (kept.length >= maxDetections) break;
    const suppressed = kept.some((k) => k.classId === candidate.classId && iou(k.box, candidate.box) > iouThreshold);
    if (!suppressed) kept.push(candidate);
  }
  return kept;
}
