/**
 * Greedy assignment: take the best-scoring (track, detection) pair, remove
 * both, repeat. With a handful of objects per frame this matches Hungarian
 * assignment in practice and is easy to reason about.
 */

export interface MatchCandidate {
  track: number;
  detection: number;
  /** Higher is better. */
  score: number;
}

export interface MatchResult {
  pairs: { track: number; detection: number }[];
  unmatchedTracks: number[];
  unmatchedDetections: number[];
}

export function greedyMatch(candidates: readonly MatchCandidate[], trackCount: number, detectionCount: number): MatchResult {
  const sorted = [...candidates].sort((a, b) => b.score - a.score || a.track - b.track || a.detection - b.detection);
  const usedTracks = new Set<number>();
  const usedDetections = new Set<number>();
  const pairs: MatchResult["pairs"] = [];
  for (const c of sorted) {
    if (usedTracks.has(c.track) || usedDetections.has(c.detection)) continue;
    usedTracks.add(c.track);
    usedDetections.add(c.detection);
    pairs.push({ track: c.track, detection: c.detection });
  }
  return {
    pairs,
    unmatchedTracks: range(trackCount).filter((i) => !usedTracks.has(i)),
    unmatchedDetections: range(detectionCount).filter((i) => !usedDetections.has(i)),
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
