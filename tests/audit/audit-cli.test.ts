/**
 * `kerbside audit` on a real scan: an archive of three files cut from the
 * sample footage (the van parked; the same scene with the van blacked out;
 * one file left unscanned), scanned with `kerbside scan --config`, then
 * audited. The expected figures are worked out below from the scan's
 * incident times and the files' probed lengths.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { openDatabase } from "../../src/store/database.js";
import { loopVtest, tempDir, VTEST } from "../scan/fixtures.js";

const run = promisify(execFile);
const fixture = tempDir("audit-cli");
const T0 = Date.parse("2026-12-08T08:00:00+08:00");
const sec = (ms: number): number => (ms - T0) / 1000;

async function kerbside(args: string[]): Promise<string> {
  const { stdout } = await run("npx", ["tsx", "src/cli/main.ts", ...args], { maxBuffer: 1 << 24, timeout: 170_000 });
  return stdout;
}

let config = "";
beforeAll(() => {
  const archive = path.join(fixture.dir, "archive");
  mkdirSync(archive);
  loopVtest(archive, 2, "J03_20261208T080000.avi"); // [0, ≈159 s): the van is parked throughout
  execFileSync("ffmpeg", ["-v", "error", "-y", "-i", VTEST, "-vf", "drawbox=x=560:y=0:w=208:h=170:color=black:t=fill", "-c:v", "mpeg4", "-q:v", "5",
    path.join(archive, "J03_20261208T080300.avi")]); // [180, ≈259.5 s): the same street, the kerb empty
  loopVtest(archive, 1, "J03_20261208T082000.avi"); // [1200, ≈1279.5 s): indexed, not scanned
  config = path.join(fixture.dir, "county.yaml");
  writeFileSync(config, `
timezone: Asia/Shanghai
storageDir: ./data
sampling: { everySec: 10 }
units: [{ id: traffic_police, name: 县公安局交警大队 }]
rules: { illegal_parking: { classes: [car, truck, bus], zones: [no_parking], minDwellSec: 30, unit: traffic_police } }
points:
  - id: J03
    name: 人民路与解放路交叉口
    category: main_road
    units: [traffic_police]
    source: { kind: archive, dir: ./archive }
    zones: [{ id: kerb, kind: no_parking, polygon: [[0.80, 0.03], [1.00, 0.03], [1.00, 0.24], [0.80, 0.24]] }]
`);
});
afterAll(() => fixture.cleanup());

interface AuditDoc {
  points: { id: string; pViolation: number; pNoFootage: number; pUnscanned: number; pAny: number; violationMinutes: number; gapMinutes: number }[];
  slots: { label: string; pAny: number }[];
  mock: { clips: { pointId: string; problem: boolean }[]; expectedProblems: number; standardDeviation: number };
}

describe("kerbside audit on a real scan", () => {
  it("gives the figures worked out from the scan's incident times", { timeout: 400_000 }, async () => {
    const scan = JSON.parse(await kerbside(["scan", "--config", config, "--point", "J03", "--to", "2026-12-08T08:10", "--json"])) as {
      incidents: { start: string; end: string }[];
      segments: { scanned: number };
    };
    expect(scan.segments.scanned).toBe(2);
    // The van and the car beside it: both parked through the first file, so their times overlap into one stretch [s1, t1).
    expect(scan.incidents.length).toBeGreaterThanOrEqual(1);
    const spans = scan.incidents.map((i) => [sec(Date.parse(i.start)), sec(Date.parse(i.end))] as const);
    const [s1, t1] = [Math.min(...spans.map(([a]) => a)), Math.max(...spans.map(([, b]) => b))];
    let reach = -Infinity;
    for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
      if (reach > -Infinity) expect(a).toBeLessThanOrEqual(reach); // no hole between the incidents
      reach = Math.max(reach, b);
    }
    const db = openDatabase(path.join(fixture.dir, "data", "kerbside.db"));
    const ends = new SqliteSegmentStore(db).list({ pointId: "J03" }).map((s) => sec(s.endMs));
    db.close();
    const [e1, e2, e3] = ends as [number, number, number];

    const doc = JSON.parse(await kerbside(["audit", "--config", config, "--from", "2026-12-08T08:00", "--to", "2026-12-08T08:30", "--clip-min", "1", "--json"])) as AuditDoc;
    expect(doc.points).toHaveLength(1);
    const j03 = doc.points[0]!;
    // Window 1800 s, 60-s clips: starts R = [0, 1740].
    // Violation [s1, t1) (the union of the incidents): starts [s1 + 1 − 60, t1 − 1] ∩ R.
    expect(s1).toBeLessThan(59);
    expect(j03.pViolation).toBeCloseTo((t1 - 1 - Math.max(0, s1 - 59)) / 1740, 5);
    // Gaps [e1, 180), [e2, 1200), [e3, 1800): starts (a − 60, b) ∩ R, disjoint here.
    expect(j03.pNoFootage).toBeCloseTo((180 - (e1 - 60) + (1200 - (e2 - 60)) + (1740 - (e3 - 60))) / 1740, 5);
    // The third file is readable but unscanned: (1200 − 60, e3).
    expect(j03.pUnscanned).toBeCloseTo((e3 - 1140) / 1740, 5);
    // The violation starts reach the first gap's (t1 − 1 > e1 − 60), so together [0, 180); the clean clips are
    // those inside the van-free file [180, e2 − 60] and the unscanned one [1200, e3 − 60].
    expect(t1 - 1).toBeGreaterThan(e1 - 60);
    expect(j03.pAny).toBeCloseTo((180 + (1200 - (e2 - 60)) + (1740 - (e3 - 60))) / 1740, 5);
    expect(j03.violationMinutes).toBeCloseTo((t1 - s1) / 60, 2);
    expect(j03.gapMinutes).toBeCloseTo((180 - e1 + 1200 - e2 + 1800 - e3) / 60, 2);
    expect(doc.slots[0]!.label).toBe("J03, weekdays 08:00–10:00");
    expect(doc.slots[0]!.pAny).toBeCloseTo(j03.pAny, 5);
    expect(doc.mock.clips).toHaveLength(1);
    expect(doc.mock.expectedProblems).toBeCloseTo(j03.pAny, 5);
    expect(doc.mock.standardDeviation).toBeCloseTo(Math.sqrt(j03.pAny * (1 - j03.pAny)), 5);

    const text = await kerbside(["audit", "--config", config, "--from", "2026-12-08T08:00", "--to", "2026-12-08T08:30", "--clip-min", "1"]);
    expect(text).toContain("J03");
    expect(text).toContain("Mock inspection (seed 1)");
  });
});
