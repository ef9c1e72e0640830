/**
 * Greedy CTC decoding of the recogniser's output: the best class per time
 * step, repeats collapsed, blanks (class 0) dropped. Each kept character's
 * confidence is the highest probability among the steps it spans; its span
 * is kept so a plate-aware pass can look at the steps again.
 */
export interface DecodedText {
  text: string;
  confidences: number[];
  /** Per character: the first and last time step it spans. */
  spans: [number, number][];
}

/** The recogniser's raw output for one line: steps × classes probabilities. */
export interface StepProbabilities {
  probs: Float32Array;
  steps: number;
  classes: number;
}

export function ctcGreedyDecode(output: StepProbabilities, alphabet: readonly string[]): DecodedText {
  const { probs, steps, classes } = output;
  let text = "";
  const confidences: number[] = [];
  const spans: [number, number][] = [];
  let previous = 0;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -1;
    const row = t * classes;
    for (let k = 0; k < classes; k++) {
      const p = probs[row + k]!;
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    if (best !== 0 && best === previous) {
      confidences[confidences.length - 1] = Math.max(confidences[confidences.length - 1]!, bestP);
      spans[spans.length - 1]![1] = t;
    } else if (best !== 0) {
      text += alphabet[best] ?? "";
      confidences.push(bestP);
      spans.push([t, t]);
    }
    previous = best;
  }
  return { text, confidences, spans };
}

/** The most probable of `allowed` classes over steps [from, to]: its class and probability. */
export function bestAmong(output: StepProbabilities, allowed: readonly number[], from: number, to: number): { index: number; p: number } {
  let index = allowed[0] ?? 0;
  let p = 0;
  for (let t = Math.max(0, from); t <= Math.min(output.steps - 1, to); t++) {
    for (const k of allowed) {
      const v = output.probs[t * output.classes + k]!;
      if (v > p) {
        p = v;
        index = k;
      }
    }
  }
  return { index, p };
}
