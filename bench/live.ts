/**
 * Live detection capacity on this box. Simulated cameras are ffmpeg
 * publishers looping vtest.avi re-encoded as 1080p H.264 High (see encode())
 * and pushing it over RTSP on 127.0.0.1 to Kerbside, which listens (ffmpeg
 * cannot serve RTSP pulls, and a pushed stream reaches one listener, so each
 * camera pushes its detect stream to `detectUrl` too). Variant "main": the
 * detect stream is the 1080p main stream again (a second reader of it);
 * variant "sub": it is a 704×576 substream.
 * Each step runs N points at 10 s plus M junctions at 2 s (the 27 : 12 mix of
 * config/example.yaml) for a warm-up and a measurement window through the
 * real KerbsideService (recorders, live readers, shared worker detector),
 * with segments long enough that no archive scan competes. A step holds when
 * every point was detected at its interval (within 20 %), never degraded,
 * and its lag (now − capture time of its last detected frame) stayed under
 * its interval plus 2 s (the alert budget of issue 10: dwell + interval
 * + 2 s). Reported: CPU (cores) of the Kerbside process, of its ffmpeg children and of the camera simulators, Kerbside's RSS, and
 * the whole machine's busy share and load (the box is shared).
 * Then the two ways to pull a camera once or twice are measured on 6
 * cameras: a second reader vs one ffmpeg with two outputs, CPU, and what a
 * frame consumer that stops reading does to the recording.
 *   npm run bench:live [-- --steps 12,24,39 --warmup 45 --measure 30 --variants main,sub --workers 1 --threads 2 --no-pull-modes]
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { parseDeployment } from "../src/config/load.js";
import { buildRecordArgs, inputArgs, segmentOutputArgs } from "../src/ffmpeg/record-args.js";
import { buildReaderArgs } from "../src/live/reader-args.js";
import { samplerFilter } from "../src/scan/ffmpeg-sampler-args.js";
import { KerbsideService } from "../src/service/kerbside-service.js";
import { freePort } from "../tests/footage/helpers.js";
import { Camera } from "../tests/live/camera.js";
import { commandLine, descendants, machineTicks, sumSamples } from "./live-procs.js";

const { values: args } = parseArgs({
  options: {
    steps: { type: "string", default: "12,24,39" },
    warmup: { type: "string", default: "45" },
    measure: { type: "string", default: "30" },
    variants: { type: "string", default: "main,sub" },
    // The shared detector: worker threads × ORT threads each (detector.workers, detector.threads).
    workers: { type: "string", default: "1" },
    threads: { type: "string", default: "2" },
    "pull-modes": { type: "boolean", default: true },
  },
  allowNegative: true,
});
const VTEST = path.resolve("samples/vtest.avi");
const VAN_ZONE: [number, number][] = [[0.8, 0.03], [0.95, 0.03], [0.95, 0.24], [0.8, 0.24]];
const tmp = mkdtempSync(path.join(os.tmpdir(), "kerbside-bench-live-"));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A camera's stream as cameras send it: H.264 High profile with B-frames and
 * CABAC, a 2 s GOP, capped like a camera's VBR setting (4 Mbit/s main,
 * 1 Mbit/s substream). vtest.avi's own 10 fps is kept: a 25 fps camera
 * sends 2.5× the packets, which the recorders and readers pay for.
 */
function encode(name: string, size: string, maxRate: string): string {
  const file = path.join(tmp, name);
  execFileSync("nice", ["-n", "10", "ffmpeg", "-v", "error", "-y", "-t", "30", "-i", VTEST, "-vf", `scale=${size}`,
    "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-bf", "2", "-g", "20", "-maxrate", maxRate, "-bufsize", maxRate.replace(/\d+/, (n) => String(2 * Number(n))), "-pix_fmt", "yuv420p", "-an", file]);
  return file;
}

interface StepResult {
  variant: string;
  n: number;
  m: number;
  holds: boolean;
  failing: string[];
  worstLagSec: number;
  nodeCores: number;
  ffmpegCores: number;
  cameraCores: number;
  rssMiB: number;
  machineBusy: number;
  load: number;
  /** The main thread's event-loop delay in the window (p99, max): frames wait behind it. */
  loopP99Ms: number;
  loopMaxMs: number;
  /** Longest wait of a live frame for the detector in the window. */
  liveWaitMaxMs: number;
  /** A live frame's time on the detector (p50, p90), and the capacity the scheduler planned on (lowest, last). */
  detectP50Ms: number;
  detectP90Ms: number;
  capacityMinFps: number;
  capacityLastFps: number;
  /** ffmpeg CPU split: recorders (segments) and live readers (raw frames). */
  recorderCores: number;
  readerCores: number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number) : NaN;
}

function isFfmpeg(pid: number): boolean {
  return path.basename(commandLine(pid)[0] ?? "") === "ffmpeg";
}

/** A Kerbside child's role from its command line: a live reader writes raw frames, a recorder segments. */
function isReader(pid: number): boolean {
  return commandLine(pid).includes("rawvideo");
}

async function cameras(n: number, m: number, withSub: boolean, clips: { main: string; sub: string }) {
  const list = [];
  for (let i = 0; i < n + m; i++) {
    const junction = i < m;
    const id = `${junction ? "J" : "M"}${String(i).padStart(2, "0")}`;
    const main = `rtsp://127.0.0.1:${await freePort()}/main`;
    // A pushing camera reaches one listener per stream: detection listens on its own URL,
    // fed the 1080p main stream again ("main") or the 704×576 substream ("sub").
    const sub = `rtsp://127.0.0.1:${await freePort()}/detect`;
    const streams = [{ file: clips.main, url: main }, { file: withSub ? clips.sub : clips.main, url: sub }];
    list.push({ id, junction, main, sub, camera: new Camera(streams) });
  }
  return list;
}

async function runStep(variant: string, n: number, m: number, clips: { main: string; sub: string }): Promise<StepResult> {
  const cams = await cameras(n, m, variant === "sub", clips);
  const storageDir = path.join(tmp, `${variant}-${n + m}`);
  const deployment = parseDeployment({
    storageDir, detector: { threads: Number(args.threads), workers: Number(args.workers) }, units: [{ id: "tp", name: "交警" }],
    points: cams.map((c) => ({
      id: c.id, name: c.id, category: c.junction ? "junction" : "main_road", units: ["tp"],
      sampling: { everySec: c.junction ? 2 : 10 },
      source: { kind: "rtsp", url: c.main, detectUrl: c.sub, listen: true, transport: "tcp", segmentSec: 900 },
      zones: [{ id: "van", kind: "no_parking", polygon: VAN_ZONE }],
    })),
  }, path.join(storageDir, "kerbside.yaml"));
  const service = new KerbsideService({
    deployment, log: pino({ level: "silent" }), sweepMs: 0, retentionSchedule: false,
    tuning: { initialBackoffMs: 300, maxBackoffMs: 2000, ioTimeoutSec: 10 },
  });
  service.start();
  await sleep(500);
  // Cameras are not in step: each starts at its own moment within a GOP (2 s), so their keyframes are not all aligned.
  for (const c of cams) setTimeout(() => c.camera.start(), Math.random() * 2000);
  await sleep(2000);
  await sleep(Number(args.warmup) * 1000);
  const cameraPids = (): number[] => cams.map((c) => c.camera.pid).filter((p): p is number => p !== undefined);
  const kerbsidePids = (): number[] => {
    const cameras = new Set(cameraPids());
    return descendants(process.pid).filter((p) => !cameras.has(p));
  };
  const readers = (): number[] => kerbsidePids().filter(isReader);
  const before = { node: process.cpuUsage(), ff: sumSamples(kerbsidePids()), readers: sumSamples(readers()), cam: sumSamples(cameraPids()), machine: machineTicks(), at: Date.now() };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let liveWaitMaxMs = 0;
  const detectMs: number[] = [];
  const offServed = service.onDetectorServed((r) => {
    if (r.priority !== "live") return;
    liveWaitMaxMs = Math.max(liveWaitMaxMs, r.waitMs);
    detectMs.push(r.detectMs);
  });
  const capacities: number[] = [];
  const detectedBefore = new Map(cams.map((c) => [c.id, service.live.health(c.id)?.detected ?? 0]));
  const worstLag = new Map<string, number>();
  const worstGap = new Map<string, number>();
  const lastFrameAt = new Map<string, number>();
  const degraded = new Set<string>();
  let rss = 0;
  const until = Date.now() + Number(args.measure) * 1000;
  while (Date.now() < until) {
    await sleep(500);
    for (const c of cams) {
      const h = service.live.health(c.id);
      worstLag.set(c.id, Math.max(worstLag.get(c.id) ?? 0, h?.lagMs ?? Infinity));
      // Time between the capture times of two frames detected in a row: over the interval, the stream (not the detector) was late.
      const last = lastFrameAt.get(c.id);
      if (h?.lastDetectedMs && last !== undefined && h.lastDetectedMs !== last) worstGap.set(c.id, Math.max(worstGap.get(c.id) ?? 0, h.lastDetectedMs - last));
      if (h?.lastDetectedMs) lastFrameAt.set(c.id, h.lastDetectedMs);
      if (h?.degraded) degraded.add(c.id);
    }
    const capacity = service.live.plan().capacityFps;
    if (capacity !== null) capacities.push(capacity);
    rss = Math.max(rss, process.memoryUsage().rss + sumSamples(kerbsidePids()).rssBytes);
  }
  loop.disable();
  offServed();
  const wallMs = Date.now() - before.at;
  const node = process.cpuUsage(before.node);
  const ff = sumSamples(kerbsidePids());
  const readerCpuMs = sumSamples(readers()).cpuMs - before.readers.cpuMs;
  const cam = sumSamples(cameraPids());
  const machine = machineTicks();
  const failing: string[] = [];
  for (const c of cams) {
    const every = c.junction ? 2 : 10;
    const detected = (service.live.health(c.id)?.detected ?? 0) - (detectedBefore.get(c.id) ?? 0);
    const expected = wallMs / 1000 / every;
    const lag = worstLag.get(c.id) ?? Infinity;
    if (detected < expected * 0.8 || degraded.has(c.id) || lag > every * 1000 + 2000) failing.push(`${c.id} (${detected}/${Math.floor(expected)} frames, lag ${(lag / 1000).toFixed(1)} s${degraded.has(c.id) ? ", degraded" : ""}, frames up to ${((worstGap.get(c.id) ?? NaN) / 1000).toFixed(1)} s apart, ${service.live.health(c.id)?.reconnects ?? 0} reconnects, camera published ${c.camera.publishes}×)`);
  }
  for (const c of cams) await c.camera.stop();
  await service.close();
  rmSync(storageDir, { recursive: true, force: true });
  // The next step starts on a settled box: this one's ffmpegs gone, then a pause.
  for (let i = 0; i < 40 && descendants(process.pid).some(isFfmpeg); i++) await sleep(500);
  await sleep(10_000);
  const lags = [...worstLag.values()].filter(Number.isFinite);
  return {
    variant, n, m, holds: failing.length === 0, failing,
    worstLagSec: lags.length ? Math.max(...lags) / 1000 : Infinity,
    nodeCores: (node.user + node.system) / 1000 / wallMs,
    ffmpegCores: Math.max(0, ff.cpuMs - before.ff.cpuMs) / wallMs,
    cameraCores: Math.max(0, cam.cpuMs - before.cam.cpuMs) / wallMs,
    rssMiB: rss / 2 ** 20,
    machineBusy: (machine.busy - before.machine.busy) / (machine.total - before.machine.total),
    load: os.loadavg()[0] ?? 0,
    loopP99Ms: loop.percentile(99) / 1e6,
    loopMaxMs: loop.max / 1e6,
    liveWaitMaxMs,
    detectP50Ms: percentile(detectMs, 0.5),
    detectP90Ms: percentile(detectMs, 0.9),
    capacityMinFps: capacities.length ? Math.min(...capacities) : NaN,
    capacityLastFps: capacities.at(-1) ?? NaN,
    recorderCores: Math.max(0, ff.cpuMs - before.ff.cpuMs - readerCpuMs) / wallMs,
    readerCores: Math.max(0, readerCpuMs) / wallMs,
  };
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}

/**
 * Pull once or twice, on 6 cameras for 20 s each: (a) recorder + a second
 * reader (the camera serves two sessions), (b) one ffmpeg with two outputs
 * (segments + raw frames). Then (b) with its frame consumer stopped for
 * 10 s: does recording go on?
 */
async function pullModes(clip: string): Promise<void> {
  const K = 6;
  const reader = (url: string) => ({ input: { kind: "rtsp" as const, url, listen: true, transport: "tcp" as const, ioTimeoutSec: 10 }, everySec: 2, width: 512, height: 512, keyframesOnly: true });
  for (const mode of ["second reader", "two outputs", "two outputs, frames not read"]) {
    const dirs: string[] = [];
    const kids: ReturnType<typeof spawn>[] = [];
    const cams: Camera[] = [];
    for (let i = 0; i < K; i++) {
      const dir = path.join(tmp, `pull-${mode.replace(/\W+/g, "-")}-${i}`);
      mkdirSync(dir, { recursive: true });
      dirs.push(dir);
      const recUrl = `rtsp://127.0.0.1:${await freePort()}/main`;
      const segment = { dir, pointId: `P${i}`, segmentSec: 900, alignToClock: false };
      if (mode === "second reader") {
        const readUrl = `rtsp://127.0.0.1:${await freePort()}/main`;
        kids.push(spawn("ffmpeg", buildRecordArgs(reader(recUrl).input, segment).filter((a) => a !== "-progress" && a !== "pipe:3"), { stdio: ["pipe", "ignore", "ignore"] }));
        const r = spawn("ffmpeg", buildReaderArgs(reader(readUrl)), { stdio: ["ignore", "pipe", "ignore"] });
        r.stdout?.resume();
        kids.push(r);
        cams.push(new Camera([{ file: clip, url: recUrl }, { file: clip, url: readUrl }]));
      } else {
        // With the input: an RTSP stream with B-frames starts with untimed packets the recorder skips.
        const seg = segmentOutputArgs(segment, reader(recUrl).input).filter((a, j, all) => !(a === "-segment_list" || a === "-segment_list_type" || all[j - 1] === "-segment_list" || all[j - 1] === "-segment_list_type"));
        const argv = ["-hide_banner", "-nostats", "-loglevel", "info", "-skip_frame", "nokey", ...inputArgs(reader(recUrl).input), ...seg,
          "-map", "0:v:0", "-vf", samplerFilter({ everySec: 2, width: 512, height: 512 }), "-fps_mode", "passthrough", "-threads", "1", "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"];
        const t = spawn("ffmpeg", argv, { stdio: ["pipe", "pipe", "ignore"] });
        if (mode === "two outputs") t.stdout?.resume();
        kids.push(t);
        cams.push(new Camera([{ file: clip, url: recUrl }]));
      }
    }
    await sleep(1000);
    for (const c of cams) c.start();
    await sleep(8000);
    const pids = kids.map((k) => k.pid).filter((p): p is number => p !== undefined);
    const before = { cpu: sumSamples(pids).cpuMs, bytes: dirs.map(dirBytes), at: Date.now() };
    await sleep(mode.includes("not read") ? 10_000 : 20_000);
    const wall = Date.now() - before.at;
    const cores = (sumSamples(pids).cpuMs - before.cpu) / wall;
    const grew = dirs.map((d, i) => dirBytes(d) - (before.bytes[i] ?? 0));
    const stalled = grew.filter((g) => g <= 0).length;
    console.log(`  ${mode.padEnd(30)} ffmpeg CPU ${cores.toFixed(2)} cores for ${K} cameras (${(cores / K).toFixed(3)} each); recording grew on ${K - stalled}/${K} cameras`);
    for (const c of cams) await c.stop();
    for (const k of kids) k.kill("SIGKILL");
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`bench:live on ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} at start; detector ${args.workers} worker(s) × ${args.threads} ORT thread(s)`);
  const clips = { main: encode("main-1080p.mp4", "1920:1080", "4M"), sub: encode("sub-704x576.mp4", "704:576", "1M") };
  const steps = args.steps ? args.steps.split(",").map(Number) : [];
  const largest = new Map<string, StepResult | null>();
  for (const variant of args.variants.split(",")) {
    console.log(`\nvariant ${variant === "sub" ? "1080p recorded + 704×576 substream detected (detectUrl)" : "1080p recorded and detected"}:`);
    largest.set(variant, null);
    for (const total of steps) {
      const m = Math.round((total * 12) / 39);
      const r = await runStep(variant, total - m, m, clips);
      console.log(`  ${String(r.n).padStart(2)} at 10 s + ${String(r.m).padStart(2)} at 2 s: ${r.holds ? "holds" : "FAILS"}; worst lag ${r.worstLagSec.toFixed(1)} s; CPU node ${r.nodeCores.toFixed(2)} + ffmpeg ${r.ffmpegCores.toFixed(2)} cores (cameras ${r.cameraCores.toFixed(2)}); RSS ${r.rssMiB.toFixed(0)} MiB; machine ${(100 * r.machineBusy).toFixed(0)} % busy, load ${r.load.toFixed(1)}; event loop p99 ${r.loopP99Ms.toFixed(0)} / max ${r.loopMaxMs.toFixed(0)} ms; live detector wait max ${r.liveWaitMaxMs.toFixed(0)} ms`);
      console.log(`    ffmpeg: recorders ${r.recorderCores.toFixed(2)} + readers ${r.readerCores.toFixed(2)} cores; live frame on the detector p50 ${r.detectP50Ms.toFixed(0)} / p90 ${r.detectP90Ms.toFixed(0)} ms; planned capacity lowest ${r.capacityMinFps.toFixed(1)} / last ${r.capacityLastFps.toFixed(1)} fps (demand ${(r.n / 10 + r.m / 2).toFixed(1)} fps)`);
      if (!r.holds) {
        console.log(`    behind: ${r.failing.slice(0, 6).join("; ")}${r.failing.length > 6 ? ` … (${r.failing.length})` : ""}`);
        break;
      }
      largest.set(variant, r);
    }
  }
  if (args["pull-modes"]) {
    console.log("\npulling a camera (6 × 1080p, 2 s sampling, keyframes only):");
    await pullModes(clips.main);
  }
  console.log("\nlargest N+M holding:");
  for (const [variant, r] of largest) console.log(`  ${variant}: ${r ? `${r.n + r.m} (${r.n} at 10 s + ${r.m} at 2 s), ${(r.nodeCores + r.ffmpegCores).toFixed(2)} cores, ${r.rssMiB.toFixed(0)} MiB` : "none of the steps"}; target 39 (27 + 12)`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(tmp, { recursive: true, force: true }));
