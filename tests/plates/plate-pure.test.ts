import { describe, expect, it } from "vitest";
import { ctcGreedyDecode, type StepProbabilities } from "../../src/plates/ctc-decode.js";
import { plateAwareReading } from "../../src/plates/plate-decode.js";
import { textBoxes } from "../../src/plates/db-postprocess.js";
import { maskPlate, plateFor } from "../../src/plates/plate-mask.js";
import type { FrameFigures } from "../../src/plates/frame-quality.js";
import { DEFAULT_VOTE_OPTIONS, votePlate } from "../../src/plates/plate-vote.js";
import type { ImageReading } from "../../src/plates/plate-reader.js";
import type { PlateReading } from "../../src/plates/types.js";

describe("CTC greedy decoding", () => {
  const alphabet = ["", "浙", "A", "1"];
  function probs(rows: number[][]): Float32Array {
    return Float32Array.from(rows.flat());
  }

  it("collapses repeats, drops blanks, and keeps a character repeated across a blank", () => {
    const p = probs([
      [0.1, 0.9, 0, 0],
      [0.1, 0.8, 0.1, 0],
      [0.9, 0.1, 0, 0],
      [0, 0, 0.7, 0.3],
      [0.8, 0.2, 0, 0],
      [0, 0, 0, 1],
      [0.9, 0, 0, 0.1],
      [0, 0, 0.2, 0.6],
    ]);
    const decoded = ctcGreedyDecode({ probs: p, steps: 8, classes: 4 }, alphabet);
    expect(decoded.text).toBe("浙A11");
    expect(decoded.confidences.map((c) => +c.toFixed(2))).toEqual([0.9, 0.7, 1, 0.6]);
    expect(decoded.spans).toEqual([[0, 1], [3, 3], [5, 5], [7, 7]]);
  });
});

describe("DB text boxes", () => {
  it("finds each above-threshold region, scores it and grows it by the unclip distance", () => {
    const width = 40;
    const height = 20;
    const map = new Float32Array(width * height);
    for (let y = 5; y < 9; y++) for (let x = 4; x < 24; x++) map[y * width + x] = 0.9;
    for (let y = 14; y < 16; y++) for (let x = 30; x < 33; x++) map[y * width + x] = 0.9; // 3×2: under minSize
    map[0] = 0.35; // a lone pixel
    const boxes = textBoxes(map, width, height);
    expect(boxes).toHaveLength(1);
    // 20×4 kernel: d = 80 × 1.5 / 48 = 2.5
    expect(boxes[0]!.box).toEqual({ x1: 1.5, y1: 2.5, x2: 26.5, y2: 11.5 });
    expect(boxes[0]!.score).toBeCloseTo(0.9, 5);
  });

  it("drops regions whose mean probability is under the box threshold", () => {
    const map = new Float32Array(20 * 10).fill(0);
    for (let y = 2; y < 8; y++) for (let x = 2; x < 18; x++) map[y * 20 + x] = 0.45;
    expect(textBoxes(map, 20, 10)).toEqual([]);
  });
});

describe("plate masking", () => {
  it("keeps province, issuing letter, first and last character", () => {
    expect(maskPlate("浙A·D1234")).toBe("浙A·D***4");
    expect(maskPlate("京A·D12345")).toBe("京A·D****5");
    expect(plateFor("浙A·D1234", "full")).toBe("浙A·D1234");
    expect(plateFor(null, "masked")).toBeNull();
  });
});

describe("voting across frames", () => {
  function reading(plate: string, confidence: number, widthPx = 160): PlateReading {
    return { plate, kind: "blue", confidence, charConfidences: [confidence], box: { x1: 0, y1: 0, x2: widthPx, y2: 30 }, widthPx };
  }
  function frame(...readings: PlateReading[]): ImageReading {
    return { readings, candidates: readings.map((r) => ({ box: r.box, widthPx: r.widthPx, colour: "blue", sharpness: 500, text: r.plate, clipped: false })) };
  }

  it("takes the plate most frames agree on, weighted by confidence", () => {
    const result = votePlate([frame(reading("浙A·D1234", 0.95)), frame(reading("浙A·D1284", 0.99)), frame(reading("浙A·D1234", 0.9))]);
    expect(result).toMatchObject({ status: "read", plate: "浙A·D1234", votes: 2, framesRead: 3 });
    expect(result.confidence).toBeCloseTo((0.95 + 0.9) / 3, 5);
  });

  it("never trusts a plate narrower than the minimum width, and says so", () => {
    const result = votePlate([frame(reading("新A·D1234", 0.93, 49))]);
    expect(result).toMatchObject({ status: "unreadable", plate: null, reason: "too_small" });
    expect(result.detail).toContain("49 px");
  });

  it("tells blurred, cut-off and absent plates apart", () => {
    const blurred: ImageReading = { readings: [], candidates: [{ box: { x1: 0, y1: 0, x2: 150, y2: 40 }, widthPx: 150, colour: "blue", sharpness: 12, text: "浙A", clipped: false }] };
    expect(votePlate([blurred]).reason).toBe("blurred");
    const clipped: ImageReading = { readings: [], candidates: [{ ...blurred.candidates[0]!, sharpness: 900, clipped: true }] };
    expect(votePlate([clipped]).reason).toBe("occluded");
    expect(votePlate([{ readings: [], candidates: [] }]).reason).toBe("no_plate_found");
    const invalid: ImageReading = { readings: [], candidates: [{ ...blurred.candidates[0]!, sharpness: 900, text: "OPEN 24H" }] };
    expect(votePlate([invalid])).toMatchObject({ reason: "no_valid_reading", status: "unreadable" });
  });
});

describe("why a plate is unreadable, from the best frame's figures", () => {
  const fine: FrameFigures = { atMs: 0, vehicle: { x1: 0, y1: 0, x2: 700, y2: 500 }, vehicleWidthPx: 700, sharpness: 180, occlusion: 0, truncated: false };
  const nothing: ImageReading = { readings: [], candidates: [] };
  const narrow: ImageReading = { readings: [], candidates: [{ box: { x1: 0, y1: 0, x2: 90, y2: 30 }, widthPx: 90, colour: "blue", sharpness: 400, text: "浙A", clipped: false }] };

  it("a hidden or cut-off vehicle is occluded, a soft one blurred, a small one too small — in that order", () => {
    expect(votePlate([nothing], DEFAULT_VOTE_OPTIONS, { ...fine, occlusion: 0.45, sharpness: 10 })).toMatchObject({ reason: "occluded", detail: "vehicle 45 % hidden by other objects at the best frame" });
    expect(votePlate([nothing], DEFAULT_VOTE_OPTIONS, { ...fine, truncated: true })).toMatchObject({ reason: "occluded", detail: "vehicle cut off by the edge of the picture at the best frame" });
    expect(votePlate([nothing], DEFAULT_VOTE_OPTIONS, { ...fine, sharpness: 12, vehicleWidthPx: 200 })).toMatchObject({ reason: "blurred", detail: "vehicle too blurred at the best frame (sharpness 12, needs 60)" });
    expect(votePlate([nothing], DEFAULT_VOTE_OPTIONS, { ...fine, vehicleWidthPx: 300 })).toMatchObject({
      reason: "too_small", detail: "vehicle 300 px wide at the best frame: its plate would be about 72 px (needs 140)",
    });
  });

  it("with good figures the reader's own findings decide: a measured narrow plate, or no plate on a large vehicle", () => {
    expect(votePlate([narrow], DEFAULT_VOTE_OPTIONS, fine)).toMatchObject({ reason: "too_small", detail: "plate 90 px wide at the best frame (needs 140)" });
    expect(votePlate([nothing], DEFAULT_VOTE_OPTIONS, fine).reason).toBe("no_plate_found");
  });

  it("a plate read is read, whatever the figures", () => {
    const read: ImageReading = { readings: [{ plate: "浙A·D1234", kind: "blue", confidence: 0.9, charConfidences: [0.9], box: { x1: 0, y1: 0, x2: 160, y2: 50 }, widthPx: 160 }], candidates: [] };
    expect(votePlate([read], DEFAULT_VOTE_OPTIONS, { ...fine, occlusion: 0.6 })).toMatchObject({ status: "read", plate: "浙A·D1234" });
  });
});

describe("plate-aware corrections", () => {
  // Classes: blank, 浙, 精, A, 1, O, ·
  const alphabet = ["", "浙", "精", "A", "1", "O", "·"];
  function output(rows: number[][]): StepProbabilities {
    return { probs: Float32Array.from(rows.flat()), steps: rows.length, classes: alphabet.length };
  }

  it("takes the most probable province over the steps of a misread first character", () => {
    const out = output([
      [0, 0.35, 0.6, 0, 0, 0, 0],
      [0.9, 0.1, 0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0.9, 0.1],
    ]);
    const fixed = plateAwareReading(ctcGreedyDecode(out, alphabet), out, alphabet);
    expect(fixed.text).toBe("浙A0");
    expect(fixed.confidences.map((c) => +c.toFixed(2))).toEqual([0.35, 1, 0.9]);
  });

  it("does not invent a province the steps hardly support", () => {
    const out = output([
      [0.9, 0.1, 0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0, 0],
      [0, 0, 0, 0, 1, 0, 0],
    ]);
    expect(plateAwareReading(ctcGreedyDecode(out, alphabet), out, alphabet).text).toBe("A1");
  });
});
