/**
 * Chinese plate formats (GA 36-2018) as pure functions: normalising what the
 * recogniser printed and refusing what no real plate can be. A reading that
 * does not match a format is never reported as read.
 *
 *   regular      浙A·12345   province, issuing letter, 5 letters/digits (blue or yellow)
 *   special      浙A·1234警  4 letters/digits + 警 (white), 挂 学 (yellow), 港 澳 (black)
 *   new energy   浙A·D12345  small car: D/F + letter/digit + 4 digits (green, 8 characters)
 *                浙A·12345D  large vehicle: 5 digits + D/F
 */
import type { PlateKind } from "./types.js";

export const PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/** Plates use no I (too like 1) and no O except as issuing letter of some police plates. */
const LETTER = "A-HJ-NP-Z";
const SERIAL = `[${LETTER}0-9]`;
const PROVINCE = `[${PROVINCES}]`;
const ISSUER = "[A-HJ-Z]";

const FORMATS: { pattern: RegExp; kind: PlateKind | null }[] = [
  { pattern: new RegExp(`^${PROVINCE}${ISSUER}[DF]${SERIAL}\\d{4}$`), kind: "green" },
  { pattern: new RegExp(`^${PROVINCE}${ISSUER}\\d{5}[DF]$`), kind: "green" },
  { pattern: new RegExp(`^${PROVINCE}${ISSUER}${SERIAL}{4}警$`), kind: "white" },
  { pattern: new RegExp(`^${PROVINCE}${ISSUER}${SERIAL}{4}[挂学]$`), kind: "yellow" },
  { pattern: new RegExp(`^粤Z${SERIAL}{4}[港澳]$`), kind: "black" },
  // Regular plates: blue or yellow, told apart by colour only.
  { pattern: new RegExp(`^${PROVINCE}${ISSUER}${SERIAL}{5}$`), kind: null },
];

/** Separators and look-alikes the recogniser prints between or instead of plate characters. */
const SEPARATORS = /[\s·・•.\-_:：,，。]/g;

/** Strips separators, folds full-width forms (NFKC) and upper-cases: the bare characters. */
export function bareCharacters(raw: string): string {
  return raw.normalize("NFKC").replace(SEPARATORS, "").toUpperCase();
}

export interface PlateFormat {
  /** With the separator after the issuing letter, e.g. 浙A·D1234. */
  plate: string;
  /** The kind the format implies, or null when only the colour can tell (regular plates). */
  kind: PlateKind | null;
}

/** The normalised plate and the kind its format implies, or null when it is no valid plate. */
export function parsePlate(raw: string): PlateFormat | null {
  const bare = bareCharacters(raw);
  const format = FORMATS.find((f) => f.pattern.test(bare));
  if (format === undefined) return null;
  return { plate: `${bare.slice(0, 2)}·${bare.slice(2)}`, kind: format.kind };
}

/** The plate's kind: the format's when it implies one, else the colour (regular plates are blue or yellow). */
export function plateKind(format: PlateFormat, colour: PlateKind | null): PlateKind | null {
  if (format.kind !== null) return format.kind;
  return colour === "blue" || colour === "yellow" ? colour : null;
}
