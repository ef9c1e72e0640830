/**
 * Accumulates ONNX nodes, initializers and graph inputs/outputs, then encodes
 * a ModelProto with the onnx-proto (protobufjs) static code.
 */
import onnxProto from "onnx-proto";
import type { onnx as Onnx } from "onnx-proto";
import { KerbsideError } from "../errors.js";
import type { ConstTensor, DType } from "./tensor.js";

const { onnx } = onnxProto;

export const OPSET_VERSION = 17;
/** IR version 8 is the one that goes with opset 17 (ONNX 1.12). */
export const IR_VERSION = 8;

const DATA_TYPES: Record<DType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

export function onnxDataType(dtype: DType): number {
  return DATA_TYPES[dtype];
}

export type AttrArg =
  | { kind: "int"; value: number }
  | { kind: "ints"; value: readonly number[] }
  | { kind: "float"; value: number }
  | { kind: "string"; value: string };

export const attr = {
  int: (value: number): AttrArg => ({ kind: "int", value }),
  ints: (value: readonly number[]): AttrArg => ({ kind: "ints", value }),
  float: (value: number): AttrArg => ({ kind: "float", value }),
  string: (value: string): AttrArg => ({ kind: "string", value }),
};

function toAttribute(name: string, arg: AttrArg): Onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (arg.kind) {
    case "int":
      return { name, type: T.INT, i: arg.value };
    case "ints":
      return { name, type: T.INTS, ints: [...arg.value] };
    case "float":
      return { name, type: T.FLOAT, f: arg.value };
    case "string":
      return { name, type: T.STRING, s: new TextEncoder().encode(arg.value) };
  }
}

function rawBytes(tensor: ConstTensor): Uint8Array {
  const { buffer, byteOffset, byteLength } = tensor.data;
  return new Uint8Array(buffer.slice(byteOffset, byteOffset + byteLength));
}

function valueInfo(name: string, dtype: DType, shape: readonly number[]): Onnx.IValueInfoProto {
  const dim = shape.map((d) => (d >= 0 ? { dimValue: d } : { dimParam: `${name}_dim` }));
  return { name, type: { tensorType: { elemType: onnxDataType(dtype), shape: { dim } } } };
}

export class OnnxGraphBuilder {
  private readonly nodes: Onnx.INodeProto[] = [];
  private readonly initializers: Onnx.ITensorProto[] = [];
  private readonly inputs: Onnx.IValueInfoProto[] = [];
  private readonly outputs: Onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private readonly reserved = new Set<string>();

  /** Keeps `names` free for addNodeNamed (graph outputs), away from generated names. */
  reserve(names: readonly string[]): void {
    for (const name of names) this.reserved.add(name);
  }

  /** A tensor/node name not used yet, derived from `hint`. */
  uniqueName(hint: string): string {
    let name = hint;
    for (let n = 1; this.used.has(name) || this.reserved.has(name); n++) name = `${hint}_${n}`;
    this.used.add(name);
    return name;
  }

  addInput(name: string, dtype: DType, shape: readonly number[]): void {
    this.used.add(name);
    this.inputs.push(valueInfo(name, dtype, shape));
  }

  addOutput(name: string, dtype: DType, shape: readonly number[]): void {
    this.outputs.push(valueInfo(name, dtype, shape));
  }

  /** Adds an initializer under a fresh name derived from `hint`; returns the name. */
  addInitializer(hint: string, tensor: ConstTensor): string {
    const name = this.uniqueName(hint);
    this.initializers.push({ name, dataType: onnxDataType(tensor.dtype), dims: [...tensor.shape], rawData: rawBytes(tensor) });
    return name;
  }

  /** Appends a node; returns the names of its outputs (fresh, from `outputHints`). */
  addNode(opType: string, inputs: readonly string[], outputHints: readonly string[], attrs: Record<string, AttrArg> = {}): string[] {
    const outputs = outputHints.map((hint) => this.uniqueName(hint));
    const attribute = Object.entries(attrs).map(([name, arg]) => toAttribute(name, arg));
    this.nodes.push({ opType, input: [...inputs], output: outputs, name: this.uniqueName(`${outputs[0] ?? opType}/${opType}`), attribute });
    return outputs;
  }

  /** Like addNode, with one output named exactly `output` (which must be unused). */
  addNodeNamed(opType: string, inputs: readonly string[], output: string, attrs: Record<string, AttrArg> = {}): void {
    if (this.used.has(output)) throw new KerbsideError("KERB_ERR_CONVERT", `ONNX tensor name "${output}" is already taken`);
    this.reserved.delete(output);
    this.addNode(opType, inputs, [output], attrs);
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  /** Node op types in graph order (for tests and reports). */
  opTypes(): string[] {
    return this.nodes.map((n) => n.opType ?? "");
  }

  encode(meta: { producerVersion: string; docString?: string }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: "", version: OPSET_VERSION }],
      producerName: "kerbside-convert",
      producerVersion: meta.producerVersion,
      docString: meta.docString ?? "",
      graph: {
        name: "main",
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
