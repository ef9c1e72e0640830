/**
 * `kerbside footage`: the 30-day archive.
 *   kerbside footage status [--config FILE] [--point ID] [--gaps N] [--json]
 *   kerbside footage index  [--config FILE] [--point ID] [--json]
 *   kerbside footage record [--config FILE] [--point ID...]   (until SIGINT/SIGTERM)
 */
import { InvalidArgumentError, type Command } from "commander";
import { databasePath } from "../../config/paths.js";
import { loadDeploymentLenient } from "../../config/load.js";
import type { Deployment } from "../../config/schema.js";
import { KerbsideError } from "../../errors.js";
import { FootageService } from "../../footage/footage-service.js";
import { SqliteHealthStore } from "../../footage/health-store.js";
import { indexOnce } from "../../footage/index-once.js";
import { SqliteSegmentStore } from "../../footage/segment-store.js";
import { footageStatus, formatStatus } from "../../footage/status.js";
import { SqliteLiveHealthStore } from "../../live/live-health-store.js";
import { logger } from "../../log.js";
import { acquireStorageLock } from "../../footage/storage-lock.js";
import { openDatabase, type Db } from "../../store/database.js";
import { onStopSignals, untilStopSignal } from "../stop-signals.js";

const DEFAULT_CONFIG = "config/demo.yaml";

interface CommonOptions {
  config: string;
  point?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const footage = program.command("footage").description("The rolling footage archive: status, indexing, recording");
  footage
    .command("status")
    .description("Per point: camera health, hours covered in the retention window, biggest gaps")
    .option("-c, --config <file>", "deployment config", DEFAULT_CONFIG)
    .option("-p, --point <id>", "only this point")
    .option("--gaps <n>", "gaps listed per point, biggest first", wholeNumber, 5)
    .option("--json", "print one JSON document")
    .action((options: CommonOptions & { gaps: number }) => {
      const deployment = loadFor(options);
      withDb(deployment, (db) => {
        const statuses = footageStatus(deployment, new SqliteSegmentStore(db), new SqliteHealthStore(db), Date.now(), {
          pointId: options.point,
          gapLimit: options.gaps,
          live: new SqliteLiveHealthStore(db),
        });
        const text = options.json ? JSON.stringify({ config: deployment.file, timezone: deployment.timezone, points: statuses }, null, 2) : formatStatus(statuses, deployment.timezone);
        process.stdout.write(`${text}\n`);
      });
    });
  footage
    .command("index")
    .description("Index archive folders and file sources once (ffprobe each file; unreadable ones are marked)")
    .option("-c, --config <file>", "deployment config", DEFAULT_CONFIG)
    .option("-p, --point <id>", "only this point")
    .option("--json", "print one JSON document")
    .action(async (options: CommonOptions) => {
      const deployment = loadFor(options);
      const db = openDatabase(databasePath(deployment));
      try {
        const summaries = await indexOnce(deployment, new SqliteSegmentStore(db), logger.child({ module: "footage-index" }), Date.now(), options.point ? [options.point] : undefined);
        const lines = summaries.map((s) => `${s.pointId}: ${s.ok} ok, ${s.unreadable} unreadable, ${s.skipped.length} skipped${s.error ? ` (error: ${s.error})` : ""}`);
        process.stdout.write(`${options.json ? JSON.stringify(summaries, null, 2) : lines.join("\n") || "no archive or file sources to index"}\n`);
      } finally {
        db.close();
      }
    });
  footage
    .command("record")
    .description("Run the live recorders, archive watchers and playback backfill until Ctrl-C")
    .option("-c, --config <file>", "deployment config", DEFAULT_CONFIG)
    .option("-p, --point <id...>", "only these points")
    .action(async (options: { config: string; point?: string[] }) => {
      const deployment = loadUsable(options.config, options.point ?? []);
      const lock = acquireStorageLock(deployment.storageDir);
      const db = openDatabase(databasePath(deployment));
      const service = new FootageService({ deployment, db, pointIds: options.point });
      service.start();
      process.stderr.write(`recording ${options.point?.join(", ") ?? "all enabled points"} into ${deployment.storageDir}; Ctrl-C to stop\n`);
      await untilStopSignal();
      // A second Ctrl-C (npm forwards one too) must not kill the process while ffmpeg finalises its segments.
      const offSignals = onStopSignals(() => undefined);
      try {
        await service.close();
        db.close();
      } finally {
        lock.release();
        offSignals();
      }
    });
}

function loadFor(options: CommonOptions): Deployment {
  return loadUsable(options.config, options.point === undefined ? [] : [options.point]);
}

/** The valid points (bad ones are reported on stderr); a named point must be among them. */
function loadUsable(file: string, pointIds: readonly string[]): Deployment {
  const { deployment, rejected } = loadDeploymentLenient(file);
  for (const point of rejected) {
    if (point.id !== undefined && pointIds.includes(point.id)) throw new KerbsideError("KERB_ERR_CONFIG", point.message);
    process.stderr.write(`kerbside: KERB_ERR_CONFIG: point ${point.id ?? `points[${point.index}]`} left out. ${point.message}\n`);
  }
  for (const id of pointIds) requirePoint(deployment, id);
  return deployment;
}

function requirePoint(deployment: Deployment, id: string): void {
  if (!deployment.points.some((p) => p.id === id)) {
    const known = deployment.points.map((p) => p.id).join(", ");
    throw new KerbsideError("KERB_ERR_POINT_UNKNOWN", `point "${id}" is not in ${deployment.file} (points: ${known})`);
  }
}

function withDb<T>(deployment: Deployment, use: (db: Db) => T): T {
  const db = openDatabase(databasePath(deployment));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
  return n;
}
