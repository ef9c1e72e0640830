/**
 * The daily report as one step (`kerbside report` and the 08:00 cron job):
 * make it, store it under <storageDir>/reports/<date>/, then announce it to
 * the organisers' unit. The announcement is a hook (ReportAnnouncer) so the
 * closed loop's webhook sender plugs in; a failing announcement is logged and
 * never loses the stored report.
 */
import cron from "node-cron";
import type { Deployment } from "../config/schema.js";
import type { ReportLang } from "../config/schema-report.js";
import { localDate } from "../audit/local-hours.js";
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import { makeDailyReport, type ReportStores } from "./daily-report.js";
import { writeReport, type StoredReport } from "./report-files.js";
import type { DailyReport } from "./types.js";

/** Sends "the report of <date> is ready" to a unit (e.g. a WeCom/DingTalk webhook). */
export type ReportAnnouncer = (unitId: string, report: DailyReport, stored: StoredReport) => Promise<void>;

export interface ReportJobOptions {
  deployment: Deployment;
  stores: ReportStores;
  log: Logger;
  publicUrl?: string;
  announce?: ReportAnnouncer;
  clock?: () => number;
}

export interface ReportRun {
  report: DailyReport;
  stored: StoredReport;
  announced: boolean;
}

export async function runDailyReport(options: ReportJobOptions, date: string, extra: { lang?: ReportLang; xlsx?: string; csv?: string } = {}): Promise<ReportRun> {
  const { deployment, log } = options;
  const nowMs = (options.clock ?? Date.now)();
  const made = await makeDailyReport(deployment, options.stores, { date, lang: extra.lang, publicUrl: options.publicUrl, nowMs });
  const stored = await writeReport(deployment, made, log, extra);
  log.info({ date, dir: stored.dir, rows: made.report.ledgerCount }, "daily report written");
  const unit = deployment.report.organiserUnit;
  if (!unit || !options.announce) return { report: made.report, stored, announced: false };
  try {
    await options.announce(unit, made.report, stored);
    return { report: made.report, stored, announced: true };
  } catch (error) {
    log.warn({ date, unit, err: errorMessage(error) }, "daily report announcement failed; the report is stored");
    return { report: made.report, stored, announced: false };
  }
}

/** The local date before the instant's (the report made at 08:00 covers yesterday). */
export function previousLocalDate(ms: number, timeZone: string): string {
  const today = localDate(ms, timeZone);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

export interface ReportSchedule {
  close(): Promise<void>;
}

/** Runs the report of the previous day on the config's cron, in the deployment's time zone. */
export function scheduleDailyReport(options: ReportJobOptions): ReportSchedule {
  const { deployment, log } = options;
  const task = cron.schedule(
    deployment.report.cron,
    async () => {
      const date = previousLocalDate((options.clock ?? Date.now)(), deployment.timezone);
      try {
        await runDailyReport(options, date);
      } catch (error) {
        log.error({ date, err: errorMessage(error) }, "daily report failed");
      }
    },
    { name: "daily-report", timezone: deployment.timezone, noOverlap: true },
  );
  let closing: Promise<void> | undefined;
  return {
    close: () => {
      closing ??= Promise.resolve(task.destroy());
      return closing;
    },
  };
}
