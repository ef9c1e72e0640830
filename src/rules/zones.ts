/**
 * Zones: polygons in normalised image coordinates (0–1) with a kind. An object
 * is in a zone when its ground point (bottom centre of its box) is inside the
 * polygon. Zones are checked once when a point's rules are built; a broken
 * zone is an error naming the point and the zone, never "no zone".
 */
import type { Box } from "../detect/types.js";
import type { Deployment, PointConfig, Schedules, TimeWindow, Zone } from "../config/schema.js";
import { KerbsideError } from "../errors.js";
import { groundPoint, type Point2 } from "../track/box-geometry.js";
import { isInWindows, resolveSchedules } from "./schedule.js";

export { groundPoint };

/** Smallest polygon area accepted, as a fraction of the image (0.01 %). */
export const MIN_ZONE_AREA = 1e-4;

/** A validated zone with its schedule looked up. */
export interface CompiledZone {
  zone: Zone;
  /** Windows during which the zone counts; null = always. */
  activeWindows: TimeWindow[] | null;
}

/** Ray casting on normalised coordinates; points on an edge may fall either way. */
export function pointInPolygon(x: number, y: number, polygon: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a pixel position lies in the zone, for a frame of the given size. */
export function zoneContainsPixel(zone: Zone, p: Point2, frameWidth: number, frameHeight: number): boolean {
  return pointInPolygon(p.x / frameWidth, p.y / frameHeight, zone.polygon);
}

/** Whether a box's ground point lies in the zone. */
export function zoneContainsBox(zone: Zone, box: Box, frameWidth: number, frameHeight: number): boolean {
  return zoneContainsPixel(zone, groundPoint(box), frameWidth, frameHeight);
}

export function isZoneActive(zone: CompiledZone, instantMs: number, timeZone: string): boolean {
  return zone.activeWindows === null || isInWindows(zone.activeWindows, instantMs, timeZone);
}

/** Zones (whatever their schedule) containing the box's ground point, in the given order. */
export function zonesContainingBox(zones: readonly CompiledZone[], box: Box, frameWidth: number, frameHeight: number): CompiledZone[] {
  const g = groundPoint(box);
  return zones.filter((z) => zoneContainsPixel(z.zone, g, frameWidth, frameHeight));
}

/** Active zones containing the box's ground point, in config order. */
export function zonesContaining(
  zones: readonly CompiledZone[],
  box: Box,
  frame: { width: number; height: number; timeMs: number; timeZone: string },
): CompiledZone[] {
  const g = groundPoint(box);
  return zones.filter(
    (z) => zoneContainsPixel(z.zone, g, frame.width, frame.height) && isZoneActive(z, frame.timeMs, frame.timeZone),
  );
}

/** Shoelace area (absolute) of a normalised polygon. */
export function polygonArea(polygon: readonly (readonly [number, number])[]): number {
  let twice = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    twice += xj * yi - xi * yj;
  }
  return Math.abs(twice) / 2;
}

/** Whether two non-adjacent edges of the polygon cross. */
export function isSelfIntersecting(polygon: readonly (readonly [number, number])[]): boolean {
  const n = polygon.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsCross(polygon[i]!, polygon[(i + 1) % n]!, polygon[j]!, polygon[(j + 1) % n]!)) return true;
    }
  }
  return false;
}

type P = readonly [number, number];

function orient(a: P, b: P, c: P): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

function segmentsCross(a: P, b: P, c: P, d: P): boolean {
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}

/**
 * What is wrong with a polygon's geometry, or undefined when it is usable.
 * One check per zone, so the config loader can list every bad zone at once.
 */
export function zoneGeometryProblem(polygon: readonly (readonly [number, number])[]): string | undefined {
  if (polygon.length < 3) return "a polygon needs at least 3 vertices";
  if (polygon.some(([x, y]) => !(x >= 0 && x <= 1 && y >= 0 && y <= 1))) return "vertices must be normalised (0–1)";
  if (isSelfIntersecting(polygon)) return "polygon edges cross each other; list the vertices in order around the zone";
  if (polygonArea(polygon) < MIN_ZONE_AREA) return "polygon has (almost) no area; check the vertex order and values";
  return undefined;
}

/** Checks every zone of a point and looks up its schedule; throws KERB_ERR_ZONE naming point and zone. */
export function compileZones(point: Pick<PointConfig, "id" | "zones">, schedules: Schedules): CompiledZone[] {
  const seen = new Set<string>();
  return point.zones.map((zone) => {
    const fail = (why: string): never => {
      throw new KerbsideError("KERB_ERR_ZONE", `point ${point.id}, zone ${zone.id}: ${why}`);
    };
    if (seen.has(zone.id)) fail("duplicate zone id");
    seen.add(zone.id);
    const problem = zoneGeometryProblem(zone.polygon);
    if (problem !== undefined) fail(problem);
    const name = zone.activeDuring;
    if (name !== undefined && !schedules[name]) fail(`activeDuring names unknown schedule "${name}"`);
    return { zone, activeWindows: name === undefined ? null : schedules[name]! };
  });
}

/** For the config loader: checks a point's zones at load time (throws KERB_ERR_ZONE). */
export function validatePointZones(
  deployment: Pick<Deployment, "schedules">,
  point: Pick<PointConfig, "id" | "zones" | "schedules">,
): void {
  compileZones(point, resolveSchedules(deployment, point));
}
