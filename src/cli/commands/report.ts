/**
 * `kerbside report`: the daily report and ledger (台账) of one local day, on
 * demand (`kerbside run` also makes it every morning).
 *   kerbside report --config FILE [--date YYYY-MM-DD] [--xlsx OUT] [--csv OUT] [--lang zh-CN|en] [--json]
 */
import { InvalidArgumentError, type Command } from "commander";
import { openAuditStores } from "../../audit/audit-stores.js";
import { loadDeploymentLenient } from "../../config/load.js";
import type { ReportLang } from "../../config/schema-report.js";
import { SqliteHealthStore } from "../../footage/health-store.js";
import { PlateStore } from "../../plates/plate-store.js";
import { logger } from "../../log.js";
import { daysBetween } from "../../queue/request-days.js";
import { formatReport } from "../../report/report-text.js";
import { previousLocalDate, runDailyReport } from "../../report/report-job.js";
import { boardPublicUrl } from "../../report/public-url.js";

interface ReportCliOptions {
  config: string;
  date?: string;
  xlsx?: string;
  csv?: string;
  lang?: ReportLang;
  json?: boolean;
}

function lang(value: string): ReportLang {
  if (value !== "zh-CN" && value !== "en") throw new InvalidArgumentError("--lang must be zh-CN or en");
  return value;
}

function date(value: string): string {
  daysBetween(value, value); // a coded error for a date that does not exist
  return value;
}

export function register(program: Command): void {
  program
    .command("report")
    .description("Daily report and ledger (台账): per unit the day's incidents new/open/overdue/closed/cancelled, points at risk, camera health; .xlsx and .csv")
    .requiredOption("-c, --config <file>", "deployment config")
    .option("--date <YYYY-MM-DD>", "local day (default: yesterday)", date)
    .option("--xlsx <file>", "also write the ledger workbook here")
    .option("--csv <file>", "also write the ledger CSV here")
    .option("--lang <zh-CN|en>", "language (default: the config's report.lang, zh-CN)", lang)
    .option("--json", "print the report as JSON")
    .action(async (opts: ReportCliOptions) => {
      const { deployment } = loadDeploymentLenient(opts.config);
      const stores = openAuditStores(deployment);
      try {
        const day = opts.date ?? previousLocalDate(Date.now(), deployment.timezone);
        const run = await runDailyReport(
          { deployment, stores: { ...stores, health: new SqliteHealthStore(stores.db), plates: new PlateStore(stores.db) }, log: logger.child({ module: "report" }), publicUrl: boardPublicUrl(deployment) },
          day,
          { lang: opts.lang, xlsx: opts.xlsx, csv: opts.csv },
        );
        process.stdout.write(opts.json ? `${JSON.stringify({ ...run.report, files: run.stored.files }, null, 2)}\n` : `${formatReport(run.report, run.stored)}\n`);
      } finally {
        stores.close();
      }
    });
}
