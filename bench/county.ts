/**
 * bench:county — projects the county pre-audit (39 points × 30 days of
 * footage, 10 s sampling) on this box from a measured scan of a few hours of
 * camera-like footage (bench/camera-footage.ts) cut in 5-minute segments as
 * an NVR stores them, handed over from the footage index as the service does
 * (size, codec and end known). Measured in one run: today's pipeline on the
 * first segments (for the ratio), the new sampler, coarse-to-fine backfill on
 * a quiet zone and on the van's zone (its worst case), at 416 px, and two
 * points side by side on one detector (with 2 ORT threads, and with 1), and
 * two detector workers of one ORT thread each (detector.workers).
 *
 * Two projections per method: from the wall clock (what this run saw, load
 * included) and from CPU time (bench/cpu-time.ts: what the method costs; the
 * county's wall time with both cores kept busy). On a shared box the second
 * is the one to compare; "cores busy" says how well a method fills the box.
 *   npm run bench:county [-- --hours 2 --threads 2]
 */
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Detector } from "../src/detect/types.js";
import { logger } from "../src/log.js";
import { cameraFootage } from "./camera-footage.js";
import { QUIET_ZONE, VAN_ZONE, convertedDetector, scanOnce, todaysDetector, type ScanExtra } from "./camera-comparison.js";
import { cpuSeconds } from "./cpu-time.js";

const { values: args } = parseArgs({ options: { hours: { type: "string", default: "2" }, threads: { type: "string", default: "2" }, "today-segments": { type: "string", default: "2" } } });
const COUNTY_FOOTAGE_HOURS = 39 * 30 * 24;
const SEGMENT_SEC = 300;
const CORES = os.availableParallelism();

interface Measured {
  method: string;
  segments: number;
  frames: number;
  wallSec: number;
  cpuSec: number;
}

/** Runs `scans` side by side (each its own point), timing wall and CPU over all of them. */
async function measure(work: string, method: string, scans: readonly { detector: Detector; files: string[]; extra: ScanExtra }[]): Promise<Measured> {
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const results = await Promise.all(scans.map((s) => scanOnce(s.detector, "", work, { ...s.extra, files: s.files, indexed: true })));
  return {
    method,
    segments: scans.reduce((n, s) => n + s.files.length, 0),
    frames: results.reduce((n, r) => n + r.frames, 0),
    wallSec: (performance.now() - t0) / 1000,
    cpuSec: cpuSeconds() - cpu0,
  };
}

function row(m: Measured, todayRate: number): string[] {
  const footageH = (m.segments * SEGMENT_SEC) / 3600;
  const rate = footageH / (m.wallSec / 3600);
  const cpuPerFootageH = m.cpuSec / footageH;
  const cpuBoundCountyH = (COUNTY_FOOTAGE_HOURS * cpuPerFootageH) / CORES / 3600;
  return [
    m.method, footageH.toFixed(2), String(m.frames), m.wallSec.toFixed(0), rate.toFixed(0), `${(rate / todayRate).toFixed(2)}x`,
    (COUNTY_FOOTAGE_HOURS / rate).toFixed(0), cpuPerFootageH.toFixed(1), (m.cpuSec / m.wallSec).toFixed(2), cpuBoundCountyH.toFixed(0),
  ];
}

async function main(): Promise<void> {
  logger.level = "warn";
  const work = mkdtempSync(path.join(os.tmpdir(), "kerbside-bench-county-"));
  const threads = Number(args.threads);
  const detector = await convertedDetector(work, threads, 512, true);
  const small = await convertedDetector(work, threads, 416, true);
  // One ORT thread: inference on one core, the decoding of both points on the other.
  const smallOneThread = await convertedDetector(work, 1, 416, true);
  const today = await todaysDetector(work, threads);
  // Two workers with one ORT thread each (detector.workers: 2, threads: 1).
  const pool = await convertedDetector(work, 1, 512, true, 2);
  const smallPool = await convertedDetector(work, 1, 416, true, 2);
  try {
    const segment = cameraFootage(work, SEGMENT_SEC / 60);
    const count = Math.round((Number(args.hours) * 3600) / SEGMENT_SEC);
    // Distinct paths (the scan progress is per file), one encoded segment.
    const files = Array.from({ length: count }, (_, i) => {
      const link = path.join(work, `seg-${String(i).padStart(4, "0")}.mp4`);
      symlinkSync(segment, link);
      return link;
    });
    const half = Math.ceil(files.length / 2);
    const quiet: ScanExtra = { zone: QUIET_ZONE, backfillCoarseSec: 60 };
    const todayFiles = files.slice(0, Number(args["today-segments"]));
    const runs: [string, { detector: Detector; files: string[]; extra: ScanExtra }[]][] = [
      ["today (512 unfused, every keyframe decoded)", [{ detector: today, files: todayFiles, extra: { zone: VAN_ZONE, sampler: { packetDropping: false } } }]],
      ["new sampler, fused 512", [{ detector, files, extra: { zone: VAN_ZONE } }]],
      ["coarse-to-fine 60 s, quiet zone, 512", [{ detector, files, extra: quiet }]],
      ["coarse-to-fine 60 s, van zone (worst case), 512", [{ detector, files, extra: { zone: VAN_ZONE, backfillCoarseSec: 60 } }]],
      ["new sampler, 512, 2 workers × 1 ORT thread", [{ detector: pool, files, extra: { zone: VAN_ZONE } }]],
      ["coarse-to-fine 60 s, quiet zone, 512, 2 workers × 1 ORT thread", [{ detector: pool, files, extra: quiet }]],
      ["coarse-to-fine 60 s, quiet zone, 416", [{ detector: small, files, extra: quiet }]],
      ["coarse-to-fine 60 s, quiet zone, 416, 2 workers × 1 ORT thread", [{ detector: smallPool, files, extra: quiet }]],
      ["coarse-to-fine 60 s, quiet, 416, 2 points side by side", [
        { detector: small, files: files.slice(0, half), extra: quiet },
        { detector: small, files: files.slice(half), extra: quiet },
      ]],
      ["coarse-to-fine 60 s, quiet, 416, 2 points side by side, 1 ORT thread", [
        { detector: smallOneThread, files: files.slice(0, half), extra: quiet },
        { detector: smallOneThread, files: files.slice(half), extra: quiet },
      ]],
    ];
    const started = os.loadavg()[0]!;
    const measured: Measured[] = [];
    for (const [method, scans] of runs) measured.push(await measure(work, method, scans));
    const first = measured[0]!;
    const todayRate = (first.segments * SEGMENT_SEC) / first.wallSec; // footage h per wall h
    console.log(`county pre-audit projection: 39 points x 30 days = ${COUNTY_FOOTAGE_HOURS} footage-hours at 10 s, camera-like 1080p25 H.264 in 5-min segments`);
    console.log(`${CORES} cores, ORT threads ${threads}, load average ${started.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end`);
    const head = ["method", "footage h", "frames", "wall s", "footage h / wall h", "vs today", "county, wall h", "CPU s / footage h", "cores busy", "county if CPU-bound, h"];
    const rows = measured.map((m) => row(m, todayRate));
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((l) => l[i]!.length)));
    for (const line of [head, ...rows]) console.log(line.map((cell, i) => cell.padEnd(widths[i]!)).join("  "));
  } finally {
    await Promise.all([detector.close(), small.close(), smallOneThread.close(), today.close(), pool.close(), smallPool.close()]);
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
