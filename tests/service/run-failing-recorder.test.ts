/**
 * A recorder that keeps producing unreadable segments (issue 7.1: the run
 * used to loop quietly and exit 0): `kerbside run --for` through the
 * launcher reports the camera as failing, with the reason, among the point's
 * errors, and exits 1. The recorder's ffmpeg is a fixture that writes garbage
 * segments (FFMPEG_PATH, as an operator would point at another build).
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { RunReport } from "../../src/service/types.js";
import { deploymentYaml, ffmpegMentioning, point, tempDir } from "./fixtures.js";

const run = promisify(execFile);
const fixture = tempDir("run-failing");
afterAll(() => fixture.cleanup());

describe("kerbside run with a recorder whose segments are all unreadable", () => {
  it("reports the camera failing with the reason and exits 1", async () => {
    const configFile = path.join(fixture.dir, "kerbside.yaml");
    writeFileSync(configFile, deploymentYaml(point("R01", "{ kind: rtsp, url: 'rtsp://127.0.0.1:9/cam', segmentSec: 2 }")));
    const env = { ...process.env, FFMPEG_PATH: path.resolve("tests/footage/fixtures/fake-ffmpeg-unreadable.mjs") };
    const result = await run(process.execPath, [path.resolve("bin/kerbside.js"), "run", "--config", configFile, "--no-board", "--for", "8", "--json"], { env, timeout: 120_000, maxBuffer: 1 << 24 })
      .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as RunReport;
    const camera = report.points.find((p) => p.id === "R01")!;
    expect(camera.errors.join("\n")).toMatch(/camera failing: .*recorded segments in a row are unreadable/);
    expect(camera.segments.scanned).toBe(0);
    expect(report.totals.errors).toBeGreaterThan(0);
    expect(ffmpegMentioning(fixture.dir)).toEqual([]);
  }, 150_000);
});
