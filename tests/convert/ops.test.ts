// Single ops and small op chains, converted and run in onnxruntime, against
// TF.js on the same graph: odd spatial sizes for SAME padding, float16
// weights, NCHW broadcasting, resize modes, and integer floor division with
// negative operands (where ONNX Div alone would truncate differently).
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { convertGraphModel } from "../../src/convert/convert-graph.js";
import type { Feed } from "./tfjs-reference.js";
import { loadTfjsModel, maxAbsDiff, runOnnx, runTfjs } from "./tfjs-reference.js";
import { TinyGraph, a, seeded } from "./tiny-graph.js";

const NHWC = { data_format: a.s("NHWC") };
const conv = (padding: string, stride: number, fused: string[] = [], dilation = 1) => ({
  ...NHWC,
  padding: a.s(padding),
  strides: a.ints([1, stride, stride, 1]),
  dilations: a.ints([1, dilation, dilation, 1]),
  ...(fused.length ? { fused_ops: a.strs(fused), num_args: a.i(1), epsilon: a.f(0) } : {}),
});

function randoms(count: number, seed: number, scale = 1): number[] {
  const next = seeded(seed);
  return Array.from({ length: count }, () => next() * scale);
}

/** Random normal-range halfs (|x| in [2^-5, 2)) as raw bits. */
function randomHalfBits(count: number, seed: number): number[] {
  const next = seeded(seed);
  return Array.from({ length: count }, () => {
    const sign = next() < 0 ? 0x8000 : 0;
    const exponent = 10 + Math.floor((next() + 1) * 3);
    return sign | (exponent << 10) | Math.floor((next() + 1) * 511);
  });
}

async function expectSame(graph: TinyGraph, feeds: Record<string, Feed>, outputs: string[], tolerance: number): Promise<void> {
  const { model, weightData } = graph.output(...outputs).build();
  const { onnx } = convertGraphModel(model, weightData);
  const session = await ort.InferenceSession.create(onnx);
  const tfModel = await loadTfjsModel(model, weightData);
  try {
    const expected = await runTfjs(tfModel, feeds, outputs);
    const actual = await runOnnx(session, feeds);
    for (const name of outputs) {
      const [e, o] = [expected[name], actual[name]];
      expect(o?.length, name).toBe(e?.length);
      expect(maxAbsDiff(Array.from(e ?? [], Number), Array.from(o ?? [], Number)), name).toBeLessThanOrEqual(tolerance);
    }
  } finally {
    tfModel.dispose();
    await session.release();
  }
}

describe("op converters vs TF.js", () => {
  it("convolutions, pooling, means, broadcasts, resizes and concat on odd sizes", async () => {
    const graph = new TinyGraph()
      .input("x", [1, 7, 9, 3])
      .halfs("w1", [3, 3, 3, 4], randomHalfBits(108, 1))
      .floats("b1", [4], randoms(4, 2))
      .op("c1", "_FusedConv2D", ["x", "w1", "b1"], conv("SAME", 2, ["BiasAdd", "Relu6"]))
      .floats("w2", [3, 3, 4, 2], randoms(72, 3))
      .floats("b2", [8], randoms(8, 4))
      .op("d1", "FusedDepthwiseConv2dNative", ["c1", "w2", "b2"], conv("SAME", 2, ["BiasAdd", "Relu"]))
      .floats("w3", [3, 3, 4, 1], randoms(36, 5))
      .op("d2", "DepthwiseConv2dNative", ["c1", "w3"], conv("VALID", 1, [], 1))
      .floats("w4", [1, 1, 4, 3], randoms(12, 6))
      .op("c2", "Conv2D", ["c1", "w4"], conv("SAME", 1))
      .ints("hw", [2], [1, 2])
      .op("m1", "Mean", ["d1", "hw"], { keep_dims: a.b(true) })
      .op("s1", "Mul", ["d1", "m1"])
      .floats("perChannel", [8], randoms(8, 7))
      .op("v", "Mul", ["s1", "perChannel"])
      .floats("three", [], [3])
      .op("h", "AddV2", ["v", "three"])
      .op("p", "MaxPool", ["h"], { ...NHWC, ksize: a.ints([1, 3, 3, 1]), strides: a.ints([1, 2, 2, 1]), padding: a.s("SAME") })
      .ints("size", [2], [5, 7])
      .op("r1", "ResizeBilinear", ["p", "size"], { align_corners: a.b(false), half_pixel_centers: a.b(false) })
      .op("r2", "ResizeBilinear", ["p", "size"], { align_corners: a.b(false), half_pixel_centers: a.b(true) })
      .op("r3", "ResizeBilinear", ["p", "size"], { align_corners: a.b(true), half_pixel_centers: a.b(false) })
      .ints("axis", [], [-1])
      .op("cat", "ConcatV2", ["r1", "r2", "r3", "axis"], { N: a.i(3) })
      .ints("last", [1], [3])
      .op("mk", "Mean", ["cat", "last"], { keep_dims: a.b(true) })
      .op("mn", "Mean", ["cat", "last"], { keep_dims: a.b(false) })
      .op("sig", "Sigmoid", ["mk"]);
    const x: Feed = { data: Float32Array.from(randoms(7 * 9 * 3, 8, 2)), shape: [1, 7, 9, 3] };
    await expectSame(graph, { x }, ["c1", "d1", "d2", "c2", "p", "cat", "sig", "mn"], 1e-4);
  });

  it("integer and float floor division/modulo, slices, TopK, gather, casts", async () => {
    const graph = new TinyGraph()
      .input("i", [2, 5], "DT_INT32")
      .input("f", [2, 5])
      .ints("three", [], [3])
      .ints("minusFour", [], [-4])
      .op("fd", "FloorDiv", ["i", "three"])
      .op("fm", "FloorMod", ["i", "three"])
      .op("fdn", "FloorDiv", ["i", "minusFour"])
      .op("fmn", "FloorMod", ["i", "minusFour"])
      .floats("q", [], [0.75])
      .floats("nq", [], [-0.75])
      .op("ffd", "FloorDiv", ["f", "q"])
      .op("ffm", "FloorMod", ["f", "nq"])
      .ints("b0", [2], [0, 1])
      .ints("e0", [2], [0, 4])
      .ints("s0", [2], [1, 2])
      .op("ss", "StridedSlice", ["f", "b0", "e0", "s0"], { begin_mask: a.i(1), end_mask: a.i(1), shrink_axis_mask: a.i(0) })
      .ints("b1", [2], [-1, 0])
      .ints("e1", [2], [0, 0])
      .ints("s1", [2], [1, 1])
      .op("row", "StridedSlice", ["f", "b1", "e1", "s1"], { begin_mask: a.i(2), end_mask: a.i(2), shrink_axis_mask: a.i(1) })
      .ints("k", [], [3])
      .op("top", "TopKV2", ["f", "k"], { sorted: a.b(true) })
      .ints("minusOne", [], [-1])
      .op("ex", "ExpandDims", ["top:1", "minusOne"])
      .op("cast", "Cast", ["ex"], { SrcT: a.type("DT_INT32"), DstT: a.type("DT_FLOAT") })
      .ints("flat", [1], [-1])
      .op("flatF", "Reshape", ["f", "flat"])
      .ints("zero", [], [0])
      .op("g", "GatherV2", ["flatF", "top:1", "zero"], { batch_dims: a.i(0) })
      .op("eq", "Equal", ["fd", "fdn"])
      .op("eqf", "Cast", ["eq"], { SrcT: a.type("DT_BOOL"), DstT: a.type("DT_FLOAT") });
    const i: Feed = { data: Int32Array.from([-10, -7, -4, -3, -1, 0, 1, 3, 5, 11]), shape: [2, 5] };
    const f: Feed = { data: Float32Array.from(randoms(10, 9, 5)), shape: [2, 5] };
    await expectSame(graph, { i, f }, ["fd", "fm", "fdn", "fmn", "ffd", "ffm", "ss", "row", "top", "cast", "g", "eqf"], 1e-5);
  });
});
