/**
 * A tracker for sparse sampling: frames seconds apart, where moving objects
 * jump far between samples and parked ones barely move. Each track keeps an
 * anchor (where it stood still); it is stationary once seen at its anchor in
 * two samples, and stays so through brief misses, occlusions and label flips.
 * Moving traffic overlaps nothing between samples, so it re-anchors every
 * sample and never accumulates stationary time.
 *
 * Matching is greedy on IoU plus centre closeness, within label groups
 * (car/truck/bus, bicycle/motorcycle). A stationary track is continued only by
 * a detection overlapping it, so passing traffic cannot take it over while it
 * is missed. A track is reported once seen minHits times; a stationary one
 * coasts through misses for max(maxCoastMs, maxMisses sampling intervals),
 * keeping its id and its stationarySinceMs. Times are wall-clock epoch ms and
 * must increase from call to call.
 */
import type { Box, Detection } from "../detect/types.js";
import type { FrameObservation, TrackedObject } from "../rules/types.js";
import { boxCentre, boxSize, containment, distance, groundPoint, iou } from "./box-geometry.js";
import { greedyMatch, type MatchCandidate } from "./greedy-match.js";
import { DEFAULT_LABEL_GROUPS, LabelVotes, labelGrouper, type LabelGrouper } from "./label-groups.js";

export interface SparseTrackerOptions {
  /** Min IoU for a detection to continue a track. @defaultValue 0.2 */
  matchIou?: number;
  /** Max centre distance, in track box sizes, to continue a MOVING track without overlap. @defaultValue 1.5 */
  matchDistance?: number;
  /** Ground-point movement, in anchor box sizes, still counted as standing still. @defaultValue 0.25 */
  stationaryTolerance?: number;
  /** Relative change of box size still counted as standing still. @defaultValue 0.35 */
  sizeTolerance?: number;
  /** A box overlapping its anchor box at least this much also counts as standing still. @defaultValue 0.6 */
  stationaryIou?: number;
  /** Consecutive off-anchor samples before a stationary track counts as moved (occlusion guard). @defaultValue 2 */
  moveConfirmSamples?: number;
  /** An off-anchor box lying at least this much inside the anchor box is a partial view (occlusion), not a move. @defaultValue 0.7 */
  occlusionContainment?: number;
  /** Samples a track must be seen in before it is reported. @defaultValue 2 */
  minHits?: number;
  /** Misses a confirmed moving track survives. @defaultValue 3 */
  maxMisses?: number;
  /** Misses a tentative (not yet confirmed) track survives: low-recall objects can still confirm. @defaultValue 1 */
  maxTentativeMisses?: number;
  /** Time a STATIONARY track coasts through misses. @defaultValue 60000 */
  maxCoastMs?: number;
  /** Same-group detections overlapping this much in one frame are one object. @defaultValue 0.7 */
  duplicateIou?: number;
  /** Labels that match each other. @defaultValue car/truck/bus and bicycle/motorcycle */
  labelGroups?: readonly (readonly string[])[];
}

type Settings = Required<Omit<SparseTrackerOptions, "labelGroups">>;

const DEFAULTS: Settings = {
  matchIou: 0.2,
  matchDistance: 1.5,
  stationaryTolerance: 0.25,
  sizeTolerance: 0.35,
  stationaryIou: 0.6,
  moveConfirmSamples: 2,
  occlusionContainment: 0.7,
  minHits: 2,
  maxMisses: 3,
  maxTentativeMisses: 1,
  maxCoastMs: 60_000,
  duplicateIou: 0.7,
};

interface Track {
  id: number;
  group: string;
  votes: LabelVotes;
  box: Box;
  score: number;
  peakScore: number;
  firstSeenMs: number;
  lastSeenMs: number;
  hits: number;
  misses: number;
  anchorBox: Box;
  anchorSinceMs: number;
  anchorHits: number;
  offAnchorHits: number;
}

export class SparseTracker {
  private readonly settings: Settings;
  private readonly groupOf: LabelGrouper;
  private tracks: Track[] = [];
  private nextId = 1;
  private lastTimeMs: number | null = null;
  private intervals: number[] = [];

  constructor(options: SparseTrackerOptions = {}) {
    this.settings = { ...DEFAULTS, ...definedOnly(options) };
    this.groupOf = labelGrouper(options.labelGroups ?? DEFAULT_LABEL_GROUPS);
  }

  /** Feeds one sampled frame (times strictly increasing) and reports the confirmed tracks. */
  update(timeMs: number, detections: readonly Detection[], frameWidth: number, frameHeight: number): FrameObservation {
    this.advanceClock(timeMs);
    this.expire(timeMs);
    const dets = this.dedupe(detections);
    const { pairs, unmatchedTracks, unmatchedDetections } = greedyMatch(this.candidates(dets), this.tracks.length, dets.length);
    for (const { track, detection } of pairs) this.observe(this.tracks[track]!, dets[detection]!, timeMs);
    const missed = new Set(unmatchedTracks.map((i) => this.tracks[i]!));
    for (const track of missed) track.misses += 1;
    this.tracks = this.tracks.filter((t) => !missed.has(t) || this.survivesMiss(t, timeMs));
    for (const i of unmatchedDetections) this.tracks.push(this.newTrack(dets[i]!, timeMs));
    return { timeMs, frameWidth, frameHeight, tracks: this.report() };
  }

  /** Forgets every track (e.g. before a segment that does not continue the last one). */
  reset(): void {
    this.tracks = [];
    this.lastTimeMs = null;
    this.intervals = [];
  }

  private advanceClock(timeMs: number): void {
    if (this.lastTimeMs !== null) {
      if (timeMs <= this.lastTimeMs) throw new RangeError(`tracker time went backwards: ${timeMs} after ${this.lastTimeMs}`);
      this.intervals = [...this.intervals.slice(-1), timeMs - this.lastTimeMs];
    }
    this.lastTimeMs = timeMs;
  }

  /** How long a track may go unseen: maxCoastMs or maxMisses typical intervals, whichever is larger. */
  private coastLimitMs(): number {
    const nominal = this.intervals.length > 0 ? Math.min(...this.intervals) : 0;
    return Math.max(this.settings.maxCoastMs, this.settings.maxMisses * nominal);
  }

  /** Drops tracks unseen for longer than the coast limit (a gap in the footage, say). */
  private expire(timeMs: number): void {
    const limit = this.coastLimitMs();
    this.tracks = this.tracks.filter((t) => timeMs - t.lastSeenMs <= limit);
  }

  /** Tentative tracks survive maxTentativeMisses; stationary ones coast up to the coast limit; others maxMisses. */
  private survivesMiss(track: Track, timeMs: number): boolean {
    if (track.hits < this.settings.minHits) return track.misses <= this.settings.maxTentativeMisses;
    if (isStationary(track)) return track.misses <= this.settings.maxMisses || timeMs - track.lastSeenMs <= this.coastLimitMs();
    return track.misses <= this.settings.maxMisses;
  }

  private dedupe(detections: readonly Detection[]): Detection[] {
    const kept: Detection[] = [];
    for (const det of [...detections].sort((a, b) => b.score - a.score)) {
      const group = this.groupOf(det.label);
      const dup = kept.some((k) => this.groupOf(k.label) === group && iou(k.box, det.box) >= this.settings.duplicateIou);
      if (!dup) kept.push(det);
    }
    return kept;
  }

  private candidates(dets: readonly Detection[]): MatchCandidate[] {
    const out: MatchCandidate[] = [];
    this.tracks.forEach((track, ti) => {
      dets.forEach((det, di) => {
        const score = this.pairScore(track, det);
        if (score !== null) out.push({ track: ti, detection: di, score });
      });
    });
    return out;
  }

  /** Match quality, or null when the detection cannot continue the track. */
  private pairScore(track: Track, det: Detection): number | null {
    if (this.groupOf(det.label) !== track.group) return null;
    const overlap = iou(track.box, det.box);
    const reach = this.settings.matchDistance * boxSize(track.box);
    const closeness = Math.max(0, 1 - distance(boxCentre(track.box), boxCentre(det.box)) / reach);
    if (overlap >= this.settings.matchIou) return 1 + overlap + closeness;
    // A parked object is only continued by a detection overlapping it, so
    // passing traffic cannot hijack it while it is briefly missed.
    if (!isStationary(track) && closeness > 0) return closeness;
    return null;
  }

  private observe(track: Track, det: Detection, timeMs: number): void {
    track.votes.add(det.label, det.score);
    track.box = det.box;
    track.score = det.score;
    track.peakScore = Math.max(track.peakScore, det.score);
    track.lastSeenMs = timeMs;
    track.hits += 1;
    track.misses = 0;
    this.updateAnchor(track, det.box, timeMs);
  }

  private updateAnchor(track: Track, box: Box, timeMs: number): void {
    if (this.atAnchor(track.anchorBox, box)) {
      track.anchorHits += 1;
      track.offAnchorHits = 0;
      return;
    }
    track.offAnchorHits += 1;
    const partial = containment(box, track.anchorBox) >= this.settings.occlusionContainment;
    if (isStationary(track) && partial && track.offAnchorHits < this.settings.moveConfirmSamples) return;
    track.anchorBox = box;
    track.anchorSinceMs = timeMs;
    track.anchorHits = 1;
    track.offAnchorHits = 0;
  }

  private atAnchor(anchor: Box, box: Box): boolean {
    const size = boxSize(anchor);
    const moved = distance(groundPoint(anchor), groundPoint(box));
    const sizeChange = Math.abs(boxSize(box) / size - 1);
    const still = moved <= this.settings.stationaryTolerance * size && sizeChange <= this.settings.sizeTolerance;
    return still || iou(anchor, box) >= this.settings.stationaryIou;
  }

  private newTrack(det: Detection, timeMs: number): Track {
    const votes = new LabelVotes();
    votes.add(det.label, det.score);
    return {
      id: this.nextId++,
      group: this.groupOf(det.label),
      votes,
      box: det.box,
      score: det.score,
      peakScore: det.score,
      firstSeenMs: timeMs,
      lastSeenMs: timeMs,
      hits: 1,
      misses: 0,
      anchorBox: det.box,
      anchorSinceMs: timeMs,
      anchorHits: 1,
      offAnchorHits: 0,
    };
  }

  private report(): TrackedObject[] {
    return this.tracks
      .filter((t) => t.hits >= this.settings.minHits)
      .map((t) => ({
        trackId: t.id,
        label: t.votes.majority(),
        box: { ...t.box },
        score: t.score,
        peakScore: t.peakScore,
        firstSeenMs: t.firstSeenMs,
        lastSeenMs: t.lastSeenMs,
        stationary: isStationary(t),
        stationarySinceMs: isStationary(t) ? t.anchorSinceMs : null,
        misses: t.misses,
      }));
  }
}

/** Seen at its anchor in at least two samples. */
function isStationary(track: Track): boolean {
  return track.anchorHits >= 2;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
