/**
 * Scale-out on a real redis-server and real `kerbside worker` processes
 * (through the launcher users run): a two-point, two-day pre-audit of real
 * footage (the parked van of vtest.avi) finishes with the same incidents as
 * the single-machine scan; a worker killed with SIGKILL mid-job and Redis
 * restarting mid-run lose nothing and duplicate nothing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDeployment } from "../../src/config/load.js";
import { databasePath } from "../../src/config/paths.js";
import type { Deployment } from "../../src/config/schema.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import type { Incident } from "../../src/incidents/types.js";
import { BullmqJobQueue } from "../../src/queue/bullmq/bullmq-job-queue.js";
import { queueNames, redisConnection } from "../../src/queue/bullmq/names.js";
import { startResultsMerger, type ResultsMerger } from "../../src/queue/bullmq/results-merger.js";
import { LocalJobQueue } from "../../src/queue/local-job-queue.js";
import { createScanDayRunner } from "../../src/queue/scan-day-runner.js";
import { localDate } from "../../src/audit/local-hours.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { Queue } from "bullmq";
import { archiveName, cutClip, mkdir, tempDir } from "../service/fixtures.js";
import { waitForAsync } from "./wait-async.js";
import { startRedis, type TestRedis } from "./redis-server.js";

const TZ = "Asia/Shanghai";
const fixture = tempDir("scale-out");
let redis: TestRedis;
const days: string[] = [];
let reference: Incident[] = [];

function yaml(storageDir: string, prefix: string): string {
  const point = (id: string) => `
  - id: ${id}
    name: 测试点位 ${id}
    category: main_road
    units: [traffic_police]
    source: { kind: archive, dir: ../archive/${id} }
    zones:
      - { id: van, name: 楼前禁停区, kind: no_parking, polygon: [[0.80, 0.03], [0.95, 0.03], [0.95, 0.24], [0.80, 0.24]] }`;
  return `
name: scale-out test
timezone: ${TZ}
storageDir: ./${storageDir}
detector: { threads: 1 }
units:
  - { id: traffic_police, name: 交警大队 }
rules:
  illegal_parking: { classes: [car, truck, bus], zones: [no_parking], minDwellSec: 10, unit: traffic_police }
sampling: { everySec: 2 }
plates: { enabled: false }
queue: { kind: bullmq, redis: "redis://127.0.0.1:\${TEST_REDIS_PORT}", prefix: ${prefix} }
points:${point("A01")}${point("A02")}
`;
}

function configFile(name: string, prefix: string): string {
  const dir = mkdir(path.join(fixture.dir, name));
  const file = path.join(dir, "kerbside.yaml");
  writeFileSync(file, yaml("data", prefix));
  return file;
}

function load(file: string): Deployment {
  return loadDeployment(file);
}

function startWorker(config: string): ChildProcess {
  return spawn(process.execPath, ["bin/kerbside.js", "worker", "--config", config, "--lock-ms", "4000"], {
    env: { ...process.env, TEST_REDIS_PORT: String(redis.port), KERBSIDE_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** What must be equal between two scans: per point, rule, zone, label group and times. */
function shape(incidents: readonly Incident[]): string[] {
  return incidents.map((i) => `${i.pointId} ${i.rule} ${i.zoneId} ${i.startMs} ${i.endMs}`).sort();
}

interface MainNode {
  db: Db;
  store: SqliteIncidentStore;
  queue: BullmqJobQueue;
  merger: ResultsMerger;
  results: Queue;
  close(): Promise<void>;
}

async function mainNode(deployment: Deployment): Promise<MainNode> {
  const connection = redisConnection(`redis://127.0.0.1:${redis.port}`);
  const db = openDatabase(databasePath(deployment));
  const store = new SqliteIncidentStore(db);
  const queue = await BullmqJobQueue.open({ connection, prefix: deployment.queue.prefix, pollMs: 200 });
  const merger = startResultsMerger({ connection, prefix: deployment.queue.prefix, store });
  const results = new Queue(queueNames(deployment.queue.prefix).results, { connection });
  return {
    db, store, queue, merger, results,
    close: async () => {
      await Promise.allSettled([queue.close(), merger.close(), results.close()]);
      db.close();
    },
  };
}

/** Until every scan job is finished and every result merged. */
async function settled(node: MainNode, requestId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const request = await node.queue.get(requestId);
    const counts = await node.results.getJobCounts("waiting", "active", "delayed");
    if (request && ["done", "failed", "cancelled"].includes(request.state) && Object.values(counts).every((n) => n === 0)) return;
    if (Date.now() > deadline) throw new Error(`pre-audit ${requestId} not settled: ${JSON.stringify(request?.jobs.map((j) => j.state))}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  redis = await startRedis();
  // The config's queue.redis names this variable, as a deployment would name its password.
  process.env.TEST_REDIS_PORT = String(redis.port);
  const now = Date.now();
  for (const [k, ageMs] of [[0, 26 * 3_600_000], [1, 2 * 3_600_000]] as const) {
    const startMs = now - ageMs;
    days[k] = localDate(startMs, TZ);
    for (const id of ["A01", "A02"]) cutClip(path.join(mkdir(path.join(fixture.dir, "archive", id)), archiveName(id, startMs + (id === "A02" ? 60_000 : 0))), 30);
  }
  // The single-machine reference: the in-process queue and the same scan-day runner.
  const deployment = load(configFile("single", "single"));
  const db = openDatabase(databasePath(deployment));
  const runner = createScanDayRunner({ deployment });
  const queue = new LocalJobQueue({ db, runner: runner.run });
  try {
    await queue.enqueue({ pointIds: ["A01", "A02"], from: days[0]!, to: days[1]! });
    queue.start();
    await queue.idle();
    reference = new SqliteIncidentStore(db).list();
  } finally {
    await queue.close();
    await runner.close();
    db.close();
  }
}, 300_000);

afterAll(async () => {
  await redis?.stop();
  fixture.cleanup();
});

describe("pre-audit on BullMQ workers", () => {
  it("has a reference to compare with: the van on both days at both points", () => {
    expect(reference).toHaveLength(4);
    expect(new Set(reference.map((i) => i.rule))).toEqual(new Set(["illegal_parking"]));
  });

  it("two workers finish a multi-day pre-audit with the same incidents as one machine", async () => {
    const config = configFile("two-workers", "two");
    const node = await mainNode(load(config));
    const workers = [startWorker(config), startWorker(config)];
    try {
      const request = await node.queue.enqueue({ pointIds: ["A01", "A02"], from: days[0]!, to: days[1]!, requestedBy: "organiser" });
      expect(request.jobs).toHaveLength(4);
      await settled(node, request.id, 240_000);
      const after = (await node.queue.get(request.id))!;
      expect(after.jobs.map((j) => j.state)).toEqual(["done", "done", "done", "done"]);
      expect(shape(node.store.list())).toEqual(shape(reference));
      for (const incident of node.store.list()) expect(incident.evidence.length).toBeGreaterThanOrEqual(3);
    } finally {
      await Promise.all(workers.map(stopWorker));
      await node.close();
    }
  }, 300_000);

  it("a worker killed with SIGKILL mid-job loses and duplicates nothing", async () => {
    const config = configFile("kill-worker", "kill");
    const node = await mainNode(load(config));
    const victim = startWorker(config);
    let survivor: ChildProcess | null = null;
    try {
      const request = await node.queue.enqueue({ pointIds: ["A01", "A02"], from: days[0]!, to: days[1]! });
      // Kill the only worker while it holds a job that has made progress, then let another take over.
      const underWay = await waitForAsync(async () => (await node.queue.get(request.id))!.jobs.find((j) => j.state === "running" && j.frames >= 2), 120_000, "a job under way");
      victim.kill("SIGKILL");
      survivor = startWorker(config);
      await settled(node, request.id, 240_000);
      const after = (await node.queue.get(request.id))!;
      expect(after.jobs.map((j) => j.state)).toEqual(["done", "done", "done", "done"]);
      // The job the dead worker held was taken back by BullMQ's stalled-job check and scanned again.
      expect(after.jobs.find((j) => j.id === underWay.id)!.state).toBe("done");
      expect(shape(node.store.list())).toEqual(shape(reference));
    } finally {
      victim.kill("SIGKILL");
      if (survivor) await stopWorker(survivor);
      await node.close();
    }
  }, 300_000);

  it("survives Redis restarting mid-run: the jobs resume, nothing is lost", async () => {
    const config = configFile("redis-restart", "restart");
    const node = await mainNode(load(config));
    const worker = startWorker(config);
    try {
      const request = await node.queue.enqueue({ pointIds: ["A01", "A02"], from: days[0]!, to: days[1]! });
      await waitForAsync(async () => (await node.queue.get(request.id))!.jobs.some((j) => j.state === "running"), 120_000, "the first job to start");
      await redis.restart(1500);
      await settled(node, request.id, 240_000);
      expect((await node.queue.get(request.id))!.jobs.map((j) => j.state)).toEqual(["done", "done", "done", "done"]);
      expect(shape(node.store.list())).toEqual(shape(reference));
    } finally {
      await stopWorker(worker);
      await node.close();
    }
  }, 300_000);
});
