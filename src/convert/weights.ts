/**
 * Reads the weights a graph model's manifest describes out of its .bin data:
 * float32 (optionally float16- or uint8/uint16-quantised), int32 and bool.
 */
import { KerbsideError } from "../errors.js";
import { decodeFloat16 } from "./float16.js";
import type { GraphModel, WeightSpec } from "./graph-model.js";
import type { ConstTensor } from "./tensor.js";

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function dequantise(spec: WeightSpec, bytes: Uint8Array, offset: number, count: number): { data: Float32Array; size: number } {
  const q = spec.quantization;
  if (q === undefined) {
    return { data: new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + count * 4)), size: count * 4 };
  }
  if (q.dtype === "float16") return { data: decodeFloat16(bytes, offset, count), size: count * 2 };
  if ((q.dtype === "uint8" || q.dtype === "uint16") && q.scale !== undefined && q.min !== undefined) {
    const width = q.dtype === "uint8" ? 1 : 2;
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * width);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const raw = width === 1 ? view.getUint8(i) : view.getUint16(i * 2, true);
      data[i] = raw * q.scale + q.min;
    }
    return { data, size: count * width };
  }
  throw new KerbsideError("KERB_ERR_CONVERT", `weight "${spec.name}": unsupported quantization ${JSON.stringify(q)}`);
}

const QUANT_WIDTH: Record<string, number> = { float16: 2, uint8: 1, uint16: 2 };

/** Bytes the weight occupies in the .bin data. */
export function weightByteSize(spec: WeightSpec): number {
  const width = spec.quantization ? (QUANT_WIDTH[spec.quantization.dtype] ?? 4) : spec.dtype === "bool" ? 1 : 4;
  return elementCount(spec.shape) * width;
}

function readWeight(spec: WeightSpec, bytes: Uint8Array, offset: number): { tensor: ConstTensor; size: number } {
  const count = elementCount(spec.shape);
  if (spec.dtype === "float32") {
    const { data, size } = dequantise(spec, bytes, offset, count);
    return { tensor: { dtype: "float32", shape: spec.shape, data }, size };
  }
  if (spec.quantization !== undefined) {
    throw new KerbsideError("KERB_ERR_CONVERT", `weight "${spec.name}": quantised ${spec.dtype} is not supported`);
  }
  const start = bytes.byteOffset + offset;
  if (spec.dtype === "int32") {
    const data = new Int32Array(bytes.buffer.slice(start, start + count * 4));
    return { tensor: { dtype: "int32", shape: spec.shape, data }, size: count * 4 };
  }
  const data = Uint8Array.from(bytes.subarray(offset, offset + count), (b) => (b ? 1 : 0));
  return { tensor: { dtype: "bool", shape: spec.shape, data }, size: count };
}

/** All weights by name; `weightData` is the concatenation of the manifest's .bin files in order. */
export function readWeights(model: GraphModel, weightData: Uint8Array): Map<string, ConstTensor> {
  const out = new Map<string, ConstTensor>();
  let offset = 0;
  for (const group of model.weightsManifest) {
    for (const spec of group.weights) {
      if (offset + weightByteSize(spec) > weightData.byteLength) {
        throw new KerbsideError("KERB_ERR_CONVERT", `weight "${spec.name}" lies past the end of the weight data (${weightData.byteLength} bytes)`);
      }
      const { tensor, size } = readWeight(spec, weightData, offset);
      out.set(spec.name, tensor);
      offset += size;
    }
  }
  if (offset !== weightData.byteLength) {
    throw new KerbsideError("KERB_ERR_CONVERT", `weight data has ${weightData.byteLength} bytes, the manifest describes ${offset}`);
  }
  return out;
}
