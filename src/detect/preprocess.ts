/**
 * RgbFrame → model input tensor data. The hot path: when the frame already
 * has the model's input size (the scanner asks ffmpeg for that) it is one
 * lookup-table loop into a reused Float32Array; otherwise the frame is first
 * resized (stretch or letterbox) into a reused RGB buffer.
 *
 * Normalisation: value = (pixel * scale - mean[c]) / std[c], where c is the
 * channel's position in the model's channel order (RGB or BGR).
 */
import { computeInputMapping, type InputMapping, type InputSpec } from "./input-mapping.js";
import { resizeBilinearInto, resizeTables, type ResizeTables } from "./resize.js";
import type { RgbFrame } from "./types.js";

export interface Prepared {
  /** Tensor data in the model's layout; reused by the next call. */
  tensor: Float32Array;
  dims: readonly number[];
  mapping: InputMapping;
}

/** One 256-entry table per model channel: byte value → normalised float. */
export function channelTables(input: InputSpec): Float32Array[] {
  return [0, 1, 2].map((c) => {
    const table = new Float32Array(256);
    for (let v = 0; v < 256; v++) table[v] = (v * input.scale - input.mean[c]!) / input.std[c]!;
    return table;
  });
}

export function checkFrame(frame: RgbFrame): void {
  const expected = frame.width * frame.height * 3;
  if (!(frame.width > 0 && frame.height > 0) || frame.data.length < expected) {
    throw new RangeError(`frame ${frame.width}x${frame.height} needs ${expected} RGB bytes, got ${frame.data.length}`);
  }
}

export class Preprocessor {
  readonly dims: readonly number[];
  private readonly tensor: Float32Array;
  private readonly tables: Float32Array[];
  /** Source byte offset of each model channel within a pixel. */
  private readonly offsets: readonly [number, number, number];
  private resized: Uint8Array | null = null;
  private resize: ResizeTables | null = null;

  constructor(private readonly input: InputSpec) {
    const { width, height, layout } = input;
    this.dims = layout === "NHWC" ? [1, height, width, 3] : [1, 3, height, width];
    this.tensor = new Float32Array(width * height * 3);
    this.tables = channelTables(input);
    this.offsets = input.channels === "RGB" ? [0, 1, 2] : [2, 1, 0];
  }

  run(frame: RgbFrame): Prepared {
    checkFrame(frame);
    const mapping = computeInputMapping(frame.width, frame.height, this.input);
    const pixels = this.input.width === frame.width && this.input.height === frame.height
      ? frame.data
      : this.resizeFrame(frame, mapping);
    this.convert(pixels);
    return { tensor: this.tensor, dims: this.dims, mapping };
  }

  private resizeFrame(frame: RgbFrame, m: InputMapping): Uint8Array {
    const { width, height, padValue } = this.input;
    this.resized ??= new Uint8Array(width * height * 3);
    const key = `${frame.width}x${frame.height}>${m.contentWidth}x${m.contentHeight}`;
    if (this.resize?.key !== key) this.resize = resizeTables(frame.width, frame.height, m.contentWidth, m.contentHeight);
    if (m.contentWidth !== width || m.contentHeight !== height) this.resized.fill(padValue);
    resizeBilinearInto(frame.data, this.resize, { data: this.resized, width, left: m.padX, top: m.padY });
    return this.resized;
  }

  private convert(src: Uint8Array): void {
    const out = this.tensor;
    const [t0, t1, t2] = this.tables as [Float32Array, Float32Array, Float32Array];
    const [o0, o1, o2] = this.offsets;
    const pixels = this.input.width * this.input.height;
    if (this.input.layout === "NHWC") {
      for (let p = 0, s = 0; p < pixels; p++, s += 3) {
        out[s] = t0[src[s + o0]!]!;
        out[s + 1] = t1[src[s + o1]!]!;
        out[s + 2] = t2[src[s + o2]!]!;
      }
      return;
    }
    for (let p = 0, s = 0; p < pixels; p++, s += 3) {
      out[p] = t0[src[s + o0]!]!;
      out[pixels + p] = t1[src[s + o1]!]!;
      out[2 * pixels + p] = t2[src[s + o2]!]!;
    }
  }
}
