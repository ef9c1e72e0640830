/**
 * From the readings of several frames of one vehicle to one answer: a plate
 * is read when readings agree; otherwise the incident says honestly why it
 * was not, from the best frame's figures first (its vehicle hidden or cut
 * off, blurred, too small for a legible plate), then from what the reader
 * saw (a plate too narrow, blurred or cut off; none; no valid reading).
 * Pure: the reader and frame-quality.ts produce the inputs.
 */
import { MIN_VEHICLE_SHARPNESS, OCCLUDED_SHARE, PLATE_SHARE_OF_VEHICLE, type FrameFigures } from "./frame-quality.js";
import type { ImageReading, PlateCandidate } from "./plate-reader.js";
import type { PlateReading, PlateResult, UnreadableReason } from "./types.js";

export interface VoteOptions {
  /** Plates narrower than this at the best frame are not trusted (measured by bench/plates.ts). */
  minPlateWidthPx: number;
  /** Laplacian variance under which a candidate counts as blurred. */
  minSharpness: number;
  /** A reading with any character less sure than this is not trusted: a wrong plate costs more than none. */
  minCharConfidence: number;
}

export const DEFAULT_VOTE_OPTIONS: VoteOptions = { minPlateWidthPx: 140, minSharpness: 60, minCharConfidence: 0.4 };

interface Tally {
  reading: PlateReading;
  weight: number;
  votes: number;
}

/** Readings wide enough to trust, tallied by plate, weighted by confidence. */
function tally(frames: readonly ImageReading[], options: VoteOptions): Tally[] {
  const byPlate = new Map<string, Tally>();
  for (const frame of frames) {
    const best = frame.readings.find((r) => r.widthPx >= options.minPlateWidthPx && Math.min(...r.charConfidences) >= options.minCharConfidence);
    if (best === undefined) continue;
    const entry = byPlate.get(best.plate);
    if (entry === undefined) byPlate.set(best.plate, { reading: best, weight: best.confidence, votes: 1 });
    else {
      entry.weight += best.confidence;
      entry.votes++;
      if (best.confidence > entry.reading.confidence) entry.reading = best;
    }
  }
  return [...byPlate.values()].sort((a, b) => b.weight - a.weight);
}

function unreadable(reason: UnreadableReason, detail: string, framesRead: number): PlateResult {
  return { status: "unreadable", plate: null, kind: null, confidence: null, charConfidences: [], reason, detail, votes: 0, framesRead, frames: [] };
}

/** Why the best frame itself could not show a legible plate, or null when its figures are fine. */
function explainBest(best: FrameFigures, candidates: readonly PlateCandidate[], options: VoteOptions, n: number): PlateResult | null {
  if (best.occlusion >= OCCLUDED_SHARE) return unreadable("occluded", `vehicle ${Math.round(best.occlusion * 100)} % hidden by other objects at the best frame`, n);
  if (best.truncated) return unreadable("occluded", "vehicle cut off by the edge of the picture at the best frame", n);
  if (best.sharpness < MIN_VEHICLE_SHARPNESS) {
    return unreadable("blurred", `vehicle too blurred at the best frame (sharpness ${Math.round(best.sharpness)}, needs ${MIN_VEHICLE_SHARPNESS})`, n);
  }
  const platePx = Math.round(best.vehicleWidthPx * PLATE_SHARE_OF_VEHICLE);
  if (candidates.length === 0 && platePx < options.minPlateWidthPx) {
    return unreadable("too_small", `vehicle ${best.vehicleWidthPx} px wide at the best frame: its plate would be about ${platePx} px (needs ${options.minPlateWidthPx})`, n);
  }
  return null;
}

/** Why nothing was read: the best frame's figures, then the widest plate-coloured candidate seen. */
function explain(frames: readonly ImageReading[], options: VoteOptions, best: FrameFigures | undefined): PlateResult {
  const candidates: PlateCandidate[] = frames.flatMap((f) => f.candidates).filter((c) => c.colour !== null);
  const n = frames.length;
  const fromBest = best && explainBest(best, candidates, options, n);
  if (fromBest) return fromBest;
  if (candidates.length === 0) return unreadable("no_plate_found", `no plate-shaped text in ${n} frame(s)`, n);
  const widest = candidates.reduce((a, b) => (b.widthPx > a.widthPx ? b : a));
  const px = Math.round(widest.widthPx);
  if (px < options.minPlateWidthPx) return unreadable("too_small", `plate ${px} px wide at the best frame (needs ${options.minPlateWidthPx})`, n);
  if (widest.sharpness < options.minSharpness) return unreadable("blurred", `plate too blurred to read (sharpness ${Math.round(widest.sharpness)}, needs ${options.minSharpness})`, n);
  if (widest.clipped) return unreadable("occluded", "plate cut off at the edge of the vehicle", n);
  const unsure = frames.flatMap((f) => f.readings).sort((a, b) => b.confidence - a.confidence)[0];
  if (unsure !== undefined) {
    const least = Math.min(...unsure.charConfidences);
    return unreadable("blurred", `characters too unsure to report (least sure ${least.toFixed(2)}, needs ${options.minCharConfidence})`, n);
  }
  return unreadable("no_valid_reading", `read "${widest.text}", which is no valid Chinese plate`, n);
}

/** `best`: the figures of the best of the frames (best-frames.ts), when they were ranked. */
export function votePlate(frames: readonly ImageReading[], options: VoteOptions = DEFAULT_VOTE_OPTIONS, best?: FrameFigures): PlateResult {
  const [winner] = tally(frames, options);
  if (winner === undefined) return explain(frames, options, best);
  const { reading } = winner;
  return {
    status: "read",
    plate: reading.plate,
    kind: reading.kind,
    confidence: winner.weight / frames.length,
    charConfidences: reading.charConfidences,
    reason: null,
    detail: null,
    votes: winner.votes,
    framesRead: frames.length,
    frames: [],
  };
}

/** The result of an incident whose vehicle was never looked at, e.g. no footage at full resolution. */
export function notAttempted(detail: string): PlateResult {
  return { status: "not_attempted", plate: null, kind: null, confidence: null, charConfidences: [], reason: "no_footage", detail, votes: 0, framesRead: 0, frames: [] };
}
