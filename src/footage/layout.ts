/**
 * Where recorded footage lives:
 *   <storageDir>/footage/<pointId>/<YYYYMMDD>/<pointId>_<YYYYMMDDTHHmmss>.mkv
 * Day folder and stamp are the deployment's local time (no suffix; the index
 * holds the exact UTC times). Files being written sit in
 *   <storageDir>/footage/<pointId>/.incoming/
 * until finished, then move into their day folder.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { compactStamp } from "../time/time-zone.js";

export function pointFootageDir(storageDir: string, pointId: string): string {
  return path.join(storageDir, "footage", pointId);
}

export function incomingDir(storageDir: string, pointId: string): string {
  return path.join(pointFootageDir(storageDir, pointId), ".incoming");
}

/** The archive path of a segment; adds _1, _2… if the name is taken. */
export function segmentPath(storageDir: string, pointId: string, startMs: number, timeZone: string, ext: string): string {
  const stamp = compactStamp(startMs, timeZone);
  const dir = path.join(pointFootageDir(storageDir, pointId), stamp.slice(0, 8));
  let candidate = path.join(dir, `${pointId}_${stamp}.${ext}`);
  for (let n = 1; existsSync(candidate); n++) candidate = path.join(dir, `${pointId}_${stamp}_${n}.${ext}`);
  return candidate;
}

/** True when `file` is inside `dir` (after resolving both). */
export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
