/**
 * One indexing pass over the sources that are files on disk (archive folders
 * and non-live file sources): ffprobe each file within the retention window,
 * upsert it, mark unreadable ones. Used by `kerbside footage index`.
 */
import type { Deployment, PointConfig } from "../config/schema.js";
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import { indexFootage } from "./indexer.js";
import { retentionCutoff } from "./retention.js";
import type { SegmentStore } from "./segment-store.js";
import { listArchiveFiles } from "./sources/archive-source.js";
import { fileStartMs } from "./sources/file-source.js";
import type { NewFootage } from "./types.js";

export interface IndexSummary {
  pointId: string;
  ok: number;
  unreadable: number;
  /** Files skipped: no start time in the name, or older than the window. */
  skipped: { file: string; reason: string }[];
  /** The folder could not be read at all, or files could not be indexed (each named). */
  error?: string;
}

export function isIndexable(point: PointConfig): boolean {
  return point.source.kind === "archive" || (point.source.kind === "file" && !point.source.live);
}

export async function indexOnce(deployment: Deployment, store: SegmentStore, log: Logger, nowMs = Date.now(), pointIds?: string[]): Promise<IndexSummary[]> {
  const points = deployment.points.filter((p) => (pointIds ? pointIds.includes(p.id) : p.enabled) && isIndexable(p));
  const summaries: IndexSummary[] = [];
  for (const point of points) summaries.push(await indexPoint(point, deployment, store, log, nowMs));
  return summaries;
}

async function indexPoint(point: PointConfig, deployment: Deployment, store: SegmentStore, log: Logger, nowMs: number): Promise<IndexSummary> {
  const summary: IndexSummary = { pointId: point.id, ok: 0, unreadable: 0, skipped: [] };
  let candidates: NewFootage[];
  try {
    candidates = collect(point, deployment, nowMs, summary);
  } catch (error) {
    summary.error = errorMessage(error);
    log.warn({ point: point.id, err: summary.error }, "cannot list footage");
    return summary;
  }
  for (const footage of candidates) {
    try {
      const segment = await indexFootage(footage, {
        store, storageDir: deployment.storageDir, timeZone: deployment.timezone, sourceKind: point.source.kind, log,
      });
      if (segment.status === "ok") summary.ok++;
      else summary.unreadable++;
    } catch (error) {
      // A file gone since it was listed, a database error…: reported, the other files and points go on.
      const message = errorMessage(error);
      summary.error = summary.error ? `${summary.error}; ${message}` : message;
      log.warn({ point: point.id, err: message }, "cannot index footage file");
    }
  }
  return summary;
}

function collect(point: PointConfig, deployment: Deployment, nowMs: number, summary: IndexSummary): NewFootage[] {
  const source = point.source;
  if (source.kind === "file") {
    return [{ pointId: point.id, path: source.path, startMs: fileStartMs(source.path, source.start, deployment.timezone), adopt: false }];
  }
  if (source.kind !== "archive") return [];
  const cutoff = retentionCutoff(nowMs, deployment.retentionDays);
  return listArchiveFiles(source.dir, source.pattern, deployment.timezone).flatMap((file) => {
    if (file.startMs === undefined) {
      summary.skipped.push({ file: file.name, reason: "KERB_ERR_FOOTAGE_NAME: no start time in the name" });
      return [];
    }
    if (file.startMs < cutoff) {
      summary.skipped.push({ file: file.name, reason: "older than the retention window" });
      return [];
    }
    return [{ pointId: point.id, path: file.path, startMs: file.startMs, adopt: false }];
  });
}
