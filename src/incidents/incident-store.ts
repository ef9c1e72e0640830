/**
 * Backend-agnostic incident logic: when an episode continues an existing
 * incident, and how the two merge. Every IncidentStore backend uses these, so
 * re-scans and resumed scans behave the same whatever the storage.
 *
 * An episode merges into an incident of the same point, rule and zone when
 *   - their boxes overlap (IoU ≥ 0.3 for any of the episode's first, threshold
 *     or last box) or their ground points are within half a box size, and
 *   - their time spans overlap (a re-scan) or the gap between them is at most
 *     mergeGapMs (a resumed scan, a brief departure); default 10 minutes.
 * Merging takes the earliest start and threshold, the latest sighting, the
 * highest score, and the union of the watched time (a gap between the two is
 * unseen time: observed-time.ts); the incident stays open only when the newest sighting is
 * from a still-open episode. Label and unit keep their first values; the box
 * is the newest sighting's. Ids are `${pointId}-${yyyymmddHHMMss of the first
 * episode's start, UTC}-${rule}-${n}`.
 */
import type { Box } from "../detect/types.js";
import type { Episode } from "../rules/types.js";
import { boxSize, distance, groundPoint, iou } from "../track/box-geometry.js";
import { episodeObserved, unionObserved } from "./observed-time.js";
import type { Incident } from "./types.js";

export type { Incident, IncidentQuery, IncidentStore, RecordResult, Evidence, EvidenceKind } from "./types.js";

export const DEFAULT_MERGE_GAP_MS = 10 * 60_000;
export const MERGE_MIN_IOU = 0.3;

/** The fields of an incident that come from episodes (unseen time and the seconds are derived: observedTime()). */
export type IncidentCore = Omit<Incident, "id" | "evidence" | "createdAt" | "updatedAt" | "unseen" | "observedSec" | "unseenSec">;

export function boxesMatch(a: Box, b: Box): boolean {
  if (iou(a, b) >= MERGE_MIN_IOU) return true;
  return distance(groundPoint(a), groundPoint(b)) <= 0.5 * Math.min(boxSize(a), boxSize(b));
}

/** Gap between the incident's and the episode's spans; ≤ 0 when they overlap. */
export function timeGapMs(incident: Pick<Incident, "startMs" | "lastSeenMs">, episode: Pick<Episode, "startMs" | "lastSeenMs">): number {
  return Math.max(episode.startMs - incident.lastSeenMs, incident.startMs - episode.lastSeenMs);
}

export function episodeMatches(incident: IncidentCore, episode: Episode, mergeGapMs: number): boolean {
  if (incident.pointId !== episode.pointId || incident.rule !== episode.rule || incident.zoneId !== episode.zoneId) return false;
  if (timeGapMs(incident, episode) > mergeGapMs) return false;
  return [episode.firstBox, episode.thresholdBox, episode.lastBox].some((b) => boxesMatch(incident.box, b));
}

/** Of several matching incidents, the one closest in time, then most overlapping. */
export function bestMatch<T extends IncidentCore>(candidates: readonly T[], episode: Episode, mergeGapMs: number): T | undefined {
  const matching = candidates.filter((c) => episodeMatches(c, episode, mergeGapMs));
  const rank = (c: T): [number, number] => [Math.max(0, timeGapMs(c, episode)), -iou(c.box, episode.lastBox)];
  return matching.sort((a, b) => {
    const [ga, ia] = rank(a);
    const [gb, ib] = rank(b);
    return ga - gb || ia - ib;
  })[0];
}

function durationSec(startMs: number, lastSeenMs: number): number {
  return Math.max(0, Math.round((lastSeenMs - startMs) / 1000));
}

export function incidentFromEpisode(episode: Episode): IncidentCore {
  return {
    pointId: episode.pointId,
    rule: episode.rule,
    zoneId: episode.zoneId,
    zoneKind: episode.zoneKind,
    unit: episode.unit,
    label: episode.label,
    startMs: episode.startMs,
    thresholdMs: episode.thresholdMs,
    lastSeenMs: episode.lastSeenMs,
    endMs: episode.endMs,
    durationSec: durationSec(episode.startMs, episode.lastSeenMs),
    peakScore: episode.peakScore,
    box: { ...episode.lastBox },
    observed: episodeObserved(episode),
  };
}

export function mergeEpisode(incident: IncidentCore, episode: Episode): IncidentCore {
  const newer = episode.lastSeenMs > incident.lastSeenMs;
  const startMs = Math.min(incident.startMs, episode.startMs);
  const lastSeenMs = Math.max(incident.lastSeenMs, episode.lastSeenMs);
  return {
    ...incident,
    startMs,
    thresholdMs: Math.min(incident.thresholdMs, episode.thresholdMs),
    lastSeenMs,
    endMs: mergedEnd(incident, episode),
    durationSec: durationSec(startMs, lastSeenMs),
    peakScore: Math.max(incident.peakScore, episode.peakScore),
    box: newer ? { ...episode.lastBox } : incident.box,
    // A gap between the incident's and the episode's sightings stays unseen; a re-scan of footage filled in later (an NVR backfill) makes it observed.
    observed: unionObserved(incident.observed, episodeObserved(episode)),
  };
}

/** The newest sighting decides whether the incident is open; on a tie, closed wins. */
function mergedEnd(incident: IncidentCore, episode: Episode): number | null {
  if (episode.lastSeenMs > incident.lastSeenMs) return episode.endMs;
  if (episode.lastSeenMs === incident.lastSeenMs) return incident.endMs ?? episode.endMs;
  return incident.endMs;
}

const CORE_KEYS = [
  "pointId", "rule", "zoneId", "zoneKind", "unit", "label", "startMs", "thresholdMs", "lastSeenMs", "endMs", "durationSec", "peakScore",
] as const satisfies readonly (keyof IncidentCore)[];

export function sameCore(a: IncidentCore, b: IncidentCore): boolean {
  const sameBox = a.box.x1 === b.box.x1 && a.box.y1 === b.box.y1 && a.box.x2 === b.box.x2 && a.box.y2 === b.box.y2;
  return sameBox && CORE_KEYS.every((k) => a[k] === b[k]) && JSON.stringify(a.observed) === JSON.stringify(b.observed);
}

/** Stable, readable id prefix: `${pointId}-${yyyymmddHHMMss UTC}-${rule}`; the store appends `-${n}`. */
export function incidentIdPrefix(episode: Pick<Episode, "pointId" | "startMs" | "rule">): string {
  const stamp = new Date(episode.startMs).toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `${episode.pointId}-${stamp}-${episode.rule}`;
}
