/** Image files → RgbFrame, via sharp (EXIF orientation applied, alpha dropped). */
import sharp from "sharp";
import { KerbsideError, errorMessage } from "../errors.js";
import type { RgbFrame } from "./types.js";

export async function readImage(file: string): Promise<RgbFrame> {
  try {
    const { data, info } = await sharp(file)
      .rotate()
      .removeAlpha()
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (error) {
    throw new KerbsideError("KERB_ERR_IMAGE", `cannot read image ${file}: ${errorMessage(error)}`, { cause: error });
  }
}
