/**
 * npm run bench:scale — pre-audit throughput on BullMQ with 1 and then 2
 * `kerbside worker` processes on this box (a real redis-server on loopback,
 * real footage: cuts of vtest.avi as archive days), each worker with one ORT
 * thread. Prints footage-seconds scanned per wall-second for each, the
 * speed-up and the per-worker efficiency (speed-up ÷ workers): the evidence
 * for the N-machine projection in the README. On one 2-core box two workers
 * share the cores, so efficiency here is a floor; on N machines each worker
 * has its own.
 *
 *   npm run bench:scale -- --jobs 8 --clip 40
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadDeployment } from "../src/config/load.js";
import { localDate } from "../src/audit/local-hours.js";
import { BullmqJobQueue } from "../src/queue/bullmq/bullmq-job-queue.js";
import { redisConnection } from "../src/queue/bullmq/names.js";
import { startResultsMerger } from "../src/queue/bullmq/results-merger.js";
import { SqliteIncidentStore } from "../src/incidents/sqlite-incident-store.js";
import { openDatabase } from "../src/store/database.js";
import { databasePath } from "../src/config/paths.js";
import { archiveName, cutClip, mkdir, tempDir } from "../tests/service/fixtures.js";
import { startRedis } from "../tests/queue/redis-server.js";

const { values } = parseArgs({ options: { jobs: { type: "string", default: "8" }, clip: { type: "string", default: "40" } } });
const JOBS = Number(values.jobs);
const CLIP = Number(values.clip);

function yaml(prefix: string, port: number): string {
  return `
name: bench scale
timezone: Asia/Shanghai
storageDir: ./data-${prefix}
detector: { threads: 1 }
units: [{ id: traffic_police, name: 交警大队 }]
rules: { illegal_parking: { classes: [car, truck, bus], zones: [no_parking], minDwellSec: 20, unit: traffic_police } }
sampling: { everySec: 2 }
plates: { enabled: false }
queue: { kind: bullmq, redis: "redis://127.0.0.1:${port}", prefix: ${prefix} }
points:
  - id: B01
    name: 基准点位
    category: main_road
    units: [traffic_police]
    source: { kind: archive, dir: ./archive }
    zones: [{ id: van, kind: no_parking, polygon: [[0.80, 0.03], [0.95, 0.03], [0.95, 0.24], [0.80, 0.24]] }]
`;
}

async function run(dir: string, port: number, workers: number, days: string[]): Promise<number> {
  const prefix = `w${workers}`;
  const config = path.join(dir, `${prefix}.yaml`);
  writeFileSync(config, yaml(prefix, port));
  const deployment = loadDeployment(config);
  const connection = redisConnection(`redis://127.0.0.1:${port}`);
  const db = openDatabase(databasePath(deployment));
  const queue = await BullmqJobQueue.open({ connection, prefix, pollMs: 200 });
  const merger = startResultsMerger({ connection, prefix, store: new SqliteIncidentStore(db) });
  const children: ChildProcess[] = [];
  for (let i = 0; i < workers; i++) {
    const child = spawn(process.execPath, ["bin/kerbside.js", "worker", "--config", config], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, KERBSIDE_LOG_LEVEL: "warn" } });
    await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
    children.push(child);
  }
  const started = performance.now();
  const request = await queue.enqueue({ pointIds: ["B01"], from: days[0]!, to: days[days.length - 1]! });
  for (;;) {
    const state = (await queue.get(request.id))!.state;
    if (state === "done" || state === "failed") break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((c) => new Promise((r) => c.once("exit", r))));
  await queue.close();
  await merger.close();
  db.close();
  return seconds;
}

async function main(): Promise<void> {
  const fixture = tempDir("bench-scale");
  const redis = await startRedis();
  try {
    const archive = mkdir(path.join(fixture.dir, "archive"));
    const days: string[] = [];
    for (let k = 0; k < JOBS; k++) {
      const startMs = Date.now() - (JOBS - k) * 86_400_000;
      days.push(localDate(startMs, "Asia/Shanghai"));
      cutClip(path.join(archive, archiveName("B01", startMs)), CLIP);
    }
    console.log(`bench:scale — ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ${JOBS} point-day jobs of ${CLIP} s footage, sampling every 2 s`);
    const one = await run(fixture.dir, redis.port, 1, days);
    const two = await run(fixture.dir, redis.port, 2, days);
    const footage = JOBS * CLIP;
    console.log(`1 worker : ${one.toFixed(1)} s wall, ${(footage / one).toFixed(2)} footage-s per wall-s`);
    console.log(`2 workers: ${two.toFixed(1)} s wall, ${(footage / two).toFixed(2)} footage-s per wall-s`);
    console.log(`speed-up ${(one / two).toFixed(2)}×, per-worker efficiency ${((one / two) / 2).toFixed(2)} (2 workers sharing this box's ${os.cpus().length} cores)`);
  } finally {
    await redis.stop();
    fixture.cleanup();
  }
}

await main();
