// Preprocess: layouts, normalisation, channel order, resize and letterbox
// mapping, checked value by value on small frames.
import { describe, expect, it } from "vitest";
import { computeInputMapping, toSourceBox } from "../../src/detect/input-mapping.js";
import { Preprocessor } from "../../src/detect/preprocess.js";
import { resizeBilinearInto, resizeTables } from "../../src/detect/resize.js";
import { ModelCardSchema, type ModelCard, type RgbFrame } from "../../src/detect/types.js";

function inputSpec(input: Record<string, unknown>): ModelCard["input"] {
  const card = ModelCardSchema.parse({ name: "t", file: "t.onnx", input: { name: "x", ...input }, decoder: { kind: "boxlist" }, labels: ["a"] });
  return card.input;
}

function gradient(width: number, height: number): RgbFrame {
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    data[p * 3] = (p * 3) % 256;
    data[p * 3 + 1] = (p * 5 + 1) % 256;
    data[p * 3 + 2] = (p * 11 + 2) % 256;
  }
  return { width, height, data };
}

describe("Preprocessor at the model's input size", () => {
  it("writes NHWC RGB with scale, mean and std per channel", () => {
    const spec = inputSpec({ width: 4, height: 3, layout: "NHWC", scale: 1 / 255, mean: [0.5, 0.25, 0], std: [0.5, 0.25, 2] });
    const f = gradient(4, 3);
    const { tensor, dims, mapping } = new Preprocessor(spec).run(f);
    expect(dims).toEqual([1, 3, 4, 3]);
    expect(mapping).toMatchObject({ scaleX: 1, scaleY: 1, padX: 0, padY: 0 });
    for (let i = 0; i < f.data.length; i++) {
      const c = i % 3;
      expect(tensor[i]).toBeCloseTo((f.data[i]! / 255 - spec.mean[c]!) / spec.std[c]!, 5);
    }
  });

  it("writes NCHW BGR planes, mean/std in the model's channel order", () => {
    const spec = inputSpec({ width: 5, height: 2, layout: "NCHW", channels: "BGR", mean: [10, 20, 30], std: [1, 2, 4] });
    const f = gradient(5, 2);
    const { tensor, dims } = new Preprocessor(spec).run(f);
    expect(dims).toEqual([1, 3, 2, 5]);
    const plane = 10;
    for (let p = 0; p < plane; p++) {
      expect(tensor[p]).toBeCloseTo((f.data[p * 3 + 2]! - 10) / 1, 5); // B
      expect(tensor[plane + p]).toBeCloseTo((f.data[p * 3 + 1]! - 20) / 2, 5); // G
      expect(tensor[2 * plane + p]).toBeCloseTo((f.data[p * 3]! - 30) / 4, 5); // R
    }
  });

  it("reuses one tensor buffer between frames", () => {
    const pre = new Preprocessor(inputSpec({ width: 4, height: 3, layout: "NHWC" }));
    const first = pre.run(gradient(4, 3)).tensor;
    expect(pre.run(gradient(8, 6)).tensor).toBe(first);
  });

  it("rejects a frame with too few bytes", () => {
    const pre = new Preprocessor(inputSpec({ width: 4, height: 3, layout: "NHWC" }));
    expect(() => pre.run({ width: 4, height: 3, data: new Uint8Array(35) })).toThrow(/needs 36 RGB bytes/);
  });
});

describe("resize", () => {
  it("upscales with half-pixel bilinear sampling", () => {
    const src = new Uint8Array([0, 0, 0, 200, 100, 40]); // 2x1
    const out = new Uint8Array(4 * 3);
    resizeBilinearInto(src, resizeTables(2, 1, 4, 1), { data: out, width: 4, left: 0, top: 0 });
    expect([...out].filter((_, i) => i % 3 === 0)).toEqual([0, 50, 150, 200]);
    expect([...out].filter((_, i) => i % 3 === 1)).toEqual([0, 25, 75, 100]);
  });

  it("halves a frame by averaging 2x2 blocks", () => {
    const f = gradient(4, 4);
    const out = new Uint8Array(2 * 2 * 3);
    resizeBilinearInto(f.data, resizeTables(4, 4, 2, 2), { data: out, width: 2, left: 0, top: 0 });
    const at = (x: number, y: number, c: number): number => f.data[(y * 4 + x) * 3 + c]!;
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 2; x++) {
        for (let c = 0; c < 3; c++) {
          const mean = (at(2 * x, 2 * y, c) + at(2 * x + 1, 2 * y, c) + at(2 * x, 2 * y + 1, c) + at(2 * x + 1, 2 * y + 1, c)) / 4;
          expect(Math.abs(out[(y * 2 + x) * 3 + c]! - mean)).toBeLessThanOrEqual(0.5);
        }
      }
    }
  });

  it("stretches a frame of another size into the whole input", () => {
    const spec = inputSpec({ width: 8, height: 8, layout: "NHWC", resize: "stretch" });
    const f = { width: 16, height: 4, data: new Uint8Array(16 * 4 * 3).fill(77) };
    const { tensor, mapping } = new Preprocessor(spec).run(f);
    expect(mapping).toMatchObject({ scaleX: 0.5, scaleY: 2, padX: 0, padY: 0 });
    expect(tensor.every((v) => v === 77)).toBe(true);
  });
});

describe("letterbox", () => {
  it("keeps the aspect ratio, centres the picture and pads with padValue", () => {
    const spec = inputSpec({ width: 8, height: 8, layout: "NCHW", resize: "letterbox", padValue: 5 });
    const f = { width: 20, height: 10, data: new Uint8Array(20 * 10 * 3).fill(200) };
    const { tensor, mapping } = new Preprocessor(spec).run(f);
    expect(mapping).toMatchObject({ contentWidth: 8, contentHeight: 4, padX: 0, padY: 2, scaleX: 0.4, scaleY: 0.4 });
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < 8; y++) {
        const row = [...tensor.subarray(c * 64 + y * 8, c * 64 + y * 8 + 8)];
        expect(row).toEqual(new Array(8).fill(y >= 2 && y < 6 ? 200 : 5));
      }
    }
  });

  it("maps input boxes back to source pixels and clips them to the image", () => {
    const m = computeInputMapping(1920, 1080, { width: 512, height: 512, resize: "letterbox" });
    expect(m.contentWidth).toBe(512);
    expect(m.contentHeight).toBe(288);
    expect(m.padY).toBe(112);
    const source = { x1: 300, y1: 200, x2: 900, y2: 700 };
    const input = { x1: source.x1 * m.scaleX + m.padX, y1: source.y1 * m.scaleY + m.padY, x2: source.x2 * m.scaleX + m.padX, y2: source.y2 * m.scaleY + m.padY };
    const back = toSourceBox(input, m);
    expect(back.x1).toBeCloseTo(300, 6);
    expect(back.y2).toBeCloseTo(700, 6);
    expect(toSourceBox({ x1: -10, y1: 50, x2: 600, y2: 500 }, m)).toEqual({ x1: 0, y1: 0, x2: 1920, y2: 1080 });
  });
});
