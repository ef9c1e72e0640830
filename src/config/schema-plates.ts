/**
 * `plates:` in the deployment config: reading the plates of parked vehicles
 * (src/plates/). Plates are personal data; who sees them whole is the access
 * policy's decision, not the config's.
 */
import { z } from "zod";

export const PlateSettingsSchema = z.strictObject({
  enabled: z.boolean().default(true).describe("Read the plate of every vehicle in an illegal_parking or sidewalk_parking incident (default true)"),
  frames: z.number().int().min(1).max(20).default(5).describe("Full-resolution frames read per incident: the best of the candidates (default 5, 1–20)"),
  candidates: z.number().int().min(1).max(60).optional()
    .describe("Candidate frames decoded over the vehicle's stay and ranked by its size, sharpness and occlusion (default 2 × frames, 1–60)"),
  minWidthPx: z.number().int().min(20).max(400).default(140)
    .describe("Plates narrower than this (pixels at the camera's resolution) are reported too small, never guessed (default 140: the smallest width bench:plates reads ≥ 95 % correctly)"),
});

export const DEFAULT_PLATE_SETTINGS = { enabled: true, frames: 5, minWidthPx: 140 } as const;

export type PlateSettings = z.infer<typeof PlateSettingsSchema>;
