/**
 * How a source image sits inside the model input (stretched, or letterboxed
 * with padding), and the way back: model-input boxes to source pixels.
 */
import type { Box, ModelCard } from "./types.js";

export type InputSpec = ModelCard["input"];

/** input pixel = source pixel * scale + pad, per axis. */
export interface InputMapping {
  sourceWidth: number;
  sourceHeight: number;
  scaleX: number;
  scaleY: number;
  padX: number;
  padY: number;
  /** Size of the resized picture inside the input (the rest is padding). */
  contentWidth: number;
  contentHeight: number;
}

export function computeInputMapping(
  sourceWidth: number,
  sourceHeight: number,
  input: Pick<InputSpec, "width" | "height" | "resize">,
): InputMapping {
  if (input.resize === "stretch") {
    return {
      sourceWidth, sourceHeight,
      scaleX: input.width / sourceWidth, scaleY: input.height / sourceHeight,
      padX: 0, padY: 0,
      contentWidth: input.width, contentHeight: input.height,
    };
  }
  const scale = Math.min(input.width / sourceWidth, input.height / sourceHeight);
  const contentWidth = Math.max(1, Math.min(input.width, Math.round(sourceWidth * scale)));
  const contentHeight = Math.max(1, Math.min(input.height, Math.round(sourceHeight * scale)));
  return {
    sourceWidth, sourceHeight,
    scaleX: contentWidth / sourceWidth, scaleY: contentHeight / sourceHeight,
    padX: Math.floor((input.width - contentWidth) / 2), padY: Math.floor((input.height - contentHeight) / 2),
    contentWidth, contentHeight,
  };
}

function clamp(value: number, max: number): number {
  return value < 0 ? 0 : value > max ? max : value;
}

/** A model-input box in source pixels, clipped to the source image. */
export function toSourceBox(box: Box, m: InputMapping): Box {
  return {
    x1: clamp((box.x1 - m.padX) / m.scaleX, m.sourceWidth),
    y1: clamp((box.y1 - m.padY) / m.scaleY, m.sourceHeight),
    x2: clamp((box.x2 - m.padX) / m.scaleX, m.sourceWidth),
    y2: clamp((box.y2 - m.padY) / m.scaleY, m.sourceHeight),
  };
}
