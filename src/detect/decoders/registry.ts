/** Decoders by the model card's `decoder.kind`. */
import type { DecoderKind, ModelCard } from "../types.js";
import { createBoxlistDecoder } from "./boxlist.js";
import { createNanodetDecoder } from "./nanodet.js";
import type { Decoder, DecoderFactory } from "./types.js";
import { createYoloDecoder } from "./yolo.js";

export const DECODERS: Readonly<Record<DecoderKind, DecoderFactory>> = {
  boxlist: createBoxlistDecoder,
  yolo: createYoloDecoder,
  nanodet: createNanodetDecoder,
};

export function createDecoder(card: ModelCard): Decoder {
  return DECODERS[card.decoder.kind](card);
}
