/**
 * NVR playback URLs from templates with time placeholders, so any vendor's
 * time-range URL can be configured without vendor code:
 *   Hikvision  …/Streaming/tracks/101?starttime={start:YYYYMMDDTHHmmss}Z&endtime={end:YYYYMMDDTHHmmss}Z
 *   Dahua      …/cam/playback?channel=1&starttime={start:YYYY_MM_DD_HH_mm_ss}&endtime={end:YYYY_MM_DD_HH_mm_ss}
 * Tokens: YYYY MM DD HH mm ss; anything else in the format is literal.
 * `{start}` alone means {start:YYYYMMDDTHHmmss}. Times are rendered in UTC or
 * in the deployment's local zone, as the NVR expects.
 */
import { KerbsideError } from "../errors.js";
import { wallClockAt, type WallClock } from "../time/time-zone.js";

const PLACEHOLDER = /\{([a-zA-Z]+)(?::([^}]*))?\}/g;
const TOKENS = /YYYY|MM|DD|HH|mm|ss/g;

export interface PlaybackTimes {
  fromMs: number;
  toMs: number;
  /** "utc", or the IANA zone local times are rendered in. */
  zone: string;
}

export function expandPlaybackTemplate(template: string, times: PlaybackTimes): string {
  validatePlaybackTemplate(template);
  return template.replace(PLACEHOLDER, (_whole, name: string, format: string | undefined) => {
    const ms = name === "start" ? times.fromMs : times.toMs;
    return formatTime(ms, format ?? "YYYYMMDDTHHmmss", times.zone);
  });
}

/** Throws KERB_ERR_SOURCE unless the template has {start…} and {end…} and nothing unknown. */
export function validatePlaybackTemplate(template: string): void {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
  const unknown = names.filter((n) => n !== "start" && n !== "end");
  if (unknown.length > 0) throw new KerbsideError("KERB_ERR_SOURCE", `playback URL template: unknown placeholder {${unknown[0]}} (use {start:FORMAT} and {end:FORMAT})`);
  if (!names.includes("start") || !names.includes("end")) {
    throw new KerbsideError("KERB_ERR_SOURCE", "playback URL template needs both {start:FORMAT} and {end:FORMAT}");
  }
}

export function formatTime(ms: number, format: string, zone: string): string {
  const wall: WallClock = zone === "utc" ? utcWall(ms) : wallClockAt(ms, zone);
  const pad = (n: number, width = 2): string => String(n).padStart(width, "0");
  const values: Record<string, string> = {
    YYYY: pad(wall.year, 4),
    MM: pad(wall.month),
    DD: pad(wall.day),
    HH: pad(wall.hour),
    mm: pad(wall.minute),
    ss: pad(wall.second),
  };
  return format.replace(TOKENS, (token) => values[token] ?? token);
}

function utcWall(ms: number): WallClock {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}
