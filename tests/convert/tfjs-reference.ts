/**
 * Test helper: runs a TF.js graph model with the pure-JS CPU backend (the
 * reference the converted ONNX model is compared to) and the converted model
 * with onnxruntime-node.
 */
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-node";
import type { GraphModel } from "../../src/convert/graph-model.js";

export interface Feed {
  data: Float32Array | Int32Array;
  shape: number[];
}

export type Outputs = Record<string, Float32Array | Int32Array | Uint8Array>;

let backendReady: Promise<boolean> | undefined;

export async function loadTfjsModel(model: GraphModel, weightData: Uint8Array): Promise<tf.GraphModel> {
  backendReady ??= tf.setBackend("cpu");
  await backendReady;
  const handler: tf.io.IOHandler = {
    load: async () => ({
      modelTopology: model.modelTopology,
      weightSpecs: model.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
      weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength) as ArrayBuffer,
      format: model.format,
      signature: model.signature,
    }),
  };
  return tf.loadGraphModel(handler);
}

export async function runTfjs(model: tf.GraphModel, feeds: Record<string, Feed>, outputs: string[]): Promise<Outputs> {
  const inputs: tf.NamedTensorMap = {};
  for (const [name, feed] of Object.entries(feeds)) {
    inputs[name] = tf.tensor(feed.data, feed.shape, feed.data instanceof Int32Array ? "int32" : "float32");
  }
  const result = model.execute(inputs, outputs);
  const tensors = Array.isArray(result) ? result : [result];
  const out: Outputs = {};
  for (const [i, tensor] of tensors.entries()) out[outputs[i] ?? ""] = (await tensor.data()) as Float32Array | Int32Array | Uint8Array;
  tf.dispose([...tensors, ...Object.values(inputs)]);
  return out;
}

export async function runOnnx(session: ort.InferenceSession, feeds: Record<string, Feed>): Promise<Outputs> {
  const inputs: Record<string, ort.Tensor> = {};
  for (const [name, feed] of Object.entries(feeds)) {
    inputs[name] = new ort.Tensor(feed.data instanceof Int32Array ? "int32" : "float32", feed.data, feed.shape);
  }
  const result = await session.run(inputs);
  const out: Outputs = {};
  for (const [name, tensor] of Object.entries(result)) out[name] = tensor.data as Float32Array | Int32Array | Uint8Array;
  return out;
}

/** Largest |a - b| over two equally long arrays (bool/int read as numbers). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

export function valueRange(a: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    lo = Math.min(lo, a[i] ?? 0);
    hi = Math.max(hi, a[i] ?? 0);
  }
  return hi - lo;
}
