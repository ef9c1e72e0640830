/**
 * Reads the plates in one image (a full-resolution frame or a photo),
 * optionally inside a vehicle's box: PP-OCR finds text lines, those shaped
 * like a plate's line of characters on a plate-coloured background are read,
 * and only readings in a Chinese plate format are kept. What was seen but not
 * read is described too, so the incident can say why (too small, blurred…).
 */
import type { Box } from "../detect/types.js";
import type { OcrEngine } from "./ocr-engine.js";
import { plateColour } from "./plate-colour.js";
import { plateAwareReading } from "./plate-decode.js";
import { parsePlate, plateKind } from "./plate-format.js";
import { clampBox, cropRgb, padBox, sharpness } from "./rgb-image.js";
import type { PlateKind, PlateReading, RgbImage } from "./types.js";

/** A plate's line of characters is 3–6 times as wide as tall (440×140 mm plates; 480 mm new-energy). */
const MIN_LINE_ASPECT = 2.2;
const MAX_LINE_ASPECT = 7;
/** Text smaller than this in the region is not worth detecting: the region is scaled up to at least this width. */
const MIN_REGION_WIDTH = 320;
const MAX_UPSCALE = 3;

/** A plate-shaped text line the reader looked at, read or not. */
export interface PlateCandidate {
  box: Box;
  widthPx: number;
  colour: PlateKind | null;
  sharpness: number;
  /** What the recogniser printed. */
  text: string;
  /** The candidate touches the edge of the searched region: something may cut it off. */
  clipped: boolean;
}

export interface ImageReading {
  readings: PlateReading[];
  candidates: PlateCandidate[];
}

function offset(box: Box, dx: number, dy: number, scale: number): Box {
  return { x1: box.x1 / scale + dx, y1: box.y1 / scale + dy, x2: box.x2 / scale + dx, y2: box.y2 / scale + dy };
}

async function scaledRegion(image: RgbImage, region: Box): Promise<{ crop: RgbImage; scale: number }> {
  const crop = cropRgb(image, region);
  const scale = Math.min(MAX_UPSCALE, Math.max(1, MIN_REGION_WIDTH / crop.width));
  if (scale === 1) return { crop, scale };
  const { default: sharp } = await import("sharp");
  const width = Math.round(crop.width * scale);
  const height = Math.round(crop.height * scale);
  const data = await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 3 } }).resize(width, height, { kernel: "cubic" }).raw().toBuffer();
  return { crop: { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }, scale };
}

function isPlateShaped(box: Box): boolean {
  const aspect = (box.x2 - box.x1) / Math.max(1, box.y2 - box.y1);
  return aspect >= MIN_LINE_ASPECT && aspect <= MAX_LINE_ASPECT;
}

export async function readPlates(engine: OcrEngine, image: RgbImage, vehicle?: Box): Promise<ImageReading> {
  const region = clampBox(vehicle ?? { x1: 0, y1: 0, x2: image.width, y2: image.height }, image.width, image.height);
  const { crop, scale } = await scaledRegion(image, region);
  const lines = (await engine.detectText(crop)).filter((t) => isPlateShaped(t.box));
  const readings: PlateReading[] = [];
  const candidates: PlateCandidate[] = [];
  for (const line of lines) {
    const readBox = clampBox(padBox(line.box, 0.1, 0.15), crop.width, crop.height);
    const colour = plateColour(crop, clampBox(padBox(line.box, 0.02, 0.25), crop.width, crop.height));
    const box = offset(readBox, region.x1, region.y1, scale);
    const widthPx = box.x2 - box.x1;
    const recognised = await engine.recognise(crop, readBox);
    const decoded = plateAwareReading(recognised.decoded, recognised.output, engine.alphabet);
    const clipped = readBox.x1 <= 1 || readBox.y1 <= 1 || readBox.x2 >= crop.width - 1 || readBox.y2 >= crop.height - 1;
    candidates.push({ box, widthPx, colour, sharpness: sharpness(cropRgb(image, box)), text: decoded.text, clipped });
    const format = parsePlate(decoded.text);
    if (format === null || colour === null) continue;
    const kind = plateKind(format, colour);
    if (kind === null) continue;
    const charConfidences = decoded.confidences;
    const confidence = charConfidences.reduce((a, b) => a + b, 0) / charConfidences.length;
    readings.push({ plate: format.plate, kind, confidence, charConfidences, box, widthPx });
  }
  return { readings: readings.sort((a, b) => b.confidence - a.confidence), candidates };
}
