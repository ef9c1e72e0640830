/**
 * The work of a pre-audit job: the existing ScanJob over one point's footage
 * of one local day (archive and file sources are indexed first, as
 * `kerbside scan --config` does). Finished segments are skipped by the scan
 * progress, so a resumed or repeated job only scans what is left. One
 * detector is started on the first job and kept for the next ones.
 */
import { dayInterval } from "../audit/local-hours.js";
import { databasePath } from "../config/paths.js";
import type { Deployment } from "../config/schema.js";
import type { Detector } from "../detect/types.js";
import { KerbsideError } from "../errors.js";
import { SqliteSegmentStore } from "../footage/segment-store.js";
import type { IncidentBus } from "../incidents/bus.js";
import { logger, type Logger } from "../log.js";
import { pointFootage } from "../scan/point-footage.js";
import { runScan } from "../scan/run-scan.js";
import { openDatabase } from "../store/database.js";
import type { JobRunner } from "./types.js";
import { createConfiguredDetector } from "../detect/configured-detector.js";

export interface ScanDayRunnerOptions {
  deployment: Deployment;
  /** Default: a worker detector with the deployment's settings, started on the first job. */
  createDetector?: () => Promise<Detector>;
  /** Incidents found are published here (the board's bus). */
  bus?: IncidentBus;
  log?: Logger;
}

export interface ScanDayRunner {
  run: JobRunner;
  /** Stops the detector. Safe to call twice. */
  close(): Promise<void>;
}

export function createScanDayRunner(options: ScanDayRunnerOptions): ScanDayRunner {
  const { deployment } = options;
  const log = (options.log ?? logger).child({ module: "pre-audit-scan" });
  const { detector: settings } = deployment;
  const create = options.createDetector ?? (() => createConfiguredDetector(settings));
  let detector: Promise<Detector> | null = null;
  const run: JobRunner = async (job, context) => {
    const point = deployment.points.find((p) => p.id === job.pointId && p.enabled);
    if (!point) throw new KerbsideError("KERB_ERR_POINT_UNKNOWN", `no enabled point "${job.pointId}" in ${deployment.file}`);
    const day = dayInterval(job.day, deployment.timezone);
    const store = new SqliteSegmentStore(openDatabase(databasePath(deployment)), true);
    let footage;
    try {
      footage = await pointFootage(deployment, point, store, day, log.child({ point: point.id }));
    } finally {
      store.close();
    }
    if (context.signal.aborted) return { frames: 0, incidents: 0 };
    // A detector that failed to start is tried again by the next job.
    detector ??= create().catch((error: unknown) => {
      detector = null;
      throw error;
    });
    const report = await runScan({
      deployment,
      point,
      segments: footage.segments,
      unreadable: footage.unreadable,
      databaseFile: databasePath(deployment),
      evidence: { rootDir: deployment.storageDir, relativePaths: true },
      detector: await detector,
      scoreThreshold: settings.scoreThreshold,
      bus: options.bus,
      signal: context.signal,
      onProgress: (e) => context.progress({ fraction: (e.segmentIndex + e.fraction) / Math.max(1, e.segmentCount), frames: e.frames, incidents: e.incidents }),
    });
    return { frames: report.frames, incidents: report.incidents.length };
  };
  let closed = false;
  return {
    run,
    close: async () => {
      if (closed) return;
      closed = true;
      if (detector) await (await detector).close();
    },
  };
}
