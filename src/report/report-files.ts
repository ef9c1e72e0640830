/**
 * Where daily reports are kept: <storageDir>/reports/<date>/ holds
 * report.json, ledger.xlsx and ledger.csv. The board lists and serves them by
 * date and by these fixed names only, so no request can reach another file.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Deployment } from "../config/schema.js";
import { KerbsideError, errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import { ledgerCsv } from "./ledger-csv.js";
import { ledgerWorkbook } from "./ledger-xlsx.js";
import { words } from "./labels.js";
import type { MadeReport } from "./daily-report.js";

export const REPORT_FILES = ["report.json", "ledger.xlsx", "ledger.csv"] as const;
export type ReportFileName = (typeof REPORT_FILES)[number];

export interface StoredReport {
  date: string;
  dir: string;
  files: { name: ReportFileName; path: string; bytes: number }[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function reportsRoot(deployment: Pick<Deployment, "storageDir">): string {
  return path.join(deployment.storageDir, "reports");
}

export async function writeReport(
  deployment: Pick<Deployment, "storageDir" | "units" | "report">,
  made: MadeReport,
  log: Logger,
  copies: { xlsx?: string; csv?: string } = {},
): Promise<StoredReport> {
  const { report, rows } = made;
  const dir = path.join(reportsRoot(deployment), report.date);
  const unitName = (id: string): string => report.units.find((u) => u.id === id)?.name ?? id;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(path.join(dir, "ledger.csv"), ledgerCsv(rows, report.lang, unitName));
    const title = `${words(report.lang).summary.title} ${report.date}`;
    const workbook = await ledgerWorkbook({ lang: report.lang, title, units: report.units, rows, thumbnailWidth: deployment.report.thumbnailWidth, log });
    await workbook.xlsx.writeFile(path.join(dir, "ledger.xlsx"));
    if (copies.xlsx) copyFileSync(path.join(dir, "ledger.xlsx"), path.resolve(copies.xlsx));
    if (copies.csv) copyFileSync(path.join(dir, "ledger.csv"), path.resolve(copies.csv));
  } catch (error) {
    throw new KerbsideError("KERB_ERR_REPORT", `cannot write the report of ${report.date} under ${dir}: ${errorMessage(error)}`, { cause: error });
  }
  return storedReport(deployment, report.date) as StoredReport;
}

export function storedReport(deployment: Pick<Deployment, "storageDir">, date: string): StoredReport | undefined {
  if (!DATE.test(date)) return undefined;
  const dir = path.join(reportsRoot(deployment), date);
  if (!existsSync(dir)) return undefined;
  const files = REPORT_FILES.filter((name) => existsSync(path.join(dir, name))).map((name) => {
    const file = path.join(dir, name);
    return { name, path: file, bytes: statSync(file).size };
  });
  return { date, dir, files };
}

/** Newest first. */
export function listReports(deployment: Pick<Deployment, "storageDir">): StoredReport[] {
  const root = reportsRoot(deployment);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => DATE.test(name))
    .sort()
    .reverse()
    .flatMap((date) => storedReport(deployment, date) ?? []);
}
