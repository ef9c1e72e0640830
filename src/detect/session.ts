/**
 * The ONNX Runtime session: CPU execution provider, sequential execution,
 * configurable intra-op threads. Opening checks the model against its card:
 * the input the card names, its size/layout when fixed, and the output shape
 * against the decoder.
 */
import * as ort from "onnxruntime-node";
import { KerbsideError } from "../errors.js";
import type { Decoder } from "./decoders/types.js";
import type { ModelCard } from "./types.js";

export type GraphOptimization = "disabled" | "basic" | "extended" | "all";

export interface SessionOptions {
  /** Intra-op threads (default 1; the detector passes its own default). */
  threads?: number;
  /** Graph optimisation level (default "all"). */
  optimization?: GraphOptimization;
  /**
   * Let idle intra-op threads spin-wait for work (default false). Spinning
   * saves a little latency on an idle machine but burns CPU that other
   * processes (ffmpeg, other cameras) need; see bench/detect.ts.
   */
  spinning?: boolean;
}

export interface ModelSession {
  session: ort.InferenceSession;
  inputName: string;
  outputName: string;
}

function tensorShape(metadata: readonly ort.InferenceSession.ValueMetadata[], name: string): readonly (number | string)[] | undefined {
  const entry = metadata.find((m) => m.name === name);
  return entry?.isTensor ? entry.shape : undefined;
}

function checkInput(card: ModelCard, shape: readonly (number | string)[] | undefined): void {
  if (shape === undefined || shape.length === 0) return;
  const { width, height, layout } = card.input;
  const expected = layout === "NHWC" ? [1, height, width, 3] : [1, 3, height, width];
  const fits = shape.length === 4 && shape.every((d, i) => typeof d !== "number" || d < 0 || d === expected[i]);
  if (!fits) {
    throw new KerbsideError(
      "KERB_ERR_MODEL_CARD",
      `model "${card.name}": card input is ${layout} ${width}x${height} ([${expected.join(",")}]), the model's input is [${shape.join(",")}]`,
    );
  }
}

export async function openSession(onnxPath: string, card: ModelCard, decoder: Decoder, options: SessionOptions = {}): Promise<ModelSession> {
  const session = await ort.InferenceSession.create(onnxPath, {
    executionProviders: ["cpu"],
    intraOpNumThreads: options.threads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: options.optimization ?? "all",
    executionMode: "sequential",
    extra: { session: { intra_op: { allow_spinning: options.spinning ? "1" : "0" } } },
  });
  try {
    const inputName = card.input.name;
    if (!session.inputNames.includes(inputName)) {
      throw new KerbsideError("KERB_ERR_MODEL_CARD", `model "${card.name}": card input "${inputName}" is not among the model's inputs (${session.inputNames.join(", ")})`);
    }
    checkInput(card, tensorShape(session.inputMetadata, inputName));
    const outputName = card.decoder.output ?? session.outputNames[0];
    if (outputName === undefined || !session.outputNames.includes(outputName)) {
      throw new KerbsideError("KERB_ERR_MODEL_OUTPUT", `model "${card.name}": output "${outputName}" is not among the model's outputs (${session.outputNames.join(", ")})`);
    }
    const outputShape = tensorShape(session.outputMetadata, outputName);
    if (outputShape !== undefined && outputShape.length > 0) decoder.checkShape(outputShape);
    return { session, inputName, outputName };
  } catch (error) {
    await session.release();
    throw error;
  }
}

/** Runs the model on prepared tensor data and returns the decoder's output. */
export async function runSession(s: ModelSession, tensor: Float32Array, dims: readonly number[]): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const input = new ort.Tensor("float32", tensor, dims);
  const results = await s.session.run({ [s.inputName]: input }, [s.outputName]);
  const output = results[s.outputName];
  if (output === undefined || output.type !== "float32") {
    throw new KerbsideError("KERB_ERR_MODEL_OUTPUT", `output "${s.outputName}" is missing or not float32 (${output?.type ?? "absent"})`);
  }
  return { data: output.data as Float32Array, dims: output.dims };
}
