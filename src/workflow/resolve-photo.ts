/**
 * A unit's photo of the fix (处置照片), uploaded with `resolve`: at most
 * 5 MB, a JPEG or PNG by its magic bytes (the declared content type is not
 * trusted) that sharp can read, stored under the incident's evidence folder
 * and recorded with its SHA-256 as `resolve_photo` evidence.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { KerbsideError, errorMessage } from "../errors.js";
import { digestFile } from "../incidents/evidence-hash.js";
import type { Evidence, Incident, IncidentStore } from "../incidents/types.js";

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** The Content-Types an upload may declare (the bytes decide what it really is). */
export const PHOTO_CONTENT_TYPES = ["image/jpeg", "image/png"] as const;

const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** "jpg" or "png" by the file's first bytes, or null. */
export function photoType(bytes: Buffer): "jpg" | "png" | null {
  if (bytes.subarray(0, JPEG.length).equals(JPEG)) return "jpg";
  if (bytes.subarray(0, PNG.length).equals(PNG)) return "png";
  return null;
}

export async function storeResolvePhoto(
  store: Pick<IncidentStore, "addEvidence">,
  incident: Incident,
  bytes: Buffer,
  options: { rootDir: string; atMs: number; maxBytes?: number },
): Promise<Evidence> {
  const max = options.maxBytes ?? MAX_PHOTO_BYTES;
  if (bytes.length === 0) throw new KerbsideError("KERB_ERR_UPLOAD", "the photo is empty");
  if (bytes.length > max) throw new KerbsideError("KERB_ERR_UPLOAD", `the photo is ${bytes.length} bytes; at most ${max} are accepted`);
  const type = photoType(bytes);
  if (!type) throw new KerbsideError("KERB_ERR_UPLOAD", "the photo is not a JPEG or PNG image");
  try {
    await sharp(bytes).metadata();
  } catch (error) {
    throw new KerbsideError("KERB_ERR_UPLOAD", `the photo cannot be read as an image: ${errorMessage(error)}`, { cause: error });
  }
  const dir = path.join(options.rootDir, "evidence", incident.pointId, incident.id);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `resolve_photo-${options.atMs}.${type}`);
  await writeFile(file, bytes);
  const digest = await digestFile(file);
  const evidence: Evidence = { kind: "resolve_photo", path: path.relative(options.rootDir, file), sha256: digest.sha256, bytes: digest.bytes, atMs: options.atMs };
  store.addEvidence(incident.id, evidence);
  return evidence;
}
