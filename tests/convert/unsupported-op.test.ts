// A graph with ops the converter does not know fails before any conversion,
// naming every unknown op and its node in one error.
import { describe, expect, it } from "vitest";
import { convertGraphModel } from "../../src/convert/convert-graph.js";
import { KerbsideError } from "../../src/errors.js";
import { TinyGraph, a } from "./tiny-graph.js";

describe("unsupported ops", () => {
  it("throws KERB_ERR_CONVERT_UNSUPPORTED_OP listing each unknown op and node", () => {
    const { model, weightData } = new TinyGraph()
      .input("x", [1, 4, 4, 3])
      .op("block/erf", "Erf", ["x"])
      .op("block/relu", "Relu", ["block/erf"])
      .op("head/softplus", "Softplus", ["block/relu"])
      .output("head/softplus")
      .build();
    let caught: unknown;
    try {
      convertGraphModel(model, weightData);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KerbsideError);
    const error = caught as KerbsideError;
    expect(error.code).toBe("KERB_ERR_CONVERT_UNSUPPORTED_OP");
    expect(error.message).toContain('Erf (node "block/erf")');
    expect(error.message).toContain('Softplus (node "head/softplus")');
    expect(error.message).not.toContain("Relu");
  });

  it("rejects a fused convolution whose fused op it cannot express", () => {
    const { model, weightData } = new TinyGraph()
      .input("x", [1, 4, 4, 1])
      .floats("w", [1, 1, 1, 1], [1])
      .floats("b", [1], [0])
      .op("conv", "_FusedConv2D", ["x", "w", "b"], {
        padding: a.s("SAME"),
        strides: a.ints([1, 1, 1, 1]),
        fused_ops: a.strs(["BiasAdd", "Softsign"]),
      })
      .output("conv")
      .build();
    expect(() => convertGraphModel(model, weightData)).toThrow(/fused_ops \[BiasAdd, Softsign\]/);
  });
});
