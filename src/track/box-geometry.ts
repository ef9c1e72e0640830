/**
 * Box arithmetic shared by the tracker, the rule engine and the incident store.
 * Boxes are in source-image pixels (see detect/types.ts).
 */
import type { Box } from "../detect/types.js";

export interface Point2 {
  x: number;
  y: number;
}

export function boxWidth(box: Box): number {
  return Math.max(0, box.x2 - box.x1);
}

export function boxHeight(box: Box): number {
  return Math.max(0, box.y2 - box.y1);
}

export function boxArea(box: Box): number {
  return boxWidth(box) * boxHeight(box);
}

/** A box's linear size: the square root of its area (at least 1 px). */
export function boxSize(box: Box): number {
  return Math.max(1, Math.sqrt(boxArea(box)));
}

export function boxCentre(box: Box): Point2 {
  return { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
}

/** Where the object touches the ground: the bottom centre of its box. */
export function groundPoint(box: Box): Point2 {
  return { x: (box.x1 + box.x2) / 2, y: box.y2 };
}

export function distance(a: Point2, b: Point2): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** The fraction of box a's area that lies inside box b. */
export function containment(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  const area = boxArea(a);
  return w > 0 && h > 0 && area > 0 ? (w * h) / area : 0;
}

/** Shortest distance between two boxes' edges; 0 when they touch or overlap. */
export function boxGap(a: Box, b: Box): number {
  const dx = Math.max(0, a.x1 - b.x2, b.x1 - a.x2);
  const dy = Math.max(0, a.y1 - b.y2, b.y1 - a.y2);
  return Math.hypot(dx, dy);
}

export function unionBox(boxes: readonly Box[]): Box {
  const first = boxes[0];
  if (!first) throw new RangeError("unionBox needs at least one box");
  return boxes.reduce(
    (u, b) => ({ x1: Math.min(u.x1, b.x1), y1: Math.min(u.y1, b.y1), x2: Math.max(u.x2, b.x2), y2: Math.max(u.y2, b.y2) }),
    { ...first },
  );
}
