/** Small pure operations on RGB images that the plate reader needs. */
import type { Box } from "../detect/types.js";
import type { RgbImage } from "./types.js";

/** The box clamped to the image, in whole pixels (at least 1×1). */
export function clampBox(box: Box, width: number, height: number): Box {
  const x1 = Math.min(width - 1, Math.max(0, Math.floor(box.x1)));
  const y1 = Math.min(height - 1, Math.max(0, Math.floor(box.y1)));
  return { x1, y1, x2: Math.max(x1 + 1, Math.min(width, Math.ceil(box.x2))), y2: Math.max(y1 + 1, Math.min(height, Math.ceil(box.y2))) };
}

export function cropRgb(image: RgbImage, box: Box): RgbImage {
  const b = clampBox(box, image.width, image.height);
  const width = b.x2 - b.x1;
  const height = b.y2 - b.y1;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((b.y1 + y) * image.width + b.x1) * 3;
    data.set(image.data.subarray(from, from + width * 3), y * width * 3);
  }
  return { width, height, data };
}

/** The box grown by fractions of its width and height on each side. */
export function padBox(box: Box, padX: number, padY: number): Box {
  const w = box.x2 - box.x1;
  const h = box.y2 - box.y1;
  return { x1: box.x1 - w * padX, y1: box.y1 - h * padY, x2: box.x2 + w * padX, y2: box.y2 + h * padY };
}

/**
 * Sharpness as the variance of the Laplacian of the grey image: a focused
 * plate has strong character edges; motion blur or defocus flattens them.
 */
export function sharpness(image: RgbImage): number {
  const { width, height, data } = image;
  if (width < 3 || height < 3) return 0;
  const grey = new Float32Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = 0.299 * data[i * 3]! + 0.587 * data[i * 3 + 1]! + 0.114 * data[i * 3 + 2]!;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const lap = grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * grey[i]!;
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}
