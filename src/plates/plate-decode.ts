/**
 * Plate-aware corrections of a recogniser reading, the way plate readers
 * constrain a general OCR model to the plate's grammar:
 * - the first character of a plate is a province: when the model printed
 *   another character there (a complex glyph like 赣 read as 精), or dropped
 *   it at the plate's left edge, the most probable province over those time
 *   steps is taken instead, keeping its own (lower) confidence;
 * - plates never use I or O after the issuing letter, so read there they are 1 and 0.
 * Nothing here makes an invalid reading valid by itself: the format check
 * (plate-format.ts) still decides, and per-character confidences stay honest.
 */
import { bestAmong, type DecodedText, type StepProbabilities } from "./ctc-decode.js";
import { PROVINCES } from "./plate-format.js";

/** Below this a province taken from the steps is not believed. */
const MIN_PROVINCE_P = 0.3;
const SEPARATOR = /[\s·・•.\-_:：,，。*]/;
const ISSUER = /^[A-Z]$/;

function provinceClasses(alphabet: readonly string[]): number[] {
  return [...PROVINCES].map((p) => alphabet.indexOf(p)).filter((i) => i > 0);
}

function withoutSeparators(decoded: DecodedText): DecodedText {
  const keep = [...decoded.text].map((ch) => !SEPARATOR.test(ch));
  return {
    text: [...decoded.text].filter((_, i) => keep[i]).join(""),
    confidences: decoded.confidences.filter((_, i) => keep[i]),
    spans: decoded.spans.filter((_, i) => keep[i]),
  };
}

function fixProvince(d: DecodedText, output: StepProbabilities, alphabet: readonly string[]): DecodedText {
  const chars = [...d.text];
  const provinces = provinceClasses(alphabet);
  if (chars.length === 0 || PROVINCES.includes(chars[0]!)) return d;
  if (ISSUER.test(chars[0]!)) {
    // Dropped: look in the steps before the issuing letter.
    const best = bestAmong(output, provinces, 0, d.spans[0]![0] - 1);
    if (best.p < MIN_PROVINCE_P) return d;
    return { text: alphabet[best.index]! + d.text, confidences: [best.p, ...d.confidences], spans: [[0, d.spans[0]![0] - 1], ...d.spans] };
  }
  if (ISSUER.test(chars[1] ?? "")) {
    // Misread: the best province over the character's own steps.
    const [from, to] = d.spans[0]!;
    const best = bestAmong(output, provinces, from - 1, to + 1);
    if (best.p < MIN_PROVINCE_P) return d;
    return { ...d, text: alphabet[best.index]! + chars.slice(1).join(""), confidences: [best.p, ...d.confidences.slice(1)] };
  }
  return d;
}

function fixSerial(d: DecodedText): DecodedText {
  const chars = [...d.text];
  const fixed = chars.map((ch, i) => (i >= 2 ? ch.replace("O", "0").replace("I", "1") : ch));
  return { ...d, text: fixed.join("") };
}

export function plateAwareReading(decoded: DecodedText, output: StepProbabilities, alphabet: readonly string[]): DecodedText {
  return fixSerial(fixProvince(withoutSeparators(decoded), output, alphabet));
}
