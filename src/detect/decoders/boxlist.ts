/**
 * `boxlist`: models that already emit final boxes, one row per detection:
 * [1, N, 6] = x1, y1, x2, y2, score, class. CenterNet's `tower_0/detections`
 * and end-to-end exports (YOLOv10, YOLO26) look like this. Coordinates are
 * input pixels, or 0–1 when the card says `coords: "normalized"`.
 */
import type { ModelCard } from "../types.js";
import { coordScale, dim, expectRank3, outputError, type Dims } from "./shape.js";
import type { Candidate, DecodeContext, Decoder, OutputTensor } from "./types.js";

const EXPECTED = "[1, N, 6] (x1, y1, x2, y2, score, class)";

export function createBoxlistDecoder(card: ModelCard): Decoder {
  const { sx, sy } = coordScale(card);
  const checkShape = (dims: Dims): void => {
    expectRank3(card, dims, EXPECTED);
    const width = dim(dims, 2);
    if (width !== undefined && width !== 6) throw outputError(card, dims, EXPECTED);
  };
  return {
    kind: "boxlist",
    checkShape,
    decode(output: OutputTensor, context: DecodeContext): Candidate[] {
      checkShape(output.dims);
      const { data } = output;
      const out: Candidate[] = [];
      for (let row = 0; row + 6 <= data.length; row += 6) {
        const score = data[row + 4]!;
        const classValue = data[row + 5]!;
        if (!(score >= context.scoreThreshold) || !Number.isFinite(classValue)) continue;
        const classId = Math.round(classValue);
        if (classId < 0 || (context.allowed !== null && context.allowed[classId] !== 1)) continue;
        out.push({
          x1: data[row]! * sx,
          y1: data[row + 1]! * sy,
          x2: data[row + 2]! * sx,
          y2: data[row + 3]! * sy,
          score,
          classId,
        });
      }
      return out;
    },
  };
}
