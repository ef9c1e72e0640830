/**
 * The scan maintainer: keeps every enabled point's footage scanned. A point
 * is queued when the footage service indexes one of its segments and by a
 * periodic sweep. Two points are scanned side by side (`parallel`) through
 * one shared worker detector, so one point's probes, process starts and
 * decoding fill the gaps between the other's frames; each scan is a ScanJob over the point's
 * readable segments in the retention window, in time order, which skips what
 * is done (per-segment progress), warms the tracker on the segment before the
 * first unfinished one (and re-reads more history when a dwell is longer, see
 * scan-history.ts) and scans the rest. While a point is being recorded,
 * incidents still under way at the end of its footage stay open; once its
 * footage has ended they close. A point whose footage is all done is passed
 * over without starting the detector.
 */
import type { Deployment, PointConfig } from "../config/schema.js";
import { detectorModelName, findModel } from "../detect/model-registry.js";
import type { Detector } from "../detect/types.js";
import { errorMessage, isKerbsideError } from "../errors.js";
import { retentionCutoff } from "../footage/retention.js";
import type { SegmentStore } from "../footage/segment-store.js";
import type { Segment } from "../footage/types.js";
import type { IncidentStore } from "../incidents/types.js";
import { logger as rootLogger, type Logger } from "../log.js";
import { ScanJob, type ScanSegmentInput, type ScanSummary } from "../scan/scan-job.js";
import { ScanProgressStore } from "../scan/scan-progress.js";
import { scanKey } from "../scan/scan-key.js";
import { indexedSegmentRef } from "../scan/segment-prep.js";
import type { Db } from "../store/database.js";
import type { FrameObserver } from "../scan/frame-observer.js";
import { runCloseSteps } from "./close-steps.js";
import { dwellHistoryMs } from "../scan/warmup-plan.js";
import { replaySegments, ReplayProgress } from "./scan-history.js";
import { emptyScanStats, type PointScanStats } from "./types.js";
import { createConfiguredDetector } from "../detect/configured-detector.js";

export const DEFAULT_SWEEP_MS = 10 * 60_000;

export interface ScanMaintainerOptions {
  deployment: Deployment;
  segments: SegmentStore;
  /** Where incidents go (a PublishingIncidentStore to publish them). */
  incidents: IncidentStore;
  /** The database holding scan progress. */
  db: Db;
  /** Starts the shared detector: at the first scan, and again after it died (default: a worker detector per `deployment.detector`). */
  createDetector?: () => Promise<Detector>;
  /** Only these points (default: every enabled point). */
  pointIds?: string[];
  /**
   * True while the point's footage is still being recorded: its scans leave
   * incidents under way at the end open (ScanJob openAtEnd). Otherwise its
   * footage has ended and open incidents close at their last sighting.
   * Default: never recording.
   */
  isRecording?: (point: PointConfig) => boolean;
  /** Period of the sweep for anything unscanned (default 10 min; 0: none). */
  sweepMs?: number;
  /** Points scanned side by side on the shared detector (default 2; a point is never scanned twice at once). */
  parallel?: number;
  /** Every tracked frame of every scan (the closed loop's spot watcher). */
  observeFrame?: FrameObserver;
  now?: () => number;
  log?: Logger;
}

export class ScanMaintainer {
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly queue = new Set<string>();
  private readonly stats = new Map<string, PointScanStats>();
  /** Segments that could not be scanned in this process: not retried until restart. */
  private readonly failed = new Set<string>();
  private readonly progress: ScanProgressStore;
  private detector: Promise<Detector> | undefined;
  private modelName: string | undefined;
  private readonly jobs = new Set<ScanJob>();
  /** The scan under way per point. */
  private readonly running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: ScanMaintainerOptions) {
    this.log = (options.log ?? rootLogger).child({ module: "scan-maintainer" });
    this.now = options.now ?? Date.now;
    this.progress = new ScanProgressStore(options.db);
  }

  /** Sweeps now and then periodically. */
  start(): void {
    if (this.closing || this.timer) return;
    this.sweep();
    const every = this.options.sweepMs ?? DEFAULT_SWEEP_MS;
    if (every > 0) this.timer = setInterval(() => this.sweep(), every);
  }

  /** A segment was indexed: queue its point. */
  notify(segment: Segment): void {
    if (segment.status === "ok" && this.points().some((p) => p.id === segment.pointId)) this.enqueue(segment.pointId);
  }

  /** Queues every point. */
  sweep(): void {
    for (const point of this.points()) this.enqueue(point.id);
  }

  /** Resolves once the queue is empty and no scan runs. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  statsFor(pointId: string): PointScanStats {
    return this.stats.get(pointId) ?? emptyScanStats();
  }

  /** Stops the running scan after its current frame and the detector; safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.timer);
    this.queue.clear();
    await runCloseSteps(
      [
        ["scan", () => Promise.all([...this.jobs].map((job) => job.close()))],
        ["scan loop", () => this.idle()],
        ["detector", () => this.dropDetector()],
      ],
      this.log,
    );
    this.log.info("scan maintainer closed");
  }

  private points(): PointConfig[] {
    const wanted = this.options.pointIds;
    return this.options.deployment.points.filter((p) => (wanted ? wanted.includes(p.id) : p.enabled));
  }

  private enqueue(pointId: string): void {
    if (this.closing) return;
    this.queue.delete(pointId);
    this.queue.add(pointId);
    this.kick();
  }

  /** Starts queued points, oldest first, up to `parallel` at once; a point already under way waits for its scan to end. */
  private kick(): void {
    const parallel = Math.max(1, this.options.parallel ?? 2);
    while (!this.closing && this.running.size < parallel) {
      const next = [...this.queue].find((id) => !this.running.has(id));
      if (next === undefined) return;
      this.queue.delete(next);
      const point = this.points().find((p) => p.id === next);
      if (!point) continue;
      const run = this.scanPoint(point).finally(() => {
        this.running.delete(next);
        this.kick();
      });
      this.running.set(next, run);
    }
  }

  private async scanPoint(point: PointConfig): Promise<void> {
    const stats = this.stats.get(point.id) ?? emptyScanStats();
    this.stats.set(point.id, stats);
    const log = this.log.child({ point: point.id });
    let job: ScanJob | undefined;
    try {
      const recording = this.options.isRecording?.(point) ?? false;
      const { segments, replay } = await this.pending(point);
      if (segments.length === 0) {
        if (!recording) this.closeEnded(point, log);
        return;
      }
      const detector = await this.sharedDetector();
      if (this.closing) return;
      job = new ScanJob({
        deployment: this.options.deployment,
        point,
        segments,
        detector,
        store: this.options.incidents,
        progress: replay.size > 0 ? new ReplayProgress(this.options.db, replay) : this.progress,
        evidence: { rootDir: this.options.deployment.storageDir, relativePaths: true },
        scoreThreshold: this.options.deployment.detector.scoreThreshold,
        openAtEnd: recording,
        observeFrame: this.options.observeFrame,
        log: this.options.log,
      });
      this.jobs.add(job);
      log.debug({ segments: segments.length, replay: replay.size }, "scanning");
      record(stats, await job.run(), this.failed, replay);
      // The job closes what it saw end; a live sighting stamped just past the recorded footage (reader and recorder clocks differ by a frame) is closed here.
      if (!recording && !this.closing) this.closeEnded(point, log);
    } catch (error) {
      const message = isKerbsideError(error) ? `${error.code}: ${error.message}` : errorMessage(error);
      stats.errors.push(message);
      log.error({ err: message }, "scan failed; the next sweep retries it");
      if (isKerbsideError(error, "KERB_ERR_DETECTOR")) await this.dropDetector();
    } finally {
      if (job) this.jobs.delete(job);
    }
  }

  /**
   * The point's readable segments in the retention window from the segment
   * just before the first unfinished one (the ScanJob re-reads it to warm the
   * tracker) on, or earlier when a long dwell needs more history (`replay`:
   * finished segments scanned again); none when all are done. Segments that
   * failed in this process are left out. Checked without starting the detector.
   */
  private async pending(point: PointConfig): Promise<{ segments: ScanSegmentInput[]; replay: Set<string> }> {
    const { deployment, segments } = this.options;
    const none = { segments: [], replay: new Set<string>() };
    const fromMs = retentionCutoff(this.now(), deployment.retentionDays);
    const inWindow = segments.list({ pointId: point.id, fromMs, status: "ok" }).filter((s) => !this.failed.has(s.path));
    if (inWindow.length === 0) return none;
    this.modelName ??= (await findModel(detectorModelName(deployment.detector))).card.name;
    const key = scanKey({ deployment, point, model: this.modelName, scoreThreshold: deployment.detector.scoreThreshold });
    const first = inWindow.findIndex((s) => !this.progress.isDone(point.id, s.path, key));
    if (first < 0) return none;
    const replay = replaySegments(inWindow, first, dwellHistoryMs(deployment, point, (inWindow[first] as Segment).startMs));
    return {
      segments: inWindow.slice(Math.max(0, first - 1 - replay.length)).map(indexedSegmentRef),
      replay: new Set(replay),
    };
  }

  /** The point is not recorded any more and all its footage is scanned: incidents left open (by a recording run) end at their last sighting. */
  private closeEnded(point: PointConfig, log: Logger): void {
    const closed = this.options.incidents.closeStale(point.id, Number.MAX_SAFE_INTEGER);
    if (closed.length > 0) log.info({ incidents: closed.map((i) => i.id) }, "footage ended: open incidents closed at their last sighting");
  }

  private sharedDetector(): Promise<Detector> {
    if (!this.detector) {
      const { detector } = this.options.deployment;
      const create = this.options.createDetector ?? (() => createConfiguredDetector(detector));
      const started = create();
      this.detector = started;
      started.then(
        (d) => {
          this.modelName = d.card.name;
        },
        () => {
          if (this.detector === started) this.detector = undefined;
        },
      );
    }
    return this.detector;
  }

  private async dropDetector(): Promise<void> {
    const detector = this.detector;
    this.detector = undefined;
    if (!detector) return;
    const started = await detector.catch((error: unknown) => {
      this.log.debug({ err: errorMessage(error) }, "the detector never started; nothing to close");
      return undefined;
    });
    await started?.close();
  }
}

function record(stats: PointScanStats, summary: ScanSummary, failed: Set<string>, replay: ReadonlySet<string>): void {
  stats.frames += summary.frames;
  for (const path of summary.scanned) if (!replay.has(path) && !stats.scanned.includes(path)) stats.scanned.push(path);
  for (const u of summary.unreadable) {
    failed.add(u.path);
    if (!stats.unreadable.some((known) => known.path === u.path)) stats.unreadable.push(u);
  }
}
