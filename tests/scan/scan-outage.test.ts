/**
 * A parked van seen before and after a 34 s camera outage (issue 7.6): one
 * incident (same identity), whose report keeps the watched time and the
 * unseen gap apart, so the gap is never counted as violation time. Real
 * footage cut from vtest.avi, real ffmpeg and model, via `kerbside scan`.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VTEST, tempDir } from "./fixtures.js";

const run = promisify(execFile);
const fixture = tempDir("scan-outage");
const VAN_ZONE = "no_parking:0.80,0.03 0.95,0.03 0.95,0.24 0.80,0.24";

interface Report {
  incidents: { id: string; start: string; durationSec: number; observedSec: number; unseenSec: number; unseen: { from: string; to: string }[] }[];
}

let footage = "";
beforeAll(() => {
  footage = path.join(fixture.dir, "export");
  mkdirSync(footage);
  const cut = (args: string[], name: string): void => {
    execFileSync("ffmpeg", ["-v", "error", "-y", ...args, "-i", VTEST, "-c", "copy", path.join(footage, name)]);
  };
  // 08:00:00–08:00:50, then the camera is off for 34 s, then 08:01:24–08:01:53.5 (vtest has keyframes at 0, 25, 50, 75 s).
  cut(["-t", "50"], "cam_20261208T080000.avi");
  cut(["-ss", "50"], "cam_20261208T080124.avi");
});
afterAll(() => fixture.cleanup());

describe("an incident across a camera outage", () => {
  it("stays one incident, with its watched time and the unseen gap reported apart", async () => {
    const args = ["tsx", "src/cli/main.ts", "scan", footage, "--zone", VAN_ZONE, "--rule", "illegal_parking", "--min-dwell", "15", "--every", "5", "--out", path.join(fixture.dir, "out"), "--json"];
    const { stdout } = await run("npx", args, { maxBuffer: 1 << 24, timeout: 280_000 });
    const report = JSON.parse(stdout) as Report;
    expect(report.incidents).toHaveLength(1);
    const incident = report.incidents[0]!;
    expect(incident.start).toBe("2026-12-08T08:00:00.000+08:00");
    expect(incident.durationSec).toBeGreaterThan(95);
    expect(incident.unseen).toHaveLength(1);
    const gap = incident.unseen[0]!;
    expect(Date.parse(gap.from)).toBeLessThanOrEqual(Date.parse("2026-12-08T08:00:50+08:00"));
    expect(Date.parse(gap.to)).toBeGreaterThanOrEqual(Date.parse("2026-12-08T08:01:24+08:00"));
    expect(incident.unseenSec).toBe(Math.round((Date.parse(gap.to) - Date.parse(gap.from)) / 1000));
    expect(incident.unseenSec).toBeGreaterThanOrEqual(34);
    expect(incident.observedSec + incident.unseenSec).toBe(incident.durationSec);
    expect(incident.observedSec).toBeLessThanOrEqual(incident.durationSec - 34);

    // The text summary says so too.
    const text = await run("npx", args.filter((a) => a !== "--json"), { maxBuffer: 1 << 24, timeout: 280_000 });
    expect(text.stdout).toContain(`${incident.durationSec} s (${incident.observedSec} s watched, ${incident.unseenSec} s unseen)`);
    expect(text.stdout).toContain(`unseen ${gap.from} → ${gap.to}`);
  }, 600_000);
});
