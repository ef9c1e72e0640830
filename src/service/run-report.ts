/**
 * Builds the run report from what the service did (indexing results, scan
 * stats, incidents created) and what the stores hold (segments and incidents
 * in the retention window).
 */
import path from "node:path";
import type { Deployment, PointConfig } from "../config/schema.js";
import { retentionCutoff } from "../footage/retention.js";
import type { SegmentStore } from "../footage/segment-store.js";
import { describeSource } from "../footage/status.js";
import type { SourceHealth } from "../footage/types.js";
import type { Incident, IncidentStore } from "../incidents/types.js";
import { isoInZone } from "../time/time-zone.js";
import { observedReport } from "../incidents/observed-time.js";
import type { ScanProgressStore } from "../scan/scan-progress.js";
import type { IncidentReport, PointReport, PointScanStats, RunMode, RunReport, UnreadableFile } from "./types.js";

/** What happened to one point in this run. */
export interface PointActivity {
  indexed: number;
  notes: string[];
  errors: string[];
  health: SourceHealth | null;
  /** The camera's failing health when no readable recording followed it (also once the source has stopped). */
  failing?: SourceHealth;
  scan: PointScanStats;
}

export interface ReportInput {
  deployment: Deployment;
  databaseFile: string;
  mode: RunMode;
  startedMs: number;
  nowMs: number;
  points: readonly PointConfig[];
  activity: (pointId: string) => PointActivity;
  segments: SegmentStore;
  progress: ScanProgressStore;
  incidents: IncidentStore;
  /** Ids of incidents created during this run. */
  created: ReadonlySet<string>;
}

export function buildRunReport(input: ReportInput): RunReport {
  const { deployment } = input;
  const points = input.points.map((p) => pointReport(input, p));
  const sum = (f: (p: PointReport) => number): number => points.reduce((total, p) => total + f(p), 0);
  return {
    name: deployment.name,
    config: deployment.file,
    database: path.resolve(input.databaseFile),
    storageDir: deployment.storageDir,
    timezone: deployment.timezone,
    retentionDays: deployment.retentionDays,
    mode: input.mode,
    startedAt: isoInZone(input.startedMs, deployment.timezone),
    finishedAt: isoInZone(input.nowMs, deployment.timezone),
    elapsedSec: Math.round((input.nowMs - input.startedMs) / 100) / 10,
    points,
    totals: {
      segmentsIndexed: sum((p) => p.segments.indexed),
      frames: sum((p) => p.frames),
      unreadable: sum((p) => p.segments.unreadable.length),
      incidents: sum((p) => p.incidents.length),
      newIncidents: sum((p) => p.incidents.filter((i) => i.new).length),
      errors: sum((p) => p.errors.length),
    },
  };
}

function pointReport(input: ReportInput, point: PointConfig): PointReport {
  const activity = input.activity(point.id);
  const cutoff = retentionCutoff(input.nowMs, input.deployment.retentionDays);
  const inWindow = input.segments.list({ pointId: point.id, fromMs: cutoff });
  const readable = inWindow.filter((s) => s.status === "ok");
  const scanned = new Set(activity.scan.scanned);
  const failed = new Set(activity.scan.unreadable.map((u) => u.path));
  const isDone = (file: string): boolean => input.progress.get(point.id, file)?.status === "done";
  const alreadyScanned = readable.filter((s) => !scanned.has(s.path) && !failed.has(s.path) && isDone(s.path));
  const older = input.segments.list({ pointId: point.id, toMs: cutoff, status: "ok" }).filter((s) => s.endMs <= cutoff).length;
  const notes = [...activity.notes];
  if (older > 0) notes.push(`${older} segment(s) ended before the ${input.deployment.retentionDays}-day window and were not scanned`);
  const indexUnreadable = inWindow.filter((s) => s.status !== "ok").map((s) => ({ path: s.path, error: s.error ?? "unreadable" }));
  return {
    id: point.id,
    name: point.name,
    source: describeSource(point.source),
    notes,
    errors: [...activity.errors, ...activity.scan.errors, ...failingErrors(activity)],
    health: activity.health,
    segments: {
      indexed: activity.indexed,
      inWindow: readable.length,
      scanned: scanned.size,
      alreadyScanned: alreadyScanned.length,
      unscanned: readable.filter((s) => !isDone(s.path)).length,
      olderThanWindow: older,
      unreadable: dedupe([...indexUnreadable, ...activity.scan.unreadable]),
    },
    frames: activity.scan.frames,
    incidents: input.incidents
      .list({ pointId: point.id, fromMs: cutoff })
      .sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id))
      .map((i) => incidentReport(i, input, point)),
  };
}

function failingErrors(activity: PointActivity): string[] {
  const failing = activity.health?.state === "failing" ? activity.health : activity.failing;
  return failing ? [`camera failing: ${failing.lastError ?? "unreadable recordings"}`] : [];
}

function incidentReport(incident: Incident, input: ReportInput, point: PointConfig): IncidentReport {
  const { deployment } = input;
  const tz = deployment.timezone;
  const unit = deployment.units.find((u) => u.id === incident.unit);
  return {
    id: incident.id,
    rule: incident.rule,
    zone: incident.zoneId,
    zoneName: point.zones.find((z) => z.id === incident.zoneId)?.name ?? null,
    label: incident.label,
    unit: incident.unit,
    unitName: unit?.name ?? null,
    start: isoInZone(incident.startMs, tz),
    end: incident.endMs === null ? null : isoInZone(incident.endMs, tz),
    durationSec: incident.durationSec,
    ...observedReport(incident, tz),
    score: Math.round(incident.peakScore * 1000) / 1000,
    new: input.created.has(incident.id),
    evidence: incident.evidence.map((e) => path.resolve(deployment.storageDir, e.path)),
  };
}

function dedupe(files: readonly UnreadableFile[]): UnreadableFile[] {
  const byPath = new Map<string, UnreadableFile>();
  for (const file of files) if (!byPath.has(file.path)) byPath.set(file.path, file);
  return [...byPath.values()];
}
