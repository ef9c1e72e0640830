// The converted CenterNet must compute what the TF.js original computes, on
// real images: the heatmap and box sizes closely, the final box list exactly
// up to TopK's ordering of equal scores; and it must find the bus as a bus.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertGraphModel } from "../../src/convert/convert-graph.js";
import { CENTERNET_MOBILENETV3 } from "../../src/convert/default-models.js";
import { loadGraphModel } from "../../src/convert/load-graph-model.js";
import { locateFfmpeg } from "../../src/ffmpeg/locate.js";
import type { Feed, Outputs } from "./tfjs-reference.js";
import { loadTfjsModel, maxAbsDiff, runOnnx, runTfjs, valueRange } from "./tfjs-reference.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MODEL_JSON = path.join(ROOT, "node_modules/@vladmandic/human/models/centernet.json");
const OUTPUTS = ["tower_0/keypoints", "tower_0/wh", "tower_0/detections"];
const LABELS = CENTERNET_MOBILENETV3.card.labels;

interface Row {
  box: number[];
  score: number;
  label: string;
}

function rows(detections: ArrayLike<number>): Row[] {
  const out: Row[] = [];
  for (let i = 0; i + 6 <= detections.length; i += 6) {
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0, score = 0, cls = -1] = Array.from({ length: 6 }, (_, k) => detections[i + k] ?? 0);
    out.push({ box: [x1, y1, x2, y2], score, label: LABELS[cls] ?? `#${cls}` });
  }
  return out;
}

async function imageFeed(file: string): Promise<Feed> {
  const raw = await sharp(file).resize(512, 512, { fit: "fill" }).removeAlpha().raw().toBuffer();
  return { data: Float32Array.from(raw), shape: [1, 512, 512, 3] };
}

/**
 * Every reference row clear of the top-100 cut-off must appear in the ONNX
 * list (same class, score within 1e-4, box within 0.05 px); rows of equal
 * score may come in another order, nothing else may differ.
 */
function expectSameDetections(reference: Row[], converted: Row[]): void {
  const cutoff = (reference.at(-1)?.score ?? 0) + 1e-4;
  const unused = new Set(converted.keys());
  for (const row of reference.filter((r) => r.score > cutoff)) {
    const match = [...unused].find((j) => {
      const c = converted[j] as Row;
      return c.label === row.label && Math.abs(c.score - row.score) < 1e-4 && maxAbsDiff(c.box, row.box) < 0.05;
    });
    expect(match, `reference detection ${JSON.stringify(row)} missing from the ONNX output`).toBeDefined();
    unused.delete(match as number);
  }
  const scores = converted.map((r) => r.score);
  expect(scores).toEqual([...scores].sort((x, y) => y - x));
}

describe("CenterNet-MobileNetV3: ONNX conversion vs TF.js", () => {
  let session: ort.InferenceSession;
  let reference: Awaited<ReturnType<typeof loadTfjsModel>>;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "kerbside-convert-"));
    const loaded = await loadGraphModel(MODEL_JSON);
    const { onnx } = convertGraphModel(loaded.model, loaded.weightData);
    session = await ort.InferenceSession.create(onnx);
    reference = await loadTfjsModel(loaded.model, loaded.weightData);
  });

  afterAll(async () => {
    await session?.release();
    reference?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function compare(feed: Feed): Promise<{ ref: Outputs; onnx: Outputs }> {
    const ref = await runTfjs(reference, { "tower_0/images": feed }, OUTPUTS);
    const onnx = await runOnnx(session, { "tower_0/images": feed });
    for (const name of ["tower_0/keypoints", "tower_0/wh"]) {
      const [r, o] = [ref[name] as Float32Array, onnx[name] as Float32Array];
      expect(o.length, name).toBe(r.length);
      expect(maxAbsDiff(r, o), name).toBeLessThan(1e-4 * valueRange(r));
    }
    expectSameDetections(rows(ref["tower_0/detections"] as Float32Array), rows(onnx["tower_0/detections"] as Float32Array));
    return { ref, onnx };
  }

  it("matches on the double-decker bus photo and finds the bus", async () => {
    const { onnx } = await compare(await imageFeed(path.join(ROOT, "samples/pexels_double_decker_bus.jpg")));
    const [top] = rows(onnx["tower_0/detections"] as Float32Array);
    expect(top?.label).toBe("bus");
    expect(top?.score).toBeGreaterThan(0.5);
    // The bus fills most of the photo: centre third horizontally, lower two thirds vertically.
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = top?.box ?? [];
    expect(x1).toBeLessThan(512 * 0.25);
    expect(x2).toBeGreaterThan(512 * 0.75);
    expect(y1).toBeGreaterThan(512 * 0.15);
    expect(y1).toBeLessThan(512 * 0.45);
    expect(y2).toBeGreaterThan(512 * 0.85);
  });

  it("matches on a frame of vtest.avi and sees its pedestrians", async () => {
    const frame = path.join(tmp, "vtest-20s.png");
    const { ffmpeg } = locateFfmpeg();
    execFileSync(ffmpeg, ["-v", "error", "-ss", "20", "-i", path.join(ROOT, "samples/vtest.avi"), "-frames:v", "1", frame]);
    const { onnx } = await compare(await imageFeed(frame));
    const people = rows(onnx["tower_0/detections"] as Float32Array).filter((r) => r.label === "person" && r.score > 0.3);
    expect(people.length).toBeGreaterThanOrEqual(2);
  });
});
