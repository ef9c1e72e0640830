/**
 * The Kerbside process: opens the deployment's database (<storageDir>/kerbside.db)
 * once, runs the footage service (recorders, archive pickup, playback
 * backfill, camera health, retention that keeps footage incidents still need)
 * the live maintainer (live sources' frames detected as they arrive, see
 * src/live/) and the scan maintainer (segments scanned as they are indexed,
 * plus a periodic sweep), sharing one detector in which live frames go
 * first, and logs incidents from the bus.
 *
 *   start()/runUntil(signal)  long-running, until the signal
 *   runOnce(signal?)          index the non-live sources now, scan everything unscanned
 *   runFor(ms, signal?)       run every source for a while, stop recording, scan what came in
 *
 * Each run returns a RunReport. close() is idempotent and runs every cleanup
 * step even if one fails.
 */
import { databasePath } from "../config/paths.js";
import type { Deployment, PointConfig } from "../config/schema.js";
import { falseAlarmExclusion } from "../audit/false-alarms.js";
import { PriorityDetector, type ServedRequest } from "../detect/priority-detector.js";
import { webhookAnnouncer } from "../report/report-announcer.js";
import { scheduleDailyReport, type ReportSchedule } from "../report/report-job.js";
import type { Detector } from "../detect/types.js";
import { FootageService } from "../footage/footage-service.js";
import type { SourceTuning } from "../footage/sources/source-context.js";
import type { Segment } from "../footage/types.js";
import { IncidentBus } from "../incidents/bus.js";
import { ClosedLoop } from "../workflow/closed-loop.js";
import { PublishingIncidentStore } from "../incidents/publishing-store.js";
import { SqliteIncidentStore } from "../incidents/sqlite-incident-store.js";
import type { Incident, IncidentStore } from "../incidents/types.js";
import { LiveFrames } from "../live/live-frames.js";
import { SqliteLiveHealthStore } from "../live/live-health-store.js";
import { SqlitePendingDwellStore } from "../live/pending-dwell-store.js";
import { LiveMaintainer } from "../live/live-maintainer.js";
import type { LatestFrames } from "../live/types.js";
import { logger as rootLogger, type Logger } from "../log.js";
import { isoInZone } from "../time/time-zone.js";
import { ScanProgressStore } from "../scan/scan-progress.js";
import { openDatabase, type Db } from "../store/database.js";
import { segmentLocator } from "../footage/segment-locator.js";
import { PlateMaintainer } from "../plates/plate-maintainer.js";
import { PlateStore } from "../plates/plate-store.js";
import { runCloseSteps } from "./close-steps.js";
import { footageReferences } from "./footage-references.js";
import { indexNow, isLive, type IndexedNow } from "./index-now.js";
import { buildRunReport } from "./run-report.js";
import { ScanMaintainer } from "./scan-maintainer.js";
import type { RunMode, RunReport } from "./types.js";
import { sleep, untilAborted } from "./wait.js";
import { createConfiguredDetector } from "../detect/configured-detector.js";
import { detectorModelName } from "../detect/model-registry.js";

export interface KerbsideServiceOptions {
  deployment: Deployment;
  /** Only these points (default: every enabled point). */
  pointIds?: string[];
  tuning?: Partial<SourceTuning>;
  /** Scan sweep period (default 10 min; 0: none). */
  sweepMs?: number;
  /** Retention cron expression (default hourly); false: none. */
  retentionSchedule?: string | false;
  /** Starts the shared detector (default: a worker detector per the config). */
  createDetector?: () => Promise<Detector>;
  /** Detect live sources' frames as they arrive (default true; src/live/). */
  liveDetection?: boolean;
  /** Fed with every live frame instead of `liveFrames`. */
  latestFrames?: LatestFrames;
  log?: Logger;
}

export class KerbsideService {
  readonly databaseFile: string;
  readonly bus: IncidentBus;
  /** Cases, their actions and the footage verification (workflow/). */
  readonly loop: ClosedLoop;
  readonly incidents: IncidentStore;
  readonly footage: FootageService;
  readonly scans: ScanMaintainer;
  readonly plates: PlateStore;
  private readonly plateReading: PlateMaintainer | null;
  /** Live sources detected as frames arrive; its bus carries `point.health`. */
  readonly live: LiveMaintainer;
  /** The latest live frame per point, for the board's tiles (LatestFrames of src/server). */
  readonly liveFrames = new LiveFrames();
  /** The one detector: live frames go ahead of footage scans. */
  private readonly detector: PriorityDetector;
  private readonly db: Db;
  private readonly progress: ScanProgressStore;
  private readonly log: Logger;
  private readonly created = new Set<string>();
  private readonly activity = new Map<string, IndexedNow>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly startedMs = Date.now();
  private mode: RunMode = "service";
  /** Between start() and stopping the footage service: live points are being recorded. */
  private recording = false;
  private closing: Promise<void> | undefined;
  private reportSchedule: ReportSchedule | null = null;

  constructor(private readonly options: KerbsideServiceOptions) {
    const { deployment } = options;
    this.log = (options.log ?? rootLogger).child({ module: "kerbside" });
    this.databaseFile = databasePath(deployment);
    this.db = openDatabase(this.databaseFile);
    try {
      this.bus = new IncidentBus({ log: this.log.child({ module: "incident-bus" }) });
      this.incidents = new PublishingIncidentStore(new SqliteIncidentStore(this.db), this.bus);
      this.progress = new ScanProgressStore(this.db);
      const isReferenced = (file: string): boolean => footageReferences(this.footage.store, this.incidents)(file);
      this.footage = new FootageService({
        deployment, db: this.db, log: options.log, tuning: options.tuning, pointIds: options.pointIds,
        retentionSchedule: options.retentionSchedule, isReferenced, onSegmentIndexed: (segment) => this.onIndexed(segment),
      });
      const { detector } = deployment;
      this.detector = new PriorityDetector(
        options.createDetector ?? (() => createConfiguredDetector(detector)),
        detectorModelName(detector),
        // One frame on each worker: a live frame never waits behind more than one.
        detector.workers,
      );
      this.live = new LiveMaintainer({
        deployment, points: options.liveDetection === false ? [] : this.points(), detector: this.detector, incidents: this.incidents,
        segments: this.footage.store, health: new SqliteLiveHealthStore(this.db), pending: new SqlitePendingDwellStore(this.db), latestFrames: options.latestFrames ?? this.liveFrames,
        // Live frames verify cases too, so a cleared spot closes its case without waiting for the segment's scan.
        observeFrame: (frame) => this.loop.watcher.observeLive(frame),
        ioTimeoutSec: options.tuning?.ioTimeoutSec, initialBackoffMs: options.tuning?.initialBackoffMs, maxBackoffMs: options.tuning?.maxBackoffMs, log: this.log,
      });
      // The plate of a case's vehicle for its webhook messages, once the plate reader has it.
      const plateOf = (incidentId: string): string | null => this.plates.get(incidentId)?.plate ?? null;
      this.loop = new ClosedLoop({ db: this.db, bus: this.bus, incidents: this.incidents, deployment, plateOf, log: options.log });
      this.scans = new ScanMaintainer({
        deployment, segments: this.footage.store, incidents: this.incidents, db: this.db, observeFrame: this.loop.watcher.observe,
        createDetector: () => this.detector.lane("backfill"), pointIds: options.pointIds, sweepMs: options.sweepMs, log: options.log,
        isRecording: (point) => this.recording && isRecorded(point),
      });
      this.plates = new PlateStore(this.db);
      this.plateReading = deployment.plates.enabled
        ? new PlateMaintainer({
            bus: this.bus, incidents: this.incidents, plates: this.plates, rootDir: deployment.storageDir, relativePaths: true,
            locatorFor: (pointId) => segmentLocator(this.footage.store, pointId), frames: deployment.plates.frames, candidates: deployment.plates.candidates,
            // The vehicle and what hides it in each candidate frame, from the one detector (behind live frames).
            detect: async (image) => (await this.detector.lane("backfill")).detect(image),
            vote: { minPlateWidthPx: deployment.plates.minWidthPx }, log: options.log,
          })
        : null;
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.unsubscribe.push(this.bus.on("incident.created", (incident) => this.onCreated(incident)));
  }

  /** Starts every source and the scan maintainer (a sweep now, then periodically). */
  start(): void {
    if (this.closing) return;
    this.recording = true;
    this.footage.start();
    this.live.start();
    this.scans.start();
    this.startDailyReport();
    this.log.info({ points: this.points().map((p) => p.id), database: this.databaseFile }, "kerbside started");
  }

  /** Runs until `signal` aborts, then stops recording and scanning and reports. */
  async runUntil(signal: AbortSignal): Promise<RunReport> {
    this.mode = "service";
    this.start();
    await untilAborted(signal);
    await this.halt();
    return this.report();
  }

  /** Indexes what the non-live sources hold now, scans everything unscanned, reports. */
  async runOnce(signal?: AbortSignal): Promise<RunReport> {
    this.mode = "once";
    const release = this.haltOn(signal);
    try {
      const results = await indexNow({
        deployment: this.options.deployment, points: this.points(), store: this.footage.store, health: this.footage.healthStore,
        tuning: this.options.tuning, log: this.log, nowMs: Date.now(),
      });
      for (const result of results.values()) this.activity.set(result.pointId, result);
      this.scans.sweep();
      await this.scans.idle();
      await this.plateReading?.idle();
      return this.report();
    } finally {
      release();
    }
  }

  /** Runs every source for `ms`, stops recording (open segments are finalised and indexed), scans what came in, reports. */
  async runFor(ms: number, signal?: AbortSignal): Promise<RunReport> {
    this.mode = "for";
    const release = this.haltOn(signal);
    try {
      this.start();
      await sleep(ms, signal);
      await this.stopFootage();
      this.scans.sweep();
      await this.scans.idle();
      await this.plateReading?.idle();
      return this.report();
    } finally {
      release();
    }
  }

  report(): RunReport {
    return buildRunReport({
      deployment: this.options.deployment,
      databaseFile: this.databaseFile,
      mode: this.mode,
      startedMs: this.startedMs,
      nowMs: Date.now(),
      points: this.points(),
      activity: (pointId) => {
        const indexed = this.activity.get(pointId);
        return {
          indexed: indexed?.indexed ?? 0,
          notes: indexed?.notes ?? [],
          errors: indexed?.errors ?? [],
          health: this.footage.health(pointId) ?? null,
          failing: this.footage.unrecoveredFailure(pointId),
          scan: this.scans.statsFor(pointId),
        };
      },
      segments: this.footage.store,
      progress: this.progress,
      incidents: this.incidents,
      created: this.created,
    });
  }

  /** A backfill lane of the one detector (live detection goes first), for on-demand pre-audit scans. */
  backfillDetector(): Promise<Detector> {
    return this.detector.lane("backfill");
  }

  /** Every frame the one detector served (its lane, wait, what it waited behind): for metrics. Returns the unsubscribe. */
  onDetectorServed(listener: (served: ServedRequest) => void): () => void {
    return this.detector.onServed(listener);
  }

  /** The daily report and ledger on the config's cron (default 08:00), announced to report.organiserUnit. */
  private startDailyReport(): void {
    const { deployment } = this.options;
    if (!deployment.report.enabled || this.reportSchedule) return;
    const cases = this.loop.cases;
    this.reportSchedule = scheduleDailyReport({
      deployment,
      stores: { segments: this.footage.store, incidents: this.incidents, progress: this.progress, cases, health: this.footage.healthStore, plates: this.plates, excluded: falseAlarmExclusion(cases) },
      log: this.log.child({ module: "report" }),
      publicUrl: deployment.board.publicUrl,
      announce: webhookAnnouncer(this.loop.webhooks, deployment.notify.webhooks, deployment.board.publicUrl),
    });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await runCloseSteps(
      [
        ["daily report", () => this.reportSchedule?.close()],
        ["scans", () => this.scans.close()],
        ["footage", () => this.stopFootage()],
        ["plates", () => this.plateReading?.close()],
        ["detector", () => this.detector.close()],
        ["closed loop", () => this.loop.close()],
        ["bus", () => this.unsubscribe.splice(0).forEach((off) => off())],
        ["incidents", () => this.incidents.close()],
        ["database", () => this.db.close()],
      ],
      this.log,
    );
    this.log.info("kerbside closed");
  }

  /** Stops scanning and recording (the database stays open for the report). */
  private async halt(): Promise<void> {
    await runCloseSteps(
      [
        ["scans", () => this.scans.close()],
        ["footage", () => this.stopFootage()],
        ["detector", () => this.detector.close()],
      ],
      this.log,
    );
  }

  /** Live detection stops with the cameras it reads. */
  private async stopFootage(): Promise<void> {
    await this.live.close();
    this.recording = false;
    await this.footage.close();
  }

  private haltOn(signal: AbortSignal | undefined): () => void {
    if (!signal) return () => undefined;
    const halt = (): void => void this.halt();
    signal.addEventListener("abort", halt, { once: true });
    if (signal.aborted) halt();
    return () => signal.removeEventListener("abort", halt);
  }

  private points(): PointConfig[] {
    const wanted = this.options.pointIds;
    return this.options.deployment.points.filter((p) => (wanted ? wanted.includes(p.id) : p.enabled));
  }

  private onIndexed(segment: Segment): void {
    const entry = this.activity.get(segment.pointId) ?? { pointId: segment.pointId, indexed: 0, notes: [], errors: [] };
    entry.indexed++;
    this.activity.set(segment.pointId, entry);
    this.live.noteSegment(segment);
    this.scans.notify(segment);
  }

  private onCreated(incident: Incident): void {
    this.created.add(incident.id);
    const { timezone } = this.options.deployment;
    this.log.info(
      { incident: incident.id, point: incident.pointId, rule: incident.rule, zone: incident.zoneId, label: incident.label, unit: incident.unit, start: isoInZone(incident.startMs, timezone) },
      "incident recorded",
    );
  }
}

/** Sources that keep producing footage while running: cameras, live replays, NVR playback. */
function isRecorded(point: PointConfig): boolean {
  return isLive(point) || point.source.kind === "playback";
}
