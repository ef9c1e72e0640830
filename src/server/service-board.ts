/**
 * Serves the board for a running KerbsideService: opens its own connection
 * to the deployment database for accounts, sessions and the audit trail,
 * creates the first admin (and the demo accounts when the config asks),
 * wires camera health, latest frames and metrics to the service, and starts
 * the BoardServer. close() closes the server, then the database; safe twice.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDemoAccounts, ensureFirstAdmin, type CreatedAccount } from "../accounts/bootstrap.js";
import { openAccounts } from "../accounts/open-accounts.js";
import type { Deployment } from "../config/schema.js";
import { logger as rootLogger, type Logger } from "../log.js";
import type { KerbsideService } from "../service/kerbside-service.js";
import { openDeploymentQueue } from "../queue/open-job-queue.js";
import { createScanDayRunner } from "../queue/scan-day-runner.js";
import { openDatabase } from "../store/database.js";
import { BoardServer, type BoardServerOptions } from "./board-server.js";
import { DEFAULT_LOGIN_LIMITS, type BoardReadContext, type LoginLimits } from "./context.js";
import { SegmentFrames, type LatestFrames } from "./frames/latest-frames.js";
import { BoardMetrics } from "./metrics/board-metrics.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WEB_DIST = path.join(ROOT, "web", "dist");

export function kerbsideVersion(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

export interface ServiceBoardOptions {
  host?: string;
  port?: number;
  metrics?: BoardMetrics;
  /** Replaces the segment-based latest frames (the live sampler's). */
  frames?: LatestFrames;
  loginLimits?: LoginLimits;
  log?: Logger;
  env?: NodeJS.ProcessEnv;
  server?: Partial<BoardServerOptions>;
}

export interface ServiceBoard {
  server: BoardServer;
  url: string;
  /** Accounts created (or reset, for demo accounts) at this start, with their passwords: print once. */
  created: CreatedAccount[];
  close(): Promise<void>;
}

export async function startServiceBoard(service: KerbsideService, deployment: Deployment, options: ServiceBoardOptions = {}): Promise<ServiceBoard> {
  const log = (options.log ?? rootLogger).child({ module: "board" });
  const startedMs = Date.now();
  const db = openDatabase(service.databaseFile);
  try {
    const accounts = openAccounts(db, deployment);
    accounts.sessions.prune();
    const created: CreatedAccount[] = [];
    const admin = await ensureFirstAdmin(accounts, options.env);
    if (admin) created.push(admin);
    if (deployment.board.demoAccounts) created.push(...(await ensureDemoAccounts(accounts, deployment)));
    const segmentFrames = new SegmentFrames(service.footage.store, log);
    // Live points' tiles refresh with every sampled frame; the others show their newest segment's end.
    const frames = options.frames ?? service.liveFrames.fallBackTo(segmentFrames);
    const metrics = options.metrics ?? new BoardMetrics();
    const health = (pointId: string) => service.footage.health(pointId) ?? service.footage.healthStore.get(pointId);
    metrics.attach({
      pointIds: () => deployment.points.map((p) => p.id),
      framesScanned: (pointId) => service.scans.statsFor(pointId).frames,
      scanLagSec: (pointId) => {
        const newest = segmentFrames.newestSegment(pointId);
        if (!newest) return null;
        if (service.scans.statsFor(pointId).scanned.includes(newest.path)) return 0;
        // footage older than this start was scanned by an earlier run or waits for the sweep: not a lag of this run
        return newest.endMs < startedMs ? null : Math.max(0, (Date.now() - newest.endMs) / 1000);
      },
      cameraState: (pointId) => health(pointId)?.state ?? null,
      liveHealth: (pointId) => service.live.health(pointId),
      livePlan: () => service.live.plan(),
      openIncidentsByRule: () => {
        const counts: Record<string, number> = {};
        for (const incident of service.incidents.list({ openOnly: true })) counts[incident.rule] = (counts[incident.rule] ?? 0) + 1;
        return counts;
      },
    });
    // On-demand pre-audits: one point-day scan at a time, resumed after a restart, on the service's detector (live first).
    const runner = createScanDayRunner({ deployment, bus: service.bus, log, createDetector: () => service.backfillDetector() });
    // queue.kind local: in this process; bullmq: on Redis, scanned by `kerbside worker` machines, results merged here.
    const { queue: jobs, close: closeQueue } = await openDeploymentQueue({ deployment, db, store: service.incidents, runner: runner.run, log });
    const ctx: BoardReadContext = {
      deployment, db, accounts, incidents: service.incidents, workflow: service.loop.service, bus: service.bus, plates: service.plates, segments: service.footage.store, health, live: service.live, frames, metrics, log,
      loginLimits: options.loginLimits ?? DEFAULT_LOGIN_LIMITS, webDir: WEB_DIST, version: kerbsideVersion(), now: Date.now, jobs,
    };
    const stopJobs = async (): Promise<void> => {
      await closeQueue();
      await runner.close();
    };
    let server: BoardServer;
    try {
      server = await BoardServer.start(ctx, { host: options.host ?? deployment.board.host, port: options.port ?? deployment.board.port, ...options.server });
    } catch (error) {
      await stopJobs();
      throw error;
    }
    jobs.start();
    const offServed = service.onDetectorServed((served) => metrics.observeServed(served));
    let closing: Promise<void> | undefined;
    return {
      server,
      url: server.url,
      created,
      close: () => (closing ??= server.close().finally(offServed).finally(stopJobs).finally(() => db.close())),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
