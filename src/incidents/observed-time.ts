/**
 * Observed and unseen time of an incident. An incident keeps its identity
 * across a camera outage (the parked car seen before and after is one
 * incident), but only the time someone could see it counts as violation
 * time: `observed` is the union of its episodes' sightings (each episode
 * minus its own sampling gaps), `unseen` is the rest of [startMs,
 * lastSeenMs] — footage missing (camera offline, files lost), frames not
 * sampled, or the object out of sight between two episodes. Every backend
 * and every inspector-facing figure (reports, the pre-audit) goes through
 * these functions.
 */
import type { Interval } from "../footage/types.js";
import { clipIntervals, complement, mergeIntervals, totalMs } from "../footage/intervals.js";
import type { Episode } from "../rules/types.js";
import { isoInZone } from "../time/time-zone.js";
import type { Incident } from "./types.js";

export interface ObservedTime {
  /** Sorted, disjoint intervals within [startMs, lastSeenMs] when the violation was watched. */
  observed: Interval[];
  unseen: Interval[];
  /** durationSec = observedSec + unseenSec. */
  observedSec: number;
  unseenSec: number;
}

type Span = { startMs: number; lastSeenMs: number };

/** The intervals of an incident (or episode) span that were watched. */
export function observedIntervals(incident: Span & { observed: readonly Interval[] }): Interval[] {
  return clipIntervals(mergeIntervals(incident.observed), { fromMs: incident.startMs, toMs: incident.lastSeenMs });
}

/** What an episode watched: its span without the sampling gaps inside it. */
export function episodeObserved(episode: Pick<Episode, "startMs" | "lastSeenMs" | "unseen">): Interval[] {
  const span = { fromMs: episode.startMs, toMs: episode.lastSeenMs };
  return complement(mergeIntervals(clipIntervals(episode.unseen ?? [], span)), span);
}

/** Watched time of two sources together (an incident and an episode merging into it). */
export function unionObserved(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  return mergeIntervals([...a, ...b]);
}

export function observedTime(incident: Span & { observed: readonly Interval[] }): ObservedTime {
  const observed = observedIntervals(incident);
  const unseen = complement(observed, { fromMs: incident.startMs, toMs: incident.lastSeenMs });
  const durationSec = Math.max(0, Math.round((incident.lastSeenMs - incident.startMs) / 1000));
  const unseenSec = Math.min(durationSec, Math.round(totalMs(unseen) / 1000));
  return { observed, unseen, observedSec: durationSec - unseenSec, unseenSec };
}

/** The watched/unseen figures as reports print them (`kerbside scan --json`, the run summary). */
export interface ObservedReport {
  observedSec: number;
  unseenSec: number;
  /** ISO times with the zone's offset. */
  unseen: { from: string; to: string }[];
}

export function observedReport(incident: Pick<Incident, "observedSec" | "unseenSec" | "unseen">, timeZone: string): ObservedReport {
  return {
    observedSec: incident.observedSec,
    unseenSec: incident.unseenSec,
    unseen: incident.unseen.map((gap) => ({ from: isoInZone(gap.fromMs, timeZone), to: isoInZone(gap.toMs, timeZone) })),
  };
}

/** `300 s`, or `700 s (666 s watched, 34 s unseen)` when part of it nobody saw. */
export function durationText(report: { durationSec: number } & ObservedReport): string {
  if (report.unseenSec === 0) return `${report.durationSec} s`;
  return `${report.durationSec} s (${report.observedSec} s watched, ${report.unseenSec} s unseen)`;
}
