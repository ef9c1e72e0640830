/**
 * Reads the plate of one parking incident's vehicle: candidate frames over
 * its stay decoded at full resolution and ranked by the vehicle's size,
 * sharpness and occlusion (best-frames.ts), PP-OCR inside the vehicle's box
 * in the best `frames` of them, a vote across those, and, when read, the
 * plate crop stored as evidence with its SHA-256 like every other evidence
 * file. The result lists the frames read and the figures they were chosen
 * by; an unreadable plate's reason comes from the best frame's figures.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import type { FootageLocator } from "../incidents/evidence.js";
import { digestFile } from "../incidents/evidence-hash.js";
import type { Incident, IncidentStore } from "../incidents/types.js";
import { bestFrames, type FrameDetect } from "./best-frames.js";
import type { ImageReading } from "./plate-reader.js";
import { notAttempted, votePlate, type VoteOptions } from "./plate-vote.js";
import { cropRgb, padBox } from "./rgb-image.js";
import type { PlateFrameUse, PlateResult, RgbImage } from "./types.js";
import type { PlateReader } from "./worker-plate-reader.js";

export interface IncidentPlateContext {
  reader: PlateReader;
  incidents: IncidentStore;
  locate: FootageLocator;
  /** Evidence goes under `<rootDir>/evidence/<pointId>/<incidentId>/`, as evidence.ts lays it out. */
  rootDir: string;
  relativePaths: boolean;
  /** Frames read (the best of the candidates). */
  frames: number;
  /** Candidate frames decoded and ranked. @defaultValue 2 × frames */
  candidates?: number;
  vote: VoteOptions;
  /** Locates the vehicle and what hides it in a frame (the service's detector); without it the incident's box is used. */
  detect?: FrameDetect;
  /** Stops the reading between frames (the service closing). */
  signal?: AbortSignal;
}

/** Rules whose subject is a motor vehicle, so whose incidents carry a plate. */
export const PLATE_RULES: ReadonlySet<string> = new Set(["illegal_parking", "sidewalk_parking"]);

interface FrameReading {
  image: RgbImage;
  reading: ImageReading;
  use: PlateFrameUse;
}

async function readFrames(incident: Incident, context: IncidentPlateContext): Promise<FrameReading[]> {
  const ranked = await bestFrames(incident, context.locate, context.candidates ?? 2 * context.frames, context.detect, context.signal);
  const read: FrameReading[] = [];
  for (const { image, figures } of ranked.slice(0, context.frames)) {
    context.signal?.throwIfAborted();
    const reading = await context.reader.read(image, padBox(figures.vehicle, 0.08, 0.08));
    const { atMs, rank, score, vehicleWidthPx, occlusion, truncated } = figures;
    const use = { atMs, rank, score, vehicleWidthPx, sharpness: Math.round(figures.sharpness), occlusion: Number(occlusion.toFixed(2)), truncated, plate: reading.readings[0]?.plate ?? null };
    read.push({ image, reading, use });
  }
  return read;
}

async function storeCrop(incident: Incident, frames: FrameReading[], result: PlateResult, context: IncidentPlateContext): Promise<void> {
  const best = frames
    .flatMap((f) => f.reading.readings.filter((r) => r.plate === result.plate).map((r) => ({ image: f.image, r })))
    .sort((a, b) => b.r.confidence - a.r.confidence)[0];
  if (best === undefined) return;
  const crop = cropRgb(best.image, padBox(best.r.box, 0.1, 0.3));
  const dir = path.join(context.rootDir, "evidence", incident.pointId, incident.id);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "plate.jpg");
  await writeFile(file, await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer());
  const digest = await digestFile(file);
  const stored = context.relativePaths ? path.relative(context.rootDir, file) : path.resolve(file);
  context.incidents.addEvidence(incident.id, { kind: "plate", path: stored, sha256: digest.sha256, bytes: digest.bytes, atMs: incident.thresholdMs });
}

export async function readIncidentPlate(incident: Incident, context: IncidentPlateContext): Promise<PlateResult> {
  const frames = await readFrames(incident, context);
  const best = frames[0];
  if (best === undefined) return notAttempted("no footage holds the incident's moments any more");
  const result = { ...votePlate(frames.map((f) => f.reading), context.vote, { ...best.use, vehicle: incident.box }), frames: frames.map((f) => f.use) };
  if (result.status === "read") await storeCrop(incident, frames, result, context);
  return result;
}
