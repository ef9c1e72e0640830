/**
 * `kerbside scan`: finds violations in recorded footage.
 *   kerbside scan --config FILE --point ID [--from ISO] [--to ISO]
 *   kerbside scan VIDEO_OR_DIR [--start ISO] --zone "KIND:x,y x,y x,y" --rule RULE [--min-dwell S] [--every S] [--json]
 * Prints a summary (or one JSON document with --json) and exits 0 unless no
 * footage at all could be read.
 */
import { detectorModelName } from "../../detect/model-registry.js";
import { createHash } from "node:crypto";
import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { databasePath } from "../../config/paths.js";
import { loadDeploymentLenient } from "../../config/load.js";
import { KerbsideError } from "../../errors.js";
import { SqliteSegmentStore } from "../../footage/segment-store.js";
import { logger } from "../../log.js";
import { acquireStorageLock, type StorageLock } from "../../footage/storage-lock.js";
import { openDatabase } from "../../store/database.js";
import { adhocTarget } from "../../scan/adhoc-point.js";
import { listFootage } from "../../scan/footage-files.js";
import { parseCliTime } from "../../time/cli-time.js";
import { pointFootage } from "../../scan/point-footage.js";
import { createProgressView } from "../../scan/progress-bar.js";
import { formatReport } from "../../scan/report-text.js";
import { runScan, type RunScanOptions, type ScanReport } from "../../scan/run-scan.js";
import { onStopSignals } from "../stop-signals.js";

interface ScanCliOptions {
  config?: string;
  point?: string;
  from?: string;
  to?: string;
  start?: string;
  zone: string[];
  rule: string[];
  minDwell?: number;
  every?: number;
  tz: string;
  out: string;
  json?: boolean;
  model?: string;
  modelsDir?: string;
  threads?: number;
  score?: number;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function positive(name: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0 && n <= max)) throw new InvalidArgumentError(`${name} must be a number above 0 and at most ${max}`);
    return n;
  };
}

function threads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError("--threads must be a whole number from 1 to 64");
  return n;
}

function dwell(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 86_400) throw new InvalidArgumentError("--min-dwell must be whole seconds from 0 to 86400");
  return n;
}

export function register(program: Command): void {
  program
    .command("scan")
    .description("Scan recorded footage for violations: a configured point's archive, or exported video files with zones given on the command line")
    .argument("[footage]", "video file or directory of files (ad-hoc scan; start times from the file names)")
    .option("--config <file>", "deployment config (configured scan)")
    .option("--point <id>", "point to scan (with --config)")
    .option("--from <iso>", "scan footage from this time (with --config)")
    .option("--to <iso>", "scan footage up to this time (with --config)")
    .option("--start <iso>", "start time of a single footage file (default: from its name)")
    .option("--zone <KIND:x,y x,y x,y>", "zone polygon in normalised coordinates (repeatable)", collect, [])
    .option("--rule <rule>", "rule to apply: illegal_parking, sidewalk_parking, nonmotor_parking, stall_encroachment (repeatable)", collect, [])
    .option("--min-dwell <seconds>", "dwell threshold (default: the rule's)", dwell)
    .option("--every <seconds>", "seconds between sampled frames (default 10)", positive("--every", 3600))
    .option("--tz <zone>", "time zone of the footage's wall-clock times (ad-hoc scan)", "Asia/Shanghai")
    .option("--out <dir>", "output folder for the scan database and evidence (ad-hoc scan)", "kerbside-scan-out")
    .option("--json", "print one JSON document on stdout")
    .option("--model <name>", "detector model (default: the config's, else centernet-mobilenetv3)")
    .option("--models-dir <dir>", "folder holding the model files")
    .option("--threads <n>", "detector threads", threads)
    .option("--score <0-1>", "detector score threshold", positive("--score", 1))
    .action(async (footage: string | undefined, opts: ScanCliOptions) => {
      if (footage !== undefined) return scanAndPrint(adhocRun(footage, opts), opts);
      const { run, lock } = await configuredRun(opts);
      try {
        await scanAndPrint(run, opts);
      } finally {
        lock.release();
      }
    });
}

async function scanAndPrint(run: RunScanOptions, opts: ScanCliOptions): Promise<void> {
  const view = createProgressView(!opts.json);
  // Info logs would tear the bar apart; warnings still show. KERBSIDE_LOG_LEVEL wins.
  if (view.active && process.env.KERBSIDE_LOG_LEVEL === undefined) logger.level = "warn";
  let report: ScanReport | undefined;
  // Ctrl-C stops after the current frame and still prints what was found (a second one is ignored while closing).
  const stop = new AbortController();
  const offSignals = onStopSignals(() => stop.abort());
  try {
    report = await runScan({ ...run, onProgress: (event) => view.update(event), signal: stop.signal });
  } finally {
    offSignals();
    view.stop(report !== undefined);
  }
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  if (report.interrupted) {
    process.stderr.write("kerbside scan: interrupted; finished segments are kept, run it again to resume\n");
    process.exitCode = 130; // 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
    return;
  }
  if (report.segments.scanned + report.segments.skipped === 0) {
    const unreadable = report.segments.unreadable.length;
    throw new KerbsideError("KERB_ERR_SCAN", unreadable > 0 ? `none of the footage could be read (${unreadable} unreadable)` : "no footage found to scan");
  }
}

/** Flags given that the kind of scan would otherwise silently ignore. */
function refuseFlags(opts: ScanCliOptions, flags: readonly (keyof ScanCliOptions)[], why: string): void {
  const given = flags.filter((f) => opts[f] !== undefined).map((f) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  if (given.length > 0) throw new KerbsideError("KERB_ERR_CONFIG", `${given.join(", ")}: ${why}`);
}

function adhocRun(footage: string, opts: ScanCliOptions): RunScanOptions {
  if (opts.config || opts.point) throw new KerbsideError("KERB_ERR_CONFIG", "give either a footage file/directory or --config with --point, not both");
  refuseFlags(opts, ["from", "to"], "only for a configured point (--config --point); for files, scan a directory holding the wanted ones");
  const start = opts.start === undefined ? undefined : new Date(parseCliTime(opts.start, opts.tz, "--start"));
  const id = adhocPointId(footage, opts);
  const { deployment, point } = adhocTarget({
    zones: opts.zone, rules: opts.rule, minDwellSec: opts.minDwell, everySec: opts.every, timeZone: opts.tz, name: path.basename(footage), id,
  });
  const list = listFootage(footage, { start, timeZone: opts.tz });
  const out = path.resolve(opts.out);
  return {
    deployment,
    point,
    segments: list.segments,
    unreadable: list.unreadable,
    databaseFile: path.join(out, "kerbside-scan.db"),
    evidence: { rootDir: out, relativePaths: false },
    model: opts.model,
    modelsDir: opts.modelsDir,
    threads: opts.threads,
    scoreThreshold: opts.score,
  };
}

/**
 * The ad-hoc point a scan runs as: one per footage (file or folder, by its
 * absolute path) and settings. Incidents merge and progress is kept per
 * point, so scans of different footage into one --out never share incidents,
 * while a re-run of the same footage resumes and merges.
 */
function adhocPointId(footage: string, opts: ScanCliOptions): string {
  const identity = [path.resolve(footage), opts.zone, opts.rule, opts.minDwell ?? null];
  return `adhoc-${createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 12)}`;
}

async function configuredRun(opts: ScanCliOptions): Promise<{ run: RunScanOptions; lock: StorageLock }> {
  if (!opts.config || !opts.point) {
    throw new KerbsideError("KERB_ERR_CONFIG", "give a footage file/directory (with --zone and --rule), or --config FILE --point ID");
  }
  if (opts.zone.length > 0 || opts.rule.length > 0) throw new KerbsideError("KERB_ERR_CONFIG", "--zone and --rule are for ad-hoc scans; a configured point has its own");
  refuseFlags(opts, ["minDwell", "start"], "only for ad-hoc scans of files; a configured point takes its dwell (rules.<rule>.minDwellSec) and its footage times from the config");
  // Other points' config problems do not stop a scan of this one.
  const { deployment, rejected } = loadDeploymentLenient(opts.config);
  const ownProblems = rejected.find((r) => r.id === opts.point);
  if (ownProblems) throw new KerbsideError("KERB_ERR_CONFIG", ownProblems.message);
  const point = deployment.points.find((p) => p.id === opts.point);
  if (!point) {
    throw new KerbsideError("KERB_ERR_POINT_UNKNOWN", `no point "${opts.point}" in ${deployment.file} (points: ${deployment.points.map((p) => p.id).join(", ")})`);
  }
  const tz = deployment.timezone;
  const range = {
    fromMs: opts.from === undefined ? undefined : parseCliTime(opts.from, tz, "--from"),
    toMs: opts.to === undefined ? undefined : parseCliTime(opts.to, tz, "--to"),
  };
  if (range.fromMs !== undefined && range.toMs !== undefined && range.fromMs >= range.toMs) {
    throw new KerbsideError("KERB_ERR_CONFIG", `--from "${opts.from}" is not before --to "${opts.to}"`);
  }
  const dbFile = databasePath(deployment);
  // A scan of a configured deployment writes its index and incidents: not while another Kerbside runs on it.
  const lock = acquireStorageLock(deployment.storageDir);
  const store = new SqliteSegmentStore(openDatabase(dbFile), true);
  let footage;
  try {
    footage = await pointFootage(deployment, point, store, range, logger.child({ module: "scan", point: point.id }));
  } catch (error) {
    lock.release();
    throw error;
  } finally {
    store.close();
  }
  const pointWithSampling = opts.every === undefined ? point : { ...point, sampling: { ...point.sampling, everySec: opts.every, during: [] } };
  const run: RunScanOptions = {
    deployment,
    point: pointWithSampling,
    segments: footage.segments,
    unreadable: footage.unreadable,
    databaseFile: dbFile,
    evidence: { rootDir: deployment.storageDir, relativePaths: true },
    model: opts.model ?? detectorModelName(deployment.detector),
    modelsDir: opts.modelsDir,
    threads: opts.threads ?? deployment.detector.threads,
    workers: deployment.detector.workers,
    scoreThreshold: opts.score ?? deployment.detector.scoreThreshold,
  };
  return { run, lock };
}
