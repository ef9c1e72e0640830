/**
 * `kerbside run --once`: indexes what the non-live sources hold now: archive
 * folders and files (indexOnce), and one NVR playback backfill round. Live
 * sources (rtsp, http, files replayed live) only produce footage while
 * recording, so they are left out with a note; segments they recorded
 * earlier are in the index already.
 */
import type { Deployment, PointConfig } from "../config/schema.js";
import { errorMessage } from "../errors.js";
import type { HealthStore } from "../footage/health-store.js";
import { indexOnce, isIndexable } from "../footage/index-once.js";
import { indexFootage } from "../footage/indexer.js";
import type { SegmentStore } from "../footage/segment-store.js";
import { PlaybackSource } from "../footage/sources/playback-source.js";
import { DEFAULT_SEGMENT_SEC, DEFAULT_TUNING, type SourceTuning } from "../footage/sources/source-context.js";
import type { Logger } from "../log.js";

export interface IndexedNow {
  pointId: string;
  /** Files probed and put in the index (readable or not). */
  indexed: number;
  notes: string[];
  errors: string[];
}

export interface IndexNowContext {
  deployment: Deployment;
  points: readonly PointConfig[];
  store: SegmentStore;
  health: HealthStore;
  tuning?: Partial<SourceTuning>;
  log: Logger;
  nowMs: number;
}

export const LIVE_SKIPPED_NOTE = "live source: recorded only while kerbside runs (`kerbside run`, or `kerbside run --for SECONDS`); footage it recorded earlier is scanned";

export async function indexNow(ctx: IndexNowContext): Promise<Map<string, IndexedNow>> {
  const results = new Map<string, IndexedNow>(ctx.points.map((p) => [p.id, { pointId: p.id, indexed: 0, notes: [], errors: [] }]));
  const get = (id: string): IndexedNow => results.get(id) as IndexedNow;
  const local = ctx.points.filter(isIndexable);
  for (const point of local) await indexLocal(ctx, point, get(point.id));
  for (const point of ctx.points.filter((p) => p.source.kind === "playback")) await backfillOnce(ctx, point, get(point.id));
  for (const point of ctx.points.filter(isLive)) get(point.id).notes.push(LIVE_SKIPPED_NOTE);
  return results;
}

export function isLive(point: PointConfig): boolean {
  const kind = point.source.kind;
  return kind === "rtsp" || kind === "http" || (point.source.kind === "file" && point.source.live === true);
}

/** One point's archive folder or file; a point that fails is reported and the others go on. */
async function indexLocal(ctx: IndexNowContext, point: PointConfig, result: IndexedNow): Promise<void> {
  try {
    const [summary] = await indexOnce(ctx.deployment, ctx.store, ctx.log, ctx.nowMs, [point.id]);
    if (!summary) return;
    result.indexed += summary.ok + summary.unreadable;
    for (const skipped of summary.skipped) result.notes.push(`skipped ${skipped.file}: ${skipped.reason}`);
    if (summary.error) result.errors.push(`cannot list footage: ${summary.error}`);
  } catch (error) {
    result.errors.push(`indexing failed: ${errorMessage(error)}`);
    ctx.log.error({ point: point.id, err: errorMessage(error) }, "indexing failed");
  }
}

/** One playback round: the missing ranges of the lookback window, fetched from the NVR and indexed. */
async function backfillOnce(ctx: IndexNowContext, point: PointConfig, result: IndexedNow): Promise<void> {
  const log = ctx.log.child({ point: point.id });
  const segmentSec = point.source.kind === "playback" ? (point.source.segmentSec ?? DEFAULT_SEGMENT_SEC) : DEFAULT_SEGMENT_SEC;
  try {
    const source = new PlaybackSource({
      point,
      deployment: ctx.deployment,
      store: ctx.store,
      log,
      tuning: { ...DEFAULT_TUNING, ...ctx.tuning },
      onHealth: (health) => ctx.health.save(point.id, health),
      now: Date.now,
    });
    try {
      await source.backfill(async (footage) => {
        await indexFootage(footage, {
          store: ctx.store, storageDir: ctx.deployment.storageDir, timeZone: ctx.deployment.timezone, sourceKind: "playback", expectedDurationSec: segmentSec, log,
        });
        result.indexed++;
      });
      const error = source.health().lastError;
      if (error) result.errors.push(error);
    } finally {
      await source.close();
    }
  } catch (error) {
    result.errors.push(`playback backfill failed: ${errorMessage(error)}`);
    log.error({ err: errorMessage(error) }, "playback backfill failed");
  }
}
