/**
 * bench:county — projects the county pre-audit (39 points × 30 days of
 * footage, 10 s sampling) on this box from a measured scan of a few hours of
 * camera-like footage (bench/camera-footage.ts) cut in 5-minute segments as
 * an NVR stores them. Measured in one run: today's pipeline on the first
 * segments (for the ratio), the new sampler on all of it, and coarse-to-fine
 * backfill on a quiet zone and on the van's zone (its worst case).
 *   npm run bench:county [-- --hours 2 --threads 2]
 */
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { logger } from "../src/log.js";
import { cameraFootage } from "./camera-footage.js";
import { QUIET_ZONE, VAN_ZONE, convertedDetector, scanOnce, todaysDetector } from "./camera-comparison.js";

const { values: args } = parseArgs({ options: { hours: { type: "string", default: "2" }, threads: { type: "string", default: "2" }, "today-segments": { type: "string", default: "2" } } });
const COUNTY_FOOTAGE_HOURS = 39 * 30 * 24;
const SEGMENT_SEC = 300;

async function main(): Promise<void> {
  logger.level = "warn";
  const work = mkdtempSync(path.join(os.tmpdir(), "kerbside-bench-county-"));
  const threads = Number(args.threads);
  const detector = await convertedDetector(work, threads, 512, true);
  const today = await todaysDetector(work, threads);
  try {
    const segment = cameraFootage(work, SEGMENT_SEC / 60);
    const count = Math.round((Number(args.hours) * 3600) / SEGMENT_SEC);
    // Distinct paths (the scan progress is per file), one encoded segment.
    const files = Array.from({ length: count }, (_, i) => {
      const link = path.join(work, `seg-${String(i).padStart(4, "0")}.mp4`);
      symlinkSync(segment, link);
      return link;
    });
    const todayFiles = files.slice(0, Number(args["today-segments"]));
    const runs: [string, number, () => ReturnType<typeof scanOnce>][] = [
      ["today (512 unfused, every keyframe decoded)", todayFiles.length, () => scanOnce(today, "", work, { files: todayFiles, zone: VAN_ZONE, sampler: { packetDropping: false } })],
      ["new sampler, fused 512", files.length, () => scanOnce(detector, "", work, { files, zone: VAN_ZONE })],
      ["coarse-to-fine 60 s, quiet zone", files.length, () => scanOnce(detector, "", work, { files, zone: QUIET_ZONE, backfillCoarseSec: 60 })],
      ["coarse-to-fine 60 s, van zone (worst case)", files.length, () => scanOnce(detector, "", work, { files, zone: VAN_ZONE, backfillCoarseSec: 60 })],
    ];
    const started = os.loadavg()[0]!;
    const rows: string[][] = [];
    let todayRate = 0;
    for (const [method, segments, run] of runs) {
      const r = await run();
      const footageH = (segments * SEGMENT_SEC) / 3600;
      const rate = footageH / (r.wallSec / 3600);
      if (todayRate === 0) todayRate = rate;
      rows.push([method, footageH.toFixed(2), String(r.frames), r.wallSec.toFixed(0), rate.toFixed(0), `${(rate / todayRate).toFixed(2)}x`, (COUNTY_FOOTAGE_HOURS / rate).toFixed(0)]);
    }
    console.log(`county pre-audit projection: 39 points x 30 days = ${COUNTY_FOOTAGE_HOURS} footage-hours at 10 s, camera-like 1080p25 H.264 in 5-min segments`);
    console.log(`${os.availableParallelism()} cores, ORT threads ${threads}, load average ${started.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end (shared box)`);
    const head = ["method", "footage h", "frames", "wall s", "footage h / wall h", "vs today", "county, wall h"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((l) => l[i]!.length)));
    for (const line of [head, ...rows]) console.log(line.map((cell, i) => cell.padEnd(widths[i]!)).join("  "));
  } finally {
    await Promise.all([detector.close(), today.close()]);
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
