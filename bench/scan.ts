/**
 * First, the camera-like case (bench/camera-comparison.ts): raw detector,
 * today's pipeline, the current and the new sampler and coarse-to-fine side
 * by side on H.264 High/CABAC 1080p25 footage at 10 s, as ratios.
 * With --all, then the older cases below.
 *
 * Scan throughput on real footage (vtest.avi looped, an H.264 re-encode
 * with 1 s GOP so 10 s sampling decodes keyframes only, and a camera-like
 * 1080p 25 fps H.264 with a 2 s GOP, the usual NVR default):
 *   - raw detector: the worker detector on frames decoded beforehand at the
 *     model's input size, two in flight (the scanner's ceiling);
 *   - scan pipeline: the real scan (ffmpeg sampler → worker detector →
 *     tracker → rules → SQLite), no evidence files;
 *   - naive baseline: ffmpeg writes JPEG files at the interval, sharp decodes
 *     and resizes each, then the detector runs on it, one step after another.
 * For 1 s and 10 s intervals: footage-seconds per wall-second, sampled
 * frames/s, and the ratio to the raw detector's frames/s from the same run.
 * Each case runs `rounds` times, alternating methods; the best run counts.
 *   npm run bench:scan [-- --minutes 10 --threads 2 --rounds 2 --all --loops 6]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import type { Detector, RgbFrame } from "../src/detect/types.js";
import { createWorkerDetector } from "../src/detect/worker-detector.js";
import { adhocTarget } from "../src/scan/adhoc-point.js";
import { runScan } from "../src/scan/run-scan.js";
import { logger } from "../src/log.js";
import { cameraFootage } from "./camera-footage.js";
import { compareOnCamera, printComparison } from "./camera-comparison.js";

const { values: args } = parseArgs({ options: { loops: { type: "string", default: "6" }, threads: { type: "string", default: "2" }, rounds: { type: "string", default: "2" }, minutes: { type: "string", default: "10" }, all: { type: "boolean", default: false } } });
const LOOPS = Number(args.loops);
const VTEST = path.resolve("samples/vtest.avi");
const VAN_ZONE = "no_parking:0.80,0.03 0.95,0.03 0.95,0.24 0.80,0.24";

interface Row {
  footage: string;
  everySec: number;
  method: string;
  frames: number;
  wallSec: number;
  footageSec: number;
}

function ffmpeg(argv: string[]): Buffer {
  return execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...argv], { maxBuffer: 1 << 30 });
}

function durationSec(file: string): number {
  return Number(execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file]).toString());
}

/** Frames at the model's input size, decoded before timing starts. */
function predecoded(file: string, count: number, width: number, height: number): RgbFrame[] {
  const raw = ffmpeg(["-i", file, "-vf", `fps=1,scale=${width}:${height}:flags=bilinear`, "-frames:v", String(count), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);
  const bytes = width * height * 3;
  return Array.from({ length: Math.floor(raw.length / bytes) }, (_, i) => ({ width, height, data: new Uint8Array(raw.subarray(i * bytes, (i + 1) * bytes)) }));
}

/** Worker detector back to back on ready frames, two in flight like the scanner. */
async function rawDetectorFps(detector: Detector, frames: readonly RgbFrame[]): Promise<number> {
  const copy = (f: RgbFrame): RgbFrame => ({ ...f, data: f.data.slice() }); // the worker takes the buffer
  for (const f of frames.slice(0, 3)) await detector.detect(copy(f));
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (const f of frames) {
    pending.push(detector.detect(copy(f)));
    if (pending.length >= 2) await pending.shift();
  }
  await Promise.all(pending);
  return frames.length / ((performance.now() - t0) / 1000);
}

async function pipeline(detector: Detector, file: string, everySec: number, work: string): Promise<{ frames: number; wallSec: number }> {
  const { deployment, point } = adhocTarget({ zones: [VAN_ZONE], rules: ["illegal_parking"], minDwellSec: 60, everySec, timeZone: "Asia/Shanghai", name: "bench" });
  // A "+"-joined file list is a run of back-to-back segments, each 2 loops of vtest.avi long.
  const start = Date.parse("2026-12-08T08:00:00+08:00");
  const segments = file.split("+").map((p, i) => ({ path: p, startMs: start + i * 2 * 79_500 }));
  const t0 = performance.now();
  const report = await runScan({
    deployment, point, detector,
    segments,
    databaseFile: path.join(work, `bench-${path.basename(file)}-${everySec}-${Date.now()}.db`),
    evidence: null,
  });
  return { frames: report.frames, wallSec: (performance.now() - t0) / 1000 };
}

async function naive(detector: Detector, file: string, everySec: number, work: string): Promise<{ frames: number; wallSec: number }> {
  const dir = mkdtempSync(path.join(work, "jpeg-"));
  const { width, height } = detector.card.input;
  const t0 = performance.now();
  ffmpeg(["-i", file, "-vf", `fps=1/${everySec}`, "-q:v", "2", path.join(dir, "%06d.jpg")]);
  const files = readdirSync(dir).sort();
  for (const name of files) {
    const data = await sharp(readFileSync(path.join(dir, name))).resize(width, height, { fit: "fill" }).removeAlpha().raw().toBuffer();
    await detector.detect({ width, height, data: new Uint8Array(data) });
  }
  const wallSec = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return { frames: files.length, wallSec };
}

function print(rows: readonly Row[], rawFps: number): void {
  const head = ["footage", "every", "method", "frames", "wall s", "footage s/wall s", "frames/s", "vs raw detector"];
  const lines = rows.map((r) => {
    const fps = r.frames / r.wallSec;
    return [r.footage, `${r.everySec} s`, r.method, String(r.frames), r.wallSec.toFixed(1), (r.footageSec / r.wallSec).toFixed(1), fps.toFixed(2), `${((fps / rawFps) * 100).toFixed(0)}%`];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const line of [head, ...lines]) console.log(line.map((c, i) => c.padEnd(widths[i]!)).join("  "));
}

interface Case {
  label: string;
  file: string;
  everySec: number;
  footageSec: number;
}

/** Best of `rounds` for each case and method: the machine is shared, so the fastest run is the least disturbed. */
async function measureCases(detector: Detector, cases: readonly Case[], work: string, rounds: number): Promise<Row[]> {
  const best = new Map<string, Row>();
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      for (const [method, fn] of [["scan pipeline", pipeline], ["naive JPEG files + sharp", naive]] as const) {
        const result = await fn(detector, c.file, c.everySec, work);
        const key = `${c.label}|${c.everySec}|${method}`;
        const previous = best.get(key);
        if (!previous || result.wallSec < previous.wallSec) best.set(key, { footage: c.label, everySec: c.everySec, method, footageSec: c.footageSec, ...result });
      }
    }
  }
  return [...best.values()];
}

async function camera(work: string): Promise<void> {
  const minutes = Number(args.minutes);
  const file = cameraFootage(work, minutes);
  const comparison = await compareOnCamera(file, durationSec(file), work, { threads: Number(args.threads), rounds: Number(args.rounds), coarseToFine: true });
  printComparison(comparison, durationSec(file));
}

async function main(): Promise<void> {
  logger.level = "warn";
  const work = mkdtempSync(path.join(os.tmpdir(), "kerbside-bench-scan-"));
  try {
    await camera(work);
    if (args.all) await legacy(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function legacy(work: string): Promise<void> {
  console.log("\nolder cases:");
  const detector = await createWorkerDetector({ threads: Number(args.threads) });
  try {
    const short = path.join(work, "vtest-x2.avi");
    ffmpeg(["-stream_loop", "1", "-i", VTEST, "-c", "copy", short]);
    const long = path.join(work, `vtest-x${LOOPS}.avi`);
    ffmpeg(["-stream_loop", String(LOOPS - 1), "-i", VTEST, "-c", "copy", long]);
    const h264 = path.join(work, `vtest-x${LOOPS}-h264.mp4`);
    ffmpeg(["-i", long, "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-keyint_min", "10", "-sc_threshold", "0", "-pix_fmt", "yuv420p", h264]);
    // What a street camera records: 1080p, 25 fps, a keyframe every 2 s.
    const camera = path.join(work, "vtest-1080p25-gop2s.mp4");
    ffmpeg(["-stream_loop", "1", "-i", VTEST, "-t", "96", "-vf", "scale=1920:1080,fps=25", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-pix_fmt", "yuv420p", camera]);
    const { width, height } = detector.card.input;
    const frames = predecoded(VTEST, 40, width, height);
    const raw = [await rawDetectorFps(detector, frames)];
    console.log(`model ${detector.card.name} ${width}x${height}, ORT threads ${args.threads}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
    const cases: Case[] = [
      { label: "vtest.avi x2 (msmpeg4, GOP 25 s)", file: short, everySec: 1, footageSec: durationSec(short) },
      { label: `vtest.avi x${LOOPS} (msmpeg4, GOP 25 s)`, file: long, everySec: 10, footageSec: durationSec(long) },
      { label: `H.264 x${LOOPS} (GOP 1 s: keyframes only)`, file: h264, everySec: 10, footageSec: durationSec(h264) },
      { label: "camera-like H.264 1080p25 (GOP 2 s)", file: camera, everySec: 2, footageSec: durationSec(camera) },
      { label: "camera-like H.264 1080p25 (GOP 2 s)", file: camera, everySec: 10, footageSec: durationSec(camera) },
    ];
    const parts = [1, 2, 3].map((i) => path.join(work, `vtest-x2-part${i}.avi`));
    for (const part of parts) ffmpeg(["-stream_loop", "1", "-i", VTEST, "-c", "copy", part]);
    const segmented: Case = { label: "3 segments of vtest.avi x2", file: parts.join("+"), everySec: 10, footageSec: parts.reduce((sum, p) => sum + durationSec(p), 0) };
    const rows = await measureCases(detector, cases, work, Number(args.rounds));
    for (let round = 0; round < Number(args.rounds); round++) {
      const result = await pipeline(detector, segmented.file, segmented.everySec, work);
      const row: Row = { footage: segmented.label, everySec: 10, method: "scan pipeline", footageSec: segmented.footageSec, ...result };
      const previous = rows.find((r) => r.footage === segmented.label);
      if (!previous) rows.push(row);
      else if (row.wallSec < previous.wallSec) rows.splice(rows.indexOf(previous), 1, row);
    }
    raw.push(await rawDetectorFps(detector, frames));
    const rawFps = Math.max(...raw);
    console.log(`raw detector (worker, 2 in flight, frames decoded beforehand): ${raw.map((r) => r.toFixed(2)).join(" / ")} frames/s before / after; best ${rawFps.toFixed(2)} used for the ratios`);
    print(rows, rawFps);
  } finally {
    await detector.close();
  }
}

await main();
