/**
 * Decoder candidates → final detections: back to source pixels (clipped),
 * empty boxes dropped, labels attached, class-aware NMS, max count.
 */
import { KerbsideError } from "../errors.js";
import type { Candidate } from "./decoders/types.js";
import { toSourceBox, type InputMapping } from "./input-mapping.js";
import { nonMaxSuppression } from "./nms.js";
import type { Detection } from "./types.js";

export const DEFAULT_IOU_THRESHOLD = 0.5;
export const DEFAULT_MAX_DETECTIONS = 100;

export function labelOf(labels: readonly string[], classId: number): string {
  return labels[classId] ?? `class${classId}`;
}

/** A mask of allowed class ids, or null for all; unknown labels are an error. */
export function classMask(labels: readonly string[], classes: readonly string[] | undefined): Uint8Array | null {
  if (classes === undefined) return null;
  const mask = new Uint8Array(labels.length);
  for (const name of classes) {
    const id = labels.indexOf(name);
    if (id < 0) {
      throw new KerbsideError("KERB_ERR_DETECT_CLASS", `unknown class "${name}"; the model knows: ${labels.join(", ")}`);
    }
    mask[id] = 1;
  }
  return mask;
}

export interface FinalizeOptions {
  labels: readonly string[];
  iouThreshold: number;
  maxDetections: number;
}

export function finalizeDetections(candidates: readonly Candidate[], mapping: InputMapping, options: FinalizeOptions): Detection[] {
  const detections: Detection[] = [];
  for (const c of candidates) {
    const box = toSourceBox(c, mapping);
    if (!(box.x2 > box.x1 && box.y2 > box.y1)) continue;
    detections.push({ label: labelOf(options.labels, c.classId), classId: c.classId, score: c.score, box });
  }
  return nonMaxSuppression(detections, options.iouThreshold, options.maxDetections);
}
