/**
 * What `kerbside footage status` reports per point: camera health, hours
 * covered in the retention window, and the gaps (biggest first). Sources are
 * described with credentials redacted.
 */
import type { Deployment, PointConfig, SourceConfig } from "../config/schema.js";
import type { LiveHealth } from "../live/types.js";
import type { HealthStore, PointHealth } from "./health-store.js";
import { redactUrl } from "./redact.js";
import { retentionCutoff } from "./retention.js";
import type { SegmentStore } from "./segment-store.js";
import { formatLocal } from "../time/time-zone.js";
import type { Gap } from "./types.js";

export interface PointStatus {
  pointId: string;
  name: string;
  category: string;
  source: string;
  health: PointHealth | null;
  /** Live detection (live sources in a running `kerbside run`): state `detecting`, lag, intervals; null when never run. */
  detection: LiveHealth | null;
  window: { fromMs: number; toMs: number; hours: number };
  coveredHours: number;
  coveragePct: number;
  segments: number;
  unreadable: number;
  gapCount: number;
  /** Biggest first, at most `gapLimit`. */
  gaps: Gap[];
}

export function describeSource(source: SourceConfig): string {
  switch (source.kind) {
    case "rtsp":
      return `rtsp ${redactUrl(source.url)}${source.listen ? " (listen)" : ""}${detectPart(source.detectUrl)}`;
    case "http":
      return `http ${redactUrl(source.url)}${detectPart(source.detectUrl)}`;
    case "playback":
      return `playback ${redactUrl(source.urlTemplate)}`;
    case "archive":
      return `archive ${source.dir}`;
    case "file":
      return `file ${source.path}${source.live ? " (live replay)" : ""}`;
  }
}

function detectPart(detectUrl: string | undefined): string {
  return detectUrl === undefined ? "" : `, detect ${redactUrl(detectUrl)}`;
}

export function footageStatus(
  deployment: Deployment,
  store: SegmentStore,
  health: HealthStore,
  nowMs: number,
  options: { pointId?: string; gapLimit?: number; live?: { get(pointId: string): LiveHealth | undefined } } = {},
): PointStatus[] {
  const fromMs = retentionCutoff(nowMs, deployment.retentionDays);
  const points = deployment.points.filter((p) => options.pointId === undefined || p.id === options.pointId);
  return points.map((point) => ({
    ...pointStatus(point, store, health, fromMs, nowMs, options.gapLimit ?? 5),
    detection: options.live?.get(point.id) ?? null,
  }));
}

function pointStatus(point: PointConfig, store: SegmentStore, health: HealthStore, fromMs: number, toMs: number, gapLimit: number): Omit<PointStatus, "detection"> {
  const coverage = store.coverage(point.id, fromMs, toMs);
  const segments = store.list({ pointId: point.id, fromMs, toMs });
  const windowHours = (toMs - fromMs) / 3_600_000;
  const gaps = [...coverage.gaps].sort((a, b) => b.toMs - b.fromMs - (a.toMs - a.fromMs) || a.fromMs - b.fromMs);
  return {
    pointId: point.id,
    name: point.name,
    category: point.category,
    source: describeSource(point.source),
    health: health.get(point.id) ?? null,
    window: { fromMs, toMs, hours: windowHours },
    coveredHours: coverage.coveredSec / 3600,
    coveragePct: windowHours > 0 ? (100 * coverage.coveredSec) / 3600 / windowHours : 0,
    segments: segments.length,
    unreadable: segments.filter((s) => s.status === "unreadable").length,
    gapCount: coverage.gaps.length,
    gaps: gaps.slice(0, gapLimit),
  };
}

export function formatStatus(statuses: readonly PointStatus[], timeZone: string): string {
  return statuses.map((s) => formatPoint(s, timeZone)).join("\n\n");
}

function formatPoint(s: PointStatus, timeZone: string): string {
  const h = s.health;
  const health = h
    ? `${h.state} since ${formatLocal(h.sinceMs, timeZone)}, last segment ${h.lastSegmentAt ? formatLocal(h.lastSegmentAt, timeZone) : "never"}, reconnects ${h.reconnects}${h.lastError ? `, last error: ${h.lastError}` : ""}`
    : "never started";
  const lines = [
    `${s.pointId}  ${s.name}  [${s.category}]`,
    `  source:   ${s.source}`,
    `  health:   ${health}`,
    ...(s.detection ? [`  detect:   ${formatDetection(s.detection, timeZone)}`] : []),
    `  covered:  ${s.coveredHours.toFixed(2)} h of ${s.window.hours.toFixed(0)} h (${s.coveragePct.toFixed(1)}%), ${s.segments} segment(s), ${s.unreadable} unreadable`,
    `  gaps:     ${s.gapCount}${s.gapCount > s.gaps.length ? ` (biggest ${s.gaps.length} shown)` : ""}`,
    ...s.gaps.map((g) => `    ${formatLocal(g.fromMs, timeZone)} → ${formatLocal(g.toMs, timeZone)}  ${formatDuration(g.toMs - g.fromMs)}  ${g.reason}`),
  ];
  return lines.join("\n");
}

/** e.g. "detecting, lag 1.4 s, every 4 s (degraded from 2 s), 120 frames, 3 dropped, reported 08:00:05". */
export function formatDetection(d: LiveHealth, timeZone: string): string {
  const lag = d.lagMs === null ? "no frame yet" : `lag ${(d.lagMs / 1000).toFixed(1)} s`;
  const every = d.degraded ? `every ${d.everySec} s (degraded from ${d.nominalSec} s)` : `every ${d.everySec} s`;
  const error = d.lastError ? `, last error: ${d.lastError}` : "";
  return `${d.state}, ${lag}, ${every}, ${d.detected} frames, ${d.dropped} dropped, reported ${formatLocal(d.updatedMs, timeZone)}${error}`;
}

export function formatDuration(ms: number): string {
  const sec = Math.round(ms / 1000);
  if (sec < 120) return `${sec} s`;
  if (sec < 7200) return `${Math.round(sec / 60)} min`;
  return `${(sec / 3600).toFixed(1)} h`;
}
