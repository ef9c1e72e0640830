/**
 * `kerbside run --once` on real footage with the real detector: an archive
 * point (a good clip and a corrupt file) and a file point are indexed and
 * scanned, the parked van becomes one illegal_parking incident per point with
 * its evidence, an unreachable camera point is left out without stopping the
 * others, and running again adds nothing.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDeployment } from "../../src/config/load.js";
import { KerbsideService } from "../../src/service/kerbside-service.js";
import type { PointReport, RunReport } from "../../src/service/types.js";
import { archiveName, closedPort, cutClip, deploymentYaml, ffmpegChildren, mkdir, point, tempDir, writeGarbage } from "./fixtures.js";

const run = promisify(execFile);
const fixture = tempDir("service-once");
const CLIP_SEC = 40;
let configFile = "";
let corrupt = "";
let first: RunReport;

const byId = (report: RunReport, id: string): PointReport => {
  const found = report.points.find((p) => p.id === id);
  if (!found) throw new Error(`no point ${id} in the report`);
  return found;
};

async function runOnce(): Promise<RunReport> {
  const service = new KerbsideService({ deployment: loadDeployment(configFile), retentionSchedule: false });
  try {
    return await service.runOnce();
  } finally {
    await service.close();
  }
}

beforeAll(async () => {
  const archive = mkdir(path.join(fixture.dir, "archive"));
  const startMs = Date.now() - 3 * 3_600_000;
  cutClip(path.join(archive, archiveName("A01", startMs)), CLIP_SEC);
  corrupt = writeGarbage(path.join(archive, archiveName("A01", startMs + CLIP_SEC * 1000)));
  const clip = cutClip(path.join(fixture.dir, "export.avi"), CLIP_SEC);
  const port = await closedPort();
  const points = [
    point("R01", `{ kind: rtsp, url: "rtsp://127.0.0.1:${port}/cam" }`),
    point("A01", "{ kind: archive, dir: ./archive }"),
    point("F01", `{ kind: file, path: ${path.basename(clip)}, start: "${new Date(startMs).toISOString()}" }`),
  ];
  configFile = path.join(fixture.dir, "kerbside.yaml");
  writeFileSync(configFile, deploymentYaml(points.join("")));
  first = await runOnce();
});
afterAll(() => fixture.cleanup());

describe("kerbside run --once", () => {
  it("indexes and scans the archive and file points: the van is one illegal_parking incident each, with evidence", () => {
    for (const id of ["A01", "F01"]) {
      const report = byId(first, id);
      expect(report.errors).toEqual([]);
      expect(report.segments).toMatchObject({ scanned: 1, unscanned: 0 });
      expect(report.frames).toBeGreaterThanOrEqual(CLIP_SEC / 2 - 2);
      expect(report.incidents).toHaveLength(1);
      const incident = report.incidents[0]!;
      expect(incident).toMatchObject({ rule: "illegal_parking", zone: "van", unit: "traffic_police", new: true });
      expect(["truck", "car"]).toContain(incident.label);
      expect(incident.durationSec).toBeGreaterThanOrEqual(20);
      expect(incident.evidence.length).toBeGreaterThanOrEqual(4);
      for (const file of incident.evidence) {
        expect(path.isAbsolute(file)).toBe(true);
        expect(file.startsWith(path.join(fixture.dir, "data", "evidence", id))).toBe(true);
        expect(statSync(file).size).toBeGreaterThan(0);
      }
      expect(incident.evidence.some((file) => path.basename(file).startsWith("clip."))).toBe(true);
    }
    expect(first.database).toBe(path.join(fixture.dir, "data", "kerbside.db"));
    expect(existsSync(first.database)).toBe(true);
    expect(first.totals).toMatchObject({ incidents: 2, newIncidents: 2, errors: 0 });
  });

  it("reports the corrupt archive file and goes on with the good one next to it", () => {
    const archive = byId(first, "A01");
    expect(archive.segments.indexed).toBe(2);
    expect(archive.segments.inWindow).toBe(1);
    expect(archive.segments.unreadable.map((u) => u.path)).toEqual([corrupt]);
    expect(archive.segments.unreadable[0]!.error.length).toBeGreaterThan(0);
  });

  it("leaves the unreachable rtsp camera out with a note, without an error", () => {
    const camera = byId(first, "R01");
    expect(camera.notes.join(" ")).toMatch(/live source/);
    expect(camera.errors).toEqual([]);
    expect(camera.segments.indexed).toBe(0);
    expect(camera.incidents).toEqual([]);
  });

  it("adds nothing when run again: no frame scanned, the same incident ids", async () => {
    const second = await runOnce();
    expect(second.totals.frames).toBe(0);
    expect(second.totals.newIncidents).toBe(0);
    const ids = (r: RunReport): string[] => r.points.flatMap((p) => p.incidents.map((i) => i.id)).sort();
    expect(ids(second)).toEqual(ids(first));
    expect(byId(second, "A01").segments).toMatchObject({ scanned: 0, alreadyScanned: 1 });
    expect(ffmpegChildren()).toEqual([]);
  });

  it("kerbside run --once --json prints one JSON document with the same incidents", async () => {
    const { stdout } = await run("npx", ["tsx", "src/cli/main.ts", "run", "--config", configFile, "--once", "--json"], { timeout: 60_000 });
    const doc = JSON.parse(stdout) as RunReport;
    expect(doc.mode).toBe("once");
    expect(doc.database).toBe(first.database);
    expect(doc.points.map((p) => p.id)).toEqual(["R01", "A01", "F01"]);
    expect(doc.points.flatMap((p) => p.incidents.map((i) => i.id)).sort()).toEqual(first.points.flatMap((p) => p.incidents.map((i) => i.id)).sort());
    expect(doc.totals).toMatchObject({ frames: 0, newIncidents: 0, errors: 0 });
  });

  it("reports a scan that cannot run (no model) as an error and exits 1, the summary still printed", async () => {
    const configCopy = path.join(fixture.dir, "no-model.yaml");
    writeFileSync(configCopy, readFileSync(configFile, "utf8").replace("storageDir: ./data", "storageDir: ./data-no-model"));
    const emptyModels = mkdir(path.join(fixture.dir, "no-models"));
    const result = await run("npx", ["tsx", "src/cli/main.ts", "run", "--config", configCopy, "--once", "--json"], {
      timeout: 60_000, env: { ...process.env, KERBSIDE_MODELS_DIR: emptyModels },
    }).then(() => ({ code: 0, stdout: "" }), (error: { code: number; stdout: string }) => error);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as RunReport;
    expect(doc.totals.errors).toBe(2);
    for (const id of ["A01", "F01"]) {
      expect(byId(doc, id).errors.join(" ")).toContain("KERB_ERR_MODEL_MISSING");
      expect(byId(doc, id).segments).toMatchObject({ indexed: id === "A01" ? 2 : 1, scanned: 0, unscanned: 1 });
    }
  });

  it("a point with a bad config line is reported and left out; the others still run and find their incidents", async () => {
    const configCopy = path.join(fixture.dir, "bad-point.yaml");
    const badPoint = point("B01", "{ kind: rtsp, url: \"ftp://192.0.2.9/cam\" }");
    writeFileSync(configCopy, readFileSync(configFile, "utf8").replace("points:\n", `points:\n${badPoint}`));
    const result = await run("npx", ["tsx", "src/cli/main.ts", "run", "--config", configCopy, "--once", "--json"], { timeout: 60_000 })
      .then((ok) => ({ code: 0, ...ok }), (error: { code: number; stdout: string; stderr: string }) => error);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("point B01 left out");
    expect(result.stderr).toContain("(id B01).source.url");
    const doc = JSON.parse(result.stdout) as RunReport;
    expect(doc.points.map((p) => p.id)).toEqual(["R01", "A01", "F01"]);
    expect(doc.rejectedPoints?.map((r) => r.id)).toEqual(["B01"]);
    for (const id of ["A01", "F01"]) expect(byId(doc, id).incidents.map((i) => i.rule)).toContain("illegal_parking");
  });

  it("rejects --once with --for", async () => {
    const result = await run("npx", ["tsx", "src/cli/main.ts", "run", "--config", configFile, "--once", "--for", "3"]).catch((e: { code: number; stderr: string }) => e);
    expect((result as { code: number }).code).not.toBe(0);
    expect((result as { stderr: string }).stderr).toContain("cannot be used with");
  });
});
