/**
 * The footage of an ad-hoc scan: one video file, or every video file under a
 * directory, each with its start time (from `--start` for a single file, else
 * from the file name as NVRs write it). Files whose start cannot be told are
 * reported, not guessed.
 */
import { readdirSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { KerbsideError } from "../errors.js";
import { parseStartTimeFromName } from "../footage/file-time.js";
import type { ScanSegmentInput, UnreadableSegment } from "./scan-job.js";

export const VIDEO_EXTENSIONS = [".mp4", ".mkv", ".avi", ".mov", ".ts", ".m4v", ".flv", ".webm", ".dav", ".h264", ".h265", ".264", ".265", ".mpg", ".mpeg", ".3gp"];

export interface FootageList {
  segments: ScanSegmentInput[];
  unreadable: UnreadableSegment[];
}

export function listFootage(input: string, options: { start?: Date; timeZone: string }): FootageList {
  const stat = statOrThrow(input);
  if (!stat.isDirectory()) return single(path.resolve(input), options);
  if (options.start) {
    throw new KerbsideError("KERB_ERR_CONFIG", `--start applies to a single file; the files in ${input} take their start times from their names`);
  }
  const result: FootageList = { segments: [], unreadable: [] };
  for (const file of videoFiles(path.resolve(input))) {
    const start = parseStartTimeFromName(file, options.timeZone);
    if (start) result.segments.push({ path: file, startMs: start.getTime() });
    else result.unreadable.push({ path: file, error: `KERB_ERR_FOOTAGE_NAME: no start time in the file name (expected e.g. ..._20261208T080000.mp4)` });
  }
  result.segments.sort((a, b) => a.startMs - b.startMs || a.path.localeCompare(b.path));
  return result;
}

function single(file: string, options: { start?: Date; timeZone: string }): FootageList {
  const start = options.start ?? parseStartTimeFromName(file, options.timeZone);
  if (!start) {
    throw new KerbsideError("KERB_ERR_FOOTAGE_NAME", `${file}: no start time in the file name; pass --start with an ISO time, e.g. --start 2026-12-08T08:00:00+08:00`);
  }
  return { segments: [{ path: file, startMs: start.getTime() }], unreadable: [] };
}

/** Video files under dir (recursively), sorted by path. */
export function videoFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...videoFiles(full));
    else if (entry.isFile() && VIDEO_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) found.push(full);
  }
  return found.sort();
}

function statOrThrow(input: string): Stats {
  try {
    return statSync(input);
  } catch (error) {
    throw new KerbsideError("KERB_ERR_FOOTAGE_UNREADABLE", `${input}: no such file or directory`, { cause: error });
  }
}
