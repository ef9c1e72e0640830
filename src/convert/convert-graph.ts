/**
 * TF.js graph model → ONNX ModelProto bytes. The graph is checked for unknown
 * ops first (all reported at once), then converted node by node in
 * dependency order, keeping only the nodes the outputs need.
 */
import { KerbsideError } from "../errors.js";
import { attrType } from "./attrs.js";
import { ConvertContext } from "./context.js";
import type { GraphModel, GraphNode } from "./graph-model.js";
import { dataInputs, parseInputRef } from "./graph-model.js";
import { OnnxGraphBuilder } from "./onnx-builder.js";
import { tfDType } from "./ops/elementwise.js";
import { OP_CONVERTERS, isSupportedOp } from "./ops/registry.js";
import type { Value } from "./tensor.js";
import { CONVERTER_VERSION } from "./version.js";
import { fuseHardActivations } from "./hard-activations.js";
import { overrideConstants } from "./input-size.js";
import { readWeights } from "./weights.js";

export interface ConvertOptions {
  /** Static shapes for inputs whose Placeholder shape has unknown (-1) dims. */
  inputShapes?: Record<string, readonly number[]>;
  /** Output tensor names (default: the signature's outputs, else the graph's sinks). */
  outputs?: readonly string[];
  /** Values replacing constants of the graph (input-size.ts: constants folded from the input size). */
  constants?: Record<string, readonly number[]>;
  /** Emit HardSwish/HardSigmoid for hard activations (default true; false: the TF op chains, for comparisons). */
  fuseActivations?: boolean;
}

export interface TensorSummary {
  name: string;
  dtype: string;
  shape: readonly number[];
}

export interface ConvertResult {
  onnx: Uint8Array;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  /** ONNX op type → count, for reports. */
  opCounts: Record<string, number>;
}

/** Throws KERB_ERR_CONVERT_UNSUPPORTED_OP listing every node whose op has no converter. */
export function checkSupportedOps(nodes: readonly GraphNode[]): void {
  const unknown = nodes.filter((n) => !isSupportedOp(n.op));
  if (unknown.length === 0) return;
  const list = unknown.map((n) => `${n.op} (node "${n.name}")`).join(", ");
  throw new KerbsideError("KERB_ERR_CONVERT_UNSUPPORTED_OP", `the graph uses ops the converter does not know: ${list}`);
}

function defaultOutputs(model: GraphModel): string[] {
  const fromSignature = Object.values(model.signature?.outputs ?? {}).map((o) => o.name.replace(/:0$/, ""));
  if (fromSignature.length > 0) return fromSignature;
  const consumed = new Set(model.modelTopology.node.flatMap((n) => dataInputs(n).map((r) => parseInputRef(r).node)));
  return model.modelTopology.node.filter((n) => n.op !== "Const" && !consumed.has(n.name)).map((n) => n.name);
}

/** Nodes the outputs depend on, each after its inputs. */
export function orderForOutputs(nodes: readonly GraphNode[], outputs: readonly string[]): GraphNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const order: GraphNode[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string): void => {
    if (state.get(name) === "done") return;
    const node = byName.get(name);
    if (!node) throw new KerbsideError("KERB_ERR_CONVERT", `the graph has no node "${name}"`);
    if (state.get(name) === "visiting") throw new KerbsideError("KERB_ERR_CONVERT", `the graph has a cycle through "${name}"`);
    state.set(name, "visiting");
    const stack = dataInputs(node).map((r) => parseInputRef(r).node);
    for (const input of stack) visit(input);
    state.set(name, "done");
    order.push(node);
  };
  for (const output of outputs) visit(parseInputRef(output).node);
  return order;
}

function placeholderShape(node: GraphNode, options: ConvertOptions): number[] {
  const override = options.inputShapes?.[node.name];
  const dims = (node.attr?.shape?.shape as { dim?: { size?: string | number }[] } | undefined)?.dim ?? [];
  const shape = override ? [...override] : dims.map((d) => Number(d.size ?? -1));
  if (shape.some((d) => d < 0)) {
    throw new KerbsideError("KERB_ERR_CONVERT", `input "${node.name}" has shape [${shape.join(",")}]: pass a static shape in inputShapes`);
  }
  return shape;
}

function convertNode(node: GraphNode, ctx: ConvertContext, weights: ReturnType<typeof readWeights>, options: ConvertOptions): Value[] {
  if (node.op === "Const") {
    const constant = weights.get(node.name);
    if (!constant) throw new KerbsideError("KERB_ERR_CONVERT", `constant "${node.name}" has no entry in the weights manifest`);
    return [ctx.constValue(node.name, constant)];
  }
  if (node.op === "Placeholder") {
    const dtype = tfDType(node, attrType(node, "dtype"));
    const shape = placeholderShape(node, options);
    ctx.builder.addInput(node.name, dtype, shape);
    return [{ name: node.name, dtype, shape, layout: "NHWC" }];
  }
  const converter = OP_CONVERTERS[node.op];
  if (!converter) throw new KerbsideError("KERB_ERR_CONVERT_UNSUPPORTED_OP", `op ${node.op} (node "${node.name}") is not supported`);
  return converter(node, ctx);
}

/** Graph outputs get their exact TF names, in TF (NHWC) layout. */
function emitOutput(ctx: ConvertContext, outputName: string, value: Value): TensorSummary {
  const source = ctx.as(value, "NHWC");
  ctx.builder.addNodeNamed("Identity", [source], outputName);
  ctx.builder.addOutput(outputName, value.dtype, value.shape);
  return { name: outputName, dtype: value.dtype, shape: value.shape };
}

export function convertGraphModel(model: GraphModel, weightData: Uint8Array, options: ConvertOptions = {}): ConvertResult {
  checkSupportedOps(model.modelTopology.node);
  const weights = readWeights(model, weightData);
  if (options.constants) overrideConstants(weights, options.constants);
  const nodes = options.fuseActivations === false ? model.modelTopology.node : fuseHardActivations(model.modelTopology.node, weights);
  const outputNames = options.outputs ?? defaultOutputs(model);
  const builder = new OnnxGraphBuilder();
  builder.reserve(outputNames.map((n) => parseInputRef(n).node));
  const ctx = new ConvertContext(builder);
  const inputs: TensorSummary[] = [];
  for (const node of orderForOutputs(nodes, outputNames)) {
    const values = convertNode(node, ctx, weights, options);
    if (node.op === "Placeholder" && values[0]) inputs.push({ name: node.name, dtype: values[0].dtype, shape: values[0].shape });
    ctx.define(node.name, values);
  }
  const outputs = outputNames.map((name) => emitOutput(ctx, parseInputRef(name).node, ctx.value(name)));
  const opCounts: Record<string, number> = {};
  for (const op of builder.opTypes()) opCounts[op] = (opCounts[op] ?? 0) + 1;
  const onnx = builder.encode({ producerVersion: CONVERTER_VERSION });
  return { onnx, inputs, outputs, opCounts };
}
