/**
 * `kerbside plate <image...>`: reads Chinese plates in image files with the
 * PP-OCR plate reader (in its worker thread) and prints each image's plate,
 * kind and confidence, or why none could be read. An unreadable file is
 * reported by name and the others still run; the exit code is then 1.
 */
import type { Command } from "commander";
import { readImage } from "../../detect/image.js";
import { errorMessage } from "../../errors.js";
import { DEFAULT_VOTE_OPTIONS, votePlate } from "../../plates/plate-vote.js";
import type { PlateReading, PlateResult } from "../../plates/types.js";
import { createPlateReader, type PlateReader } from "../../plates/worker-plate-reader.js";

interface ImagePlates {
  file: string;
  ms: number;
  result: PlateResult;
  /** Every valid reading in the image, best first (an image may hold several vehicles). */
  readings: PlateReading[];
}

type Outcome = ImagePlates | { file: string; error: string };

async function readFile(reader: PlateReader, file: string): Promise<Outcome> {
  try {
    const image = await readImage(file);
    const started = performance.now();
    const reading = await reader.read(image);
    const ms = performance.now() - started;
    return { file, ms, result: votePlate([reading], DEFAULT_VOTE_OPTIONS), readings: reading.readings };
  } catch (error) {
    return { file, error: errorMessage(error) };
  }
}

function describe(outcome: Outcome): string {
  if ("error" in outcome) return `${outcome.file}: error: ${outcome.error}`;
  const { result, ms } = outcome;
  if (result.status === "read") {
    const chars = result.charConfidences.map((c) => c.toFixed(2)).join(" ");
    return `${outcome.file} (${ms.toFixed(0)} ms): ${result.plate} ${result.kind} ${result.confidence?.toFixed(2)} [${chars}]`;
  }
  return `${outcome.file} (${ms.toFixed(0)} ms): unreadable (${result.reason}): ${result.detail}`;
}

export function register(program: Command): void {
  program
    .command("plate")
    .description("Read Chinese licence plates in image files (PP-OCRv4, on the CPU)")
    .argument("<images...>", "image files (JPEG, PNG, …)")
    .option("--json", "print one JSON document")
    .option("--threads <n>", "ONNX Runtime threads", (v) => Number(v), 1)
    .action(async (images: string[], options: { json?: boolean; threads: number }) => {
      const reader = await createPlateReader({ threads: options.threads });
      try {
        const outcomes: Outcome[] = [];
        for (const file of images) outcomes.push(await readFile(reader, file));
        if (options.json) process.stdout.write(`${JSON.stringify({ images: outcomes }, null, 2)}\n`);
        else for (const outcome of outcomes) process.stdout.write(`${describe(outcome)}\n`);
        if (outcomes.some((o) => "error" in o)) process.exitCode = 1;
      } finally {
        await reader.close();
      }
    });
}
