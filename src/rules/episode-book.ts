/**
 * The episode life cycle, per (rule, zone, subject): a subject at rest in a
 * watched zone accumulates dwell; crossing the threshold opens an episode;
 * later sightings update it; leaving (moving, leaving the zone, being
 * dropped, the rule or zone going inactive) or the end of footage closes it.
 * Dwell only counts sightings: a subject coasting through a miss neither
 * opens nor updates an episode, and the episode ends at its last sighting.
 * A `resume` hook (live detection after a restart) may say that a new
 * subject's dwell began earlier, in an episode a previous run left open: the
 * dwell then counts from that start (not from zero again), and the time in
 * between, when nothing watched, is unseen.
 */
import type { Box } from "../detect/types.js";
import type { Interval } from "../footage/types.js";
import type { RuleKind, Zone } from "../config/schema.js";
import type { Subject } from "./subjects.js";
import type { Episode, EpisodeEvent } from "./types.js";

/** A subject inside a watched zone in this frame. */
export interface Presence {
  subject: Subject;
  zone: Zone;
  /** When the subject's dwell in this zone starts counting. */
  dwellStartMs: number;
}

/** Where a new subject's dwell began before this run, if it continues an episode a previous run left open. */
export type DwellResume = (query: { rule: RuleKind; zoneId: string; box: Box; timeMs: number }) => { startMs: number; lastSeenMs: number } | undefined;

export interface StepContext {
  rule: RuleKind;
  unit: string;
  timeMs: number;
  minDwellMs: number;
}

interface Candidate {
  subjectRef: string;
  rule: RuleKind;
  zoneId: string;
  startMs: number;
  firstBox: Box;
  episode: Episode | null;
  /** Sampling gaps since the dwell started. */
  unseen: Interval[];
  /** The latest sighting while the dwell is still below its threshold (null: not seen yet). */
  lastSighting: { timeMs: number; box: Box } | null;
}

/** A dwell under way, not yet at its threshold: what a restart needs to carry it on (live/pending-dwell-store.ts). */
export interface PendingDwell {
  rule: RuleKind;
  zoneId: string;
  startMs: number;
  lastSeenMs: number;
  box: Box;
}

export class EpisodeBook {
  private readonly candidates = new Map<string, Candidate>();

  constructor(
    private readonly pointId: string,
    private readonly resume?: DwellResume,
  ) {}

  /** One rule's presences in one frame → the events they cause. */
  step(ctx: StepContext, presences: readonly Presence[]): EpisodeEvent[] {
    const events: EpisodeEvent[] = [];
    const present = new Set<string>();
    for (const p of presences) {
      const key = `${ctx.rule}:${p.zone.id}:${p.subject.id}`;
      if (present.has(key)) continue;
      present.add(key);
      const event = this.advance(key, p, ctx);
      if (event) events.push(event);
    }
    for (const [key, c] of this.candidates) if (c.rule === ctx.rule && !present.has(key)) events.push(...this.drop(key, c));
    return events;
  }

  /**
   * No frame was sampled in `gap` (a hole in the footage within a scan): the
   * episodes and dwells under way were not watched then. Kept on the episode
   * (Episode.unseen), so the gap never counts as violation time.
   */
  noteUnseen(gap: Interval): void {
    for (const c of this.candidates.values()) {
      c.unseen.push({ ...gap });
      if (c.episode) c.episode.unseen = [...(c.episode.unseen ?? []), { ...gap }];
    }
  }

  /** Closes every open episode (end of footage, or a rule switched off). */
  closeAll(rule?: RuleKind): EpisodeEvent[] {
    return [...this.candidates].flatMap(([key, c]) => (rule === undefined || c.rule === rule ? this.drop(key, c) : []));
  }

  /** The dwells under way that have not reached their threshold, each with its latest sighting. */
  pending(): PendingDwell[] {
    const out: PendingDwell[] = [];
    for (const c of this.candidates.values()) {
      if (c.episode || !c.lastSighting) continue;
      out.push({ rule: c.rule, zoneId: c.zoneId, startMs: c.startMs, lastSeenMs: c.lastSighting.timeMs, box: c.lastSighting.box });
    }
    return out;
  }

  /** Whether the subject already has an open episode under another rule (one episode per object). */
  claimedByOther(subjectRef: string, rule: RuleKind): boolean {
    for (const c of this.candidates.values()) if (c.subjectRef === subjectRef && c.rule !== rule && c.episode) return true;
    return false;
  }

  private advance(key: string, p: Presence, ctx: StepContext): EpisodeEvent | null {
    const { subject } = p;
    let c = this.candidates.get(key);
    if (!c) {
      c = this.candidate(p, ctx);
      this.candidates.set(key, c);
    }
    if (!subject.seen) return null;
    const episode = c.episode;
    if (episode) {
      if (subject.lastSeenMs <= episode.lastSeenMs) return null;
      Object.assign(episode, {
        lastSeenMs: subject.lastSeenMs,
        lastBox: subject.box,
        label: subject.label,
        peakScore: Math.max(episode.peakScore, subject.peakScore),
      });
      return { type: "updated", episode: copy(episode) };
    }
    c.lastSighting = { timeMs: subject.lastSeenMs, box: subject.box };
    if (subject.lastSeenMs - c.startMs < ctx.minDwellMs || this.claimedByOther(subject.ref, ctx.rule)) return null;
    c.episode = this.open(key, c, p, ctx);
    return { type: "opened", episode: copy(c.episode) };
  }

  private candidate(p: Presence, ctx: StepContext): Candidate {
    const { subject } = p;
    const fresh: Candidate = { subjectRef: subject.ref, rule: ctx.rule, zoneId: p.zone.id, startMs: p.dwellStartMs, firstBox: subject.box, episode: null, unseen: [], lastSighting: null };
    const earlier = this.resume?.({ rule: ctx.rule, zoneId: p.zone.id, box: subject.box, timeMs: p.dwellStartMs });
    if (!earlier || earlier.startMs >= p.dwellStartMs) return fresh;
    const unseen = earlier.lastSeenMs < p.dwellStartMs ? [{ fromMs: earlier.lastSeenMs, toMs: p.dwellStartMs }] : [];
    return { ...fresh, startMs: earlier.startMs, unseen };
  }

  private open(key: string, c: Candidate, p: Presence, ctx: StepContext): Episode {
    const { subject, zone } = p;
    return {
      key,
      pointId: this.pointId,
      rule: ctx.rule,
      zoneId: zone.id,
      zoneKind: zone.kind,
      unit: ctx.unit,
      label: subject.label,
      trackId: subject.id,
      startMs: c.startMs,
      thresholdMs: subject.lastSeenMs,
      lastSeenMs: subject.lastSeenMs,
      endMs: null,
      peakScore: subject.peakScore,
      firstBox: c.firstBox,
      thresholdBox: subject.box,
      lastBox: subject.box,
      unseen: c.unseen.filter((gap) => gap.toMs > c.startMs),
    };
  }

  private drop(key: string, c: Candidate): EpisodeEvent[] {
    this.candidates.delete(key);
    if (!c.episode) return [];
    return [{ type: "closed", episode: { ...copy(c.episode), endMs: c.episode.lastSeenMs } }];
  }
}

function copy(episode: Episode): Episode {
  return { ...episode, unseen: (episode.unseen ?? []).map((gap) => ({ ...gap })) };
}
