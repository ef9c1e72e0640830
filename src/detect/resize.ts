/**
 * Bilinear resize of packed RGB into a region of a (reused) destination
 * buffer, half-pixel centres like OpenCV/TF. The per-column and per-row
 * sample tables depend only on the sizes, so they are cached between frames.
 */
export interface ResizeTables {
  key: string;
  /** Per destination column: byte offsets of the two source columns, weight of the second. */
  x0: Int32Array;
  x1: Int32Array;
  fx: Float32Array;
  /** Per destination row: byte offsets of the two source rows, weight of the second. */
  y0: Int32Array;
  y1: Int32Array;
  fy: Float32Array;
}

function axisTable(src: number, dst: number, stride: number): [Int32Array, Int32Array, Float32Array] {
  const i0 = new Int32Array(dst);
  const i1 = new Int32Array(dst);
  const f = new Float32Array(dst);
  const ratio = src / dst;
  for (let d = 0; d < dst; d++) {
    const s = Math.min(Math.max((d + 0.5) * ratio - 0.5, 0), src - 1);
    const lo = Math.floor(s);
    i0[d] = lo * stride;
    i1[d] = Math.min(lo + 1, src - 1) * stride;
    f[d] = s - lo;
  }
  return [i0, i1, f];
}

export function resizeTables(srcW: number, srcH: number, dstW: number, dstH: number): ResizeTables {
  const [x0, x1, fx] = axisTable(srcW, dstW, 3);
  const [y0, y1, fy] = axisTable(srcH, dstH, srcW * 3);
  return { key: `${srcW}x${srcH}>${dstW}x${dstH}`, x0, x1, fx, y0, y1, fy };
}

export interface ResizeTarget {
  data: Uint8Array;
  /** Width of the whole destination buffer, in pixels. */
  width: number;
  /** Top-left corner of the region the picture is drawn into. */
  left: number;
  top: number;
}

/** Draws src (srcW x srcH RGB) resized into the region of `t` described by `tables`. */
export function resizeBilinearInto(src: Uint8Array, tables: ResizeTables, t: ResizeTarget): void {
  const { x0, x1, fx, y0, y1, fy } = tables;
  const dstW = x0.length;
  const dstH = y0.length;
  const out = t.data;
  for (let dy = 0; dy < dstH; dy++) {
    const r0 = y0[dy]!;
    const r1 = y1[dy]!;
    const wy = fy[dy]!;
    let o = ((t.top + dy) * t.width + t.left) * 3;
    for (let dx = 0; dx < dstW; dx++) {
      const wx = fx[dx]!;
      const a = r0 + x0[dx]!;
      const b = r0 + x1[dx]!;
      const c = r1 + x0[dx]!;
      const d = r1 + x1[dx]!;
      for (let ch = 0; ch < 3; ch++) {
        const top = src[a + ch]! + (src[b + ch]! - src[a + ch]!) * wx;
        const bottom = src[c + ch]! + (src[d + ch]! - src[c + ch]!) * wx;
        out[o++] = top + (bottom - top) * wy + 0.5;
      }
    }
  }
}
