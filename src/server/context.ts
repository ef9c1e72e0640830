/**
 * What the board's routes and sockets work with: the deployment, the
 * accounts, the domain stores of the running service, camera health, latest
 * frames, metrics and the push hub. board-server.ts assembles it from a
 * KerbsideService; tests assemble it from fresh stores.
 */
import type { Accounts } from "../accounts/accounts.js";
import type { Deployment } from "../config/schema.js";
import type { SegmentStore } from "../footage/segment-store.js";
import type { SourceHealth } from "../footage/types.js";
import type { IncidentBus } from "../incidents/bus.js";
import type { IncidentStore } from "../incidents/types.js";
import type { LiveHealthFeed } from "../live/types.js";
import type { Logger } from "../log.js";
import type { JobQueue } from "../queue/types.js";
import type { Db } from "../store/database.js";
import type { PlateStore } from "../plates/plate-store.js";
import type { CaseService } from "../workflow/case-service.js";
import type { LatestFrames } from "./frames/latest-frames.js";
import type { BoardMetrics } from "./metrics/board-metrics.js";
import type { Push } from "./sockets/push.js";

/** Camera health of a point now (running source first, then the persisted row). */
export type HealthLookup = (pointId: string) => SourceHealth | undefined;

export interface LoginLimits {
  /** Failed logins allowed per client address per window. @defaultValue 20 */
  perIp: number;
  /** Failed logins allowed per user name per window. @defaultValue 5 */
  perUser: number;
  /** @defaultValue 15 minutes */
  windowMs: number;
}

export interface BoardContext {
  deployment: Deployment;
  db: Db;
  accounts: Accounts;
  incidents: IncidentStore;
  /** The closed loop: cases, their actions and history (workflow/). */
  workflow: CaseService;
  bus: IncidentBus;
  /** Plates read on parking incidents (plates/); absent when plate reading is off. */
  plates?: PlateStore;
  segments: SegmentStore;
  health: HealthLookup;
  /** Live detection health (src/live/): state, lag, intervals; absent when no live detection runs. */
  live?: LiveHealthFeed;
  frames: LatestFrames;
  metrics: BoardMetrics;
  /** Publishes events to socket rooms (a no-op hub when no socket server runs). */
  push: Push;
  log: Logger;
  loginLimits: LoginLimits;
  /** web/dist, served when it exists. */
  webDir: string;
  version: string;
  now: () => number;
  /** The pre-audit job queue (on-demand scans); absent when none runs (POST /api/audit/jobs then refuses). */
  jobs?: JobQueue;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 20, perUser: 5, windowMs: 15 * 60_000 };

/** The context without the push hub: what read-only views and the hub itself need. */
export type BoardReadContext = Omit<BoardContext, "push">;
