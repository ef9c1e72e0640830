/**
 * The ledger as CSV: UTF-8 with a byte-order mark (so Excel opens the
 * Chinese correctly), CRLF line ends, RFC 4180 quoting, one header line and
 * one line per incident, with a unit column since all units share the file.
 */
import { words, LEDGER_COLUMNS } from "./labels.js";
import type { ReportLang } from "../config/schema-report.js";
import type { LedgerRow } from "./ledger-rows.js";

const BOM = "\uFEFF";

function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function ledgerCsv(rows: readonly LedgerRow[], lang: ReportLang, unitName: (id: string) => string): string {
  const w = words(lang);
  const columns = LEDGER_COLUMNS.filter((c) => c !== "thumbnail");
  const header = [w.summary.unit, ...columns.map((c) => w.columns[c])];
  const lines = rows.map((row) => [unitName(row.unit), ...columns.map((c) => row.cells[c])]);
  return BOM + [header, ...lines].map((line) => line.map(field).join(",")).join("\r\n") + "\r\n";
}
