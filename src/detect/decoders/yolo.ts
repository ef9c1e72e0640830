/**
 * `yolo`: Ultralytics heads before NMS, boxes as cx, cy, w, h in input pixels.
 *   v5:     [1, N, 5 + C]  rows of cx, cy, w, h, objectness, C class scores
 *   v8/v11: [1, 4 + C, N]  channel-major, no objectness
 * (a v8 head already transposed to [1, N, 4 + C] is read too). The variant is
 * told apart by the shape and the card's label count C.
 */
import type { ModelCard } from "../types.js";
import { coordScale, dim, expectRank3, outputError, type Dims } from "./shape.js";
import type { Candidate, DecodeContext, Decoder, OutputTensor } from "./types.js";

export type YoloLayout = "v5" | "v8" | "v8-rows";

/** Picks the layout from the output shape; undefined when none fits. */
export function yoloLayout(dims: Dims, classes: number): YoloLayout | undefined {
  if (dims.length !== 3) return undefined;
  if (dim(dims, 1) === 4 + classes) return "v8";
  if (dim(dims, 2) === 5 + classes) return "v5";
  if (dim(dims, 2) === 4 + classes) return "v8-rows";
  return undefined;
}

/** Best class among `count` scores at data[base + k * step]. */
function bestClass(data: Float32Array, base: number, step: number, count: number, allowed: Uint8Array | null): [number, number] {
  let best = -1;
  let bestScore = -Infinity;
  for (let k = 0; k < count; k++) {
    const s = data[base + k * step]!;
    if (s > bestScore && (allowed === null || allowed[k] === 1)) {
      bestScore = s;
      best = k;
    }
  }
  return [best, bestScore];
}

export function createYoloDecoder(card: ModelCard): Decoder {
  const classes = card.labels.length;
  const { sx, sy } = coordScale(card);
  const expected = `[1, ${4 + classes}, N] (v8) or [1, N, ${5 + classes}] (v5) for ${classes} labels`;
  const checkShape = (dims: Dims): void => {
    expectRank3(card, dims, expected);
    const fixed = dim(dims, 1) !== undefined || dim(dims, 2) !== undefined;
    if (fixed && yoloLayout(dims, classes) === undefined) throw outputError(card, dims, expected);
  };
  return {
    kind: "yolo",
    checkShape,
    decode(output: OutputTensor, context: DecodeContext): Candidate[] {
      const layout = yoloLayout(output.dims, classes);
      if (layout === undefined) throw outputError(card, output.dims, expected);
      const transposed = layout === "v8";
      const n = transposed ? output.dims[2]! : output.dims[1]!;
      const width = transposed ? 0 : output.dims[2]!;
      const objectness = layout === "v5";
      const { data } = output;
      // Element (box i, field f) lives at i*width+f (rows) or f*n+i (channel-major).
      const step = transposed ? n : 1;
      const out: Candidate[] = [];
      for (let i = 0; i < n; i++) {
        const base = transposed ? i : i * width;
        const obj = objectness ? data[base + 4 * step]! : 1;
        if (objectness && !(obj >= context.scoreThreshold)) continue;
        const first = base + (objectness ? 5 : 4) * step;
        const [classId, classScore] = bestClass(data, first, step, classes, context.allowed);
        const score = obj * classScore;
        if (classId < 0 || !(score >= context.scoreThreshold)) continue;
        const cx = data[base]! * sx;
        const cy = data[base + step]! * sy;
        const hw = (data[base + 2 * step]! * sx) / 2;
        const hh = (data[base + 3 * step]! * sy) / 2;
        out.push({ x1: cx - hw, y1: cy - hh, x2: cx + hw, y2: cy + hh, score, classId });
      }
      return out;
    },
  };
}
