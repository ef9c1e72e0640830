/**
 * What starting a child costs Kerbside's event loop: how long spawn() holds
 * it while 20 `ffmpeg -version` runs are started one after another, forked
 * in-process (KERBSIDE_SPAWN=direct) and through the spawn broker, with the
 * real detector loaded and run (its memory is mapped as a live Kerbside's
 * is) and the heap grown to about a live Kerbside's RSS.
 *   npm run bench:spawn [-- --rss-mib 400 --runs 20]
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { DetectorSettingsSchema } from "../src/config/schema.js";
import { createConfiguredDetector } from "../src/detect/configured-detector.js";
import { spawnChild } from "../src/ffmpeg/spawner.js";

const { values: args } = parseArgs({ options: { "rss-mib": { type: "string", default: "400" }, runs: { type: "string", default: "20" } } });

/** Frames as the live loop holds them: many 768 KiB buffers. */
function grow(targetMiB: number): Buffer[] {
  const held: Buffer[] = [];
  while (process.memoryUsage().rss / 2 ** 20 < targetMiB) held.push(Buffer.alloc(512 * 512 * 3, 1));
  return held;
}

async function measure(mode: "direct" | "broker", runs: number): Promise<{ blockedMs: number[]; loopMaxMs: number }> {
  if (mode === "direct") process.env.KERBSIDE_SPAWN = "direct";
  else delete process.env.KERBSIDE_SPAWN;
  const blockedMs: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const child = spawnChild("ffmpeg", ["-hide_banner", "-version"], { stdio: ["ignore", "ignore", "ignore"] });
    blockedMs.push(performance.now() - started);
    await new Promise((resolve) => child.once("close", resolve));
  }
  loop.disable();
  return { blockedMs, loopMaxMs: loop.max / 1e6 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const detector = await createConfiguredDetector(DetectorSettingsSchema.parse({}));
  // The detector takes each frame's buffer (transferred to its worker): a new one each time.
  for (let i = 0; i < 3; i++) await detector.detect({ width: 512, height: 512, data: Buffer.alloc(512 * 512 * 3, 90) });
  const held = grow(Number(args["rss-mib"]));
  const runs = Number(args.runs);
  console.log(`bench:spawn: ${runs} ffmpeg starts each way at RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB (${held.length} buffers held)`);
  // The broker's own start is paid once, before measuring.
  await measure("broker", 1);
  const results = { direct: await measure("direct", runs), broker: await measure("broker", runs) };
  for (const [mode, r] of Object.entries(results)) {
    console.log(`  ${mode.padEnd(7)} spawn() blocks the event loop ${median(r.blockedMs).toFixed(1)} ms (median), max ${Math.max(...r.blockedMs).toFixed(1)} ms; loop delay max ${r.loopMaxMs.toFixed(1)} ms`);
  }
  console.log(`  broker / direct, median block: ${(median(results.broker.blockedMs) / median(results.direct.blockedMs)).toFixed(3)}×`);
  await detector.close();
  process.exit(0);
}

await main();
