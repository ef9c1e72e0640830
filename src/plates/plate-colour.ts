/**
 * The background colour of a plate candidate, from its pixels: what tells a
 * blue small-car plate from a yellow large-vehicle one, and what filters out
 * text that is not on a plate (shop signs, stickers, red tail-light lettering).
 */
import type { PlateKind, RgbImage } from "./types.js";
import type { Box } from "../detect/types.js";

interface Hsv {
  h: number;
  s: number;
  v: number;
}

function toHsv(r: number, g: number, b: number): Hsv {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  let h = 0;
  if (d > 0) {
    if (max === r) h = ((g - b) / d) % 6;
    else if (max === g) h = (b - r) / d + 2;
    else h = (r - g) / d + 4;
    h = (h * 60 + 360) % 360;
  }
  return { h, s: max === 0 ? 0 : d / max, v: max / 255 };
}

/** Which plate colour a pixel could be the background of, if any. */
function pixelColour({ h, s, v }: Hsv): PlateKind | null {
  if (s >= 0.35 && v >= 0.25 && h >= 195 && h <= 250) return "blue";
  if (s >= 0.35 && v >= 0.4 && h >= 35 && h <= 65) return "yellow";
  if (s >= 0.2 && v >= 0.3 && h >= 75 && h <= 170) return "green";
  if (s < 0.18 && v >= 0.6) return "white";
  if (v < 0.22) return "black";
  return null;
}

/** Share of the box's pixels of each colour. */
export function colourShares(image: RgbImage, box: Box): Map<PlateKind, number> {
  const counts = new Map<PlateKind, number>();
  const x1 = Math.max(0, Math.floor(box.x1));
  const y1 = Math.max(0, Math.floor(box.y1));
  const x2 = Math.min(image.width, Math.ceil(box.x2));
  const y2 = Math.min(image.height, Math.ceil(box.y2));
  let total = 0;
  for (let y = y1; y < y2; y++) {
    for (let x = x1; x < x2; x++) {
      const i = (y * image.width + x) * 3;
      const colour = pixelColour(toHsv(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!));
      total++;
      if (colour !== null) counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
  }
  for (const [colour, n] of counts) counts.set(colour, n / Math.max(1, total));
  return counts;
}

/**
 * The plate colour: blue, yellow and green need a third of the area (the
 * characters cover the rest); white and black plates need half, because
 * white and black are also the colour of characters.
 */
export function plateColour(image: RgbImage, box: Box): PlateKind | null {
  const shares = colourShares(image, box);
  const ranked = [...shares.entries()].sort((a, b) => b[1] - a[1]);
  for (const [colour, share] of ranked) {
    const needed = colour === "white" || colour === "black" ? 0.5 : 0.33;
    if (share >= needed) return colour;
  }
  return null;
}
