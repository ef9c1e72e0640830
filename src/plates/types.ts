/**
 * Plate reading: what the OCR found on a vehicle, and what the incident
 * records of it. Plates are personal data: see plate-mask.ts for who sees them.
 */
import type { Box } from "../detect/types.js";

/** Plate colours used in China (GA 36): blue small cars, yellow large vehicles/trailers/coaches, green new-energy, white police, black HK/Macau cross-border. */
export type PlateKind = "blue" | "yellow" | "green" | "white" | "black";

export type PlateStatus = "read" | "unreadable" | "not_attempted";

/** Why a plate could not be read, in words an officer understands. */
export type UnreadableReason = "too_small" | "blurred" | "occluded" | "no_plate_found" | "no_valid_reading" | "no_footage";

/** One reading of one plate candidate in one frame. */
export interface PlateReading {
  /** Normalised, e.g. 浙A·D1234. */
  plate: string;
  kind: PlateKind;
  /** Mean of the per-character confidences. */
  confidence: number;
  /** One per character of `plate` without the separator. */
  charConfidences: number[];
  /** Where the plate is in the image, in image pixels. */
  box: Box;
  /** Plate width in image pixels: what decides whether a reading can be trusted. */
  widthPx: number;
}

/** The result kept on a parking incident. */
export interface PlateResult {
  status: PlateStatus;
  plate: string | null;
  kind: PlateKind | null;
  confidence: number | null;
  charConfidences: number[];
  /** Set when status is not "read". */
  reason: UnreadableReason | null;
  /** Human detail for the reason, e.g. "plate 38 px wide at the best frame (needs 60)". */
  detail: string | null;
  /** Frames that agreed with the voted plate / frames read. */
  votes: number;
  framesRead: number;
  /** The frames read, best first, with the figures they were chosen by (absent or empty for a single image). */
  frames?: PlateFrameUse[];
}

/** A frame the plate was read from: when, its place among the candidate frames, and why it was chosen. */
export interface PlateFrameUse {
  atMs: number;
  /** 0 = the best of the candidates. */
  rank: number;
  score: number;
  vehicleWidthPx: number;
  /** Laplacian variance of the vehicle crop (frame-quality.ts). */
  sharpness: number;
  /** Share of the vehicle hidden by other objects (0–1). */
  occlusion: number;
  /** The vehicle touches the frame edge. */
  truncated: boolean;
  /** What this frame read (null: nothing trustworthy). */
  plate: string | null;
}

/** An RGB image (3 bytes per pixel, row-major). */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}
