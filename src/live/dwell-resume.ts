/**
 * Dwell carried over a restart. A vehicle still parked when `kerbside run`
 * restarts is a new track to the new run's tracker; without help its dwell
 * would count from zero again and the open incident would only be continued
 * a whole threshold later. This hook (EpisodeBook's `resume`) finds, for a
 * new subject, an incident of the same point, rule and zone that a previous
 * run left open (last seen before this run started, within the store's merge
 * gap) with a matching box: the dwell counts from that incident's start, so
 * the same incident is continued at once, its start and threshold unchanged.
 * A dwell the previous run had under way but not yet at its threshold
 * (pending-dwell-store.ts) is continued the same way, when the restart took
 * no longer than the tracker's memory for a parked vehicle: the same gap a
 * camera drop may have while the dwell keeps counting. Each incident or
 * pending dwell is resumed by one subject at most; the time in between is
 * unseen, never violation time.
 */
import type { Box } from "../detect/types.js";
import { boxesMatch, DEFAULT_MERGE_GAP_MS } from "../incidents/incident-store.js";
import type { IncidentStore } from "../incidents/types.js";
import type { Logger } from "../log.js";
import type { DwellResume, PendingDwell } from "../rules/episode-book.js";
import type { PendingDwellStore } from "./pending-dwell-store.js";

export interface DwellResumeOptions {
  store: IncidentStore;
  pointId: string;
  /** When this run's live detection of the point started. */
  startedMs: number;
  /** An incident's box (recorded stream's pixels) in the live stream's pixels. */
  toStream: (box: Box) => Box;
  /** How long after its last sighting an incident may still be resumed. @defaultValue the store's merge gap (10 min) */
  withinMs?: number;
  /** The previous run's dwells below their threshold (none: only open incidents are resumed). */
  pending?: PendingDwellStore;
  /** How long after its last sighting a pending dwell may still be continued. @defaultValue the tracker's coast for a parked vehicle (60 s) */
  pendingWithinMs?: number;
  log: Logger;
}

/** SparseTracker's default maxCoastMs: a parked vehicle unseen longer than this is a new one. */
const TRACKER_MEMORY_MS = 60_000;

export function resumeDwells(options: DwellResumeOptions): DwellResume {
  const fromIncident = resumeOpenIncidents(options);
  const fromPending = resumePendingDwells(options);
  return (query) => fromIncident(query) ?? fromPending(query);
}

function resumeOpenIncidents(options: DwellResumeOptions): DwellResume {
  const { store, pointId, startedMs, log } = options;
  const withinMs = options.withinMs ?? DEFAULT_MERGE_GAP_MS;
  const taken = new Set<string>();
  return ({ rule, zoneId, box, timeMs }) => {
    const match = store
      .list({ pointId, rule, openOnly: true })
      .filter((i) => i.zoneId === zoneId && !taken.has(i.id) && i.lastSeenMs < startedMs && timeMs - i.lastSeenMs <= withinMs)
      .filter((i) => boxesMatch(options.toStream(i.box), box))
      .sort((a, b) => b.lastSeenMs - a.lastSeenMs)[0];
    if (!match) return undefined;
    taken.add(match.id);
    log.info({ incident: match.id, rule, zone: zoneId, unseenSec: Math.round((timeMs - match.lastSeenMs) / 1000) }, "live dwell resumed from an incident left open before the restart");
    return { startMs: match.startMs, lastSeenMs: match.lastSeenMs };
  };
}

function resumePendingDwells(options: DwellResumeOptions): DwellResume {
  const { pending, pointId, startedMs, log } = options;
  if (!pending) return () => undefined;
  const withinMs = options.pendingWithinMs ?? TRACKER_MEMORY_MS;
  // Read once: this run's own saves replace the rows from its first frame on.
  const left = pending.list(pointId).filter((d) => d.lastSeenMs < startedMs);
  const taken = new Set<PendingDwell>();
  return ({ rule, zoneId, box, timeMs }) => {
    const match = left.find((d) => d.rule === rule && d.zoneId === zoneId && !taken.has(d) && timeMs - d.lastSeenMs <= withinMs && boxesMatch(options.toStream(d.box), box));
    if (!match) return undefined;
    taken.add(match);
    log.info({ rule, zone: zoneId, dwellSec: Math.round((match.lastSeenMs - match.startMs) / 1000), unseenSec: Math.round((timeMs - match.lastSeenMs) / 1000) }, "live dwell resumed from a dwell under way before the restart");
    return { startMs: match.startMs, lastSeenMs: match.lastSeenMs };
  };
}
