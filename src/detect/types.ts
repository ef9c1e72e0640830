/**
 * The detector's contract, shared by the model runtime, the decoders, the
 * scanner and the CLI. Boxes are always in source-image pixels.
 */
import { z } from "zod";

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Detection {
  label: string;
  classId: number;
  score: number;
  box: Box;
}

/** A decoded frame: tightly packed 8-bit RGB, row-major (width*height*3 bytes). */
export interface RgbFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

export const DECODER_KINDS = ["boxlist", "yolo", "nanodet"] as const;
export type DecoderKind = (typeof DECODER_KINDS)[number];

/**
 * models/<name>.json, next to models/<name>.onnx. It tells the runtime how to
 * feed the model and which decoder reads its outputs, so a user can drop in
 * their own model without code changes.
 */
export const ModelCardSchema = z.strictObject({
  name: z.string().min(1),
  file: z.string().min(1).describe("ONNX file name, relative to the card"),
  input: z.strictObject({
    name: z.string().min(1),
    /** Fixed input size the model expects. */
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    layout: z.enum(["NHWC", "NCHW"]),
    /** value fed = (pixel * scale - mean[c]) / std[c]; channel order below. */
    scale: z.number().default(1),
    mean: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
    std: z.tuple([z.number(), z.number(), z.number()]).default([1, 1, 1]),
    channels: z.enum(["RGB", "BGR"]).default("RGB"),
    /** stretch: resize to width x height; letterbox: keep aspect, pad. */
    resize: z.enum(["stretch", "letterbox"]).default("stretch"),
    padValue: z.number().int().min(0).max(255).default(114),
  }),
  decoder: z.strictObject({
    kind: z.enum(DECODER_KINDS),
    output: z.string().optional().describe("Output tensor name (default: the first output)"),
    /** nanodet: feature strides and the distribution-regression bin count. */
    strides: z.array(z.number().int().positive()).optional(),
    regMax: z.number().int().positive().optional(),
    /** boxlist: box coordinates are input pixels (default) or normalised 0–1. */
    coords: z.enum(["pixels", "normalized"]).optional(),
  }),
  labels: z.array(z.string()).min(1),
  source: z
    .strictObject({ package: z.string(), version: z.string(), file: z.string().optional(), upstream: z.string().optional() })
    .optional(),
  license: z.string().optional(),
  /** Hash of the inputs the converter used, so re-running can be a no-op. */
  sourceHash: z.string().optional(),
});

export type ModelCard = z.infer<typeof ModelCardSchema>;

export interface DetectOptions {
  scoreThreshold?: number;
  iouThreshold?: number;
  /** Keep only these labels. */
  classes?: readonly string[];
  maxDetections?: number;
}

export interface Detector {
  readonly card: ModelCard;
  detect(frame: RgbFrame, options?: DetectOptions): Promise<Detection[]>;
  close(): Promise<void>;
}
