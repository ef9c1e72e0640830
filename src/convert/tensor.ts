/**
 * The converter's view of tensors: constants known at conversion time and the
 * values flowing through the ONNX graph being built.
 */

export type DType = "float32" | "int32" | "int64" | "bool";

export type ConstTensor =
  | { dtype: "float32"; shape: readonly number[]; data: Float32Array }
  | { dtype: "int32"; shape: readonly number[]; data: Int32Array }
  | { dtype: "int64"; shape: readonly number[]; data: BigInt64Array }
  | { dtype: "bool"; shape: readonly number[]; data: Uint8Array };

/**
 * NHWC: the tensor is stored in TF's own axis order. NCHW: a rank-4 tensor is
 * stored transposed (0,3,1,2) so ONNX Conv/Pool/Resize can read it directly.
 */
export type Layout = "NHWC" | "NCHW";

/** One TF tensor as it exists in the ONNX graph. */
export interface Value {
  /** ONNX tensor name (for constants: the initializer's name once materialised). */
  name: string;
  dtype: DType;
  /** Shape in TF (semantic) axis order, whatever the physical layout. */
  shape: readonly number[];
  layout: Layout;
  /** Set for tensors whose content is known while converting (TF Const nodes). */
  constant?: ConstTensor;
  /**
   * The TF value is this tensor times `scale`, a factor not yet applied
   * (hard-activations.ts). Linear consumers carry it on or fold it into their
   * weights; any other use multiplies it in first (ConvertContext.name/as).
   */
  scale?: number;
}

export const NHWC_TO_NCHW = [0, 3, 1, 2] as const;
export const NCHW_TO_NHWC = [0, 2, 3, 1] as const;

/** Where NHWC axis `axis` (0..3) lives in the NCHW layout. */
export function nchwAxis(axis: number): number {
  return [0, 2, 3, 1][axis] ?? axis;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Numbers of an integer or float constant (int64 narrowed to number). */
export function constNumbers(tensor: ConstTensor): number[] {
  return Array.from(tensor.data as ArrayLike<number | bigint>, (v) => Number(v));
}

/** Permutes the axes of a constant (generic N-d transpose). */
export function transposeConst(tensor: ConstTensor, perm: readonly number[]): ConstTensor {
  const shape = perm.map((p) => tensor.shape[p] ?? 1);
  const rank = shape.length;
  const inStrides = stridesOf(tensor.shape);
  const outStrides = stridesOf(shape);
  const count = elementCount(shape);
  const index = (o: number): number => {
    let i = 0;
    for (let d = 0; d < rank; d++) {
      const coord = Math.floor(o / (outStrides[d] ?? 1)) % (shape[d] ?? 1);
      i += coord * (inStrides[perm[d] ?? d] ?? 0);
    }
    return i;
  };
  return mapConst(tensor, shape, count, index);
}

function mapConst(tensor: ConstTensor, shape: number[], count: number, index: (o: number) => number): ConstTensor {
  switch (tensor.dtype) {
    case "float32": {
      const data = new Float32Array(count);
      for (let o = 0; o < count; o++) data[o] = tensor.data[index(o)] ?? 0;
      return { dtype: "float32", shape, data };
    }
    case "int32": {
      const data = new Int32Array(count);
      for (let o = 0; o < count; o++) data[o] = tensor.data[index(o)] ?? 0;
      return { dtype: "int32", shape, data };
    }
    case "int64": {
      const data = new BigInt64Array(count);
      for (let o = 0; o < count; o++) data[o] = tensor.data[index(o)] ?? 0n;
      return { dtype: "int64", shape, data };
    }
    case "bool": {
      const data = new Uint8Array(count);
      for (let o = 0; o < count; o++) data[o] = tensor.data[index(o)] ?? 0;
      return { dtype: "bool", shape, data };
    }
  }
}

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = (strides[d + 1] ?? 1) * (shape[d + 1] ?? 1);
  return strides;
}

export function int64Const(values: readonly number[], shape: readonly number[] = [values.length]): ConstTensor {
  return { dtype: "int64", shape, data: BigInt64Array.from(values, (v) => BigInt(v)) };
}

export function floatConst(values: readonly number[], shape: readonly number[] = [values.length]): ConstTensor {
  return { dtype: "float32", shape, data: Float32Array.from(values) };
}

/** Same data, new shape (element count must match). */
export function reshapeConst(tensor: ConstTensor, shape: readonly number[]): ConstTensor {
  return { ...tensor, shape } as ConstTensor;
}
