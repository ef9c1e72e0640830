/**
 * The scan maintainer scans two points side by side on one shared detector:
 * one point's probes, process starts and decoding fill the gaps between the
 * other's frames. With `parallel: 1` a point's frames all come before the
 * next point's; with the default both points' frames interleave, and each
 * point still finds its own incident exactly once.
 */
import path from "node:path";
import { copyFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDeployment } from "../../src/config/load.js";
import { indexFootage } from "../../src/footage/indexer.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import { logger } from "../../src/log.js";
import { ScanMaintainer } from "../../src/service/scan-maintainer.js";
import { openDatabase } from "../../src/store/database.js";
import { cutClip, deploymentYaml, mkdir, point, tempDir } from "./fixtures.js";

const fixture = tempDir("scan-side-by-side");
let clip = "";
beforeAll(() => {
  clip = cutClip(path.join(fixture.dir, "clip.avi"), 30);
});
afterAll(() => fixture.cleanup());

/** Scans points A and B (the same 30 s of footage each) and returns the order their frames reached the observer. */
async function scanTwoPoints(name: string, parallel: number | undefined): Promise<{ order: string[]; incidents: string[] }> {
  const dir = mkdir(path.join(fixture.dir, name));
  const configFile = path.join(dir, "kerbside.yaml");
  writeFileSync(configFile, deploymentYaml(point("A01", "{ kind: archive, dir: ./a }") + point("B01", "{ kind: archive, dir: ./b }")));
  const deployment = loadDeployment(configFile);
  const db = openDatabase(path.join(dir, "kerbside.db"));
  const segments = new SqliteSegmentStore(db);
  const incidents = new SqliteIncidentStore(db);
  const startMs = Date.now() - 3_600_000;
  for (const pointId of ["A01", "B01"]) {
    // The index is keyed by path: each point gets its own copy.
    const file = path.join(dir, `${pointId}.avi`);
    copyFileSync(clip, file);
    await indexFootage({ pointId, path: file, startMs, adopt: false }, { store: segments, storageDir: deployment.storageDir, timeZone: deployment.timezone, sourceKind: "archive", log: logger });
  }
  const order: string[] = [];
  const scans = new ScanMaintainer({ deployment, segments, incidents, db, sweepMs: 0, parallel, observeFrame: (frame) => void order.push(frame.pointId) });
  try {
    scans.start();
    await scans.idle();
    return { order, incidents: incidents.list().map((i) => i.pointId).sort() };
  } finally {
    await scans.close();
    db.close();
  }
}

/** How often consecutive frames switch point: 1 when one point's frames all come first. */
function switches(order: readonly string[]): number {
  return order.filter((p, i) => i > 0 && p !== order[i - 1]).length;
}

describe("scanning points side by side", () => {
  it("one at a time with parallel 1: all of one point's frames, then the other's", async () => {
    const { order, incidents } = await scanTwoPoints("serial", 1);
    expect(order.length).toBeGreaterThanOrEqual(20); // 15 frames per point at 2 s
    expect(switches(order)).toBe(1);
    expect(incidents).toEqual(["A01", "B01"]);
  });

  it("two at once by default: the points' frames interleave, and each finds its own incident once", async () => {
    const { order, incidents } = await scanTwoPoints("parallel", undefined);
    expect(order.filter((p) => p === "A01").length).toBe(order.filter((p) => p === "B01").length);
    expect(switches(order)).toBeGreaterThan(2);
    expect(incidents).toEqual(["A01", "B01"]);
  });
});
