/**
 * State shared by the op converters while one graph is converted: the values
 * produced so far (by TF tensor name) and layout changes on demand.
 * Transposes are cached so a tensor is re-laid-out at most once per direction.
 */
import { KerbsideError } from "../errors.js";
import type { GraphNode } from "./graph-model.js";
import { dataInputs, parseInputRef } from "./graph-model.js";
import type { AttrArg, OnnxGraphBuilder } from "./onnx-builder.js";
import type { ConstTensor, DType, Layout, Value } from "./tensor.js";
import { NCHW_TO_NHWC, NHWC_TO_NCHW, floatConst, transposeConst } from "./tensor.js";

export class ConvertContext {
  private readonly values = new Map<string, Value[]>();
  private readonly materialised = new Map<Value, string>();
  private readonly relaid = new Map<Value, Map<Layout, string>>();
  private readonly scaled = new Map<Value, Value>();
  private readonly raws = new Map<Value, Value>();

  constructor(readonly builder: OnnxGraphBuilder) {}

  define(nodeName: string, outputs: Value[]): void {
    this.values.set(nodeName, outputs);
  }

  /** The value a TF input reference ("node" or "node:1") names. */
  value(ref: string): Value {
    const { node, index } = parseInputRef(ref);
    const value = this.values.get(node)?.[index];
    if (!value) throw new KerbsideError("KERB_ERR_CONVERT", `input "${ref}" is not produced by any converted node`);
    return value;
  }

  /** The data inputs of `node` as values, checking there are at least `min`. */
  inputs(node: GraphNode, min: number): Value[] {
    const refs = dataInputs(node);
    if (refs.length < min) {
      throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}" (${node.op}) has ${refs.length} inputs, needs ${min}`);
    }
    return refs.map((ref) => this.value(ref));
  }

  /** The content of a value that must be a conversion-time constant. */
  constant(node: GraphNode, value: Value, role: string): ConstTensor {
    if (!value.constant) {
      throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}" (${node.op}): ${role} must be a constant`);
    }
    return value.constant;
  }

  /** A constant value; it becomes an initializer only if a node uses it as stored. */
  constValue(hint: string, tensor: ConstTensor): Value {
    return { name: hint, dtype: tensor.dtype, shape: tensor.shape, layout: "NHWC", constant: tensor };
  }

  /** The tensor behind a value with a pending scale, without it (for consumers that fold the scale). */
  raw(value: Value): Value {
    if (value.scale === undefined) return value;
    let raw = this.raws.get(value);
    if (!raw) {
      raw = { name: value.name, dtype: value.dtype, shape: value.shape, layout: value.layout };
      this.raws.set(value, raw);
    }
    return raw;
  }

  /** A value with its pending scale multiplied in (one Mul node per value). */
  applyScale(value: Value): Value {
    if (value.scale === undefined) return value;
    let applied = this.scaled.get(value);
    if (!applied) {
      const factor = this.initializer(`${value.name}/scale`, floatConst([value.scale], []));
      const name = this.node("Mul", [value.name, factor], `${value.name}/scaled`);
      applied = { name, dtype: value.dtype, shape: value.shape, layout: value.layout };
      this.scaled.set(value, applied);
    }
    return applied;
  }

  /** The ONNX name of a value as stored (constants become initializers on first use). */
  name(value: Value): string {
    if (value.scale !== undefined) return this.name(this.applyScale(value));
    if (!value.constant) return value.name;
    let name = this.materialised.get(value);
    if (name === undefined) {
      name = this.builder.addInitializer(value.name, value.constant);
      this.materialised.set(value, name);
    }
    return name;
  }

  /** The ONNX name of `value` in the requested layout (rank-4 only for NCHW). */
  as(value: Value, layout: Layout): string {
    if (value.scale !== undefined) return this.as(this.applyScale(value), layout);
    if (value.layout === layout || value.shape.length !== 4) return this.name(value);
    const cached = this.relaid.get(value)?.get(layout);
    if (cached !== undefined) return cached;
    const perm = layout === "NCHW" ? NHWC_TO_NCHW : NCHW_TO_NHWC;
    const name = value.constant
      ? this.builder.addInitializer(`${value.name}/${layout}`, transposeConst(value.constant, perm))
      : this.node("Transpose", [this.name(value)], `${value.name}/${layout}`, { perm: { kind: "ints", value: perm } });
    const byLayout = this.relaid.get(value) ?? new Map<Layout, string>();
    byLayout.set(layout, name);
    this.relaid.set(value, byLayout);
    return name;
  }

  /** Adds a one-output node and returns its output name. */
  node(opType: string, inputs: readonly string[], hint: string, attrs: Record<string, AttrArg> = {}): string {
    const [output] = this.builder.addNode(opType, inputs, [hint], attrs);
    return output ?? hint;
  }

  /** Adds an initializer and returns its name. */
  initializer(hint: string, tensor: ConstTensor): string {
    return this.builder.addInitializer(hint, tensor);
  }

  /** A value record for a node output. */
  static out(name: string, dtype: DType, shape: readonly number[], layout: Layout = "NHWC"): Value {
    return { name, dtype, shape, layout };
  }
}
