/**
 * The daily report and ledger on incidents from a real scan of the sample
 * footage (the van and the car parked by the building): `kerbside scan`,
 * two case actions through the real case service, then `kerbside report`,
 * read back with exceljs (sheets, rows, columns, embedded snapshots, frozen
 * header, filters) and as CSV (BOM, Chinese intact), in Chinese and English.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAuditStores } from "../../src/audit/audit-stores.js";
import { loadDeployment } from "../../src/config/load.js";
import { SqliteHealthStore } from "../../src/footage/health-store.js";
import { scheduleDailyReport } from "../../src/report/report-job.js";
import { memoryLogger, waitFor } from "../footage/helpers.js";
import { IncidentBus } from "../../src/incidents/bus.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import { PlateStore } from "../../src/plates/plate-store.js";
import { openDatabase } from "../../src/store/database.js";
import { CaseService } from "../../src/workflow/case-service.js";
import { SqliteCaseStore } from "../../src/workflow/sqlite-case-store.js";
import { loopVtest, tempDir } from "../scan/fixtures.js";

const run = promisify(execFile);
const fixture = tempDir("report-ledger");
const NOON = Date.parse("2026-12-08T12:00:00+08:00");

async function kerbside(args: string[]): Promise<string> {
  const { stdout } = await run("npx", ["tsx", "src/cli/main.ts", ...args], { maxBuffer: 1 << 24, timeout: 170_000 });
  return stdout;
}

let config = "";
let incidentIds: string[] = [];
beforeAll(async () => {
  const archive = path.join(fixture.dir, "archive");
  mkdirSync(archive);
  loopVtest(archive, 2, "D02_20261208T080000.avi");
  config = path.join(fixture.dir, "county.yaml");
  writeFileSync(config, `
timezone: Asia/Shanghai
storageDir: ./data
units:
  - { id: traffic_police, name: 县公安局交警大队 }
  - { id: urban_management, name: 县城市管理综合执法局 }
sampling: { everySec: 10 }
rules: { illegal_parking: { classes: [car, truck, bus], zones: [no_parking], minDwellSec: 30, unit: traffic_police } }
points:
  - id: D02
    name: 演示点位·导出录像
    category: commercial_street
    units: [traffic_police, urban_management]
    source: { kind: archive, dir: ./archive }
    zones: [{ id: kerb, name: 楼前禁停区, kind: no_parking, polygon: [[0.80, 0.03], [1.00, 0.03], [1.00, 0.24], [0.80, 0.24]] }]
`);
  const scan = JSON.parse(await kerbside(["scan", "--config", config, "--point", "D02", "--json"])) as { incidents: { id: string }[] };
  incidentIds = scan.incidents.map((i) => i.id).sort();
  // The organiser dispatches the first to a named officer and cancels the second as a false alarm, at noon that day.
  const deployment = loadDeployment(config);
  const db = openDatabase(path.join(deployment.storageDir, "kerbside.db"));
  const incidents = new SqliteIncidentStore(db);
  const service = new CaseService({ cases: new SqliteCaseStore(db), incidents, bus: new IncidentBus(), deployment, workflow: deployment.workflow, now: () => NOON });
  const organiser = { name: "organiser1", role: "organiser" as const };
  service.act(incidentIds[0]!, { action: "dispatch", unit: "traffic_police", assignee: "李警官", deadlineMs: Date.parse("2027-01-08T17:30:00+08:00") }, organiser);
  if (incidentIds[1]) service.act(incidentIds[1], { action: "cancel", reason: "false_alarm", note: "树影误报" }, organiser);
  // The plate reader's result for the first (vtest's van is too far for a plate; this is what a read one stores).
  new PlateStore(db).save(incidentIds[0]!, { status: "read", plate: "浙A·D1234", kind: "blue", confidence: 0.95, charConfidences: [0.95], reason: null, detail: null, votes: 3, framesRead: 5 });
  if (incidentIds[1]) new PlateStore(db).save(incidentIds[1], { status: "unreadable", plate: null, kind: null, confidence: null, charConfidences: [], reason: "too_small", detail: null, votes: 0, framesRead: 5 });
  db.close();
}, 240_000);
afterAll(() => fixture.cleanup());

const HEADERS_ZH = ["编号", "点位", "点位类别", "违规类型", "区域", "车牌", "开始时间", "结束时间", "持续时长", "状态", "处置人", "处置期限", "结案说明", "重复次数", "主图SHA-256", "事件链接", "截图"];

describe("daily report and ledger", () => {
  it("writes a Chinese ledger (.xlsx with snapshots, .csv with BOM) and a per-unit report of the scanned day", async () => {
    expect(incidentIds.length).toBeGreaterThanOrEqual(2);
    const xlsx = path.join(fixture.dir, "台账.xlsx");
    const csv = path.join(fixture.dir, "台账.csv");
    const report = JSON.parse(await kerbside(["report", "--config", config, "--date", "2026-12-08", "--xlsx", xlsx, "--csv", csv, "--json"])) as {
      units: { id: string; name: string; counts: Record<string, number> }[];
      pointsAtRisk: { id: string; pAny: number }[];
      cameras: { pointId: string; gapMinutes: number }[];
      ledgerCount: number;
      files: { name: string; path: string }[];
    };
    const n = incidentIds.length;
    const police = report.units.find((u) => u.id === "traffic_police")!;
    expect(police.name).toBe("县公安局交警大队");
    expect(police.counts).toEqual({ new: n, open: n - 1, overdue: 0, closed: 0, cancelled: 1 });
    expect(report.units.find((u) => u.id === "urban_management")!.counts.new).toBe(0);
    expect(report.ledgerCount).toBe(n);
    expect(report.pointsAtRisk.map((p) => p.id)).toEqual(["D02"]);
    // ≈159 s of footage that day: the rest of the day is a gap.
    expect(report.cameras[0]!.gapMinutes).toBeCloseTo(24 * 60 - 159 / 60, 0);
    expect(report.files.map((f) => f.name).sort()).toEqual(["ledger.csv", "ledger.xlsx", "report.json"]);
    for (const f of report.files) expect(f.path.startsWith(path.join(fixture.dir, "data", "reports", "2026-12-08"))).toBe(true);
    expect(existsSync(xlsx) && existsSync(csv)).toBe(true);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["汇总", "县公安局交警大队", "县城市管理综合执法局"]);
    const sheet = workbook.getWorksheet("县公安局交警大队")!;
    expect(sheet.rowCount).toBe(1 + n);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS_ZH);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(1).width).toBeGreaterThan(20);
    const images = sheet.getImages();
    expect(images).toHaveLength(n);
    const media = workbook.getImage(Number(images[0]!.imageId));
    expect(media.extension).toBe("jpeg");
    const rows = Array.from({ length: n }, (_, k) => sheet.getRow(k + 2));
    const dispatched = rows.find((r) => r.getCell(1).value === incidentIds[0])!;
    expect(dispatched.getCell(4).value).toBe("机动车违法停车");
    expect(dispatched.getCell(5).value).toBe("楼前禁停区");
    expect(dispatched.getCell(6).value).toBe("浙A·D1234");
    expect(dispatched.getCell(3).value).toBe("商业大街");
    expect(dispatched.getCell(7).value).toBe("2026-12-08 08:00:00");
    expect(dispatched.getCell(10).value).toBe("已派遣");
    expect(dispatched.getCell(11).value).toBe("李警官");
    expect(dispatched.getCell(12).value).toBe("2027-01-08 17:30:00");
    expect(String(dispatched.getCell(15).value)).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(dispatched.getCell(16).value)).toContain(`/incidents/${incidentIds[0]}`);
    const cancelled = rows.find((r) => r.getCell(1).value === incidentIds[1])!;
    expect(cancelled.getCell(10).value).toBe("已注销");
    expect(cancelled.getCell(6).value).toBe("unreadable: too_small");
    expect(cancelled.getCell(13).value).toBe("树影误报");
    expect(workbook.getWorksheet("汇总")!.getRow(3).values).toEqual([undefined, "县公安局交警大队", n, n - 1, 0, 0, 1]);

    const bytes = readFileSync(csv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).trimEnd().split("\r\n");
    expect(lines).toHaveLength(1 + n);
    expect(lines[0]).toBe(["责任单位", ...HEADERS_ZH.slice(0, -1)].join(","));
    expect(lines.slice(1).every((l) => l.startsWith("县公安局交警大队,") && l.includes("机动车违法停车") && l.includes("演示点位·导出录像"))).toBe(true);
  });

  it("writes English headers with --lang en", async () => {
    const xlsx = path.join(fixture.dir, "ledger-en.xlsx");
    const text = await kerbside(["report", "--config", config, "--date", "2026-12-08", "--lang", "en", "--xlsx", xlsx]);
    expect(text).toContain("Daily report 2026-12-08");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.worksheets[0]!.name).toBe("Summary");
    const sheet = workbook.worksheets[1]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual(["ID", "Point", "Category", "Rule"]);
    expect(sheet.getRow(2).getCell(4).value).toBe("Illegal parking");
  });

  it("is made by the cron schedule for the previous local day, and announced to the organisers' unit", async () => {
    const loaded = loadDeployment(config);
    // Every second instead of 08:00, with the clock at 08:00 on the 9th: the report of the 8th.
    const deployment = { ...loaded, storageDir: path.join(fixture.dir, "data"), report: { ...loaded.report, cron: "* * * * * *", organiserUnit: "urban_management" } };
    const stores = openAuditStores(deployment);
    const announced: { unit: string; date: string; files: string[] }[] = [];
    const schedule = scheduleDailyReport({
      deployment,
      stores: { ...stores, health: new SqliteHealthStore(stores.db) },
      log: memoryLogger().log,
      clock: () => Date.parse("2026-12-09T08:00:00+08:00"),
      announce: async (unit, report, stored) => void announced.push({ unit, date: report.date, files: stored.files.map((f) => f.name) }),
    });
    try {
      const first = await waitFor(() => announced[0], 30_000, "the scheduled report");
      expect(first).toEqual({ unit: "urban_management", date: "2026-12-08", files: ["report.json", "ledger.xlsx", "ledger.csv"] });
    } finally {
      await schedule.close();
      await schedule.close();
      stores.close();
    }
  });
});
