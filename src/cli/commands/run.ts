/**
 * `kerbside run`: the main job: record/pick up footage, scan it, record
 * incidents, and serve the board (express + socket.io).
 *   kerbside run  [--config FILE] [--host H] [--port N] [--no-board] [--once | --for SECONDS] [--json]
 *   kerbside demo [--once | --for SECONDS] [--json]   (= run --config config/demo.yaml, friendlier)
 * Without --once/--for it runs until SIGINT/SIGTERM; closing stops the board
 * first (no new requests, sockets closed), then everything else. It prints a
 * summary (one JSON document with --json) and exits 1 when a point reported an error.
 */
import { existsSync } from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import { loadDeploymentLenient, type RejectedPoint } from "../../config/load.js";
import type { Deployment } from "../../config/schema.js";
import { KerbsideError } from "../../errors.js";
import { logger } from "../../log.js";
import { acquireStorageLock } from "../../footage/storage-lock.js";
import { KerbsideService } from "../../service/kerbside-service.js";
import { BoardMetrics } from "../../server/metrics/board-metrics.js";
import type { ServiceBoard } from "../../server/service-board.js";
import { boardBanner, startBoard, wantsBoard } from "./board-start.js";
import { formatRunReport } from "../../service/report-text.js";
import type { RunReport } from "../../service/types.js";
import { onStopSignals } from "../stop-signals.js";
import { createConfiguredDetector } from "../../detect/configured-detector.js";

const DEFAULT_CONFIG = "config/demo.yaml";

interface RunOptions {
  config: string;
  once?: boolean;
  for?: number;
  json?: boolean;
  /** false with --no-board */
  board?: boolean;
  host?: string;
  port?: number;
}

export function register(program: Command): void {
  program
    .command("run")
    .description("Run Kerbside: record and pick up footage, scan it, record incidents with evidence (until Ctrl-C)")
    .option("-c, --config <file>", "deployment config", DEFAULT_CONFIG)
    .addOption(new Option("--once", "index the non-live sources now, scan everything unscanned, print a summary and exit").conflicts("for"))
    .addOption(new Option("--for <seconds>", "run every source (live ones too) this long, then scan what was recorded and exit").argParser(seconds))
    .option("--json", "print the summary as one JSON document")
    .option("--host <address>", "board address (default: board.host, 127.0.0.1)")
    .option("--port <port>", "board port (default: board.port, 8080)", port)
    .option("--no-board", "do not serve the board")
    .action((options: RunOptions) => runCommand(options));
  program
    .command("demo")
    .description("Run the demo (config/demo.yaml, needs `npm run samples`) with the board until Ctrl-C; --once scans the demo footage once")
    .addOption(new Option("--once", "scan the demo footage once, print what was found and exit").conflicts("for"))
    .addOption(new Option("--for <seconds>", "run this long, then scan what was recorded and exit").argParser(seconds))
    .option("--host <address>", "board address")
    .option("--port <port>", "board port", port)
    .option("--no-board", "do not serve the board")
    .option("--json", "print the summary as one JSON document")
    .action((options: Omit<RunOptions, "config">) => runCommand({ ...options, config: DEFAULT_CONFIG }, { demo: true }));
}

async function runCommand(options: RunOptions, { demo = false } = {}): Promise<void> {
  // A bad point is reported and left out: it never stops the other cameras.
  const { deployment, rejected } = loadDeploymentLenient(options.config);
  reportRejected(rejected);
  if (demo) {
    requireDemoFootage(deployment);
    if (!process.env.KERBSIDE_LOG_LEVEL) logger.level = "warn";
  }
  // One Kerbside per storage directory: a second one refuses here, naming the first.
  const lock = acquireStorageLock(deployment.storageDir);
  try {
    await runLocked(options, deployment, rejected, demo);
  } finally {
    lock.release();
  }
}

async function runLocked(options: RunOptions, deployment: Deployment, rejected: RejectedPoint[], demo: boolean): Promise<void> {
  const metrics = new BoardMetrics();
  const { detector } = deployment;
  const service = new KerbsideService({
    deployment,
    createDetector: async () => metrics.timeDetector(await createConfiguredDetector(detector)),
  });
  // Kept until the service is closed: a second signal (npm forwards Ctrl-C to
  // its child, which got it from the terminal already) must not kill the
  // process half-way through closing. The board closes first.
  const stop = new AbortController();
  let board: ServiceBoard | undefined;
  const offSignals = onStopSignals(() => void (board ? board.close() : Promise.resolve()).finally(() => stop.abort()));
  let report: RunReport;
  try {
    if (wantsBoard({ ...options, board: options.board !== false })) {
      board = await startBoard(service, deployment, { ...options, board: true }, metrics);
      process.stdout.write(boardBanner(board, deployment));
    }
    if (options.once) report = await service.runOnce(stop.signal);
    else if (options.for !== undefined) report = await service.runFor(options.for * 1000, stop.signal);
    else {
      if (!options.json) process.stderr.write(`kerbside running ${deployment.points.filter((p) => p.enabled).length} point(s) from ${deployment.file}; Ctrl-C to stop\n`);
      report = await service.runUntil(stop.signal);
    }
  } finally {
    await board?.close();
    await service.close();
    offSignals();
  }
  report = withRejected(report, rejected);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatRunReport(report)}\n`);
  if (demo && !options.json) process.stdout.write(demoHint(report));
  if (report.totals.errors > 0) process.exitCode = 1;
}

function reportRejected(rejected: readonly RejectedPoint[]): void {
  for (const point of rejected) {
    logger.error({ point: point.id, index: point.index }, "point left out: invalid config");
    process.stderr.write(`kerbside: KERB_ERR_CONFIG: point ${point.id ?? `points[${point.index}]`} left out, the others run. ${point.message}\n`);
  }
}

function withRejected(report: RunReport, rejected: RejectedPoint[]): RunReport {
  if (rejected.length === 0) return report;
  return { ...report, rejectedPoints: rejected, totals: { ...report.totals, errors: report.totals.errors + rejected.length } };
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError("--port must be a port number (0–65535; 0 picks a free one)");
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 7 * 86_400)) throw new InvalidArgumentError("--for must be a number of seconds above 0 (at most a week)");
  return n;
}

/** The demo reads the sample footage; say how to get it instead of indexing a missing file. */
function requireDemoFootage(deployment: Deployment): void {
  for (const point of deployment.points) {
    const source = point.source;
    if (source.kind === "file" && !existsSync(source.path)) {
      throw new KerbsideError("KERB_ERR_SAMPLES", `${source.path} (point ${point.id}) is missing: run \`npm run samples\` first`);
    }
  }
}

function demoHint(report: RunReport): string {
  return [
    "",
    "Run it again: segments already scanned are skipped and no incident is added twice.",
    `Everything is kept under ${report.storageDir}; \`kerbside run --for 120\` also records the live replay point.`,
    "",
  ].join("\n");
}
