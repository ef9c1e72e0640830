/**
 * Test fixtures: Chinese plates rendered with a real CJK font (fontconfig's
 * WenQuanYi Micro Hei, through sharp's SVG renderer) and composited onto real
 * vehicle photos, at a chosen width, blur and angle.
 */
import sharp from "sharp";
import type { PlateKind } from "../../src/plates/types.js";

const COLOURS: Record<PlateKind, { bg: string; fg: string }> = {
  blue: { bg: "#0b49b5", fg: "#ffffff" },
  yellow: { bg: "#f3c300", fg: "#111111" },
  green: { bg: "#6fd08a", fg: "#111111" },
  white: { bg: "#f4f4f4", fg: "#111111" },
  black: { bg: "#151515", fg: "#ffffff" },
};

/** The characters laid out as on a real plate: two, a separator dot, the rest; even pitch. */
function glyphs(text: string, w: number, h: number, fg: string): string {
  const chars = [...text.replace("·", "")];
  const left = w * 0.05;
  const pitch = (w * 0.9) / (chars.length + 0.6);
  const size = Math.min(h * 0.7, pitch * 1.05);
  const letters = chars.map((c, i) => {
    const x = left + pitch * (i + 0.5 + (i >= 2 ? 0.6 : 0));
    return `<text x="${x.toFixed(1)}" y="${(h * 0.5 + size * 0.36).toFixed(1)}" font-family="WenQuanYi Micro Hei" font-size="${size.toFixed(1)}" fill="${fg}" text-anchor="middle">${c}</text>`;
  });
  return letters.join("") + `<circle cx="${(left + pitch * 2.3).toFixed(1)}" cy="${h / 2}" r="${(h * 0.04).toFixed(1)}" fill="${fg}"/>`;
}

/** A PNG of the plate, `width` pixels wide (440:140, or 480:140 for 8-character plates). */
export async function renderPlate(text: string, kind: PlateKind, width: number): Promise<Buffer> {
  const eight = [...text.replace("·", "")].length === 8;
  const height = Math.round((width * 140) / (eight ? 480 : 440));
  const { bg, fg } = COLOURS[kind];
  const r = height * 0.08;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="${width}" height="${height}" rx="${r}" fill="${bg}"/>` +
    `<rect x="${height * 0.05}" y="${height * 0.05}" width="${width - height * 0.1}" height="${height * 0.9}" rx="${r * 0.8}" fill="none" stroke="${fg}" stroke-width="${Math.max(1, height * 0.03)}"/>` +
    glyphs(text, width, height, fg) + "</svg>";
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export interface Composite {
  /** The photo with the plate on it, as JPEG. */
  jpeg: Buffer;
  /** Where the plate's centre was put. */
  centre: { x: number; y: number };
}

/** The plate pasted onto the photo with its centre at (cx, cy), blurred by sigma and rotated by degrees first. */
export async function compositePlate(photo: string, plate: Buffer, cx: number, cy: number, options: { blur?: number; angle?: number } = {}): Promise<Composite> {
  let p = sharp(plate).ensureAlpha();
  if (options.angle) p = p.rotate(options.angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } });
  let overlay = await p.png().toBuffer();
  if (options.blur && options.blur >= 0.3) overlay = await sharp(overlay).blur(options.blur).png().toBuffer();
  const meta = await sharp(overlay).metadata();
  const left = Math.round(cx - (meta.width ?? 0) / 2);
  const top = Math.round(cy - (meta.height ?? 0) / 2);
  const jpeg = await sharp(photo).composite([{ input: overlay, left, top }]).jpeg({ quality: 92 }).toBuffer();
  return { jpeg, centre: { x: cx, y: cy } };
}
