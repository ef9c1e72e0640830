/**
 * `kerbside scan` as a user runs it (npx tsx src/cli/main.ts): ad-hoc scans of
 * a directory with a good and a corrupt file, all-unreadable input and flag
 * errors, with the real detector.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopVtest, tempDir } from "./fixtures.js";

const run = promisify(execFile);
const fixture = tempDir("scan-cli");
const VAN_ZONE = "no_parking:0.80,0.03 0.95,0.03 0.95,0.24 0.80,0.24";

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function kerbside(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "src/cli/main.ts", ...args], { maxBuffer: 1 << 24, timeout: 110_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

let mixed = "";
let broken = "";
beforeAll(() => {
  mixed = path.join(fixture.dir, "mixed");
  broken = path.join(fixture.dir, "broken");
  mkdirSync(mixed);
  mkdirSync(broken);
  loopVtest(mixed, 2, "cam01_20261208T080000.avi");
  writeFileSync(path.join(mixed, "cam01_20261208T090000.mp4"), Buffer.alloc(40_000, 3));
  writeFileSync(path.join(broken, "2026-12-08_10-00-00.mp4"), Buffer.from("not a video at all"));
});
afterAll(() => fixture.cleanup());

describe("kerbside scan CLI", () => {
  it("scans a directory, reports the corrupt file as unreadable, and prints one JSON document", async () => {
    const out = path.join(fixture.dir, "out-mixed");
    const result = await kerbside(["scan", mixed, "--zone", VAN_ZONE, "--rule", "illegal_parking", "--min-dwell", "30", "--every", "10", "--out", out, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      incidents: { rule: string; zone: string; label: string; start: string; end: string | null; durationSec: number; score: number; evidence: string[] }[];
      frames: number;
      segments: { scanned: number; unreadable: { path: string; error: string }[] };
    };
    expect(doc.frames).toBe(16);
    expect(doc.segments.scanned).toBe(1);
    expect(doc.segments.unreadable).toHaveLength(1);
    expect(doc.segments.unreadable[0]!.path).toBe(path.join(mixed, "cam01_20261208T090000.mp4"));
    expect(doc.segments.unreadable[0]!.error).toMatch(/invalid data|moov|no video stream/i);
    expect(doc.incidents).toHaveLength(1);
    const incident = doc.incidents[0]!;
    expect(Object.keys(incident)).toEqual(expect.arrayContaining(["rule", "zone", "label", "start", "end", "durationSec", "score", "evidence"]));
    expect(incident.rule).toBe("illegal_parking");
    expect(incident.start).toBe("2026-12-08T08:00:00.000+08:00");
    expect(incident.durationSec).toBeGreaterThan(140);
    expect(incident.evidence).toHaveLength(6); // 3 snapshots, crop, clip, clip preview
    for (const file of incident.evidence) expect(existsSync(file)).toBe(true);
  });

  it("exits non-zero with KERB_ERR_SCAN when nothing at all could be read, still printing the report", async () => {
    const result = await kerbside(["scan", broken, "--zone", VAN_ZONE, "--rule", "illegal_parking", "--out", path.join(fixture.dir, "out-broken"), "--json"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("KERB_ERR_SCAN");
    const doc = JSON.parse(result.stdout) as { frames: number; segments: { scanned: number; unreadable: unknown[] } };
    expect(doc.frames).toBe(0);
    expect(doc.segments.scanned).toBe(0);
    expect(doc.segments.unreadable).toHaveLength(1);
  });

  it("names a bad --zone flag", async () => {
    const result = await kerbside(["scan", mixed, "--zone", "no_parking:0.1,0.1 0.2,0.2", "--rule", "illegal_parking", "--json"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("KERB_ERR_ZONE");
    expect(result.stderr).toContain('--zone "no_parking:0.1,0.1 0.2,0.2"');
    expect(result.stdout).toBe("");
  });

  it("refuses flags that do not apply to the kind of scan instead of ignoring them", async () => {
    const adhoc = await kerbside(["scan", mixed, "--zone", VAN_ZONE, "--rule", "illegal_parking", "--from", "2026-12-08T08:00", "--out", path.join(fixture.dir, "out-flags")]);
    expect(adhoc.code).not.toBe(0);
    expect(adhoc.stderr).toContain("KERB_ERR_CONFIG");
    expect(adhoc.stderr).toContain("--from");
    const configured = await kerbside(["scan", "--config", "config/demo.yaml", "--point", "D02", "--min-dwell", "60", "--start", "2026-12-08T08:00"]);
    expect(configured.code).not.toBe(0);
    expect(configured.stderr).toContain("KERB_ERR_CONFIG");
    expect(configured.stderr).toContain("--min-dwell, --start");
    const backwards = await kerbside(["scan", "--config", "config/demo.yaml", "--point", "D02", "--from", "2026-12-08T09:00", "--to", "2026-12-08T08:00"]);
    expect(backwards.code).not.toBe(0);
    expect(backwards.stderr).toContain('KERB_ERR_CONFIG: --from "2026-12-08T09:00" is not before --to "2026-12-08T08:00"');
  });

  it("asks for --start when a single file's name carries no time", async () => {
    const file = path.join(fixture.dir, "export.avi");
    loopVtest(fixture.dir, 1, "export.avi");
    const result = await kerbside(["scan", file, "--zone", VAN_ZONE, "--rule", "illegal_parking"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("KERB_ERR_FOOTAGE_NAME");
    expect(result.stderr).toContain("--start");
  });
});
