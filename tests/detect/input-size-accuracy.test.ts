// The accuracy check behind detector.inputSize 416: the detector converted at
// 416 finds what the 512 conversion (the graph's native size) finds on the
// real sample images and on vtest.avi frames every 10 s — every person or
// vehicle 512 reports with score >= 0.4 is reported at 416 with the same
// label, IoU >= 0.4 and score >= 0.2. Models are converted here from the real
// TF.js graph, whatever models/ holds.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertGraphModel } from "../../src/convert/convert-graph.js";
import { CENTERNET_MOBILENETV3 as MODEL } from "../../src/convert/default-models.js";
import { sizedConversion } from "../../src/convert/input-size.js";
import { loadGraphModel } from "../../src/convert/load-graph-model.js";
import { createDetector } from "../../src/detect/detector.js";
import { readImage } from "../../src/detect/image.js";
import type { Detection, RgbFrame } from "../../src/detect/types.js";
import { iou } from "../../src/track/box-geometry.js";
import { vtestFrame } from "./fixtures/frames.js";

const WATCHED = ["person", "bicycle", "car", "motorcycle", "bus", "truck"];
const dir = mkdtempSync(path.join(os.tmpdir(), "kerbside-input-size-"));
const frames: { name: string; frame: RgbFrame }[] = [];
const found = new Map<number, Detection[][]>();

async function detectAt(size: number): Promise<Detection[][]> {
  const loaded = await loadGraphModel(path.resolve("node_modules", MODEL.source.package, MODEL.source.file));
  const { onnx } = convertGraphModel(loaded.model, loaded.weightData, sizedConversion(MODEL.inputSize, size));
  writeFileSync(path.join(dir, `m${size}.onnx`), onnx);
  const card = { ...MODEL.card, name: `m${size}`, file: `m${size}.onnx`, input: { ...MODEL.card.input, width: size, height: size }, source: { package: MODEL.source.package, file: MODEL.source.file, upstream: MODEL.source.upstream, version: "test" }, license: "MIT", sourceHash: "test" };
  writeFileSync(path.join(dir, `m${size}.json`), JSON.stringify(card));
  const detector = await createDetector({ model: path.join(dir, `m${size}.json`), threads: 1 });
  try {
    const out: Detection[][] = [];
    for (const { frame } of frames) out.push(await detector.detect({ ...frame, data: frame.data.slice() }, { scoreThreshold: 0.2, classes: WATCHED }));
    return out;
  } finally {
    await detector.close();
  }
}

/** The 512 detections (score >= 0.4) that `size` does not find (on the frame `shift` later: a control). */
function missed(size: number, shift = 0): string[] {
  const misses: string[] = [];
  frames.forEach(({ name }, i) => {
    const candidates = found.get(size)![(i + shift) % frames.length]!;
    for (const ref of found.get(512)![i]!.filter((d) => d.score >= 0.4)) {
      const match = candidates.some((d) => d.label === ref.label && iou(d.box, ref.box) >= 0.4);
      if (!match) misses.push(`${name}: ${ref.label} ${ref.score.toFixed(2)}`);
    }
  });
  return misses;
}

beforeAll(async () => {
  for (const file of ["pexels_double_decker_bus.jpg", "messi5.jpg", "licenseplate_motion.jpg"]) frames.push({ name: file, frame: await readImage(path.join("samples", file)) });
  for (let s = 0; s < 80; s += 10) frames.push({ name: `vtest.avi@${s}s`, frame: vtestFrame(s) });
  for (const size of [512, 416]) found.set(size, await detectAt(size));
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("detector input size", () => {
  it("416 finds every confident person and vehicle the 512 model finds", () => {
    const reference = found.get(512)!.flat().filter((d) => d.score >= 0.4);
    expect(reference.filter((d) => d.label === "person").length).toBeGreaterThan(20);
    expect(reference.some((d) => d.label === "bus")).toBe(true);
    expect(missed(416)).toEqual([]);
  });

  it("tells different scenes apart (the check is not vacuous)", () => {
    expect(missed(416, 1).length).toBeGreaterThan(10);
  });

  it("is offered next to the default 512 (which keeps the edge car tracked to the end: tests/track)", () => {
    expect(MODEL.card.input.width).toBe(512);
    expect(MODEL.inputSize.allowed).toEqual(expect.arrayContaining([320, 416, 512]));
  });
});
