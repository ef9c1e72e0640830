/**
 * The footage of a configured point in a time range, from the footage index
 * (SegmentStore). Points whose source is an archive directory or a file are
 * indexed first (files not yet in the index are probed and added in place), so
 * `kerbside scan --config --point` works on exported footage without a
 * recorder running. Segments the index marks unreadable are reported.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Deployment, PointConfig } from "../config/schema.js";
import { parseStartTimeFromName } from "../footage/file-time.js";
import { indexFootage } from "../footage/indexer.js";
import type { SegmentStore } from "../footage/segment-store.js";
import type { Logger } from "../log.js";
import { videoFiles } from "./footage-files.js";
import type { ScanSegmentInput, UnreadableSegment } from "./scan-job.js";
import { indexedSegmentRef } from "./segment-prep.js";

export interface PointFootage {
  segments: ScanSegmentInput[];
  unreadable: UnreadableSegment[];
}

export async function pointFootage(
  deployment: Pick<Deployment, "storageDir" | "timezone" | "file">,
  point: PointConfig,
  store: SegmentStore,
  range: { fromMs?: number; toMs?: number },
  log: Logger,
): Promise<PointFootage> {
  const unnamed = await indexLocalSource(deployment, point, store, log);
  const rows = store.list({ pointId: point.id, fromMs: range.fromMs, toMs: range.toMs });
  return {
    segments: rows.filter((s) => s.status === "ok").map(indexedSegmentRef),
    unreadable: [...unnamed, ...rows.filter((s) => s.status !== "ok").map((s) => ({ path: s.path, error: s.error ?? "unreadable" }))],
  };
}

/**
 * Adds an archive directory's or a file source's files to the index when they
 * are not there yet. Archive files whose name carries no start time are
 * returned, not indexed at a guessed time (as `kerbside run` skips them).
 */
async function indexLocalSource(
  deployment: Pick<Deployment, "storageDir" | "timezone" | "file">,
  point: PointConfig,
  store: SegmentStore,
  log: Logger,
): Promise<UnreadableSegment[]> {
  const source = point.source;
  const base = path.dirname(deployment.file);
  let files: { path: string; startMs?: number }[] = [];
  if (source.kind === "archive") {
    const dir = path.resolve(base, source.dir);
    const pattern = source.pattern === undefined ? null : new RegExp(source.pattern);
    files = existsSync(dir) ? videoFiles(dir).filter((f) => !pattern || pattern.test(path.basename(f))).map((f) => ({ path: f })) : [];
  } else if (source.kind === "file" && !source.live) {
    const file = path.resolve(base, source.path);
    files = [{ path: file, startMs: source.start === undefined ? undefined : Date.parse(source.start) }];
  }
  const ctx = { store, storageDir: deployment.storageDir, timeZone: deployment.timezone, sourceKind: source.kind, log };
  const unnamed: UnreadableSegment[] = [];
  for (const file of files) {
    if (store.get(file.path)) continue;
    const startMs = file.startMs ?? parseStartTimeFromName(file.path, deployment.timezone)?.getTime();
    if (startMs === undefined && source.kind === "archive") {
      unnamed.push({ path: file.path, error: "KERB_ERR_FOOTAGE_NAME: no start time in the file name (expected e.g. ..._20261208T080000.mp4)" });
      continue;
    }
    await indexFootage({ pointId: point.id, path: file.path, startMs, adopt: false }, ctx);
  }
  return unnamed;
}
