/**
 * Text boxes from the DB text detector's probability map (PaddleOCR's DB
 * post-processing, axis-aligned: plates on parked vehicles are close to level):
 * threshold the map, take connected regions, score each by its mean
 * probability, and grow it by the "unclip" distance, because DB predicts a
 * shrunk text kernel.
 */
import type { Box } from "../detect/types.js";

export interface DbOptions {
  /** Pixel threshold on the probability map (PaddleOCR: 0.3). */
  threshold: number;
  /** Minimum mean probability of a region (PaddleOCR: 0.6). */
  boxThreshold: number;
  /** Unclip ratio (PaddleOCR: 1.5). */
  unclipRatio: number;
  /** Regions smaller than this (map pixels, either side) are noise. */
  minSize: number;
}

export const DEFAULT_DB_OPTIONS: DbOptions = { threshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.5, minSize: 3 };

export interface TextBox {
  box: Box;
  score: number;
}

interface Region {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  sum: number;
  count: number;
}

/** Flood-fills the region of above-threshold pixels around (x, y), clearing them from `on`. */
function fillRegion(on: Uint8Array, map: Float32Array, width: number, height: number, start: number): Region {
  const region: Region = { x1: width, y1: height, x2: 0, y2: 0, sum: 0, count: 0 };
  const stack = [start];
  on[start] = 0;
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % width;
    const y = (i - x) / width;
    region.x1 = Math.min(region.x1, x);
    region.y1 = Math.min(region.y1, y);
    region.x2 = Math.max(region.x2, x + 1);
    region.y2 = Math.max(region.y2, y + 1);
    region.sum += map[i]!;
    region.count++;
    const neighbours = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1];
    for (const n of neighbours) {
      if (n >= 0 && on[n] === 1) {
        on[n] = 0;
        stack.push(n);
      }
    }
  }
  return region;
}

/** Grows a kernel box by area × ratio / perimeter on every side, as DB's unclip does. */
function unclip(r: Region, ratio: number): Box {
  const w = r.x2 - r.x1;
  const h = r.y2 - r.y1;
  const d = (w * h * ratio) / (2 * (w + h));
  return { x1: r.x1 - d, y1: r.y1 - d, x2: r.x2 + d, y2: r.y2 + d };
}

/** Text boxes in map pixels, best first. */
export function textBoxes(map: Float32Array, width: number, height: number, options: DbOptions = DEFAULT_DB_OPTIONS): TextBox[] {
  const on = new Uint8Array(width * height);
  for (let i = 0; i < on.length; i++) on[i] = map[i]! > options.threshold ? 1 : 0;
  const boxes: TextBox[] = [];
  for (let i = 0; i < on.length; i++) {
    if (on[i] !== 1) continue;
    const region = fillRegion(on, map, width, height, i);
    if (region.x2 - region.x1 < options.minSize || region.y2 - region.y1 < options.minSize) continue;
    const score = region.sum / region.count;
    if (score < options.boxThreshold) continue;
    const box = unclip(region, options.unclipRatio);
    boxes.push({ score, box: { x1: Math.max(0, box.x1), y1: Math.max(0, box.y1), x2: Math.min(width, box.x2), y2: Math.min(height, box.y2) } });
  }
  return boxes.sort((a, b) => b.score - a.score);
}
