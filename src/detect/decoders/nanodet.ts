/**
 * `nanodet`: NanoDet-Plus ONNX exports, [1, N, C + 4 * (regMax + 1)].
 * Each row holds C class scores (sigmoid already applied) then, for the sides
 * left, top, right, bottom in turn, regMax + 1 logits of a distance
 * distribution: softmax, expected bin index, times the level's stride, gives
 * the distance from the row's centre point. Centre points are (col * stride,
 * row * stride) for each stride level in turn, row-major, on a
 * ceil(H / stride) x ceil(W / stride) grid.
 */
import type { ModelCard } from "../types.js";
import { dim, expectRank3, outputError, type Dims } from "./shape.js";
import type { Candidate, DecodeContext, Decoder, OutputTensor } from "./types.js";

export const NANODET_DEFAULT_STRIDES: readonly number[] = [8, 16, 32, 64];
export const NANODET_DEFAULT_REG_MAX = 7;

export interface CenterPriors {
  x: Float32Array;
  y: Float32Array;
  stride: Float32Array;
}

export function nanodetCenterPriors(width: number, height: number, strides: readonly number[]): CenterPriors {
  const levels = strides.map((s) => ({ s, w: Math.ceil(width / s), h: Math.ceil(height / s) }));
  const total = levels.reduce((sum, l) => sum + l.w * l.h, 0);
  const priors = { x: new Float32Array(total), y: new Float32Array(total), stride: new Float32Array(total) };
  let i = 0;
  for (const { s, w, h } of levels) {
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++, i++) {
        priors.x[i] = col * s;
        priors.y[i] = row * s;
        priors.stride[i] = s;
      }
    }
  }
  return priors;
}

/** Expected bin index of softmax(data[start .. start + bins)). */
export function distributionMean(data: Float32Array, start: number, bins: number): number {
  let max = -Infinity;
  for (let k = 0; k < bins; k++) max = Math.max(max, data[start + k]!);
  let sum = 0;
  let weighted = 0;
  for (let k = 0; k < bins; k++) {
    const e = Math.exp(data[start + k]! - max);
    sum += e;
    weighted += e * k;
  }
  return weighted / sum;
}

export function createNanodetDecoder(card: ModelCard): Decoder {
  const classes = card.labels.length;
  const bins = (card.decoder.regMax ?? NANODET_DEFAULT_REG_MAX) + 1;
  const strides = card.decoder.strides ?? NANODET_DEFAULT_STRIDES;
  const priors = nanodetCenterPriors(card.input.width, card.input.height, strides);
  const rowWidth = classes + 4 * bins;
  const count = priors.x.length;
  const expected = `[1, ${count}, ${rowWidth}] (${classes} classes + 4 x ${bins} bins, strides ${strides.join("/")})`;
  const checkShape = (dims: Dims): void => {
    expectRank3(card, dims, expected);
    const n = dim(dims, 1);
    const w = dim(dims, 2);
    if ((n !== undefined && n !== count) || (w !== undefined && w !== rowWidth)) throw outputError(card, dims, expected);
  };
  return {
    kind: "nanodet",
    checkShape,
    decode(output: OutputTensor, context: DecodeContext): Candidate[] {
      checkShape(output.dims);
      const { data } = output;
      const out: Candidate[] = [];
      for (let i = 0; i < count; i++) {
        const base = i * rowWidth;
        let classId = -1;
        let score = -Infinity;
        for (let k = 0; k < classes; k++) {
          const s = data[base + k]!;
          if (s > score && (context.allowed === null || context.allowed[k] === 1)) {
            score = s;
            classId = k;
          }
        }
        if (classId < 0 || !(score >= context.scoreThreshold)) continue;
        const reg = base + classes;
        const stride = priors.stride[i]!;
        const cx = priors.x[i]!;
        const cy = priors.y[i]!;
        out.push({
          x1: cx - distributionMean(data, reg, bins) * stride,
          y1: cy - distributionMean(data, reg + bins, bins) * stride,
          x2: cx + distributionMean(data, reg + 2 * bins, bins) * stride,
          y2: cy + distributionMean(data, reg + 3 * bins, bins) * stride,
          score,
          classId,
        });
      }
      return out;
    },
  };
}
