/**
 * The rolling window: footage whose end is older than retentionDays is
 * deleted, file and row. Never touched: anything an incident references
 * (isReferenced), anything under <storageDir>/evidence/, and files outside
 * <storageDir>/footage/ (archive exports and source files are only dropped
 * from the index; the archive watcher ignores them from then on).
 */
import { readdirSync, rmdirSync, unlinkSync } from "node:fs";
import path from "node:path";
import cron from "node-cron";
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import { isInside } from "./layout.js";
import type { SegmentStore } from "./segment-store.js";

export interface RetentionOptions {
  store: SegmentStore;
  storageDir: string;
  retentionDays: number;
  /** True for paths an incident references (incidents are another module's); default: none. */
  isReferenced?: (file: string) => boolean;
  log: Logger;
}

export interface RetentionResult {
  cutoffMs: number;
  deleted: string[];
  /** Old but protected (referenced or evidence). */
  kept: string[];
  failed: { path: string; error: string }[];
  outagesDeleted: number;
}

export const DAY_MS = 86_400_000;

export function retentionCutoff(nowMs: number, retentionDays: number): number {
  return nowMs - retentionDays * DAY_MS;
}

export function applyRetention(nowMs: number, options: RetentionOptions): RetentionResult {
  const cutoffMs = retentionCutoff(nowMs, options.retentionDays);
  const footageDir = path.join(options.storageDir, "footage");
  const evidenceDir = path.join(options.storageDir, "evidence");
  const result: RetentionResult = { cutoffMs, deleted: [], kept: [], failed: [], outagesDeleted: 0 };
  const old = options.store.list({ toMs: cutoffMs }).filter((s) => s.endMs < cutoffMs);
  for (const segment of old) {
    let keep: boolean;
    try {
      keep = isInside(segment.path, evidenceDir) || options.isReferenced?.(segment.path) === true;
    } catch (error) {
      // Whether an incident needs it is unknown: kept (retried next run), never deleted on doubt.
      result.failed.push({ path: segment.path, error: `cannot tell whether an incident needs it: ${errorMessage(error)}` });
      keep = true;
    }
    if (keep) {
      result.kept.push(segment.path);
      continue;
    }
    try {
      if (isInside(segment.path, footageDir)) unlinkIfPresent(segment.path);
      options.store.delete(segment.path);
      result.deleted.push(segment.path);
    } catch (error) {
      result.failed.push({ path: segment.path, error: errorMessage(error) });
    }
  }
  result.outagesDeleted = options.store.deleteOutagesBefore(cutoffMs);
  removeEmptyDirs(footageDir, options.log);
  options.log.info({ cutoffMs, deleted: result.deleted.length, kept: result.kept.length, failed: result.failed.length }, "retention applied");
  for (const failure of result.failed) options.log.error(failure, "retention could not delete a segment");
  return result;
}

function unlinkIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** Removes empty day folders under footage/<point>/ (never the point folders themselves). */
function removeEmptyDirs(footageDir: string, log: Logger): void {
  for (const point of safeReaddir(footageDir, log)) {
    const pointDir = path.join(footageDir, point);
    for (const day of safeReaddir(pointDir, log)) {
      if (!/^\d{8}$/.test(day)) continue;
      const dayDir = path.join(pointDir, day);
      if (safeReaddir(dayDir, log).length > 0) continue;
      try {
        rmdirSync(dayDir);
      } catch (error) {
        // A recorder may have just moved a segment in.
        log.debug({ dir: dayDir, err: errorMessage(error) }, "day folder not removed");
      }
    }
  }
}

function safeReaddir(dir: string, log: Logger): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") log.warn({ dir, err: errorMessage(error) }, "cannot list folder");
    return [];
  }
}

export interface RetentionJob {
  close(): Promise<void>;
}

/** Runs applyRetention on a cron schedule (default: hourly, at minute 7). */
export function scheduleRetention(options: RetentionOptions, expression = "7 * * * *", clock: () => number = Date.now): RetentionJob {
  const task = cron.schedule(expression, () => applyRetention(clock(), options), { name: "footage-retention", noOverlap: true });
  let closing: Promise<void> | undefined;
  return {
    close: () => {
      closing ??= Promise.resolve(task.destroy());
      return closing;
    },
  };
}
