/**
 * Helpers that were once written twice (issue 7.11) stay written once: each
 * is defined by exactly one module under src/, which every user imports.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

const files = sources("src").map((file) => ({ file, text: readFileSync(file, "utf8") }));

/** Files that define `name` as a function (declaration or const arrow). */
function definitionsOf(name: string): string[] {
  const pattern = new RegExp(`(function\\s+${name}\\s*[(<]|const\\s+${name}\\s*=\\s*(\\([^)]*\\)|[a-z]+)\\s*(:[^=]+)?=>)`);
  return files.filter((f) => pattern.test(f.text)).map((f) => f.file);
}

describe("helpers defined once", () => {
  it.each([
    ["iou", "src/track/box-geometry.ts"],
    ["escapeXml", "src/detect/escape-xml.ts"],
    ["isValidTimeZone", "src/time/time-zone.ts"],
    ["zoneOffsetMs", "src/time/time-zone.ts"],
    ["localMinuteOfDay", "src/time/time-zone.ts"],
    ["isoInZone", "src/time/time-zone.ts"],
    ["wallClockExists", "src/time/time-zone.ts"],
  ])("%s lives only in %s", (name, home) => {
    expect(definitionsOf(name)).toEqual([home]);
  });

  it("time zones and calendar checks are done in src/time/ only", () => {
    const outside = files.filter((f) => !f.file.startsWith(`src${path.sep}time${path.sep}`));
    expect(outside.filter((f) => /new Intl\.DateTimeFormat|Intl\.supportedValuesOf/.test(f.text)).map((f) => f.file)).toEqual([]);
    // Day-of-month checks (30 February) belong to wallClockExists.
    expect(outside.filter((f) => /Date\.UTC\([^)]*,\s*0\)\)\.getUTCDate/.test(f.text)).map((f) => f.file)).toEqual([]);
  });
});
