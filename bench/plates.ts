/**
 * npm run bench:plates — the plate reader on a rendered set: plates of every
 * kind drawn with a CJK font onto the real car photo at widths from 40 to
 * 160 px, each with a few blurs and angles. Prints the read rate (correct
 * readings / plates) per width, the smallest width read ≥ 95 % correctly
 * (what plates.minWidthPx should be), wrong readings (a valid plate that is
 * not the one shown: the costly error), and ms per frame and per incident
 * (frames per incident × ms per frame, the default 5 frames), plus what
 * choosing those frames costs on top: the figures (vehicle crop sharpness,
 * occlusion) of 2 × frames candidate frames (frame-quality.ts; the decode
 * and the detector pass of each candidate are the archive's and the
 * detector's costs, not measured here).
 *
 *   npm run bench:plates -- --plates 12 --widths 40,50,60,70,80,90,100,120,160
 */
import { parseArgs } from "node:util";
import os from "node:os";
import sharp from "sharp";
import { PROVINCES } from "../src/plates/plate-format.js";
import { frameFigures, rankFrames } from "../src/plates/frame-quality.js";
import { DEFAULT_VOTE_OPTIONS, votePlate } from "../src/plates/plate-vote.js";
import type { PlateKind, RgbImage } from "../src/plates/types.js";
import { createPlateReader } from "../src/plates/worker-plate-reader.js";
import { compositePlate, renderPlate } from "../tests/plates/render-plate.js";

const { values } = parseArgs({
  options: {
    plates: { type: "string", default: "10" },
    widths: { type: "string", default: "40,50,60,70,80,90,100,120,160" },
    frames: { type: "string", default: "5" },
  },
});

/** A small seeded generator, so every run draws the same plates. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS = "0123456789";

function plateText(kind: PlateKind, next: () => number): string {
  const pick = (s: string): string => s[Math.floor(next() * s.length)]!;
  const head = pick(PROVINCES) + pick(LETTERS);
  const serial = (n: number): string => Array.from({ length: n }, () => pick(next() < 0.3 ? LETTERS : DIGITS)).join("");
  if (kind === "green") return `${head}·${pick("DF")}${pick(LETTERS + DIGITS)}${Array.from({ length: 4 }, () => pick(DIGITS)).join("")}`;
  if (kind === "white") return `${head}·${serial(4)}警`;
  return `${head}·${serial(5)}`;
}

async function rgb(jpeg: Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

const KINDS: PlateKind[] = ["blue", "yellow", "green", "white"];
const VARIANTS = [{}, { blur: 0.7 }, { angle: 3 }, { angle: -3, blur: 0.4 }];

async function main(): Promise<void> {
  const platesPerWidth = Number(values.plates);
  const widths = values.widths!.split(",").map(Number);
  const framesPerIncident = Number(values.frames);
  const reader = await createPlateReader();
  console.log(`bench:plates — ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ${platesPerWidth} plates × ${VARIANTS.length} variants per width`);
  console.log("width px | read correctly | unreadable | wrong plate | ms/frame p50");
  let smallest: number | null = null;
  const allMs: number[] = [];
  const figureMs: number[] = [];
  for (const width of widths) {
    let correct = 0;
    let wrong = 0;
    let unread = 0;
    const ms: number[] = [];
    // The same plates at every width, so widths are compared on equal terms.
    const next = rng(20261201);
    for (let i = 0; i < platesPerWidth; i++) {
      const kind = KINDS[i % KINDS.length]!;
      const text = plateText(kind, next);
      const plate = await renderPlate(text, kind, width);
      for (const variant of VARIANTS) {
        const image = await rgb((await compositePlate("samples/licenseplate_motion.jpg", plate, 295, 255, variant)).jpeg);
        const ranking = performance.now();
        rankFrames([await frameFigures(0, image, { x1: 0, y1: 60, x2: 600, y2: 420 }, [])]);
        figureMs.push(performance.now() - ranking);
        const started = performance.now();
        const result = votePlate([await reader.read(image, { x1: 0, y1: 60, x2: 600, y2: 420 })], { ...DEFAULT_VOTE_OPTIONS, minPlateWidthPx: 0, minSharpness: 0 });
        ms.push(performance.now() - started);
        if (process.env.BENCH_PLATES_DEBUG && result.plate !== text) console.log("  miss", width, text, kind, JSON.stringify(variant), result.plate, result.reason, result.detail);
        if (result.plate === text) correct++;
        else if (result.plate === null) unread++;
        else wrong++;
      }
    }
    const n = platesPerWidth * VARIANTS.length;
    const rate = correct / n;
    if (rate >= 0.95 && smallest === null) smallest = width;
    if (rate < 0.95) smallest = null;
    allMs.push(...ms);
    ms.sort((a, b) => a - b);
    console.log(`${String(width).padStart(8)} | ${(rate * 100).toFixed(0).padStart(13)}% | ${String(unread).padStart(10)} | ${String(wrong).padStart(11)} | ${ms[Math.floor(ms.length / 2)]!.toFixed(0).padStart(6)}`);
  }
  allMs.sort((a, b) => a - b);
  const p50 = allMs[Math.floor(allMs.length / 2)]!;
  console.log(`smallest width read ≥ 95 % correctly (and every wider one): ${smallest ?? "none"} px`);
  console.log(`ms per frame p50 ${p50.toFixed(0)}, p95 ${allMs[Math.floor(allMs.length * 0.95)]!.toFixed(0)}; per incident (${framesPerIncident} frames, OCR only): ${(p50 * framesPerIncident).toFixed(0)} ms`);
  figureMs.sort((a, b) => a - b);
  const f50 = figureMs[Math.floor(figureMs.length / 2)]!;
  const ranked = p50 * framesPerIncident + f50 * 2 * framesPerIncident;
  console.log(
    `frame figures p50 ${f50.toFixed(1)} ms per candidate; per incident with best-frame choice (${2 * framesPerIncident} candidates ranked, ${framesPerIncident} read): ` +
      `${ranked.toFixed(0)} ms = ${(ranked / (p50 * framesPerIncident)).toFixed(2)}× the OCR-only figure`,
  );
  await reader.close();
}

await main();
