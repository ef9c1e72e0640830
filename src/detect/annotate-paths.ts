/**
 * Where `kerbside detect --annotate OUT` writes each annotated image:
 * - OUT containing "{name}" is a pattern: {name} becomes the image's base name;
 * - OUT that is a directory (exists as one, ends with "/", or several images
 *   were given) receives <name>.annotated.jpg per image;
 * - otherwise OUT is the file for the single image.
 */
import path from "node:path";

export function annotatePaths(images: readonly string[], out: string, outIsDirectory: boolean): string[] {
  const base = (image: string): string => path.basename(image, path.extname(image));
  if (out.includes("{name}")) return images.map((image) => out.replaceAll("{name}", base(image)));
  const asDirectory = outIsDirectory || out.endsWith("/") || out.endsWith(path.sep) || images.length > 1;
  if (!asDirectory) return [out];
  return images.map((image) => path.join(out, `${base(image)}.annotated.jpg`));
}
