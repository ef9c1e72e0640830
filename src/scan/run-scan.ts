/**
 * Runs one scan end to end: opens the database (incidents + scan progress),
 * starts the worker detector (unless one is given), runs the ScanJob and
 * reports what it found in the shape `kerbside scan --json` prints. Every
 * resource it opened is closed, whatever happens.
 */
import path from "node:path";
import type { Deployment, PointConfig } from "../config/schema.js";
import { createWorkerDetector } from "../detect/worker-detector.js";
import type { Detector } from "../detect/types.js";
import { errorMessage } from "../errors.js";
import { isoInZone } from "../time/time-zone.js";
import { observedReport } from "../incidents/observed-time.js";
import { IncidentBus } from "../incidents/bus.js";
import { PublishingIncidentStore } from "../incidents/publishing-store.js";
import { SqliteIncidentStore } from "../incidents/sqlite-incident-store.js";
import type { Incident } from "../incidents/types.js";
import { logger } from "../log.js";
import { openDatabase } from "../store/database.js";
import type { FrameObserver } from "./frame-observer.js";
import { ScanJob, type ScanProgressEvent, type ScanSegmentInput, type UnreadableSegment } from "./scan-job.js";
import { ScanProgressStore } from "./scan-progress.js";
import type { SamplerTuning } from "./segment-scanner.js";
import { startDetectorPool } from "../detect/detector-pool.js";

export interface RunScanOptions {
  deployment: Pick<Deployment, "rules" | "schedules" | "units" | "timezone" | "sampling">;
  point: PointConfig;
  segments: readonly ScanSegmentInput[];
  /** Files already known to be unusable (e.g. no start time in the name). */
  unreadable?: readonly UnreadableSegment[];
  databaseFile: string;
  evidence: { rootDir: string; relativePaths: boolean } | null;
  detector?: Detector;
  model?: string;
  modelsDir?: string;
  threads?: number;
  /** Detector workers side by side (detector-pool.ts). @defaultValue 1 */
  workers?: number;
  scoreThreshold?: number;
  bus?: IncidentBus;
  onProgress?: (event: ScanProgressEvent) => void;
  sampler?: SamplerTuning;
  /** Aborting stops the scan after the current frame (finished segments stay done). */
  signal?: AbortSignal;
  /** Every tracked frame (ScanJob observeFrame), e.g. the closed loop's spot watcher. */
  observeFrame?: FrameObserver;
}

export interface ScanReportIncident {
  id: string;
  rule: string;
  zone: string;
  label: string;
  /** ISO 8601 with the point's UTC offset. */
  start: string;
  end: string | null;
  /** start → last sighting; observedSec of it was watched, unseenSec not (an outage: never violation time). */
  durationSec: number;
  observedSec: number;
  unseenSec: number;
  unseen: { from: string; to: string }[];
  score: number;
  evidence: string[];
}

export interface ScanReport {
  incidents: ScanReportIncident[];
  frames: number;
  segments: { scanned: number; skipped: number; unreadable: UnreadableSegment[] };
  evidenceFailures: number;
  /** Stopped before the end (RunScanOptions.signal, Ctrl-C): the current segment is read again next time. */
  interrupted: boolean;
}

export async function runScan(options: RunScanOptions): Promise<ScanReport> {
  if (options.segments.length === 0) {
    return { incidents: [], frames: 0, segments: { scanned: 0, skipped: 0, unreadable: [...(options.unreadable ?? [])] }, evidenceFailures: 0, interrupted: false };
  }
  const cleanups: (() => unknown)[] = [];
  try {
    const db = openDatabase(options.databaseFile);
    const incidents = new SqliteIncidentStore(db);
    cleanups.push(() => db.close());
    const store = new PublishingIncidentStore(incidents, options.bus ?? new IncidentBus());
    const detector = options.detector ?? (await startDetector(options));
    if (!options.detector) cleanups.unshift(() => detector.close());
    const job = new ScanJob({
      deployment: options.deployment,
      point: options.point,
      segments: options.segments,
      detector,
      store,
      progress: new ScanProgressStore(db),
      evidence: options.evidence,
      scoreThreshold: options.scoreThreshold,
      onProgress: options.onProgress,
      sampler: options.sampler,
      observeFrame: options.observeFrame,
    });
    cleanups.unshift(() => job.close());
    const stop = (): void => void job.close();
    options.signal?.addEventListener("abort", stop, { once: true });
    cleanups.push(() => options.signal?.removeEventListener("abort", stop));
    if (options.signal?.aborted) stop();
    const summary = await job.run();
    const found = summary.span ? store.list({ pointId: options.point.id, fromMs: summary.span.fromMs, toMs: summary.span.toMs }) : [];
    const touched = summary.incidentIds.flatMap((id) => store.get(id) ?? []);
    const all = new Map([...found, ...touched].map((i) => [i.id, i]));
    return {
      incidents: [...all.values()].sort((a, b) => a.startMs - b.startMs).map((i) => reportIncident(i, options)),
      frames: summary.frames,
      segments: { scanned: summary.scanned.length, skipped: summary.skipped.length, unreadable: [...(options.unreadable ?? []), ...summary.unreadable] },
      evidenceFailures: summary.evidenceFailures,
      interrupted: options.signal?.aborted ?? false,
    };
  } finally {
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        logger.warn({ module: "scan", err: errorMessage(error) }, "cleanup after scan failed");
      }
    }
  }
}

function startDetector(options: RunScanOptions): Promise<Detector> {
  const { model, modelsDir, threads, scoreThreshold } = options;
  return startDetectorPool(options.workers ?? 1, () => createWorkerDetector({ model, modelsDir, threads, scoreThreshold }));
}

function reportIncident(incident: Incident, options: RunScanOptions): ScanReportIncident {
  const tz = options.deployment.timezone;
  const root = options.evidence?.rootDir ?? ".";
  return {
    id: incident.id,
    rule: incident.rule,
    zone: incident.zoneId,
    label: incident.label,
    start: isoInZone(incident.startMs, tz),
    end: incident.endMs === null ? null : isoInZone(incident.endMs, tz),
    durationSec: incident.durationSec,
    ...observedReport(incident, tz),
    score: Math.round(incident.peakScore * 1000) / 1000,
    evidence: incident.evidence.map((e) => path.resolve(root, e.path)),
  };
}
