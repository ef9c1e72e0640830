/**
 * The work of a scan job on a `kerbside worker`: the point's footage of that
 * day, read from the storage every node mounts, scanned with this machine's
 * own detector into a scratch store in memory (fresh per attempt, so a retry
 * after a crash scans the whole day again and ships all of it), evidence
 * written to the shared storage, and the result sent to the main node
 * through the results queue — never into this machine's own database.
 */
import { Queue, type ConnectionOptions } from "bullmq";
import { dayInterval } from "../../audit/local-hours.js";
import type { Deployment } from "../../config/schema.js";
import type { Detector } from "../../detect/types.js";
import { KerbsideError } from "../../errors.js";
import { SqliteSegmentStore } from "../../footage/segment-store.js";
import { SqliteIncidentStore } from "../../incidents/sqlite-incident-store.js";
import { logger, type Logger } from "../../log.js";
import { pointFootage } from "../../scan/point-footage.js";
import { ScanJob } from "../../scan/scan-job.js";
import { ScanProgressStore } from "../../scan/scan-progress.js";
import { openDatabase } from "../../store/database.js";
import type { JobContext, JobRunner, JobSpec } from "../types.js";
import { queueNames } from "./names.js";
import { CapturingIncidentStore, type ScanResultPayload } from "./scan-results.js";
import { createConfiguredDetector } from "../../detect/configured-detector.js";

export interface RemoteScanRunnerOptions {
  deployment: Deployment;
  connection: ConnectionOptions;
  prefix?: string;
  createDetector?: () => Promise<Detector>;
  log?: Logger;
}

export interface RemoteScanRunner {
  run: JobRunner;
  close(): Promise<void>;
}

export function createRemoteScanRunner(options: RemoteScanRunnerOptions): RemoteScanRunner {
  const { deployment } = options;
  const log = (options.log ?? logger).child({ module: "remote-scan" });
  const results = new Queue<ScanResultPayload>(queueNames(options.prefix).results, { connection: options.connection });
  const settings = deployment.detector;
  const create = options.createDetector ?? (() => createConfiguredDetector(settings));
  let detector: Promise<Detector> | null = null;

  async function run(spec: JobSpec, context: JobContext): Promise<{ frames: number; incidents: number }> {
    const attempt = context.attempt ?? 1;
    const point = deployment.points.find((p) => p.id === spec.pointId && p.enabled);
    if (!point) throw new KerbsideError("KERB_ERR_POINT_UNKNOWN", `no enabled point "${spec.pointId}" in ${deployment.file}`);
    const db = openDatabase(":memory:");
    try {
      const footage = await pointFootage(deployment, point, new SqliteSegmentStore(db), dayInterval(spec.day, deployment.timezone), log.child({ point: point.id }));
      detector ??= create().catch((error: unknown) => {
        detector = null;
        throw error;
      });
      const store = new CapturingIncidentStore(new SqliteIncidentStore(db));
      const scan = new ScanJob({
        deployment, point, segments: footage.segments, detector: await detector, store, progress: new ScanProgressStore(db),
        evidence: { rootDir: deployment.storageDir, relativePaths: true }, scoreThreshold: settings.scoreThreshold,
        onProgress: (e) => context.progress({ fraction: (e.segmentIndex + e.fraction) / Math.max(1, e.segmentCount), frames: e.frames, incidents: e.incidents }),
        log,
      });
      const stop = (): void => void scan.close();
      context.signal.addEventListener("abort", stop, { once: true });
      const summary = await scan.run();
      context.signal.removeEventListener("abort", stop);
      if (context.signal.aborted) throw new KerbsideError("KERB_ERR_SCAN", `scan of ${spec.pointId} on ${spec.day} was interrupted`);
      const groups = store.groups();
      await results.add("scan-result", { jobId: spec.id, pointId: spec.pointId, attempt, groups }, { jobId: `${spec.id}~a${attempt}`, attempts: 5, backoff: { type: "exponential", delay: 1000 } });
      return { frames: summary.frames, incidents: groups.length };
    } finally {
      db.close();
    }
  }

  return {
    run,
    close: async () => {
      await results.close();
      if (detector) await (await detector.catch(() => null))?.close();
    },
  };
}
