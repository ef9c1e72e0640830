/** Shape checks shared by the decoders. */
import { KerbsideError } from "../../errors.js";
import type { ModelCard } from "../types.js";

export type Dims = readonly (number | string)[];

/** A numeric dimension, or undefined when it is symbolic. */
export function dim(dims: Dims, index: number): number | undefined {
  const value = dims[index];
  return typeof value === "number" && value >= 0 ? value : undefined;
}

export function outputError(card: ModelCard, dims: Dims, expected: string): KerbsideError {
  return new KerbsideError(
    "KERB_ERR_MODEL_OUTPUT",
    `model "${card.name}": decoder "${card.decoder.kind}" expects output ${expected}, got [${dims.join(",")}]`,
  );
}

/** Checks rank 3 with batch 1 (or symbolic batch). */
export function expectRank3(card: ModelCard, dims: Dims, expected: string): void {
  const batch = dim(dims, 0);
  if (dims.length !== 3 || (batch !== undefined && batch !== 1)) throw outputError(card, dims, expected);
}

/** Multiplier taking decoder coordinates to input pixels along x and y. */
export function coordScale(card: ModelCard): { sx: number; sy: number } {
  return card.decoder.coords === "normalized"
    ? { sx: card.input.width, sy: card.input.height }
    : { sx: 1, sy: 1 };
}
