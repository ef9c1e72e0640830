/**
 * Reads the plate of one parking incident's vehicle: full-resolution frames
 * at a few moments of its stay, PP-OCR inside the vehicle's box in each, a
 * vote across frames, and, when read, the plate crop stored as evidence with
 * its SHA-256 like every other evidence file.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import type { FootageLocator } from "../incidents/evidence.js";
import { digestFile } from "../incidents/evidence-hash.js";
import type { Incident, IncidentStore } from "../incidents/types.js";
import type { ImageReading } from "./plate-reader.js";
import { notAttempted, votePlate, type VoteOptions } from "./plate-vote.js";
import { cropRgb, padBox } from "./rgb-image.js";
import type { PlateResult, RgbImage } from "./types.js";
import { frameAt, plateMoments } from "./vehicle-frames.js";
import type { PlateReader } from "./worker-plate-reader.js";

export interface IncidentPlateContext {
  reader: PlateReader;
  incidents: IncidentStore;
  locate: FootageLocator;
  /** Evidence goes under `<rootDir>/evidence/<pointId>/<incidentId>/`, as evidence.ts lays it out. */
  rootDir: string;
  relativePaths: boolean;
  frames: number;
  vote: VoteOptions;
}

/** Rules whose subject is a motor vehicle, so whose incidents carry a plate. */
export const PLATE_RULES: ReadonlySet<string> = new Set(["illegal_parking", "sidewalk_parking"]);

interface FrameReading {
  image: RgbImage;
  reading: ImageReading;
}

async function readFrames(incident: Incident, context: IncidentPlateContext): Promise<FrameReading[]> {
  const vehicle = padBox(incident.box, 0.08, 0.08);
  const read: FrameReading[] = [];
  for (const atMs of plateMoments(incident, context.frames)) {
    const image = await frameAt(context.locate, atMs);
    if (image !== null) read.push({ image, reading: await context.reader.read(image, vehicle) });
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
  if (frames.length === 0) return notAttempted("no footage holds the incident's moments any more");
  const result = votePlate(frames.map((f) => f.reading), context.vote);
  if (result.status === "read") await storeCrop(incident, frames, result, context);
  return result;
}
