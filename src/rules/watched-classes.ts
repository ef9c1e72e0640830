/** Labels the detector is asked for: the rules' classes, plus people when stalls are judged (a stall is stall-like objects with someone lingering). */
import type { ResolvedRule } from "./types.js";

export function watchedClasses(rules: readonly ResolvedRule[]): string[] {
  const stalls = rules.some((r) => r.kind === "stall_encroachment") ? ["person"] : [];
  return [...new Set([...rules.flatMap((r) => r.classes), ...stalls])];
}
