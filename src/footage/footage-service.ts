/**
 * The footage maintainer: starts one source per enabled point, indexes what
 * they produce, persists camera health, turns offline periods into outages
 * (so coverage can say "camera offline"; one a crashed run left open is
 * closed at start), and runs retention on a cron
 * schedule. close() stops everything, each step even if another fails.
 */
import type { Deployment } from "../config/schema.js";
import { errorMessage } from "../errors.js";
import { logger as rootLogger, type Logger } from "../log.js";
import type { Db } from "../store/database.js";
import { SqliteHealthStore, type HealthStore } from "./health-store.js";
import { indexFootage } from "./indexer.js";
import { redactText } from "./redact.js";
import { scheduleRetention, type RetentionJob } from "./retention.js";
import { SqliteSegmentStore, type SegmentStore } from "./segment-store.js";
import { createSource } from "./sources/registry.js";
import { DEFAULT_SEGMENT_SEC, DEFAULT_TUNING, type SourceTuning } from "./sources/source-context.js";
import type { FootageSource, Segment, SourceHealth } from "./types.js";
import type { PointConfig } from "../config/schema.js";

export interface FootageServiceOptions {
  deployment: Deployment;
  db: Db;
  log?: Logger;
  tuning?: Partial<SourceTuning>;
  /** Only these points (default: every enabled point). */
  pointIds?: string[];
  now?: () => number;
  /** Cron expression for retention (default hourly); false: no retention job. */
  retentionSchedule?: string | false;
  /** Paths incidents reference; retention keeps them. */
  isReferenced?: (file: string) => boolean;
  /** Called after each segment a running source produced is indexed (e.g. to scan it); must not throw. */
  onSegmentIndexed?: (segment: Segment) => void;
}

export class FootageService {
  readonly store: SegmentStore;
  readonly healthStore: HealthStore;
  private readonly sources = new Map<string, FootageSource>();
  private readonly lastHealth = new Map<string, SourceHealth>();
  /** Points whose source could not start, with the health that says why. */
  private readonly failed = new Map<string, SourceHealth>();
  /** The last "failing" health of each point not followed by "online" since (kept once the source stops). */
  private readonly unrecovered = new Map<string, SourceHealth>();
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly tuning: SourceTuning;
  private retention: RetentionJob | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: FootageServiceOptions) {
    this.store = new SqliteSegmentStore(options.db);
    this.healthStore = new SqliteHealthStore(options.db);
    this.log = (options.log ?? rootLogger).child({ module: "footage" });
    this.now = options.now ?? Date.now;
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
  }

  start(): void {
    const { deployment } = this.options;
    for (const point of this.points()) {
      if (this.sources.has(point.id)) continue;
      const log = this.log.child({ point: point.id });
      if (!this.lastHealth.has(point.id)) this.closeStaleOutage(point.id);
      try {
        this.startSource(point, log);
      } catch (error) {
        // One point that cannot start (its folder cannot be created…) never stops the others.
        const health: SourceHealth = { state: "offline", sinceMs: this.now(), lastSegmentAt: null, reconnects: 0, lastError: redactText(`cannot start: ${errorMessage(error)}`) };
        this.failed.set(point.id, health);
        this.onHealth(point.id, health);
        log.error({ source: point.source.kind, err: health.lastError }, "footage source cannot start");
      }
    }
    if (this.options.retentionSchedule !== false && !this.retention) {
      this.retention = scheduleRetention(
        { store: this.store, storageDir: deployment.storageDir, retentionDays: deployment.retentionDays, isReferenced: this.options.isReferenced, log: this.log },
        this.options.retentionSchedule,
        this.now,
      );
    }
  }

  health(pointId: string): SourceHealth | undefined {
    return this.sources.get(pointId)?.health() ?? this.failed.get(pointId);
  }

  /**
   * The camera's failing health (recordings unreadable segment after segment)
   * when no readable recording has followed it, even after the source has
   * stopped: a `run --for` reports it once recording is over.
   */
  unrecoveredFailure(pointId: string): SourceHealth | undefined {
    return this.unrecovered.get(pointId);
  }

  private startSource(point: PointConfig, log: Logger): void {
    const { deployment } = this.options;
    const source = createSource({
      point,
      deployment,
      store: this.store,
      log,
      tuning: this.tuning,
      onHealth: (health) => this.onHealth(point.id, health),
      now: this.now,
    });
    source.start((footage) =>
      indexFootage(footage, {
        store: this.store,
        storageDir: deployment.storageDir,
        timeZone: deployment.timezone,
        sourceKind: point.source.kind,
        expectedDurationSec: expectedDuration(point),
        log,
      }).then((segment) => {
        this.options.onSegmentIndexed?.(segment);
        return segment;
      }),
    );
    this.sources.set(point.id, source);
    this.failed.delete(point.id);
    if (!this.lastHealth.has(point.id)) this.onHealth(point.id, source.health());
    log.info({ source: point.source.kind }, "footage source started");
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const steps = [...this.sources.values()].map((source) => source.close());
    if (this.retention) steps.push(this.retention.close());
    const results = await Promise.allSettled(steps);
    for (const result of results) if (result.status === "rejected") this.log.error({ err: errorMessage(result.reason) }, "close step failed");
    this.store.close();
    this.log.info("footage service closed");
  }

  private points(): PointConfig[] {
    const wanted = this.options.pointIds;
    return this.options.deployment.points.filter((p) => (wanted ? wanted.includes(p.id) : p.enabled));
  }

  /**
   * An outage a process that died while the camera was down left open ends
   * at that process's last health update: what happened after is unknown.
   */
  private closeStaleOutage(pointId: string): void {
    try {
      this.store.closeOutage(pointId, this.healthStore.get(pointId)?.updatedMs ?? this.now());
    } catch (error) {
      this.log.error({ point: pointId, err: errorMessage(error) }, "cannot close the outage an earlier run left open");
    }
  }

  private onHealth(pointId: string, health: SourceHealth): void {
    const previous = this.lastHealth.get(pointId);
    this.lastHealth.set(pointId, health);
    if (health.state === "failing") this.unrecovered.set(pointId, health);
    if (health.state === "online") this.unrecovered.delete(pointId);
    try {
      this.healthStore.save(pointId, health, this.now());
      if (health.state === "offline" && previous?.state !== "offline") this.store.openOutage(pointId, health.sinceMs, health.lastError);
      if (health.state !== "offline" && previous?.state === "offline") this.store.closeOutage(pointId, health.sinceMs);
    } catch (error) {
      this.log.error({ point: pointId, err: errorMessage(error) }, "cannot persist camera health");
    }
  }
}

function expectedDuration(point: PointConfig): number | undefined {
  const source = point.source;
  if (source.kind === "archive" || (source.kind === "file" && !source.live)) return undefined;
  return source.segmentSec ?? DEFAULT_SEGMENT_SEC;
}
