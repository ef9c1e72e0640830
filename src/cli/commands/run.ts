/**
 * `kerbside run`: the main job: record/pick up footage, scan it, record incidents.
 *   kerbside run  [--config FILE] [--once | --for SECONDS] [--json]
 *   kerbside demo [--json]      (= run --config config/demo.yaml --once, friendlier)
 * Without flags it runs until SIGINT/SIGTERM. It prints a summary (one JSON
 * document with --json) and exits 1 when a point reported an error.
 */
import { existsSync } from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import { loadDeploymentLenient, type RejectedPoint } from "../../config/load.js";
import type { Deployment } from "../../config/schema.js";
import { KerbsideError } from "../../errors.js";
import { logger } from "../../log.js";
import { KerbsideService } from "../../service/kerbside-service.js";
import { formatRunReport } from "../../service/report-text.js";
import type { RunReport } from "../../service/types.js";
import { onStopSignals } from "../stop-signals.js";

const DEFAULT_CONFIG = "config/demo.yaml";

interface RunOptions {
  config: string;
  once?: boolean;
  for?: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("run")
    .description("Run Kerbside: record and pick up footage, scan it, record incidents with evidence (until Ctrl-C)")
    .option("-c, --config <file>", "deployment config", DEFAULT_CONFIG)
    .addOption(new Option("--once", "index the non-live sources now, scan everything unscanned, print a summary and exit").conflicts("for"))
    .addOption(new Option("--for <seconds>", "run every source (live ones too) this long, then scan what was recorded and exit").argParser(seconds))
    .option("--json", "print the summary as one JSON document")
    .action((options: RunOptions) => runCommand(options));
  program
    .command("demo")
    .description("Scan the demo footage once (config/demo.yaml, needs `npm run samples`) and show what was found")
    .option("--json", "print the summary as one JSON document")
    .action((options: { json?: boolean }) => runCommand({ config: DEFAULT_CONFIG, once: true, json: options.json }, { demo: true }));
}

async function runCommand(options: RunOptions, { demo = false } = {}): Promise<void> {
  // A bad point is reported and left out: it never stops the other cameras.
  const { deployment, rejected } = loadDeploymentLenient(options.config);
  reportRejected(rejected);
  if (demo) {
    requireDemoFootage(deployment);
    if (!process.env.KERBSIDE_LOG_LEVEL) logger.level = "warn";
  }
  const service = new KerbsideService({ deployment });
  // Kept until the service is closed: a second signal (npm forwards Ctrl-C to
  // its child, which got it from the terminal already) must not kill the
  // process half-way through closing.
  const stop = new AbortController();
  const offSignals = onStopSignals(() => stop.abort());
  let report: RunReport;
  try {
    if (options.once) report = await service.runOnce(stop.signal);
    else if (options.for !== undefined) report = await service.runFor(options.for * 1000, stop.signal);
    else {
      if (!options.json) process.stderr.write(`kerbside running ${deployment.points.filter((p) => p.enabled).length} point(s) from ${deployment.file}; Ctrl-C to stop\n`);
      report = await service.runUntil(stop.signal);
    }
  } finally {
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
