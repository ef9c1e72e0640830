/**
 * The real PP-OCR models on plates rendered with a CJK font and composited
 * onto real vehicle photos from Debian's opencv-doc (a car's rear with its own
 * plate blurred out, and the double-decker bus), at several widths, blurs and
 * angles, through the worker-thread reader the scanner uses.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { votePlate } from "../../src/plates/plate-vote.js";
import type { PlateKind, RgbImage } from "../../src/plates/types.js";
import { createPlateReader, type PlateReader } from "../../src/plates/worker-plate-reader.js";
import { compositePlate, renderPlate } from "./render-plate.js";

const CAR = "samples/licenseplate_motion.jpg";
const BUS = "samples/pexels_double_decker_bus.jpg";

async function rgb(jpeg: Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

let reader: PlateReader;
beforeAll(async () => {
  reader = await createPlateReader();
}, 60_000);
afterAll(async () => {
  await reader.close();
});

describe("plate reader on real photos", () => {
  const cases: [string, PlateKind, number, { blur?: number; angle?: number }][] = [
    ["浙A·D1234", "blue", 150, {}],
    ["浙A·D1234", "blue", 170, { angle: -4 }],
    ["粤B·12345", "yellow", 150, { blur: 0.6 }],
    ["京A·D12345", "green", 160, { angle: 3 }],
    ["沪A·1234警", "white", 150, {}],
  ];

  it.each(cases)("reads %s (%s, %i px, %o) on the car's rear", async (text, kind, width, options) => {
    const photo = await compositePlate(CAR, await renderPlate(text, kind, width), 295, 255, options);
    const reading = await reader.read(await rgb(photo.jpeg));
    const result = votePlate([reading]);
    expect(result).toMatchObject({ status: "read", plate: text, kind });
    expect(result.charConfidences).toHaveLength([...text.replace("·", "")].length);
    expect(reading.readings[0]!.box.x1).toBeLessThan(295);
    expect(reading.readings[0]!.box.x2).toBeGreaterThan(295);
  }, 30_000);

  it("searches only inside the vehicle's box when given one", async () => {
    const photo = await compositePlate(CAR, await renderPlate("浙A·D1234", "blue", 150), 295, 255);
    const image = await rgb(photo.jpeg);
    const inside = await reader.read(image, { x1: 150, y1: 150, x2: 450, y2: 350 });
    expect(votePlate([inside]).plate).toBe("浙A·D1234");
    const elsewhere = await reader.read(image, { x1: 0, y1: 0, x2: 200, y2: 150 });
    expect(elsewhere.readings).toEqual([]);
  }, 30_000);

  it("reads a plate on the bus photo", async () => {
    const photo = await compositePlate(BUS, await renderPlate("苏E·12345", "yellow", 150), 300, 360);
    expect(votePlate([await reader.read(await rgb(photo.jpeg))])).toMatchObject({ status: "read", plate: "苏E·12345", kind: "yellow" });
  }, 30_000);

  it("says a plate is too small instead of guessing it", async () => {
    const photo = await compositePlate(CAR, await renderPlate("浙A·D1234", "blue", 55), 295, 255);
    const result = votePlate([await reader.read(await rgb(photo.jpeg))]);
    expect(result.status).toBe("unreadable");
    expect(result.plate).toBeNull();
    expect(["too_small", "no_plate_found"]).toContain(result.reason);
  }, 30_000);

  it("says a heavily blurred plate is unreadable", async () => {
    const photo = await compositePlate(CAR, await renderPlate("浙A·D1234", "blue", 160), 295, 255, { blur: 4 });
    const result = votePlate([await reader.read(await rgb(photo.jpeg))]);
    expect(result.status).toBe("unreadable");
    expect(result.plate).toBeNull();
  }, 30_000);
});
