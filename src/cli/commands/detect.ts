/**
 * `kerbside detect <image...>`: runs the detector on image files and prints
 * the detections as a table (or JSON); --annotate writes JPEGs with the boxes.
 * An image that cannot be read is reported by name (an `{ file, error }` entry
 * in the JSON) and the others still run; the exit code is then 1.
 */
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { annotatePaths } from "../../detect/annotate-paths.js";
import { writeAnnotatedJpeg } from "../../detect/annotate.js";
import { DEFAULT_SCORE_THRESHOLD, DEFAULT_THREADS, createDetector } from "../../detect/detector.js";
import { readImage } from "../../detect/image.js";
import { DEFAULT_MODEL } from "../../detect/model-registry.js";
import type { Detection, Detector, RgbFrame } from "../../detect/types.js";
import { KerbsideError, isKerbsideError } from "../../errors.js";

interface DetectCliOptions {
  model: string;
  modelsDir?: string;
  threads: number;
  score: number;
  classes?: string[];
  json?: boolean;
  annotate?: string;
}

interface ImageResult {
  file: string;
  width: number;
  height: number;
  ms: number;
  detections: Detection[];
}

function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError("threads must be an integer from 1 to 64");
  return n;
}

function parseScore(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError("score must be a number from 0 to 1");
  return n;
}

function parseClasses(value: string): string[] {
  const classes = value.split(",").map((c) => c.trim()).filter((c) => c.length > 0);
  if (classes.length === 0) throw new InvalidArgumentError("classes must list at least one label");
  return classes;
}

function formatTable(result: ImageResult): string {
  const head = `${result.file} (${result.width}x${result.height}, ${result.ms.toFixed(0)} ms): ${result.detections.length} detection(s)`;
  if (result.detections.length === 0) return head;
  const width = Math.max(5, ...result.detections.map((d) => d.label.length));
  const row = (cells: string[]): string => `  ${cells[0]!.padEnd(width)}  ${cells.slice(1).map((c) => c.padStart(6)).join(" ")}`;
  const lines = result.detections.map((d) =>
    row([d.label, d.score.toFixed(2), ...[d.box.x1, d.box.y1, d.box.x2, d.box.y2].map((v) => v.toFixed(0))]),
  );
  return [head, row(["label", "score", "x1", "y1", "x2", "y2"]), ...lines].join("\n");
}

async function isDirectory(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isDirectory(), () => false);
}

/** An image that could not be read: reported, and the other images still run. */
interface ImageFailure {
  file: string;
  error: string;
}

async function readOrReport(file: string, opts: DetectCliOptions, failures: ImageFailure[]): Promise<RgbFrame | null> {
  try {
    return await readImage(file);
  } catch (error) {
    if (!isKerbsideError(error, "KERB_ERR_IMAGE")) throw error;
    const message = `${error.code}: ${error.message}`;
    failures.push({ file, error: message });
    if (!opts.json) process.stderr.write(`kerbside: ${message}\n`);
    return null;
  }
}

async function detectImages(images: string[], opts: DetectCliOptions, detector: Detector): Promise<(ImageResult | ImageFailure)[]> {
  const outs = opts.annotate === undefined ? [] : annotatePaths(images, opts.annotate, await isDirectory(opts.annotate));
  const results: (ImageResult | ImageFailure)[] = [];
  const failures: ImageFailure[] = [];
  for (const [i, file] of images.entries()) {
    const frame = await readOrReport(file, opts, failures);
    if (!frame) {
      results.push(failures.at(-1) as ImageFailure);
      continue;
    }
    const started = performance.now();
    const detections = await detector.detect(frame, { scoreThreshold: opts.score, classes: opts.classes });
    const result = { file, width: frame.width, height: frame.height, ms: performance.now() - started, detections };
    results.push(result);
    const out = outs[i];
    if (out !== undefined) {
      await mkdir(path.dirname(path.resolve(out)), { recursive: true });
      await writeAnnotatedJpeg(frame, detections, out);
    }
    if (!opts.json) process.stdout.write(`${formatTable(result)}${out ? `\n  annotated: ${out}` : ""}\n`);
  }
  return results;
}

export function register(program: Command): void {
  program
    .command("detect")
    .description("Detect objects in image files and print label, score and box (source pixels)")
    .argument("<image...>", "image files (JPEG, PNG, WebP…)")
    .option("--model <name>", "model name in models/ or a model card path", DEFAULT_MODEL)
    .option("--models-dir <dir>", "models directory (default: KERBSIDE_MODELS_DIR or <repo>/models)")
    .option("--threads <n>", "ONNX Runtime intra-op threads", parseThreads, DEFAULT_THREADS)
    .option("--score <x>", "minimum score, 0–1", parseScore, DEFAULT_SCORE_THRESHOLD)
    .option("--classes <labels>", "keep only these labels, comma-separated (e.g. car,bus,truck)", parseClasses)
    .option("--json", "print JSON instead of a table")
    .option("--annotate <out>", "write annotated JPEGs: a file (one image), a directory, or a pattern with {name}")
    .action(async (images: string[], opts: DetectCliOptions) => {
      const detector = await createDetector({ model: opts.model, modelsDir: opts.modelsDir, threads: opts.threads });
      try {
        const results = await detectImages(images, opts, detector);
        if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        const failed = results.filter((r): r is ImageFailure => "error" in r).map((r) => r.file);
        if (failed.length > 0) {
          throw new KerbsideError("KERB_ERR_IMAGE", `${failed.length} of ${images.length} images could not be read: ${failed.join(", ")}`);
        }
      } finally {
        await detector.close();
      }
    });
}
