/**
 * Which frames of a parked vehicle are worth reading its plate from, by
 * their figures: how large the vehicle is (a larger vehicle has a wider
 * plate), how sharp its crop is (variance of the Laplacian, measured at one
 * fixed crop width so that frames are compared on equal terms: a smaller
 * crop is not "sharper" just for having fewer pixels), and how much of it
 * is hidden (overlap with other detected boxes — a passer-by, another car —
 * or cut off by the frame edge). Ranking is pure; the figures also say why a plate was
 * not read when nothing was (plate-vote.ts).
 */
import sharp from "sharp";
import type { Box } from "../detect/types.js";
import { cropRgb, sharpness } from "./rgb-image.js";
import type { RgbImage } from "./types.js";

/** What one candidate frame shows of the vehicle. */
export interface FrameFigures {
  atMs: number;
  /** The vehicle's box in that frame (full-resolution pixels). */
  vehicle: Box;
  vehicleWidthPx: number;
  /** Laplacian variance of the vehicle crop scaled to SHARPNESS_WIDTH. */
  sharpness: number;
  /**
   * Share of the vehicle covered by other detected boxes (0–1): of its box in
   * this frame, or of its parking spot (the incident's box) when more of that
   * is covered — a vehicle half behind another is often detected as only its
   * visible half.
   */
  occlusion: number;
  /** The vehicle box touches the frame edge: part of it may be outside the picture. */
  truncated: boolean;
}

/** A ranked frame: its figures, its score (higher is better) and its place (0 = best). */
export interface RankedFrame extends FrameFigures {
  score: number;
  rank: number;
}

/** Vehicle crops are compared at this width. */
export const SHARPNESS_WIDTH = 256;
/** A vehicle hidden this much (or cut off by the frame edge) is "occluded" at the best frame. */
export const OCCLUDED_SHARE = 0.25;
/** A vehicle crop under this Laplacian variance (at SHARPNESS_WIDTH) is "blurred". */
export const MIN_VEHICLE_SHARPNESS = 60;
/** A plate is about this share of a car's width seen from the back or the front (440 mm of ~1.8 m). */
export const PLATE_SHARE_OF_VEHICLE = 0.24;

const area = (b: Box): number => Math.max(0, b.x2 - b.x1) * Math.max(0, b.y2 - b.y1);

/** Share of `box` covered by the union of `others` (sampled on a grid: boxes overlap each other too). */
export function coveredShare(box: Box, others: readonly Box[]): number {
  const hits = others.filter((o) => o.x1 < box.x2 && o.x2 > box.x1 && o.y1 < box.y2 && o.y2 > box.y1);
  if (hits.length === 0 || area(box) === 0) return 0;
  const steps = 24;
  let covered = 0;
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      const x = box.x1 + ((i + 0.5) * (box.x2 - box.x1)) / steps;
      const y = box.y1 + ((j + 0.5) * (box.y2 - box.y1)) / steps;
      if (hits.some((o) => x >= o.x1 && x < o.x2 && y >= o.y1 && y < o.y2)) covered++;
    }
  }
  return covered / (steps * steps);
}

/** The vehicle crop scaled to SHARPNESS_WIDTH (bilinear: an enlarged small crop stays as soft as it is). */
async function normalisedCrop(image: RgbImage, box: Box): Promise<RgbImage> {
  const crop = cropRgb(image, box);
  const height = Math.max(3, Math.round((crop.height * SHARPNESS_WIDTH) / crop.width));
  const data = await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 3 } })
    .resize(SHARPNESS_WIDTH, height, { fit: "fill", kernel: "linear" })
    .raw()
    .toBuffer();
  return { width: SHARPNESS_WIDTH, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export async function frameFigures(atMs: number, image: RgbImage, vehicle: Box, others: readonly Box[], spot: Box = vehicle): Promise<FrameFigures> {
  const edge = 2;
  return {
    atMs,
    vehicle,
    vehicleWidthPx: Math.round(vehicle.x2 - vehicle.x1),
    sharpness: sharpness(await normalisedCrop(image, vehicle)),
    occlusion: Math.max(coveredShare(vehicle, others), coveredShare(spot, others)),
    truncated: vehicle.x1 <= edge || vehicle.y1 <= edge || vehicle.x2 >= image.width - edge || vehicle.y2 >= image.height - edge,
  };
}

/**
 * Best first. Score = relative size × relative sharpness × visible share,
 * halved when cut off by the frame edge: a frame must be large, sharp and
 * unhidden at once to come first; ties keep time order.
 */
export function rankFrames(frames: readonly FrameFigures[]): RankedFrame[] {
  const widest = Math.max(1, ...frames.map((f) => f.vehicleWidthPx));
  const sharpest = Math.max(1e-6, ...frames.map((f) => f.sharpness));
  return frames
    .map((f, i) => ({ f, i, score: (f.vehicleWidthPx / widest) * Math.sqrt(f.sharpness / sharpest) * (1 - f.occlusion) * (f.truncated ? 0.5 : 1) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ f, score }, rank) => ({ ...f, score: Number(score.toFixed(4)), rank }));
}
