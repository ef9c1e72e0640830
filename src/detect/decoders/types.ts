/**
 * The decoder plugin contract: one decoder per output layout, picked by the
 * model card's `decoder.kind`. Decoders work in model-input pixels; mapping
 * back to the source image, NMS and the final cut happen in postprocess.ts.
 */
import type { DecoderKind, ModelCard } from "../types.js";

/** A raw output tensor: float data, row-major, with its dimensions. */
export interface OutputTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** A box proposed by a decoder, in model-input pixels. */
export interface Candidate {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  classId: number;
}

export interface DecodeContext {
  /** Candidates scoring below this are dropped. */
  scoreThreshold: number;
  /** When set, classIds with allowed[classId] === 0 are dropped. */
  allowed: Uint8Array | null;
}

export interface Decoder {
  readonly kind: DecoderKind;
  /**
   * Throws KERB_ERR_MODEL_OUTPUT when the output shape cannot be read by this
   * decoder. Symbolic (string) dimensions are accepted as unknown.
   */
  checkShape(dims: readonly (number | string)[]): void;
  decode(output: OutputTensor, context: DecodeContext): Candidate[];
}

export type DecoderFactory = (card: ModelCard) => Decoder;
