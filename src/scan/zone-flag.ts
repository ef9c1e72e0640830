/**
 * Parses `--zone "KIND:x,y x,y x,y ..."` (normalised 0–1 coordinates) into a
 * config Zone, with an error that names the flag and what is wrong with it.
 */
import { ZONE_KINDS, ZoneSchema, type Zone, type ZoneKind } from "../config/schema.js";
import { KerbsideError } from "../errors.js";

export function parseZoneFlag(flag: string, index: number): Zone {
  const fail = (why: string): never => {
    throw new KerbsideError("KERB_ERR_ZONE", `--zone "${flag}": ${why}. Expected KIND:x,y x,y x,y with KIND one of ${ZONE_KINDS.join(", ")} and x,y in 0–1`);
  };
  const colon = flag.indexOf(":");
  if (colon < 0) fail("missing KIND: prefix");
  const kind = flag.slice(0, colon).trim();
  if (!(ZONE_KINDS as readonly string[]).includes(kind)) fail(`unknown zone kind "${kind}"`);
  const polygon = flag
    .slice(colon + 1)
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => parsePoint(pair, fail));
  if (polygon.length < 3) fail(`a zone polygon needs at least 3 points, got ${polygon.length}`);
  const zone = { id: `${kind}-${index + 1}`, kind: kind as ZoneKind, polygon };
  const checked = ZoneSchema.safeParse(zone);
  if (!checked.success) fail(checked.error.issues.map((i) => i.message).join("; "));
  return zone;
}

function parsePoint(pair: string, fail: (why: string) => never): [number, number] {
  const parts = pair.split(",");
  if (parts.length !== 2) return fail(`"${pair}" is not an x,y pair`);
  const [x, y] = parts.map((p) => Number(p)) as [number, number];
  if (!Number.isFinite(x) || !Number.isFinite(y)) return fail(`"${pair}" is not numeric`);
  if (x < 0 || x > 1 || y < 0 || y > 1) return fail(`"${pair}" is outside 0–1 (coordinates are normalised)`);
  return [x, y];
}
