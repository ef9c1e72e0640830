/**
 * PP-OCRv4 text detection and recognition on onnxruntime-node. Runs wherever
 * it is created: the plate worker (plate-worker.ts) creates it off the main
 * thread. Images come in as RGB; PaddleOCR's models were trained on OpenCV's
 * BGR, so tensors are filled in BGR order.
 */
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { KerbsideError } from "../errors.js";
import type { Box } from "../detect/types.js";
import { ctcGreedyDecode, type DecodedText, type StepProbabilities } from "./ctc-decode.js";
import { textBoxes, type TextBox } from "./db-postprocess.js";
import { loadAlphabet, ocrModelFiles } from "./ocr-models.js";
import type { RgbImage } from "./types.js";

const DET_MEAN = [0.485, 0.456, 0.406] as const;
const DET_STD = [0.229, 0.224, 0.225] as const;
const REC_HEIGHT = 48;
const REC_MAX_WIDTH = 480;
/** The detector's input side limit: plates inside one vehicle need no more. */
const DET_MAX_SIDE = 640;

export interface OcrEngine {
  /** Text boxes in the image's pixels, best first. */
  detectText(image: RgbImage): Promise<TextBox[]>;
  /** Reads one line of text in the image's box: the greedy reading and the step probabilities behind it. */
  recognise(image: RgbImage, box: Box): Promise<{ decoded: DecodedText; output: StepProbabilities }>;
  /** The recogniser's classes (blank first). */
  readonly alphabet: readonly string[];
  close(): Promise<void>;
}

function session(file: string, threads: number): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(file, {
    executionProviders: ["cpu"],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
    executionMode: "sequential",
  });
}

/** CHW float tensor in BGR order: (pixel / 255 − mean[c]) / std[c]. */
function toTensor(rgb: Uint8Array, width: number, height: number, mean: readonly number[], std: readonly number[]): Float32Array {
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out[c * plane + i] = (rgb[i * 3 + (2 - c)]! / 255 - mean[c]!) / std[c]!;
  }
  return out;
}

async function resizeRaw(image: RgbImage, box: Box | null, width: number, height: number): Promise<Uint8Array> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (box !== null) {
    const left = Math.max(0, Math.floor(box.x1));
    const top = Math.max(0, Math.floor(box.y1));
    pipeline = pipeline.extract({
      left,
      top,
      width: Math.max(1, Math.min(image.width, Math.ceil(box.x2)) - left),
      height: Math.max(1, Math.min(image.height, Math.ceil(box.y2)) - top),
    });
  }
  const { data } = await pipeline.resize(width, height, { fit: "fill" }).raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function outputOf(results: ort.InferenceSession.ReturnType, name: string): ort.Tensor {
  const output = results[name];
  if (output === undefined || output.type !== "float32") throw new KerbsideError("KERB_ERR_MODEL_OUTPUT", `OCR output "${name}" is missing or not float32`);
  return output;
}

/** Detector input size: the image scaled to fit DET_MAX_SIDE, each side a multiple of 32. */
function detSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, DET_MAX_SIDE / Math.max(width, height));
  const round = (n: number): number => Math.max(32, Math.round((n * scale) / 32) * 32);
  return { width: round(width), height: round(height) };
}

export async function createOcrEngine(options: { threads?: number } = {}): Promise<OcrEngine> {
  const files = ocrModelFiles();
  const threads = options.threads ?? 1;
  const [det, rec, alphabet] = await Promise.all([session(files.detection, threads), session(files.recognition, threads), loadAlphabet(files.dictionary)]);
  return {
    alphabet,
    async detectText(image) {
      const size = detSize(image.width, image.height);
      const pixels = await resizeRaw(image, null, size.width, size.height);
      const input = new ort.Tensor("float32", toTensor(pixels, size.width, size.height, DET_MEAN, DET_STD), [1, 3, size.height, size.width]);
      const map = outputOf(await det.run({ [det.inputNames[0]!]: input }), det.outputNames[0]!);
      const sx = image.width / size.width;
      const sy = image.height / size.height;
      return textBoxes(map.data as Float32Array, size.width, size.height).map((t) => ({
        score: t.score,
        box: { x1: t.box.x1 * sx, y1: t.box.y1 * sy, x2: t.box.x2 * sx, y2: t.box.y2 * sy },
      }));
    },
    async recognise(image, box) {
      const aspect = (box.x2 - box.x1) / Math.max(1, box.y2 - box.y1);
      const width = Math.min(REC_MAX_WIDTH, Math.max(16, Math.round(REC_HEIGHT * aspect)));
      const pixels = await resizeRaw(image, box, width, REC_HEIGHT);
      const input = new ort.Tensor("float32", toTensor(pixels, width, REC_HEIGHT, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]), [1, 3, REC_HEIGHT, width]);
      const out = outputOf(await rec.run({ [rec.inputNames[0]!]: input }), rec.outputNames[0]!);
      const [, steps, classes] = out.dims;
      const output: StepProbabilities = { probs: out.data as Float32Array, steps: steps!, classes: classes! };
      return { decoded: ctcGreedyDecode(output, alphabet), output };
    },
    async close() {
      await Promise.all([det.release(), rec.release()]);
    },
  };
}
