// Test fixtures for the board server: a deployment with two units and three
// points, a fresh SQLite file per test, accounts per role, incidents recorded
// through the real store and bus, and supertest agents signed in as a user.
import path from "node:path";
import { pino } from "pino";
import request from "supertest";
import type TestAgent from "supertest/lib/agent.js";
import { parseDeployment } from "../../src/config/load.js";
import type { Deployment } from "../../src/config/schema.js";
import { SqliteHealthStore } from "../../src/footage/health-store.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { IncidentBus } from "../../src/incidents/bus.js";
import { PublishingIncidentStore } from "../../src/incidents/publishing-store.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import type { Episode } from "../../src/rules/types.js";
import { buildApp, type BoardApp } from "../../src/server/app.js";
import { DEFAULT_LOGIN_LIMITS, type BoardContext, type BoardReadContext } from "../../src/server/context.js";
import { SegmentFrames } from "../../src/server/frames/latest-frames.js";
import { BoardMetrics } from "../../src/server/metrics/board-metrics.js";
import { openAccounts } from "../../src/accounts/open-accounts.js";
import { NO_PUSH } from "../../src/server/sockets/push.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { CaseService } from "../../src/workflow/case-service.js";
import { SqliteCaseStore } from "../../src/workflow/sqlite-case-store.js";
import { tempDir } from "../footage/helpers.js";

export const PASSWORD = "correct horse battery";

export const DEPLOYMENT_YAML = {
  name: "board test",
  timezone: "Asia/Shanghai",
  storageDir: "./data",
  units: [
    { id: "traffic_police", name: "交警大队" },
    { id: "urban_management", name: "城管局" },
  ],
  points: [
    { id: "J01", name: "人民路路口", category: "junction", units: ["traffic_police", "urban_management"], source: { kind: "rtsp", url: "rtsp://admin:S3cretPass@192.0.2.11:554/ch1" }, zones: [{ id: "kerb", kind: "no_parking", polygon: [[0, 0], [1, 0], [1, 1]] }, { id: "walk", kind: "sidewalk", polygon: [[0, 0], [1, 0], [0, 1]] }] },
    { id: "M01", name: "解放路", category: "main_road", units: ["urban_management"], source: { kind: "http", url: "http://cam:pw123456@192.0.2.12/stream" }, zones: [{ id: "walk", kind: "sidewalk", polygon: [[0, 0], [1, 0], [0, 1]] }] },
    { id: "N01", name: "夜市", category: "night_market", units: ["urban_management"], source: { kind: "archive", dir: "./n01" }, zones: [{ id: "road", kind: "roadway", polygon: [[0, 0], [1, 0], [0, 1]] }] },
  ],
};

export interface Board {
  dir: string;
  deployment: Deployment;
  db: Db;
  ctx: BoardContext;
  board: BoardApp;
  store: PublishingIncidentStore;
  bus: IncidentBus;
  health: SqliteHealthStore;
  cleanup: () => void;
}

export function readContext(dir: string, raw: unknown = DEPLOYMENT_YAML, env: NodeJS.ProcessEnv = {}): Omit<Board, "board" | "ctx"> & { read: BoardReadContext } {
  const deployment = parseDeployment(raw, path.join(dir, "kerbside.yaml"), env);
  const db = openDatabase(path.join(deployment.storageDir, "kerbside.db"));
  const bus = new IncidentBus({ log: silent });
  const store = new PublishingIncidentStore(new SqliteIncidentStore(db), bus);
  const segments = new SqliteSegmentStore(db);
  const health = new SqliteHealthStore(db);
  const workflow = new CaseService({ cases: new SqliteCaseStore(db), incidents: store, bus, deployment, workflow: deployment.workflow, log: silent });
  const read: BoardReadContext = {
    deployment, db, accounts: openAccounts(db, deployment), incidents: store, workflow, bus, segments,
    health: (id) => health.get(id), frames: new SegmentFrames(segments, silent), metrics: new BoardMetrics(), log: silent,
    loginLimits: { ...DEFAULT_LOGIN_LIMITS }, webDir: path.join(dir, "no-web"), version: "test", now: Date.now,
  };
  return { dir, deployment, db, store, bus, health, read, cleanup: () => db.close() };
}

export const silent = pino({ level: "silent" });

/** A fresh deployment dir and database with the in-process app (no sockets). */
export function freshBoard(prefix = "board"): Board {
  const temp = tempDir(prefix);
  const parts = readContext(temp.dir);
  const ctx: BoardContext = { ...parts.read, push: NO_PUSH };
  return {
    ...parts, ctx, board: buildApp(ctx),
    cleanup: () => {
      parts.cleanup();
      temp.cleanup();
    },
  };
}

export const ACCOUNTS = {
  admin: { role: "admin", units: [] },
  organiser: { role: "organiser", units: [] },
  police: { role: "police", units: ["traffic_police"] },
  enforcement: { role: "enforcement", units: ["urban_management"] },
  viewer: { role: "viewer", units: ["urban_management"] },
  j01only: { role: "enforcement", units: ["urban_management"], points: ["J01"] },
} as const;

export async function addAccounts(ctx: Pick<BoardContext, "accounts">): Promise<void> {
  for (const [username, a] of Object.entries(ACCOUNTS)) {
    await ctx.accounts.add({ username, role: a.role, units: [...a.units], points: "points" in a ? [...a.points] : [], password: PASSWORD }, { username: null });
  }
}

/** A supertest agent (keeps cookies) signed in as `username`. */
export async function signedIn(app: BoardApp["app"], username: string, password = PASSWORD): Promise<TestAgent> {
  const agent = request.agent(app);
  const res = await agent.post("/api/login").send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return agent;
}

const T0 = Date.parse("2026-12-08T08:00:00+08:00");

export function episode(overrides: Partial<Episode> = {}): Episode {
  const box = { x1: 10, y1: 10, x2: 50, y2: 50 };
  const base: Episode = {
    key: "k", pointId: "J01", rule: "illegal_parking", zoneId: "kerb", zoneKind: "no_parking", unit: "traffic_police", label: "car",
    startMs: T0, thresholdMs: T0 + 120_000, lastSeenMs: T0 + 200_000, endMs: null, peakScore: 0.8,
    firstBox: box, thresholdBox: box, lastBox: box, trackId: 1,
  };
  return { ...base, ...overrides };
}

/** One police incident (J01 illegal parking) and one enforcement incident (M01 sidewalk parking). */
export function recordTwo(store: PublishingIncidentStore): { police: string; enforcement: string } {
  const police = store.recordEpisode(episode()).incident.id;
  const enforcement = store.recordEpisode(episode({ pointId: "M01", rule: "sidewalk_parking", zoneId: "walk", zoneKind: "sidewalk", unit: "urban_management" })).incident.id;
  return { police, enforcement };
}
