// MobileNetV3's hard swish and squeeze-excite gate, built as the TF.js graph
// spells them (float16 1/6), are emitted as ONNX HardSwish / HardSigmoid; the
// float16 factor is folded into the next convolutions, carried through the
// squeeze Mean and the excite Mul, and multiplied in only before the residual
// Add. The result must still match TF.js on the same graph.
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { convertGraphModel } from "../../src/convert/convert-graph.js";
import { loadTfjsModel, maxAbsDiff, runOnnx, runTfjs, type Feed } from "./tfjs-reference.js";
import { TinyGraph, a, seeded } from "./tiny-graph.js";

const HALF_SIXTH = 0x3155; // 1/6 as float16: 0.16662597…
const NHWC = { data_format: a.s("NHWC"), padding: a.s("SAME"), strides: a.ints([1, 1, 1, 1]), dilations: a.ints([1, 1, 1, 1]) };
const fused = (ops: string[]) => ({ ...NHWC, fused_ops: a.strs(ops), num_args: a.i(1), epsilon: a.f(0) });
const randoms = (count: number, seed: number, scale = 1): number[] => {
  const next = seeded(seed);
  return Array.from({ length: count }, () => next() * scale);
};

function hardSwish(graph: TinyGraph, x: string, name: string): TinyGraph {
  return graph
    .op(`${name}/add`, "AddV2", [x, "three"])
    .op(`${name}/relu6`, "Relu6", [`${name}/add`])
    .op(`${name}/mul`, "Mul", [x, "sixth"])
    .op(name, "Mul", [`${name}/mul`, `${name}/relu6`]);
}

function mobileNetBlock(): TinyGraph {
  const graph = new TinyGraph()
    .input("x", [1, 6, 5, 3])
    .floats("three", [], [3])
    .halfs("sixth", [], [HALF_SIXTH])
    .floats("w1", [3, 3, 3, 4], randoms(108, 1))
    .floats("b1", [4], randoms(4, 2))
    .op("c1", "_FusedConv2D", ["x", "w1", "b1"], fused(["BiasAdd"]));
  hardSwish(graph, "c1", "hs1")
    .floats("w2", [3, 3, 4, 1], randoms(36, 3))
    .floats("b2", [4], randoms(4, 4))
    .op("d1", "FusedDepthwiseConv2dNative", ["hs1", "w2", "b2"], fused(["BiasAdd"]))
    .op("res", "AddV2", ["hs1", "d1"]);
  hardSwish(graph, "d1", "hs2")
    .ints("hw", [2], [1, 2])
    .op("squeeze", "Mean", ["hs2", "hw"], { keep_dims: a.b(true) })
    .floats("w3", [1, 1, 4, 2], randoms(8, 5))
    .floats("b3", [2], randoms(2, 6))
    .op("se1", "_FusedConv2D", ["squeeze", "w3", "b3"], fused(["BiasAdd", "Relu"]))
    .floats("w4", [1, 1, 2, 4], randoms(8, 7))
    .floats("b4", [4], randoms(4, 8))
    .op("se2", "_FusedConv2D", ["se1", "w4", "b4"], fused(["BiasAdd"]))
    .op("gate/add", "AddV2", ["se2", "three"])
    .op("gate/relu6", "Relu6", ["gate/add"])
    .op("gate", "Mul", ["sixth", "gate/relu6"])
    .op("excite", "Mul", ["hs2", "gate"])
    .floats("w5", [1, 1, 4, 3], randoms(12, 9))
    .op("out", "Conv2D", ["excite", "w5"], NHWC);
  return graph.output("out", "res");
}

describe("fused hard activations", () => {
  it("emits HardSwish and HardSigmoid, folds the float16 1/6 and matches TF.js", async () => {
    const { model, weightData } = mobileNetBlock().build();
    const { onnx, opCounts } = convertGraphModel(model, weightData);
    expect(opCounts.HardSwish).toBe(2);
    expect(opCounts.HardSigmoid).toBe(1);
    expect(opCounts.Clip ?? 0).toBe(0);
    expect(opCounts.Add).toBe(1); // the residual; no x + 3 left
    expect(opCounts.Mul).toBe(2); // the excite, and the factor applied before the residual Add
    const x: Feed = { data: Float32Array.from(randoms(90, 10, 4)), shape: [1, 6, 5, 3] };
    const session = await ort.InferenceSession.create(onnx);
    const tfModel = await loadTfjsModel(model, weightData);
    try {
      const expected = await runTfjs(tfModel, { x }, ["out", "res"]);
      const actual = await runOnnx(session, { x });
      for (const name of ["out", "res"]) {
        const [e, o] = [Array.from(expected[name] ?? [], Number), Array.from(actual[name] ?? [], Number)];
        expect(o.length, name).toBe(e.length);
        expect(maxAbsDiff(e, o), name).toBeLessThanOrEqual(1e-5);
      }
    } finally {
      tfModel.dispose();
      await session.release();
    }
  });

  it("leaves a Relu6 chain that is not a hard activation alone", () => {
    const { model, weightData } = new TinyGraph()
      .input("x", [1, 2, 2, 1])
      .floats("four", [], [4])
      .op("add", "AddV2", ["x", "four"])
      .op("relu6", "Relu6", ["add"])
      .op("out", "Mul", ["x", "relu6"])
      .output("out")
      .build();
    const { opCounts } = convertGraphModel(model, weightData);
    expect(opCounts.HardSwish ?? 0).toBe(0);
    expect(opCounts.Clip).toBe(1);
  });
});
