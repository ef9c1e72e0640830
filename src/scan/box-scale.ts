/**
 * The detector answers in the pixels of the frame it was given (the sampled,
 * model-sized frame); tracks, zones and evidence use source pixels. This maps
 * detections from one to the other.
 */
import type { Box, Detection } from "../detect/types.js";

export interface Size {
  width: number;
  height: number;
}

export function scaleBox(box: Box, from: Size, to: Size): Box {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  return { x1: box.x1 * sx, y1: box.y1 * sy, x2: box.x2 * sx, y2: box.y2 * sy };
}

export function toSourcePixels(detections: readonly Detection[], sampled: Size, source: Size): Detection[] {
  if (sampled.width === source.width && sampled.height === source.height) return [...detections];
  return detections.map((d) => ({ ...d, box: scaleBox(d.box, sampled, source) }));
}
