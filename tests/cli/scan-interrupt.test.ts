/**
 * Ctrl-C during a one-off `kerbside scan` (issue 7.11): SIGINT to the whole
 * process group, as a terminal sends it (ffmpeg gets it too). The scan stops
 * cleanly: finished segments keep their progress, the report of what was
 * scanned is printed, no ffmpeg is left, the exit code is 130; running the
 * same command again resumes instead of starting over.
 */
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VTEST, tempDir } from "../scan/fixtures.js";
import { waitFor } from "../footage/helpers.js";
import { mentioning, stillRunning } from "./proc-tree.js";

const fixture = tempDir("scan-interrupt");
const VAN_ZONE = "no_parking:0.80,0.03 0.95,0.03 0.95,0.24 0.80,0.24";
const FILES = 4;
let footage = "";
let out = "";

beforeAll(() => {
  footage = path.join(fixture.dir, "export");
  out = path.join(fixture.dir, "out");
  mkdirSync(footage);
  const first = path.join(footage, "cam_20261208T080000.avi");
  execFileSync("ffmpeg", ["-v", "error", "-y", "-t", "30", "-i", VTEST, "-c", "copy", first]);
  for (const start of ["080030", "080100", "080130"]) copyFileSync(first, path.join(footage, `cam_20261208T${start}.avi`));
});
afterAll(() => {
  for (const p of mentioning(fixture.dir)) if (stillRunning(p)) process.kill(p.pid, "SIGKILL");
  fixture.cleanup();
});

interface Report {
  interrupted: boolean;
  segments: { scanned: number; skipped: number };
}

function scan(): { done: Promise<{ code: number | null; stdout: string; stderr: string }>; pid: number } {
  const args = [path.resolve("bin/kerbside.js"), "scan", footage, "--zone", VAN_ZONE, "--rule", "illegal_parking", "--every", "2", "--out", out, "--json"];
  const child = spawn(process.execPath, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { done, pid: child.pid! };
}

function segmentsDone(): number {
  const file = path.join(out, "kerbside-scan.db");
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE name = 'scan_segments'").get();
    return table ? (db.prepare("SELECT count(*) AS n FROM scan_segments WHERE status = 'done'").get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}

describe("Ctrl-C during kerbside scan", () => {
  it("stops cleanly with a partial report and exit code 130, and the next run resumes", async () => {
    const first = scan();
    await waitFor(() => segmentsDone() >= 1, 240_000, "the first segment scanned");
    process.kill(-first.pid, "SIGINT"); // the terminal signals the whole foreground group
    const stopped = await first.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain("interrupted; finished segments are kept");
    const partial = JSON.parse(stopped.stdout) as Report;
    expect(partial.interrupted).toBe(true);
    expect(partial.segments.scanned).toBeGreaterThanOrEqual(1);
    expect(partial.segments.scanned).toBeLessThan(FILES);
    expect(segmentsDone()).toBe(partial.segments.scanned);
    await waitFor(() => mentioning(fixture.dir).length === 0 || undefined, 10_000, "no process of the scan left").catch(() => undefined);
    expect(mentioning(fixture.dir).map((p) => p.cmdline)).toEqual([]);

    const again = await scan().done;
    expect(again.code, again.stderr).toBe(0);
    const rest = JSON.parse(again.stdout) as Report;
    expect(rest.interrupted).toBe(false);
    expect(rest.segments.skipped).toBe(partial.segments.scanned);
    expect(rest.segments.scanned).toBe(FILES - partial.segments.scanned);
  }, 600_000);
});
