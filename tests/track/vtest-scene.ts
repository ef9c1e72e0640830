/**
 * Synthetic detections modelled on samples/vtest.avi (768x576): a parked
 * white van top-right with small jitter, occasional misses and car/truck
 * label flips; a parked car at the right edge; people walking 30–80 px per
 * 2 s sample; a car driving through. Seeded, so every run is the same.
 */
import type { Box, Detection } from "../../src/detect/types.js";

export const FRAME = { width: 768, height: 576 };
export const VAN_BOX: Box = { x1: 652, y1: 45, x2: 722, y2: 100 };
export const EDGE_CAR_BOX: Box = { x1: 735, y1: 50, x2: 768, y2: 92 };

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function jitter(box: Box, px: number, random: () => number): Box {
  const d = (): number => (random() * 2 - 1) * px;
  return { x1: box.x1 + d(), y1: box.y1 + d(), x2: box.x2 + d(), y2: box.y2 + d() };
}

export function det(label: string, box: Box, score = 0.8): Detection {
  const classIds: Record<string, number> = { person: 0, bicycle: 1, car: 2, motorcycle: 3, bus: 5, truck: 7 };
  return { label, classId: classIds[label] ?? 99, score, box };
}

export interface SceneOptions {
  samples: number;
  intervalMs: number;
  startMs?: number;
  seed?: number;
  /** Probability that the van is missed in a sample. */
  missRate?: number;
  /** Probability the van is reported as "truck" instead of "car". */
  flipRate?: number;
}

export interface SceneFrame {
  timeMs: number;
  detections: Detection[];
}

const wrap = (v: number, lo: number, hi: number): number => lo + ((((v - lo) % (hi - lo)) + (hi - lo)) % (hi - lo));

/** People walking across the scene (wrapping at the edges): each moves 30–80 px per 2 s. */
function walkers(timeSec: number, random: () => number): Detection[] {
  const people = [
    { x: 100, y: 300, vx: 21.7, vy: 7.3 },
    { x: 600, y: 450, vx: -33.1, vy: -5.9 },
    { x: 300, y: 250, vx: 16.3, vy: 17.9 },
  ];
  return people.map((p) => {
    const x = wrap(p.x + p.vx * timeSec, 0, 600) + random() * 6;
    const y = wrap(p.y + p.vy * timeSec, 200, 560) + random() * 6;
    return det("person", { x1: x, y1: y - 80, x2: x + 30, y2: y }, 0.6 + random() * 0.3);
  });
}

/** Cars crossing left→right at 125 px/s, one entering every 23 s. */
function passingCars(timeSec: number): Detection[] {
  const x = -120 + 125 * (timeSec % 23);
  return x < -100 || x > 740 ? [] : [det("car", { x1: x, y1: 380, x2: x + 120, y2: 470 }, 0.85)];
}

export function vtestScene(options: SceneOptions): SceneFrame[] {
  const random = rng(options.seed ?? 7);
  const start = options.startMs ?? Date.UTC(2026, 10, 23, 2, 0, 0);
  return Array.from({ length: options.samples }, (_, i) => {
    const detections: Detection[] = [];
    if (random() >= (options.missRate ?? 0.1)) {
      const label = random() < (options.flipRate ?? 0.3) ? "truck" : "car";
      detections.push(det(label, jitter(VAN_BOX, 2, random), 0.7 + random() * 0.2));
    }
    detections.push(det("car", jitter(EDGE_CAR_BOX, 1.5, random), 0.5 + random() * 0.2));
    const timeSec = (i * options.intervalMs) / 1000;
    detections.push(...walkers(timeSec, random), ...passingCars(timeSec));
    return { timeMs: start + i * options.intervalMs, detections };
  });
}
