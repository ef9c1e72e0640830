// Wall-clock times in the deployment's time zone, for the deadline field: the
// browser may sit in another zone, so a typed "2026-12-02T17:00" means 17:00
// where the cameras are, sent to the server as ISO with that zone's offset.

const pad = (n: number) => String(n).padStart(2, "0");
const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The zone's offset from UTC in minutes at an instant (e.g. +480 for Asia/Shanghai). */
export function zoneOffsetMin(ms: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(ms))
    .find((p) => p.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name ?? "");
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

/** "YYYY-MM-DDTHH:mm[:ss]" read in `timeZone` → ISO 8601 with that zone's offset; null when malformed. */
export function wallTimeToIso(wall: string, timeZone: string): string | null {
  const m = WALL.exec(wall.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "00"] = m;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // Twice: the offset at the guessed instant can differ near a daylight-saving change.
  const first = zoneOffsetMin(asUtc, timeZone);
  const offset = zoneOffsetMin(asUtc - first * 60_000, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant as "YYYY-MM-DDTHH:mm" in `timeZone` (a datetime-local input's value). */
export function wallTimeOf(ms: number, timeZone: string): string {
  const local = new Date(ms + zoneOffsetMin(ms, timeZone) * 60_000);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}
