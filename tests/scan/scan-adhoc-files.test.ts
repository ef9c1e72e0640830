/**
 * Ad-hoc scans of different files into one --out folder (issue 7.2): the
 * second file's report names only what is in the second file, and a re-run
 * of it does not pick up the first file's incident. Real ffmpeg, real model.
 */
import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VTEST, tempDir } from "./fixtures.js";

const run = promisify(execFile);
const fixture = tempDir("scan-adhoc-files");
const VAN_ZONE = "no_parking:0.80,0.03 0.95,0.03 0.95,0.24 0.80,0.24";
const START = "2026-12-08T08:00:00+08:00";

interface Report {
  incidents: { id: string; start: string; durationSec: number }[];
  segments: { scanned: number; skipped: number };
}

async function scan(file: string, out: string): Promise<Report> {
  const args = ["tsx", "src/cli/main.ts", "scan", file, "--start", START, "--zone", VAN_ZONE, "--rule", "illegal_parking", "--min-dwell", "20", "--every", "10", "--out", out, "--json"];
  const { stdout } = await run("npx", args, { maxBuffer: 1 << 24, timeout: 280_000 });
  return JSON.parse(stdout) as Report;
}

let withVan = "";
let withoutVan = "";
beforeAll(() => {
  const ffmpeg = (args: string[]): void => {
    execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", VTEST, "-t", "40", ...args], { stdio: ["ignore", "ignore", "inherit"] });
  };
  withVan = path.join(fixture.dir, "A.mp4");
  withoutVan = path.join(fixture.dir, "B.mp4");
  const encode = ["-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p", "-an"];
  ffmpeg([...encode, withVan]);
  // The same street with the kerb painted over: nothing can be parked in the zone.
  ffmpeg(["-vf", "drawbox=x=560:y=0:w=208:h=230:color=black:t=fill", ...encode, withoutVan]);
});
afterAll(() => fixture.cleanup());

describe("ad-hoc scans of different files into one output folder", () => {
  it("never list one file's incident in another file's report, on the first scan or a re-run", async () => {
    const out = path.join(fixture.dir, "out");
    const a = await scan(withVan, out);
    expect(a.segments.scanned).toBe(1);
    expect(a.incidents).toHaveLength(1);
    expect(a.incidents[0]!.start).toBe("2026-12-08T08:00:00.000+08:00");

    const b = await scan(withoutVan, out);
    expect(b.segments.scanned).toBe(1);
    expect(b.incidents).toEqual([]);

    const again = await scan(withoutVan, out);
    expect(again.segments).toMatchObject({ scanned: 0, skipped: 1 });
    expect(again.incidents).toEqual([]);

    // The first file's incident is still its own, unchanged by the second scan.
    const aAgain = await scan(withVan, out);
    expect(aAgain.segments).toMatchObject({ scanned: 0, skipped: 1 });
    expect(aAgain.incidents).toEqual(a.incidents);
  }, 900_000);
});
