/**
 * One ledger row per incident, as text/number cells keyed by column, in the
 * report's language. The main snapshot is the one taken when the dwell
 * threshold was crossed (the violation's proof), else the first or last.
 * Pure: the spreadsheet and CSV writers only lay these out.
 */
import path from "node:path";
import type { PointConfig } from "../config/schema.js";
import type { ReportLang } from "../config/schema-report.js";
import type { Evidence } from "../incidents/types.js";
import { formatLocal } from "../time/time-zone.js";
import { words, type LedgerColumn } from "./labels.js";
import type { LedgerItem } from "./types.js";

export type LedgerCells = Record<Exclude<LedgerColumn, "thumbnail">, string | number>;

export interface LedgerRow {
  unit: string;
  cells: LedgerCells;
  /** Absolute path of the main snapshot, for the thumbnail; null when there is none. */
  snapshotPath: string | null;
}

export interface LedgerContext {
  lang: ReportLang;
  timeZone: string;
  points: readonly Pick<PointConfig, "id" | "name" | "category" | "zones">[];
  storageDir: string;
  /** board.publicUrl; the link is `${publicUrl}/incidents/<id>` (relative when unset). */
  publicUrl?: string;
}

const SNAPSHOT_ORDER = ["snapshot_threshold", "snapshot_first", "snapshot_last"] as const;

export function mainSnapshot(evidence: readonly Evidence[]): Evidence | undefined {
  for (const kind of SNAPSHOT_ORDER) {
    const found = evidence.find((e) => e.kind === kind);
    if (found) return found;
  }
  return undefined;
}

export function incidentLink(publicUrl: string | undefined, id: string): string {
  return `${(publicUrl ?? "").replace(/\/+$/, "")}/incidents/${encodeURIComponent(id)}`;
}

export function ledgerRow(item: LedgerItem, ctx: LedgerContext): LedgerRow {
  const w = words(ctx.lang);
  const { incident } = item;
  const point = ctx.points.find((p) => p.id === incident.pointId);
  const zone = point?.zones.find((z) => z.id === incident.zoneId);
  const snapshot = mainSnapshot(incident.evidence);
  const time = (ms: number | null): string => (ms === null ? "" : formatLocal(ms, ctx.timeZone));
  return {
    unit: item.unit,
    snapshotPath: snapshot ? path.resolve(ctx.storageDir, snapshot.path) : null,
    cells: {
      id: incident.id,
      point: point ? `${point.id} ${point.name}` : incident.pointId,
      category: point ? w.categories[point.category] : "",
      rule: w.rules[incident.rule],
      zone: zone?.name ?? incident.zoneId,
      plate: item.plate ?? "",
      start: time(incident.startMs),
      end: time(incident.endMs),
      duration: watchedDuration(incident, ctx.lang),
      state: `${w.states[item.state]}${item.overdue ? (ctx.lang === "en" ? " (overdue)" : "（超期）") : ""}`,
      assignee: item.assignee ?? "",
      deadline: time(item.deadlineMs),
      closingNote: item.note ?? "",
      recurrences: item.recurrenceCount,
      snapshotSha256: snapshot?.sha256 ?? "",
      link: incidentLink(ctx.publicUrl, incident.id),
    },
  };
}

/**
 * The violation's duration is its watched time: a stretch of the incident
 * nobody saw (a camera outage) is named beside it, never counted in it.
 */
export function watchedDuration(incident: Pick<LedgerItem["incident"], "observedSec" | "unseenSec">, lang: ReportLang): string {
  const watched = clock(incident.observedSec);
  if (incident.unseenSec <= 0) return watched;
  const unseen = clock(incident.unseenSec);
  return lang === "en" ? `${watched} (+${unseen} not seen)` : `${watched}（另有 ${unseen} 无画面）`;
}

/** 3725 s → "1:02:05". */
function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
