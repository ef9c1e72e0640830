/**
 * Which moments of a parking incident to read the plate from, and the
 * full-resolution frames at those moments. The scanner's frames are scaled to
 * the detector's input (512 px), far too small for a plate: these are decoded
 * again from the archive at the camera's resolution.
 */
import sharp from "sharp";
import type { FootageLocator } from "../incidents/evidence.js";
import { extractFrame } from "../incidents/evidence-frame.js";
import type { Incident } from "../incidents/types.js";
import type { RgbImage } from "./types.js";

/** Evenly spread over the time the vehicle stood there, ends included: a passer-by hides the plate in some, not all. */
export function plateMoments(incident: Pick<Incident, "startMs" | "thresholdMs" | "lastSeenMs">, count: number): number[] {
  const from = incident.startMs;
  const to = Math.max(incident.lastSeenMs, incident.thresholdMs);
  if (count <= 1 || to <= from) return [incident.thresholdMs];
  const moments = Array.from({ length: count }, (_, i) => Math.round(from + ((to - from) * i) / (count - 1)));
  return [...new Set([...moments, incident.thresholdMs])].sort((a, b) => a - b);
}

/** The frame at that moment, or null when no footage holds it any more. */
export async function frameAt(locate: FootageLocator, timeMs: number): Promise<RgbImage | null> {
  const at = locate(timeMs);
  if (at === null) return null;
  const png = await extractFrame(at.path, at.offsetSec);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
