// The real default model (models/centernet-mobilenetv3) on real pictures,
// against boxes labelled by hand on the sample images.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAnnotatedJpeg } from "../../src/detect/annotate.js";
import { createDetector } from "../../src/detect/detector.js";
import { readImage } from "../../src/detect/image.js";
import { iou } from "../../src/track/box-geometry.js";
import type { Box, Detection, Detector } from "../../src/detect/types.js";
import { isKerbsideError } from "../../src/errors.js";
import { VTEST, vtestFrame } from "./fixtures/frames.js";

const VEHICLES = ["car", "truck", "bus"];
// Hand-labelled on pexels_double_decker_bus.jpg (546x413).
const BUS: Box = { x1: 68, y1: 118, x2: 478, y2: 395 };
// Hand-labelled on vtest.avi at 10 s (768x576): six walking people and the parked white van.
const PEOPLE_AT_10S: Box[] = [
  { x1: 348, y1: 198, x2: 382, y2: 275 },
  { x1: 375, y1: 178, x2: 410, y2: 257 },
  { x1: 491, y1: 148, x2: 521, y2: 220 },
  { x1: 514, y1: 150, x2: 543, y2: 221 },
  { x1: 589, y1: 152, x2: 619, y2: 235 },
  { x1: 222, y1: 60, x2: 238, y2: 95 },
];
const VAN: Box = { x1: 652, y1: 45, x2: 722, y2: 100 };

function best(detections: readonly Detection[], labels: readonly string[], box: Box): number {
  return Math.max(0, ...detections.filter((d) => labels.includes(d.label)).map((d) => iou(d.box, box)));
}

let detector: Detector;
let tmp: string;

beforeAll(async () => {
  detector = await createDetector();
  tmp = await mkdtemp(path.join(os.tmpdir(), "kerbside-detect-real-"));
});

afterAll(async () => {
  await detector.close();
  await rm(tmp, { recursive: true, force: true });
});

describe("centernet-mobilenetv3 on real pictures", () => {
  it("finds the double-decker bus with a box over it", async () => {
    const found = await detector.detect(await readImage("samples/pexels_double_decker_bus.jpg"));
    const bus = found.find((d) => d.label === "bus");
    expect(bus?.score).toBeGreaterThan(0.5);
    expect(best(found, ["bus"], BUS)).toBeGreaterThan(0.8);
  });

  it("finds the walking people and the parked van in a vtest.avi frame at source size", async () => {
    const found = await detector.detect(vtestFrame(10));
    const matched = PEOPLE_AT_10S.filter((p) => best(found, ["person"], p) >= 0.5);
    expect(matched.length).toBeGreaterThanOrEqual(5);
    expect(best(found, VEHICLES, VAN)).toBeGreaterThan(0.5);
    for (const d of found) {
      expect(d.box.x1).toBeGreaterThanOrEqual(0);
      expect(d.box.x2).toBeLessThanOrEqual(VTEST.width);
      expect(d.box.y2).toBeLessThanOrEqual(VTEST.height);
    }
  });

  it("gives the same picture from a frame ffmpeg already scaled to the model input", async () => {
    const { width, height } = detector.card.input;
    const found = await detector.detect(vtestFrame(10, { width, height }));
    const sx = VTEST.width / width;
    const sy = VTEST.height / height;
    const inSource = found.map((d) => ({ ...d, box: { x1: d.box.x1 * sx, y1: d.box.y1 * sy, x2: d.box.x2 * sx, y2: d.box.y2 * sy } }));
    expect(PEOPLE_AT_10S.filter((p) => best(inSource, ["person"], p) >= 0.5).length).toBeGreaterThanOrEqual(5);
    expect(best(inSource, VEHICLES, VAN)).toBeGreaterThan(0.5);
  });

  it("keeps only the classes asked for", async () => {
    const found = await detector.detect(vtestFrame(10), { classes: VEHICLES });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((d) => VEHICLES.includes(d.label))).toBe(true);
  });

  it("writes an annotated JPEG with the boxes drawn", async () => {
    const frame = await readImage("samples/pexels_double_decker_bus.jpg");
    const found = await detector.detect(frame, { classes: ["bus"] });
    const out = path.join(tmp, "bus.jpg");
    await writeAnnotatedJpeg(frame, found, out);
    const meta = await sharp(out).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: frame.width, height: frame.height });
    const { data } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    const box = found[0]!.box;
    // Left edge of the bus box, halfway down: the stroke colour (#911eb4), not the picture.
    const at = (Math.round((box.y1 + box.y2) / 2) * frame.width + Math.round(box.x1)) * 3;
    const drawn = [data[at]!, data[at + 1]!, data[at + 2]!];
    expect(Math.abs(drawn[0]! - 0x91) + Math.abs(drawn[1]! - 0x1e) + Math.abs(drawn[2]! - 0xb4)).toBeLessThan(90);
  });

  it("reports an unreadable image file by name", async () => {
    const error: unknown = await readImage("samples/vtest.avi").catch((e: unknown) => e);
    expect(isKerbsideError(error, "KERB_ERR_IMAGE")).toBe(true);
    expect(String(error)).toContain("samples/vtest.avi");
  });
});
