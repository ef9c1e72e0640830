/**
 * A live point's detection health as the board sees it (src/live/): whether
 * frames are being detected, how far behind (lag), and the sampling interval
 * the schedule asks for beside the one the shared detector grants (longer
 * when the box cannot keep up: `degraded`). Errors are redacted.
 */
import { z } from "zod";
import { redactText } from "../../footage/redact.js";
import { LIVE_STATES, type LiveHealth } from "../../live/types.js";
import { isoInZone } from "../../time/time-zone.js";

export const DetectionViewSchema = z
  .object({
    state: z.enum(LIVE_STATES),
    lastDetectedAt: z.string().nullable().meta({ description: "Capture time of the newest frame detected" }),
    lagSec: z.number().nullable().meta({ description: "now − lastDetectedAt, seconds" }),
    configuredSec: z.number().meta({ description: "The schedule's sampling interval now" }),
    effectiveSec: z.number().meta({ description: "The interval the shared detector grants (longer when degraded)" }),
    degraded: z.boolean(),
    detected: z.number().int(),
    dropped: z.number().int(),
    lastError: z.string().nullable().meta({ description: "Redacted" }),
  })
  .meta({ id: "PointDetection" });

export type DetectionView = z.infer<typeof DetectionViewSchema>;

export function detectionView(health: LiveHealth, timeZone: string): DetectionView {
  return {
    state: health.state,
    lastDetectedAt: health.lastDetectedMs === null ? null : isoInZone(health.lastDetectedMs, timeZone),
    lagSec: health.lagMs === null ? null : Math.round(health.lagMs / 100) / 10,
    configuredSec: health.nominalSec,
    effectiveSec: health.everySec,
    degraded: health.degraded,
    detected: health.detected,
    dropped: health.dropped,
    lastError: health.lastError === null ? null : redactText(health.lastError),
  };
}
