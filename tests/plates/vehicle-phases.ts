/**
 * Real footage for choosing frames: the sample street (vtest.avi scaled up
 * to a 1536×1152 camera) with the real car photo carrying a rendered plate
 * (浙A·D1234) parked at the lower right, shown in four 4 s phases: sharp and
 * large, blurred (gblur σ 6), at half the size (same ground point), and
 * partly hidden behind a second car (the photo mirrored) parked in front of
 * it. H.264 with a keyframe every second.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { VTEST } from "../service/fixtures.js";
import { compositePlate, renderPlate } from "./render-plate.js";

export const PHASE_SEC = 4;
export const PHASES = ["sharp", "blurred", "small", "occluded"] as const;
export type Phase = (typeof PHASES)[number];
/** The car photo (600×482) at full size, its top-left corner. */
const CAR_AT = { x: 900, y: 620 };

export async function vehiclePhases(dir: string): Promise<string> {
  const car = await compositePlate("samples/licenseplate_motion.jpg", await renderPlate("浙A·D1234", "blue", 160), 295, 255);
  const carJpeg = path.join(dir, "car.jpg");
  writeFileSync(carJpeg, car.jpeg);
  const out = path.join(dir, "phases.mp4");
  const during = (i: number): string => `enable='between(t,${i * PHASE_SEC},${(i + 1) * PHASE_SEC - 0.05})'`;
  const filter = [
    "[0:v]scale=1536:1152[bg]",
    "[1:v]split=5[c1][c2][c3][c4][c5]",
    "[c2]gblur=sigma=6[blur]",
    "[c3]scale=300:-2[half]",
    "[c5]hflip,scale=560:-2[front]",
    `[bg][c1]overlay=${CAR_AT.x}:${CAR_AT.y}:${during(0)}[v0]`,
    `[v0][blur]overlay=${CAR_AT.x}:${CAR_AT.y}:${during(1)}[v1]`,
    `[v1][half]overlay=${CAR_AT.x + 150}:${CAR_AT.y + 241}:${during(2)}[v2]`,
    `[v2][c4]overlay=${CAR_AT.x}:${CAR_AT.y}:${during(3)}[v3]`,
    `[v3][front]overlay=${CAR_AT.x - 330}:${CAR_AT.y + 90}:${during(3)},format=yuv420p[v]`,
  ].join(";");
  execFileSync("nice", [
    "-n", "10", "ffmpeg", "-v", "error", "-y", "-t", String(PHASES.length * PHASE_SEC), "-i", VTEST,
    "-loop", "1", "-i", carJpeg,
    "-filter_complex", filter, "-map", "[v]", "-t", String(PHASES.length * PHASE_SEC),
    "-c:v", "libx264", "-preset", "veryfast", "-g", "10", "-an", out,
  ]);
  return out;
}
