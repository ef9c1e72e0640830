/**
 * Makes the daily report of one local day: the ledger items, per-unit counts,
 * the points most at risk (pAny over the retention window up to the day's
 * end, the same figures as `kerbside audit`) and camera health, plus the
 * ledger rows. Reads the stores; writes nothing (report-files.ts does).
 */
import type { Deployment } from "../config/schema.js";
import type { ReportLang } from "../config/schema-report.js";
import { auditDeployment, defaultWindow, type AuditStores } from "../audit/deployment-audit.js";
import { dayInterval } from "../audit/local-hours.js";
import type { HealthStore } from "../footage/health-store.js";
import type { PlateStore } from "../plates/plate-store.js";
import type { CaseStore } from "../workflow/case-store.js";
import { cameraHealth } from "./camera-health.js";
import { ledgerItems } from "./ledger-items.js";
import { ledgerRow, type LedgerRow } from "./ledger-rows.js";
import type { DailyReport, UnitReport } from "./types.js";
import { unitCounts } from "./unit-counts.js";

export interface ReportStores extends AuditStores {
  cases: CaseStore;
  health: HealthStore;
  /** Plates read on parking incidents, for the ledger's plate column. */
  plates?: PlateStore;
}

export interface DailyReportOptions {
  /** Local date YYYY-MM-DD. */
  date: string;
  lang?: ReportLang;
  publicUrl?: string;
  nowMs: number;
}

export interface MadeReport {
  report: DailyReport;
  rows: LedgerRow[];
}

export async function makeDailyReport(deployment: Deployment, stores: ReportStores, options: DailyReportOptions): Promise<MadeReport> {
  const lang = options.lang ?? deployment.report.lang;
  const day = dayInterval(options.date, deployment.timezone);
  const items = ledgerItems(deployment, stores, day, options.nowMs);
  const points = deployment.points.filter((p) => p.enabled);
  const units = unitsOf(deployment, items.map((i) => i.unit)).map((u): UnitReport => ({ ...u, counts: unitCounts(items.filter((i) => i.unit === u.id), day) }));
  const end = Math.min(day.toMs, options.nowMs);
  const audit = await auditDeployment(deployment, stores, { window: defaultWindow(deployment, end), clipMin: deployment.report.clipMin }, options.nowMs);
  const pointsAtRisk = audit.points.slice(0, deployment.report.pointsAtRisk).map((risk) => {
    const point = points.find((p) => p.id === risk.id);
    return { id: risk.id, name: point?.name ?? risk.id, units: point?.units ?? [], pAny: risk.pAny, pViolation: risk.pViolation, pNoFootage: risk.pNoFootage };
  });
  const rows = items.map((item) => ledgerRow(item, { lang, timeZone: deployment.timezone, points, storageDir: deployment.storageDir, publicUrl: options.publicUrl }));
  return {
    rows,
    report: {
      date: options.date,
      timeZone: deployment.timezone,
      lang,
      generatedAt: new Date(options.nowMs).toISOString(),
      units,
      pointsAtRisk,
      cameras: cameraHealth(points, stores, day),
      ledgerCount: rows.length,
    },
  };
}

/** The configured units (in config order), then any unit an incident names that the config does not. */
function unitsOf(deployment: Pick<Deployment, "units" | "points">, named: readonly string[]): { id: string; name: string }[] {
  const configured = deployment.units.map((u) => ({ id: u.id, name: u.name }));
  const extra = [...new Set(named)].filter((id) => !configured.some((u) => u.id === id)).map((id) => ({ id, name: id }));
  return [...configured, ...extra];
}
