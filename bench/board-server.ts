/**
 * The server half of bench/board.ts, run in its own process (so the 200
 * clients do not share its event loop): a BoardServer on loopback over a
 * fresh deployment, its accounts, and on request a burst of incidents
 * published through the real store → bus → socket rooms path, or the same
 * payloads as raw io.emit (the baseline). Talks to the parent over IPC.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { openAccounts } from "../src/accounts/open-accounts.js";
import { parseDeployment } from "../src/config/load.js";
import { SqliteHealthStore } from "../src/footage/health-store.js";
import { SqliteSegmentStore } from "../src/footage/segment-store.js";
import { IncidentBus } from "../src/incidents/bus.js";
import { PublishingIncidentStore } from "../src/incidents/publishing-store.js";
import { SqliteIncidentStore } from "../src/incidents/sqlite-incident-store.js";
import type { Episode } from "../src/rules/types.js";
import { BoardServer } from "../src/server/board-server.js";
import { DEFAULT_LOGIN_LIMITS } from "../src/server/context.js";
import { SegmentFrames } from "../src/server/frames/latest-frames.js";
import { BoardMetrics } from "../src/server/metrics/board-metrics.js";
import { openDatabase } from "../src/store/database.js";
import { CaseService } from "../src/workflow/case-service.js";
import { SqliteCaseStore } from "../src/workflow/sqlite-case-store.js";
import { BENCH_DEPLOYMENT, BENCH_USERS, PASSWORD, benchEpisode, type ToServer } from "./board-shared.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "kerbside-bench-board-"));
const log = pino({ level: "silent" });
const deployment = parseDeployment(BENCH_DEPLOYMENT, path.join(dir, "kerbside.yaml"), {});
const db = openDatabase(path.join(deployment.storageDir, "kerbside.db"));
const bus = new IncidentBus({ log });
const store = new PublishingIncidentStore(new SqliteIncidentStore(db), bus);
const segments = new SqliteSegmentStore(db);
const health = new SqliteHealthStore(db);
const accounts = openAccounts(db, deployment);
const workflow = new CaseService({ cases: new SqliteCaseStore(db), incidents: store, bus, deployment, workflow: deployment.workflow, log });
for (const u of BENCH_USERS) await accounts.add({ ...u, password: PASSWORD }, { username: null });
const server = await BoardServer.start(
  {
    deployment, db, accounts, incidents: store, workflow, bus, segments, health: (id) => health.get(id), frames: new SegmentFrames(segments, log),
    metrics: new BoardMetrics(), log, loginLimits: { ...DEFAULT_LOGIN_LIMITS, perIp: 10_000, perUser: 10_000 }, webDir: path.join(dir, "none"), version: "bench", now: Date.now,
  },
  { host: "127.0.0.1", port: 0 },
);

const send = (message: unknown): void => void process.send?.(message);

async function burst(count: number, pauseEveryN: number, raw: boolean): Promise<void> {
  for (let i = 0; i < count; i++) {
    const episode: Episode = benchEpisode(i, deployment);
    if (raw) server.hub.io.emit("raw", { i, sentAt: Date.now(), pad: episode });
    else store.recordEpisode(episode);
    if ((i + 1) % pauseEveryN === 0) await new Promise((r) => setTimeout(r, 1));
  }
}

process.on("message", (message: ToServer) => {
  void (async () => {
    if (message.type === "publish") {
      await burst(message.count, message.pauseEveryN, message.raw);
      send({ type: "published", rssMb: process.memoryUsage().rss / 1024 / 1024 });
    } else if (message.type === "close") {
      await server.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
      send({ type: "closed" });
      process.exit(0);
    }
  })();
});
send({ type: "ready", url: server.url, rssMb: process.memoryUsage().rss / 1024 / 1024 });
