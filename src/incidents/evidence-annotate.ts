/**
 * Evidence images: a snapshot with the zone polygon, the object's box and a
 * caption (point, rule, local time) burned in, and a crop of the object.
 * The overlay is an SVG composited by sharp; text uses a generic font family,
 * so CJK point names render with whatever CJK font the machine has.
 */
import sharp from "sharp";
import { escapeXml } from "../detect/escape-xml.js";
import type { Box } from "../detect/types.js";
import { KerbsideError } from "../errors.js";

export interface SnapshotOverlay {
  /** Zone polygon, normalised 0–1 image coordinates. */
  polygon: ReadonlyArray<readonly [number, number]>;
  /** Object box in source pixels. */
  box: Box;
  /** Caption lines, drawn top-left on a dark band. */
  caption: readonly string[];
}

export function overlaySvg(width: number, height: number, overlay: SnapshotOverlay): string {
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 240));
  const font = Math.max(12, Math.round(height / 30));
  const points = overlay.polygon.map(([x, y]) => `${(x * width).toFixed(1)},${(y * height).toFixed(1)}`).join(" ");
  const b = clampBox(overlay.box, width, height);
  const lineHeight = Math.round(font * 1.3);
  const bandHeight = lineHeight * overlay.caption.length + Math.round(font * 0.5);
  const bandWidth = Math.min(width, Math.round(font * 0.62 * Math.max(1, ...overlay.caption.map((l) => l.length)) + font));
  const text = overlay.caption
    .map((line, i) => `<text x="${Math.round(font / 2)}" y="${lineHeight * (i + 1)}">${escapeXml(line)}</text>`)
    .join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`,
    `<polygon points="${points}" fill="rgba(255,200,0,0.18)" stroke="#ffc800" stroke-width="${stroke}"/>`,
    `<rect x="${b.x1}" y="${b.y1}" width="${b.x2 - b.x1}" height="${b.y2 - b.y1}" fill="none" stroke="#ff2020" stroke-width="${stroke}"/>`,
    `<rect x="0" y="0" width="${bandWidth}" height="${bandHeight}" fill="rgba(0,0,0,0.6)"/>`,
    `<g font-family="sans-serif" font-size="${font}" fill="#ffffff">${text}</g>`,
    "</svg>",
  ].join("");
}

export async function annotateSnapshot(image: Buffer, overlay: SnapshotOverlay): Promise<Buffer> {
  const { width, height } = await sharp(image).metadata();
  if (!width || !height) throw new KerbsideError("KERB_ERR_EVIDENCE", "the extracted frame has no size");
  const svg = Buffer.from(overlaySvg(width, height, overlay));
  return sharp(image).composite([{ input: svg, top: 0, left: 0 }]).jpeg({ quality: 88 }).toBuffer();
}

/** The object's box plus a margin (a fraction of its size, at least 8 px), clamped to the image. */
export function cropRegion(box: Box, width: number, height: number, margin = 0.25): { left: number; top: number; width: number; height: number } {
  const mx = Math.max(8, (box.x2 - box.x1) * margin);
  const my = Math.max(8, (box.y2 - box.y1) * margin);
  const c = clampBox({ x1: box.x1 - mx, y1: box.y1 - my, x2: box.x2 + mx, y2: box.y2 + my }, width, height);
  return { left: c.x1, top: c.y1, width: Math.max(1, c.x2 - c.x1), height: Math.max(1, c.y2 - c.y1) };
}

export async function cropObject(image: Buffer, box: Box): Promise<Buffer> {
  const { width, height } = await sharp(image).metadata();
  if (!width || !height) throw new KerbsideError("KERB_ERR_EVIDENCE", "the extracted frame has no size");
  return sharp(image).extract(cropRegion(box, width, height)).jpeg({ quality: 92 }).toBuffer();
}

function clampBox(box: Box, width: number, height: number): Box {
  const x1 = clamp(Math.floor(Math.min(box.x1, box.x2)), 0, width - 1);
  const y1 = clamp(Math.floor(Math.min(box.y1, box.y2)), 0, height - 1);
  const x2 = clamp(Math.ceil(Math.max(box.x1, box.x2)), x1 + 1, width);
  const y2 = clamp(Math.ceil(Math.max(box.y1, box.y2)), y1 + 1, height);
  return { x1, y1, x2, y2 };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
