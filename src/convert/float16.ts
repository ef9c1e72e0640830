/**
 * IEEE 754 half-precision decoding. TF.js stores weights quantised with
 * `quantization: {dtype: "float16"}` as raw halfs; the converter expands them
 * back to float32 before writing ONNX initializers.
 */

/** One half (as its 16 raw bits) to a JS number, exactly. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Little-endian halfs starting at `byteOffset` to a new Float32Array. */
export function decodeFloat16(bytes: Uint8Array, byteOffset: number, count: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + byteOffset, count * 2);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
  return out;
}
