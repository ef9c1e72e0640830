/**
 * The camera-like case of bench:scan, all methods in one run on the same
 * footage at 10 s sampling, as ratios:
 *   - raw detector: the worker detector on frames decoded beforehand (the ceiling);
 *   - today: the pipeline before issue 13 (model converted at 512 without fused
 *     activations, every keyframe decoded);
 *   - current sampler: today's sampler (every keyframe decoded) with the new model;
 *   - new sampler: the packet-dropping sampler with the new model;
 *   - coarse-to-fine: backfill mode (coarse pass, fine re-sampling around candidates).
 */
import { execFileSync } from "node:child_process";
import { realpathSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { convertGraphModel } from "../src/convert/convert-graph.js";
import { CENTERNET_MOBILENETV3 as MODEL } from "../src/convert/default-models.js";
import { sizedConversion } from "../src/convert/input-size.js";
import { loadGraphModel } from "../src/convert/load-graph-model.js";
import type { Detector, RgbFrame } from "../src/detect/types.js";
import { startDetectorPool } from "../src/detect/detector-pool.js";
import { createWorkerDetector } from "../src/detect/worker-detector.js";
import { adhocTarget } from "../src/scan/adhoc-point.js";
import { probeVideo, type VideoProbe } from "../src/ffmpeg/probe.js";
import { runScan, type RunScanOptions } from "../src/scan/run-scan.js";
import type { SegmentRef } from "../src/scan/segment-prep.js";
import { CAMERA_LABEL } from "./camera-footage.js";

/** Round the parked van: a candidate in every coarse frame, coarse-to-fine's worst case. */
export const VAN_ZONE = "no_parking:0.80,0.03 0.95,0.03 0.95,0.24 0.80,0.24";
/** A stretch of lawn no vehicle enters: the usual no-parking zone most of the time. */
export const QUIET_ZONE = "no_parking:0.02,0.70 0.30,0.70 0.30,0.95 0.02,0.95";

export interface MethodResult {
  method: string;
  frames: number;
  wallSec: number;
  incidents: number;
}

/** The default model converted here (whatever models/ holds) at `size`, with or without fused activations. */
export async function convertedDetector(work: string, threads: number, size: number, fuse: boolean, workers = 1): Promise<Detector> {
  const loaded = await loadGraphModel(path.resolve("node_modules", MODEL.source.package, MODEL.source.file));
  const { onnx } = convertGraphModel(loaded.model, loaded.weightData, { ...sizedConversion(MODEL.inputSize, size), fuseActivations: fuse });
  const name = `bench-${size}-${fuse ? "fused" : "unfused"}`;
  writeFileSync(path.join(work, `${name}.onnx`), onnx);
  const { package: pkg, file, upstream } = MODEL.source;
  const card = { ...MODEL.card, name, file: `${name}.onnx`, input: { ...MODEL.card.input, width: size, height: size }, source: { package: pkg, file, upstream, version: "bench" }, license: MODEL.source.license, sourceHash: "bench" };
  writeFileSync(path.join(work, `${name}.json`), JSON.stringify(card));
  return startDetectorPool(workers, () => createWorkerDetector({ model: path.join(work, `${name}.json`), threads }));
}

/** The model as it was converted before issue 13: 512, no fused activations. */
export function todaysDetector(work: string, threads: number): Promise<Detector> {
  return convertedDetector(work, threads, 512, false);
}

function predecoded(file: string, count: number, width: number, height: number): RgbFrame[] {
  const raw = execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", file, "-vf", `fps=1/2,scale=${width}:${height}:flags=bilinear`, "-frames:v", String(count), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], { maxBuffer: 1 << 30 });
  const bytes = width * height * 3;
  return Array.from({ length: Math.floor(raw.length / bytes) }, (_, i) => ({ width, height, data: new Uint8Array(raw.subarray(i * bytes, (i + 1) * bytes)) }));
}

/** Worker detector back to back on ready frames, two in flight like the scanner. */
export async function rawDetectorFps(detector: Detector, frames: readonly RgbFrame[]): Promise<number> {
  const copy = (f: RgbFrame): RgbFrame => ({ ...f, data: f.data.slice() });
  for (const f of frames.slice(0, 2)) await detector.detect(copy(f));
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (const f of frames) {
    pending.push(detector.detect(copy(f)));
    if (pending.length >= 2) await pending.shift();
  }
  await Promise.all(pending);
  return frames.length / ((performance.now() - t0) / 1000);
}

export interface ScanExtra extends Partial<RunScanOptions> {
  backfillCoarseSec?: number;
  zone?: string;
  /** Several files: back-to-back segments (5 min each unless given). */
  files?: readonly string[];
  segmentSec?: number;
  /** Segments as the service hands them over: from the footage index, size, codec and end known (no probe at scan time). */
  indexed?: boolean;
}

export async function scanOnce(detector: Detector, file: string, work: string, extra: ScanExtra): Promise<{ frames: number; wallSec: number; incidents: number }> {
  const { backfillCoarseSec, zone, files, segmentSec, indexed, ...rest } = extra;
  const { deployment, point } = adhocTarget({ zones: [zone ?? VAN_ZONE], rules: ["illegal_parking"], minDwellSec: 60, everySec: 10, timeZone: "Asia/Shanghai", name: "bench" });
  const withBackfill = backfillCoarseSec === undefined ? deployment : { ...deployment, sampling: { ...deployment.sampling, backfill: { coarseSec: backfillCoarseSec } } };
  const t0 = performance.now();
  const report = await runScan({
    deployment: withBackfill, point, detector,
    segments: await benchSegments(files ?? [file], segmentSec ?? 300, indexed ?? false),
    databaseFile: path.join(work, `bench-${Date.now()}-${Math.random().toString(36).slice(2)}.db`),
    evidence: null,
    ...rest,
  });
  return { frames: report.frames, wallSec: (performance.now() - t0) / 1000, incidents: report.incidents.length };
}

/** Back-to-back segments from 08:00; indexed: with what the footage index holds for each, keyframe interval included (probed here once, outside the timing). */
async function benchSegments(files: readonly string[], segmentSec: number, indexed: boolean): Promise<SegmentRef[]> {
  const start = Date.parse("2026-12-08T08:00:00+08:00");
  const refs = files.map((p, i) => ({ path: p, startMs: start + i * segmentSec * 1000 }));
  if (!indexed) return refs;
  const probes = new Map<string, VideoProbe>();
  for (const p of new Set(files.map((f) => realpathSync(f)))) probes.set(p, await probeVideo(p));
  return refs.map((ref) => {
    const probe = probes.get(realpathSync(ref.path))!;
    const keyframes = probe.keyframeGapSec === undefined ? {} : { keyframeIntervalSec: probe.keyframeGapSec };
    return { ...ref, endMs: ref.startMs + Math.round(probe.durationSec * 1000), video: { codec: probe.codec, width: probe.width, height: probe.height }, ...keyframes };
  });
}

export interface Comparison {
  rawFps: number;
  /** The raw detector as two workers with one ORT thread each. */
  rawPoolFps: number;
  results: MethodResult[];
}

export async function compareOnCamera(file: string, footageSec: number, work: string, options: { threads: number; rounds: number; coarseToFine: boolean }): Promise<Comparison> {
  const detector = await convertedDetector(work, options.threads, 512, true);
  const small = await convertedDetector(work, options.threads, 416, true);
  const today = await todaysDetector(work, options.threads);
  const pool = await convertedDetector(work, 1, 512, true, 2);
  try {
    const { width, height } = detector.card.input;
    const frames = predecoded(file, 30, width, height);
    const methods: [string, () => Promise<{ frames: number; wallSec: number; incidents: number }>][] = [
      ["today (512 unfused, every keyframe decoded)", () => scanOnce(today, file, work, { sampler: { packetDropping: false } })],
      ["current sampler, fused 512", () => scanOnce(detector, file, work, { sampler: { packetDropping: false } })],
      ["new sampler (packet dropping), fused 512", () => scanOnce(detector, file, work, {})],
      ["new sampler, fused 512, ffmpeg -threads 1", () => scanOnce(detector, file, work, { sampler: { ffmpegThreads: 1 } })],
      ["new sampler, fused 416 (detector.inputSize)", () => scanOnce(small, file, work, {})],
      ["new sampler, fused 512, 2 workers × 1 ORT thread", () => scanOnce(pool, file, work, {})],
    ];
    if (options.coarseToFine) {
      methods.push(["coarse-to-fine 60 s → 10 s, fused 512, quiet zone", () => scanOnce(detector, file, work, { backfillCoarseSec: 60, zone: QUIET_ZONE })]);
      methods.push(["coarse-to-fine 60 s → 10 s, fused 512, van zone (worst case)", () => scanOnce(detector, file, work, { backfillCoarseSec: 60 })]);
    }
    const best = new Map<string, MethodResult>();
    const raws: number[] = [];
    const poolRaws: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      raws.push(await rawDetectorFps(detector, frames));
      poolRaws.push(await rawDetectorFps(pool, frames));
      for (const [method, run] of methods) {
        const r = await run();
        const prev = best.get(method);
        if (!prev || r.wallSec < prev.wallSec) best.set(method, { method, ...r });
      }
    }
    return { rawFps: Math.max(...raws), rawPoolFps: Math.max(...poolRaws), results: [...best.values()] };
  } finally {
    await Promise.all([detector.close(), small.close(), today.close(), pool.close()]);
  }
}

export function printComparison(c: Comparison, footageSec: number): void {
  const today = c.results[0]!;
  const todayRate = footageSec / today.wallSec;
  console.log(`\ncamera-like case: ${CAMERA_LABEL}, ${(footageSec / 60).toFixed(0)} min at 10 s; ${os.availableParallelism()} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(`raw detector (fused 512, frames decoded beforehand, 2 in flight): ${c.rawFps.toFixed(2)} frames/s; as 2 workers × 1 ORT thread: ${c.rawPoolFps.toFixed(2)} frames/s (${(c.rawPoolFps / c.rawFps).toFixed(2)}x)`);
  const head = ["method", "frames", "wall s", "frames/s", "vs raw detector", "footage h / wall h", "vs today", "incidents"];
  const rows = c.results.map((r) => {
    const fps = r.frames / r.wallSec;
    const rate = footageSec / r.wallSec;
    return [r.method, String(r.frames), r.wallSec.toFixed(1), fps.toFixed(2), `${(fps / c.rawFps).toFixed(2)}x`, rate.toFixed(0), `${(rate / todayRate).toFixed(2)}x`, String(r.incidents)];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((l) => l[i]!.length)));
  for (const line of [head, ...rows]) console.log(line.map((cell, i) => cell.padEnd(widths[i]!)).join("  "));
}
