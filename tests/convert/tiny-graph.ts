/**
 * Test helper: builds small TF.js graph models in memory (model.json +
 * weight bytes), so single ops can be converted and compared with TF.js.
 */
import type { AttrValue, GraphModel } from "../../src/convert/graph-model.js";
import { GraphModelSchema } from "../../src/convert/graph-model.js";

const b64 = (s: string): string => Buffer.from(s).toString("base64");

export const a = {
  s: (value: string): AttrValue => ({ s: b64(value) }),
  i: (value: number): AttrValue => ({ i: String(value) }),
  f: (value: number): AttrValue => ({ f: value }),
  b: (value: boolean): AttrValue => ({ b: value }),
  type: (value: string): AttrValue => ({ type: value }),
  ints: (value: number[]): AttrValue => ({ list: { i: value.map(String) } }),
  strs: (value: string[]): AttrValue => ({ list: { s: value.map(b64) } }),
};

interface WeightEntry {
  spec: GraphModel["weightsManifest"][number]["weights"][number];
  bytes: Uint8Array;
}

/** Deterministic pseudo-random numbers in [-1, 1). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

export class TinyGraph {
  private readonly nodes: GraphModel["modelTopology"]["node"] = [];
  private readonly weights: WeightEntry[] = [];
  private readonly outputs: string[] = [];

  input(name: string, shape: number[], dtype = "DT_FLOAT"): this {
    const dim = shape.map((size) => ({ size: String(size) }));
    this.nodes.push({ name, op: "Placeholder", attr: { dtype: a.type(dtype), shape: { shape: { dim } } } });
    return this;
  }

  floats(name: string, shape: number[], values: number[]): this {
    return this.weight(name, shape, "float32", new Uint8Array(Float32Array.from(values).buffer));
  }

  ints(name: string, shape: number[], values: number[]): this {
    return this.weight(name, shape, "int32", new Uint8Array(Int32Array.from(values).buffer));
  }

  /** A float32 weight stored float16-quantised, given as raw half bits. */
  halfs(name: string, shape: number[], bits: number[]): this {
    const bytes = new Uint8Array(Uint16Array.from(bits).buffer);
    this.nodes.push({ name, op: "Const", attr: { dtype: a.type("DT_FLOAT") } });
    this.weights.push({ spec: { name, shape, dtype: "float32", quantization: { dtype: "float16", original_dtype: "float32" } }, bytes });
    return this;
  }

  op(name: string, op: string, input: string[], attr: Record<string, AttrValue> = {}): this {
    this.nodes.push({ name, op, input, attr });
    return this;
  }

  output(...names: string[]): this {
    this.outputs.push(...names);
    return this;
  }

  build(): { model: GraphModel; weightData: Uint8Array } {
    const outputs = Object.fromEntries(this.outputs.map((name) => [name, { name }]));
    const model = GraphModelSchema.parse({
      format: "graph-model",
      signature: { outputs },
      modelTopology: { node: this.nodes, library: {}, versions: {} },
      weightsManifest: [{ paths: ["tiny.bin"], weights: this.weights.map((w) => w.spec) }],
    });
    return { model, weightData: new Uint8Array(Buffer.concat(this.weights.map((w) => w.bytes))) };
  }

  private weight(name: string, shape: number[], dtype: "float32" | "int32", bytes: Uint8Array): this {
    this.nodes.push({ name, op: "Const", attr: { dtype: a.type(dtype === "float32" ? "DT_FLOAT" : "DT_INT32") } });
    this.weights.push({ spec: { name, shape, dtype }, bytes });
    return this;
  }
}
