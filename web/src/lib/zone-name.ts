// The deployment's time zone as people read it: "Asia/Shanghai, GMT+8".
export function zoneName(timeZone: string, atMs = Date.now()): string {
  const offset = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "shortOffset" })
    .formatToParts(new Date(atMs))
    .find((p) => p.type === "timeZoneName")?.value;
  return offset && offset !== timeZone ? `${timeZone}, ${offset}` : timeZone;
}
