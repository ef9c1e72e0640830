// Decoders end to end: tiny ONNX graphs with known outputs run through
// onnxruntime via createDetector; boxes checked in source pixels.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDetector } from "../../src/detect/detector.js";
import type { Detection, Detector, RgbFrame } from "../../src/detect/types.js";
import { isKerbsideError } from "../../src/errors.js";
import { cardFor, constantOutputModel, writeModel } from "./fixtures/onnx-models.js";

const LABELS = ["person", "car", "bus"];
let dir: string;
const open: Detector[] = [];

function frame(width: number, height: number): RgbFrame {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 256;
  return { width, height, data };
}

async function detector(model: string): Promise<Detector> {
  const d = await createDetector({ model, modelsDir: dir });
  open.push(d);
  return d;
}

function boxOf(d: Detection | undefined): number[] {
  if (d === undefined) throw new Error("missing detection");
  return [d.box.x1, d.box.y1, d.box.x2, d.box.y2].map((v) => Math.round(v * 100) / 100);
}

// Boxes in 64x64 input pixels as cx, cy, w, h with [objectness, person, car, bus].
const YOLO_ROWS: [number, number, number, number, number, number, number, number][] = [
  [20, 32, 16, 16, 0.9, 0.1, 0.8, 0.05], // A: car 0.72
  [21, 32, 16, 16, 0.9, 0.1, 0.6, 0.05], // B: car 0.54, overlaps A → suppressed
  [48, 32, 8, 16, 0.8, 0.9, 0.0, 0.0], // C: person 0.72
  [20, 32, 16, 16, 0.9, 0.0, 0.0, 0.5], // D: bus 0.45, same box as A, other class → kept
  [40, 32, 8, 8, 0.1, 0.9, 0.0, 0.0], // E: person 0.09 → below threshold
  [62, 20, 10, 10, 1.0, 0.5, 0.0, 0.0], // F: person 0.5, partly outside → clipped
];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "kerbside-decoders-"));
  const v5 = YOLO_ROWS.flat();
  await writeModel(
    dir,
    cardFor("yolo-v5", { width: 64, height: 64, resize: "letterbox", scale: 1 / 255 }, { kind: "yolo" }, LABELS),
    constantOutputModel({ inputName: "images", inputDims: [1, 3, 64, 64], outputName: "out", outputDims: [1, 6, 8], values: v5 }),
  );
  // v8: channel-major [1, 4 + C, N], no objectness: class score = obj * class of the v5 rows.
  const v8Rows = YOLO_ROWS.map(([cx, cy, w, h, obj, ...cls]) => [cx, cy, w, h, ...cls.map((c) => obj * c)]);
  const v8 = Array.from({ length: 7 }, (_, f) => v8Rows.map((r) => r[f]!)).flat();
  await writeModel(
    dir,
    cardFor("yolo-v8", { width: 64, height: 64, layout: "NHWC", resize: "stretch" }, { kind: "yolo" }, LABELS),
    constantOutputModel({ inputName: "images", inputDims: [1, 64, 64, 3], outputName: "out", outputDims: [1, 7, 6], values: v8 }),
  );
  await writeModel(dir, cardFor("nanodet", { width: 64, height: 64 }, { kind: "nanodet" }, LABELS), nanodetModel());
  await writeModel(
    dir,
    cardFor("boxlist-norm", { width: 32, height: 32 }, { kind: "boxlist", coords: "normalized" }, LABELS),
    constantOutputModel({
      inputName: "images", inputDims: [1, 3, 32, 32], outputName: "out", outputDims: [1, 3, 6],
      values: [0.1, 0.2, 0.5, 0.6, 0.9, 2, 0.3, 0.3, 0.4, 0.4, 0.2, 0, 0.5, 0.5, 0.9, 0.9, 0.8, Number.NaN],
    }),
  );
  await writeModel(
    dir,
    cardFor("yolo-bad-shape", { width: 64, height: 64 }, { kind: "yolo" }, LABELS),
    constantOutputModel({ inputName: "images", inputDims: [1, 3, 64, 64], outputName: "out", outputDims: [1, 6, 10], values: new Array(60).fill(0) }),
  );
  await writeModel(
    dir,
    cardFor("wrong-size", { width: 32, height: 32 }, { kind: "boxlist" }, LABELS),
    constantOutputModel({ inputName: "images", inputDims: [1, 3, 64, 64], outputName: "out", outputDims: [1, 1, 6], values: new Array(6).fill(0) }),
  );
  await writeModel(
    dir,
    cardFor("no-such-output", { width: 64, height: 64 }, { kind: "boxlist", output: "detections" }, LABELS),
    constantOutputModel({ inputName: "images", inputDims: [1, 3, 64, 64], outputName: "out", outputDims: [1, 1, 6], values: new Array(6).fill(0) }),
  );
});

afterAll(async () => {
  await Promise.all(open.map((d) => d.close()));
  await rm(dir, { recursive: true, force: true });
});

/** NanoDet-Plus head output for a 64x64 input, strides 8/16/32/64, regMax 7 (8 bins). */
function nanodetModel(): Uint8Array {
  const rows = 8 * 8 + 4 * 4 + 2 * 2 + 1;
  const width = 3 + 4 * 8;
  const values = new Array<number>(rows * width).fill(0);
  const setRow = (index: number, scores: number[], sides: number[][]): void => {
    scores.forEach((s, k) => (values[index * width + k] = s));
    // For each side, the bins that get a large logit (equal logits → their mean).
    sides.forEach((bins, side) => bins.forEach((b) => (values[index * width + 3 + side * 8 + b] = 30)));
  };
  // Stride 8, grid row 3, col 2 → centre (16, 24); car 0.8; l,t,r,b = 1,1,3,2 bins.
  setRow(3 * 8 + 2, [0.1, 0.8, 0], [[1], [1], [3], [2]]);
  // Stride 16, grid row 1, col 2 → centre (32, 16); person 0.6; l,t,r,b = 1, 0.5, 2, 3 bins.
  setRow(64 + 1 * 4 + 2, [0.6, 0, 0], [[1], [0, 1], [2], [3]]);
  // Stride 64 (last row) → centre (0, 0); bus 0.2 → below the threshold.
  setRow(rows - 1, [0, 0, 0.2], [[1], [1], [1], [1]]);
  return constantOutputModel({ inputName: "images", inputDims: [1, 3, 64, 64], outputName: "out", outputDims: [1, rows, width], values });
}

describe("yolo decoder", () => {
  it("reads the v5 layout with objectness, maps letterboxed boxes back to source pixels, clips them", async () => {
    const d = await detector("yolo-v5");
    // 128x64 source in a 64x64 letterbox: scale 0.5, 16 px padding top and bottom.
    const found = await d.detect(frame(128, 64), { scoreThreshold: 0.3 });
    expect(found.map((x) => x.label)).toEqual(["car", "person", "person", "bus"]);
    expect(found[0]!.score).toBeCloseTo(0.72, 5);
    expect(boxOf(found[0])).toEqual([24, 16, 56, 48]);
    expect(boxOf(found[1])).toEqual([88, 16, 104, 48]);
    expect(boxOf(found[2])).toEqual([114, 0, 128, 18]);
    expect(found[3]!.score).toBeCloseTo(0.45, 5);
    expect(boxOf(found[3])).toEqual([24, 16, 56, 48]);
  });

  it("reads the transposed v8 layout (no objectness) with a stretched input", async () => {
    const d = await detector("yolo-v8");
    // 128x64 stretched to 64x64: x / 0.5, y / 1.
    const found = await d.detect(frame(128, 64), { scoreThreshold: 0.3 });
    expect(found.map((x) => x.label)).toEqual(["car", "person", "person", "bus"]);
    expect(boxOf(found[0])).toEqual([24, 24, 56, 40]);
    expect(boxOf(found[2])).toEqual([114, 15, 128, 25]);
  });

  it("applies NMS per class, the class filter, the score threshold and the maximum count", async () => {
    const d = await detector("yolo-v5");
    const all = await d.detect(frame(128, 64), { scoreThreshold: 0.05, iouThreshold: 0.99 });
    expect(all.filter((x) => x.label === "car")).toHaveLength(2);
    expect(all.some((x) => x.score < 0.1)).toBe(true);
    const people = await d.detect(frame(128, 64), { scoreThreshold: 0.3, classes: ["person"] });
    expect(people.map((x) => x.label)).toEqual(["person", "person"]);
    const two = await d.detect(frame(128, 64), { scoreThreshold: 0.3, maxDetections: 2 });
    expect(two.map((x) => x.label)).toEqual(["car", "person"]);
    const high = await d.detect(frame(128, 64), { scoreThreshold: 0.6 });
    expect(high).toHaveLength(2);
  });

  it("rejects class names the model does not know", async () => {
    const d = await detector("yolo-v5");
    const error: unknown = await d.detect(frame(64, 64), { classes: ["cra"] }).catch((e: unknown) => e);
    expect(isKerbsideError(error, "KERB_ERR_DETECT_CLASS")).toBe(true);
    expect(String(error)).toContain("person, car, bus");
  });
});

describe("nanodet decoder", () => {
  it("decodes distribution distances around per-level centre points", async () => {
    const d = await detector("nanodet");
    const found = await d.detect(frame(64, 64), { scoreThreshold: 0.3 });
    expect(found.map((x) => [x.label, Math.round(x.score * 100)])).toEqual([["car", 80], ["person", 60]]);
    expect(boxOf(found[0])).toEqual([8, 16, 40, 40]);
    expect(boxOf(found[1])).toEqual([16, 8, 64, 64]);
  });
});

describe("boxlist decoder", () => {
  it("scales normalised coordinates, skips NaN classes and low scores", async () => {
    const d = await detector("boxlist-norm");
    const found = await d.detect(frame(200, 100), { scoreThreshold: 0.3 });
    expect(found).toHaveLength(1);
    expect(found[0]!.label).toBe("bus");
    expect(boxOf(found[0])).toEqual([20, 20, 100, 60]);
  });
});

describe("model checks at load time", () => {
  async function loadError(model: string): Promise<unknown> {
    return createDetector({ model, modelsDir: dir }).then(
      (d) => d.close().then(() => new Error("loaded")),
      (error: unknown) => error,
    );
  }

  it("rejects an output shape the decoder cannot read", async () => {
    const error = await loadError("yolo-bad-shape");
    expect(isKerbsideError(error, "KERB_ERR_MODEL_OUTPUT")).toBe(true);
    expect(String(error)).toContain("[1,6,10]");
  });

  it("rejects a card whose input size differs from the model's", async () => {
    const error = await loadError("wrong-size");
    expect(isKerbsideError(error, "KERB_ERR_MODEL_CARD")).toBe(true);
    expect(String(error)).toContain("[1,3,64,64]");
  });

  it("rejects a card naming an output the model does not have", async () => {
    const error = await loadError("no-such-output");
    expect(isKerbsideError(error, "KERB_ERR_MODEL_OUTPUT")).toBe(true);
    expect(String(error)).toContain("detections");
  });
});
