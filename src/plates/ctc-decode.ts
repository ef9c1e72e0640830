/**
 * Greedy CTC decoding of the recogniser's output: the best class per time
 * step, repeats collapsed, blanks (class 0) dropped. Each kept character's
 * confidence is the highest probability among the steps it spans.
 */
export interface DecodedText {
  text: string;
  confidences: number[];
}

export function ctcGreedyDecode(probs: Float32Array, steps: number, classes: number, alphabet: readonly string[]): DecodedText {
  let text = "";
  const confidences: number[] = [];
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
    } else if (best !== 0) {
      text += alphabet[best] ?? "";
      confidences.push(bestP);
    }
    previous = best;
  }
  return { text, confidences };
}
