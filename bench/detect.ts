/**
 * Detector speed on real frames (vtest.avi at source size and at the model's
 * input size, plus the bus photo): ms/frame p50/p95 and frames/s for
 *   (a) ORT session.run on an already prepared tensor,
 *   (b) detect(): preprocess + run + decode, from raw RGB at source size and
 *       at model-input size (what the scanner feeds),
 * for 1 and 2 intra-op threads, graph optimisation "all" vs "basic" once,
 * plus preprocess alone and the worker-thread detector. Warm-up runs excluded;
 * the model cases run interleaved, round after round, so background load on
 * a shared machine hits them alike.
 *   npm run bench:detect [-- --model NAME --runs N]
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import { parseArgs } from "node:util";
import { createDecoder } from "../src/detect/decoders/registry.js";
import { createDetector } from "../src/detect/detector.js";
import { readImage } from "../src/detect/image.js";
import { DEFAULT_MODEL, findModel } from "../src/detect/model-registry.js";
import { Preprocessor } from "../src/detect/preprocess.js";
import { openSession, runSession, type GraphOptimization } from "../src/detect/session.js";
import type { ModelCard, RgbFrame } from "../src/detect/types.js";
import { createWorkerDetector } from "../src/detect/worker-detector.js";

const { values: args } = parseArgs({ options: { model: { type: "string", default: DEFAULT_MODEL }, runs: { type: "string", default: "30" } } });
const RUNS = Number(args.runs);
const WARMUP = 3;

interface Stats {
  p50: number;
  p95: number;
  fps: number;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function measure(fn: (i: number) => Promise<unknown> | unknown): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), fps: 1000 / mean };
}

/** vtest.avi frames spread over the clip, decoded by ffmpeg (optionally scaled). */
function vtestFrames(count: number, size?: { width: number; height: number }): RgbFrame[] {
  const width = size?.width ?? 768;
  const height = size?.height ?? 576;
  const filters = [`fps=${count}/79`, ...(size ? [`scale=${width}:${height}`] : [])].join(",");
  const raw = execFileSync("ffmpeg", ["-v", "error", "-i", "samples/vtest.avi", "-vf", filters, "-frames:v", String(count), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], { maxBuffer: 1 << 30 });
  const bytes = width * height * 3;
  return Array.from({ length: raw.length / bytes }, (_, i) => ({ width, height, data: new Uint8Array(raw.subarray(i * bytes, (i + 1) * bytes)) }));
}

function row(cells: (string | number)[]): void {
  const text = cells.map((c, i) => (typeof c === "number" ? c.toFixed(1).padStart(8) : i === 0 ? c.padEnd(44) : c.padStart(8)));
  process.stdout.write(`${text.join(" ")}\n`);
}

function report(label: string, s: Stats): void {
  row([label, s.p50, s.p95, s.fps]);
}

interface Case {
  label: string;
  run: (i: number) => Promise<unknown> | unknown;
  times: number[];
}

/**
 * Runs every case once per round, rounds repeated RUNS times, so that load
 * from other processes on a shared machine hits all cases alike.
 */
async function interleave(cases: Case[]): Promise<Map<string, Stats>> {
  for (const c of cases) for (let i = 0; i < WARMUP; i++) await c.run(i);
  for (let i = 0; i < RUNS; i++) {
    for (const c of cases) {
      const t = performance.now();
      await c.run(i);
      c.times.push(performance.now() - t);
    }
  }
  return new Map(cases.map((c) => [c.label, toStats(c.times)]));
}

function toStats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), fps: 1000 / mean };
}

async function rawCase(
  label: string, card: ModelCard, onnxPath: string, threads: number, optimization: GraphOptimization,
  frame: RgbFrame, closers: (() => Promise<void>)[], spinning = false,
): Promise<Case> {
  const model = await openSession(onnxPath, card, createDecoder(card), { threads, optimization, spinning });
  closers.push(() => model.session.release());
  const prepared = new Preprocessor(card.input).run(frame);
  const tensor = prepared.tensor.slice();
  return { label, run: () => runSession(model, tensor, prepared.dims), times: [] };
}

async function main(): Promise<void> {
  const { card, onnxPath } = await findModel(args.model);
  const input = { width: card.input.width, height: card.input.height };
  const source = vtestFrames(20);
  const scaled = vtestFrames(20, input);
  const bus = await readImage("samples/pexels_double_decker_bus.jpg");
  const started = performance.now();
  process.stdout.write(`model ${card.name} (${card.input.width}x${card.input.height} ${card.input.layout}, ${card.decoder.kind}); ${RUNS} interleaved rounds after ${WARMUP} warm-up; ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  process.stdout.write(`frames: ${source.length} vtest ${source[0]!.width}x${source[0]!.height}, ${scaled.length} vtest ${input.width}x${input.height}, bus ${bus.width}x${bus.height}\n\n`);
  row(["", "p50 ms", "p95 ms", "frames/s"]);

  const pre = new Preprocessor(card.input);
  report("preprocess 768x576 (bilinear resize + convert)", await measure((i) => pre.run(source[i % source.length]!)));
  report(`preprocess ${input.width}x${input.height} (convert only)`, await measure((i) => pre.run(scaled[i % scaled.length]!)));

  const closers: (() => Promise<void>)[] = [];
  const cases: Case[] = [];
  for (const threads of [1, 2]) {
    cases.push(await rawCase(`t${threads} run`, card, onnxPath, threads, "all", scaled[0]!, closers));
    const detector = await createDetector({ model: args.model, threads });
    closers.push(() => detector.close());
    cases.push({ label: `t${threads} source`, run: (i) => detector.detect(source[i % source.length]!), times: [] });
    cases.push({ label: `t${threads} input`, run: (i) => detector.detect(scaled[i % scaled.length]!), times: [] });
    cases.push({ label: `t${threads} bus`, run: () => detector.detect(bus), times: [] });
  }
  cases.push(await rawCase("t1 basic", card, onnxPath, 1, "basic", scaled[0]!, closers));
  const worker = await createWorkerDetector({ model: args.model, threads: 1 });
  closers.push(() => worker.close());
  cases.push({ label: "worker", run: (i) => {
    const f = scaled[i % scaled.length]!;
    return worker.detect({ ...f, data: f.data.slice() });
  }, times: [] });

  const stats = await interleave(cases);
  await Promise.all(closers.splice(0).map((close) => close()));
  // Spinning threads keep burning CPU after a run, which would slow whichever
  // case runs next, so this one is measured on its own.
  const spinning = await rawCase("t2 spinning", card, onnxPath, 2, "all", scaled[0]!, closers, true);
  stats.set(spinning.label, await measure(spinning.run));
  await Promise.all(closers.map((close) => close()));
  const get = (label: string): Stats => stats.get(label)!;
  for (const threads of [1, 2]) {
    process.stdout.write(`\nthreads ${threads}, optimisation all\n`);
    report("(a) ort session.run, prepared tensor", get(`t${threads} run`));
    report("(b) detect() from 768x576 source frames", get(`t${threads} source`));
    report(`(b) detect() from ${input.width}x${input.height} input-size frames`, get(`t${threads} input`));
    report(`    detect() bus photo ${bus.width}x${bus.height}`, get(`t${threads} bus`));
    const run = get(`t${threads} run`).p50;
    process.stdout.write(`    ratio detect/run p50: source ${(get(`t${threads} source`).p50 / run).toFixed(2)}, input-size ${(get(`t${threads} input`).p50 / run).toFixed(2)}\n`);
  }
  process.stdout.write("\nthreads 1, optimisation basic\n");
  report("(a) ort session.run, prepared tensor", get("t1 basic"));
  process.stdout.write("\nthreads 2, optimisation all, idle threads spinning\n");
  report("(a) ort session.run, prepared tensor", get("t2 spinning"));
  process.stdout.write("\nworker-thread detector, threads 1\n");
  report(`detect() ${input.width}x${input.height} (frame copy + transfer)`, get("worker"));
  process.stdout.write(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s; load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
}

await main();
