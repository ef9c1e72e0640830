/**
 * The footage of a configured point for `kerbside scan --config --point`: an
 * archive folder is indexed first, and a file whose name carries no start
 * time is reported, never indexed at a guessed time (as `kerbside run` does).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDeployment } from "../../src/config/load.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { logger } from "../../src/log.js";
import { pointFootage } from "../../src/scan/point-footage.js";
import { openDatabase } from "../../src/store/database.js";
import { loopVtest, tempDir } from "./fixtures.js";

const fixture = tempDir("point-footage");
afterAll(() => fixture.cleanup());

describe("a configured point's footage", () => {
  it("indexes archive files named with their start time and reports the ones without", async () => {
    const archive = path.join(fixture.dir, "archive");
    mkdirSync(archive);
    loopVtest(archive, 1, "P01_20261208T080000.avi");
    loopVtest(archive, 1, "export-final.avi");
    const configFile = path.join(fixture.dir, "kerbside.yaml");
    writeFileSync(configFile, `
storageDir: ./data
units: [{ id: traffic_police, name: 交警大队 }]
points:
  - id: P01
    name: 校园停车区
    category: main_road
    units: [traffic_police]
    source: { kind: archive, dir: ./archive }
    zones: [{ id: van, kind: no_parking, polygon: [[0.80, 0.03], [0.95, 0.03], [0.95, 0.24], [0.80, 0.24]] }]
`);
    const deployment = loadDeployment(configFile);
    const store = new SqliteSegmentStore(openDatabase(path.join(fixture.dir, "index.db")), true);
    try {
      const footage = await pointFootage(deployment, deployment.points[0]!, store, {}, logger);
      expect(footage.segments.map((s) => [path.basename(s.path), s.startMs])).toEqual([["P01_20261208T080000.avi", Date.parse("2026-12-08T08:00:00+08:00")]]);
      expect(footage.unreadable).toEqual([{ path: path.join(archive, "export-final.avi"), error: expect.stringMatching(/^KERB_ERR_FOOTAGE_NAME: .*start time/) }]);
      expect(store.get(path.join(archive, "export-final.avi"))).toBeUndefined();
    } finally {
      store.close();
    }
  });
});
