/**
 * Finds MobileNetV3's hard activations in the TF graph and replaces each with
 * one synthetic node, so the converter emits ONNX HardSwish / HardSigmoid
 * instead of Add → Clip → Mul → Mul chains. onnxruntime fuses the former
 * into its blocked convolutions; around the latter it inserts layout
 * reorders (~15% of the model's time).
 *
 *   hard swish:  Mul(Mul(x, c), Relu6(Add(x, 3)))   = 6c · HardSwish(x)
 *   SE gate:     Mul(c, Relu6(Add(y, 3)))           = 6c · HardSigmoid(y)
 *
 * c is 1/6 rounded to float16 by the weight quantisation (0.16668701…), so
 * 6c = 1.000122 ≠ 1. The factor rides along as the value's pending `scale`
 * and is folded into the weights of the next convolution (context.ts,
 * conv.ts), so outputs match the unfused graph to float rounding.
 */
import type { GraphNode } from "./graph-model.js";
import { dataInputs, parseInputRef } from "./graph-model.js";
import type { ConstTensor } from "./tensor.js";

export const HARD_SWISH_OP = "KerbsideHardSwish";
export const HARD_SIGMOID_OP = "KerbsideHardSigmoid";

interface Lookup {
  node(name: string): GraphNode | undefined;
  scalar(name: string): number | undefined;
}

/** The graph with hard swish and hard sigmoid patterns replaced; other nodes unchanged. */
export function fuseHardActivations(nodes: readonly GraphNode[], weights: ReadonlyMap<string, ConstTensor>): GraphNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const lookup: Lookup = {
    node: (name) => byName.get(parseInputRef(name).node),
    scalar: (name) => {
      const node = byName.get(parseInputRef(name).node);
      const tensor = node?.op === "Const" ? weights.get(node.name) : undefined;
      return tensor?.dtype === "float32" && tensor.data.length === 1 ? tensor.data[0] : undefined;
    },
  };
  return nodes.map((node) => (node.op === "Mul" ? (matchHardSwish(node, lookup) ?? matchHardSigmoid(node, lookup) ?? node) : node));
}

/** x when `ref` is Relu6(Add(x, 3)). */
function reluOfXPlus3(ref: string, lookup: Lookup): string | undefined {
  const relu = lookup.node(ref);
  if (relu?.op !== "Relu6") return undefined;
  const add = lookup.node(dataInputs(relu)[0] ?? "");
  if (add?.op !== "Add" && add?.op !== "AddV2") return undefined;
  const [a, b] = dataInputs(add) as [string, string];
  if (near(lookup.scalar(b), 3)) return a;
  if (near(lookup.scalar(a), 3)) return b;
  return undefined;
}

/** [other input, c] when `node` is Mul(other, c) or Mul(c, other) with c ≈ 1/6. */
function timesSixth(node: GraphNode | undefined, lookup: Lookup): [string, number] | undefined {
  if (node?.op !== "Mul") return undefined;
  const [a, b] = dataInputs(node) as [string, string];
  const cb = lookup.scalar(b);
  if (near(cb, 1 / 6)) return [a, cb as number];
  const ca = lookup.scalar(a);
  if (near(ca, 1 / 6)) return [b, ca as number];
  return undefined;
}

function matchHardSwish(node: GraphNode, lookup: Lookup): GraphNode | undefined {
  const inputs = dataInputs(node);
  if (inputs.length !== 2) return undefined;
  for (const [mulRef, reluRef] of [[inputs[0], inputs[1]], [inputs[1], inputs[0]]] as [string, string][]) {
    const x = reluOfXPlus3(reluRef, lookup);
    const scaled = timesSixth(lookup.node(mulRef), lookup);
    if (x !== undefined && scaled && scaled[0] === x) return synthetic(node, HARD_SWISH_OP, x, 6 * scaled[1]);
  }
  return undefined;
}

function matchHardSigmoid(node: GraphNode, lookup: Lookup): GraphNode | undefined {
  const scaled = timesSixth(node, lookup);
  const y = scaled ? reluOfXPlus3(scaled[0], lookup) : undefined;
  return scaled && y !== undefined ? synthetic(node, HARD_SIGMOID_OP, y, 6 * scaled[1]) : undefined;
}

function synthetic(node: GraphNode, op: string, input: string, scale: number): GraphNode {
  return { name: node.name, op, input: [input], attr: { scale: { f: scale } } };
}

function near(value: number | undefined, target: number): boolean {
  return value !== undefined && Math.abs(value - target) <= 1e-3 * Math.abs(target);
}
