/**
 * Detectors flip between similar classes from one frame to the next (the same
 * van is "car", then "truck"). Labels in one group match each other; a track
 * reports the label it was seen as most (score-weighted).
 */

/** Default groups: motor vehicles, and two-wheelers (e-bikes show up as either). */
export const DEFAULT_LABEL_GROUPS: readonly (readonly string[])[] = [
  ["car", "truck", "bus"],
  ["bicycle", "motorcycle"],
];

export type LabelGrouper = (label: string) => string;

/** Maps a label to its group key; a label in no group is its own group. */
export function labelGrouper(groups: readonly (readonly string[])[]): LabelGrouper {
  const byLabel = new Map<string, string>();
  for (const group of groups) {
    const key = group.join("|");
    for (const label of group) byLabel.set(label, key);
  }
  return (label) => byLabel.get(label) ?? label;
}

/** Score-weighted votes per label. */
export class LabelVotes {
  private readonly votes = new Map<string, number>();

  add(label: string, score: number): void {
    this.votes.set(label, (this.votes.get(label) ?? 0) + Math.max(score, 1e-6));
  }

  /** The label with the most weight; ties go to the label voted for first. */
  majority(): string {
    let best = "";
    let bestWeight = -1;
    for (const [label, weight] of this.votes) {
      if (weight > bestWeight) {
        best = label;
        bestWeight = weight;
      }
    }
    return best;
  }
}
