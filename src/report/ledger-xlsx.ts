/**
 * The ledger as an Excel workbook (exceljs): a summary sheet, then one sheet
 * per unit with one row per incident, the main snapshot embedded as a
 * thumbnail (sharp-resized JPEG), the header frozen, filters on and the
 * column widths set. Headers in the report's language.
 */
import ExcelJS from "exceljs";
import sharp from "sharp";
import type { ReportLang } from "../config/schema-report.js";
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import { LEDGER_COLUMNS, words, type LedgerColumn } from "./labels.js";
import type { LedgerRow } from "./ledger-rows.js";
import type { UnitReport } from "./types.js";

const WIDTHS: Record<LedgerColumn, number> = {
  id: 44, point: 28, category: 12, rule: 18, zone: 14, plate: 14, start: 20, end: 20, duration: 10, state: 16,
  assignee: 12, deadline: 20, closingNote: 30, recurrences: 10, snapshotSha256: 66, link: 50, thumbnail: 24,
};

export interface LedgerWorkbookInput {
  lang: ReportLang;
  title: string;
  units: readonly UnitReport[];
  rows: readonly LedgerRow[];
  thumbnailWidth: number;
  log: Logger;
}

export async function ledgerWorkbook(input: LedgerWorkbookInput): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kerbside";
  addSummary(workbook, input);
  const used = new Set<string>([words(input.lang).summary.sheet]);
  for (const unit of input.units) {
    const sheet = workbook.addWorksheet(sheetName(unit.name, used), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = LEDGER_COLUMNS.map((key) => ({ header: words(input.lang).columns[key], key, width: WIDTHS[key] }));
    sheet.getRow(1).font = { bold: true };
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
    for (const row of input.rows.filter((r) => r.unit === unit.id)) await addRow(workbook, sheet, row, input);
  }
  return workbook;
}

function addSummary(workbook: ExcelJS.Workbook, input: LedgerWorkbookInput): void {
  const w = words(input.lang).summary;
  const sheet = workbook.addWorksheet(w.sheet, { views: [{ state: "frozen", ySplit: 2 }] });
  sheet.addRow([input.title]).font = { bold: true, size: 14 };
  sheet.addRow([w.unit, w.new, w.open, w.overdue, w.closed, w.cancelled]).font = { bold: true };
  for (const u of input.units) sheet.addRow([u.name, u.counts.new, u.counts.open, u.counts.overdue, u.counts.closed, u.counts.cancelled]);
  sheet.columns.forEach((column, k) => (column.width = k === 0 ? 36 : 10));
}

async function addRow(workbook: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, row: LedgerRow, input: LedgerWorkbookInput): Promise<void> {
  const added = sheet.addRow({ ...row.cells, link: { text: row.cells.link, hyperlink: row.cells.link } });
  added.alignment = { vertical: "middle", wrapText: true };
  if (!row.snapshotPath) return;
  try {
    const { data, info } = await sharp(row.snapshotPath).resize({ width: input.thumbnailWidth }).jpeg({ quality: 75 }).toBuffer({ resolveWithObject: true });
    const image = workbook.addImage({ buffer: data as unknown as ExcelJS.Buffer, extension: "jpeg" });
    const column = LEDGER_COLUMNS.indexOf("thumbnail");
    sheet.addImage(image, { tl: { col: column, row: added.number - 1 }, ext: { width: info.width, height: info.height }, editAs: "oneCell" });
    added.height = info.height * 0.75 + 4; // points, not pixels
  } catch (error) {
    // A missing or unreadable snapshot leaves the cell empty; the row (and its hash) stays.
    input.log.warn({ incident: row.cells.id, file: row.snapshotPath, err: errorMessage(error) }, "ledger thumbnail skipped");
  }
}

/** Excel sheet names: ≤ 31 characters, none of : \ / ? * [ ], unique. */
export function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]]/g, " ").slice(0, 31).trim() || "unit";
  let candidate = base;
  for (let n = 2; used.has(candidate); n++) candidate = `${base.slice(0, 28)}-${n}`;
  used.add(candidate);
  return candidate;
}
