/**
 * A point's camera health over a range, for the health page's timelines:
 * when recorded footage covers the time (online), when the camera was
 * recorded as down (offline, with its redacted reason), the archive's gaps
 * and why, plus the current reconnect count and last error. Pure shaping of
 * what the segment store already knows (coverage and outages).
 */
import { z } from "zod";
import { redactText } from "../../footage/redact.js";
import type { Outage } from "../../footage/segment-store.js";
import type { Coverage, SourceHealth } from "../../footage/types.js";
import { isoInZone } from "../../time/time-zone.js";

export const HEALTH_RANGES = { "24h": 24 * 3600_000, "30d": 30 * 24 * 3600_000 } as const;
export type HealthRange = keyof typeof HEALTH_RANGES;

const Span = z.object({ from: z.string(), to: z.string() });

export const HealthHistorySchema = z
  .object({
    pointId: z.string(),
    from: z.string(),
    to: z.string(),
    intervals: z.array(Span.extend({ state: z.enum(["online", "offline"]) })).meta({ description: "online: footage recorded; offline: the camera was down" }),
    gaps: z.array(Span.extend({ reason: z.enum(["offline", "unreadable", "missing"]) })).meta({ description: "Time with no readable footage in the archive" }),
    coveredSec: z.number(),
    gapSec: z.number(),
    reconnects: z.number().int(),
    lastError: z.string().nullable().meta({ description: "Redacted: never carries camera credentials" }),
  })
  .meta({ id: "PointHealthHistory" });

export type HealthHistory = z.infer<typeof HealthHistorySchema>;

export function healthHistory(pointId: string, coverage: Coverage, outages: readonly Outage[], health: SourceHealth | undefined, timeZone: string): HealthHistory {
  const iso = (ms: number) => isoInZone(ms, timeZone);
  const clip = (ms: number) => Math.min(Math.max(ms, coverage.fromMs), coverage.toMs);
  const online = coverage.covered.map((i) => ({ from: iso(i.fromMs), to: iso(i.toMs), state: "online" as const, at: i.fromMs }));
  const offline = outages
    .filter((o) => clip(o.toMs) > clip(o.fromMs))
    .map((o) => ({ from: iso(clip(o.fromMs)), to: iso(clip(o.toMs)), state: "offline" as const, at: o.fromMs }));
  return {
    pointId,
    from: iso(coverage.fromMs),
    to: iso(coverage.toMs),
    intervals: [...online, ...offline].sort((a, b) => a.at - b.at).map(({ from, to, state }) => ({ from, to, state })),
    gaps: coverage.gaps.map((g) => ({ from: iso(g.fromMs), to: iso(g.toMs), reason: g.reason })),
    coveredSec: coverage.coveredSec,
    gapSec: coverage.gapSec,
    reconnects: health?.reconnects ?? 0,
    lastError: health?.lastError ? redactText(health.lastError) : null,
  };
}
