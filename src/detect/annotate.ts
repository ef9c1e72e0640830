/**
 * Draws detections on a frame (boxes and "label score" tags, an SVG overlay
 * composited by sharp) and writes a JPEG.
 */
import sharp from "sharp";
import { KerbsideError, errorMessage } from "../errors.js";
import { escapeXml } from "./escape-xml.js";
import type { Detection, RgbFrame } from "./types.js";

const PALETTE = ["#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45", "#fabed4"];

export function annotationSvg(width: number, height: number, detections: readonly Detection[]): string {
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 250));
  const font = Math.max(11, Math.round(Math.min(width, height) / 40));
  const shapes = detections.map((d) => {
    const color = PALETTE[d.classId % PALETTE.length]!;
    const { x1, y1, x2, y2 } = d.box;
    const text = `${d.label} ${d.score.toFixed(2)}`;
    const tagWidth = Math.round(text.length * font * 0.6 + 6);
    const tagX = Math.max(0, Math.min(x1, width - tagWidth));
    const tagY = y1 >= font + 4 ? y1 - font - 4 : y1;
    return [
      `<rect x="${x1.toFixed(1)}" y="${y1.toFixed(1)}" width="${(x2 - x1).toFixed(1)}" height="${(y2 - y1).toFixed(1)}" fill="none" stroke="${color}" stroke-width="${stroke}"/>`,
      `<rect x="${tagX.toFixed(1)}" y="${tagY.toFixed(1)}" width="${tagWidth}" height="${font + 4}" fill="${color}"/>`,
      `<text x="${(tagX + 3).toFixed(1)}" y="${(tagY + font).toFixed(1)}" font-family="sans-serif" font-size="${font}" fill="#000">${escapeXml(text)}</text>`,
    ].join("");
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join("")}</svg>`;
}

export async function writeAnnotatedJpeg(frame: RgbFrame, detections: readonly Detection[], outFile: string): Promise<void> {
  const svg = Buffer.from(annotationSvg(frame.width, frame.height, detections));
  try {
    await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } })
      .composite([{ input: svg, top: 0, left: 0 }])
      .jpeg({ quality: 88 })
      .toFile(outFile);
  } catch (error) {
    throw new KerbsideError("KERB_ERR_IMAGE", `cannot write annotated image ${outFile}: ${errorMessage(error)}`, { cause: error });
  }
}
