/**
 * The `report:` section: the daily report and ledger (台账) — when it is made
 * (node-cron, in the deployment's time zone; default every day at 08:00, for
 * the day before), its language, which unit it is announced to, and how many
 * points at risk it lists. Every field has a default.
 */
import cron from "node-cron";
import { z } from "zod";

export const REPORT_LANGS = ["zh-CN", "en"] as const;

export const ReportSchema = z.strictObject({
  enabled: z.boolean().default(true).describe("Make the daily report in `kerbside run` (default true)"),
  cron: z
    .string()
    .refine((expression) => cron.validate(expression), "expected a cron expression, e.g. \"0 8 * * *\"")
    .default("0 8 * * *")
    .describe("When the daily report of the previous day is made, deployment-local time (default 08:00 every day)"),
  lang: z.enum(REPORT_LANGS).default("zh-CN").describe("Language of the report and the ledger's headers (default zh-CN)"),
  organiserUnit: z.string().min(1).optional().describe("Unit id the report is announced to by webhook (the organisers, e.g. the civilisation office)"),
  pointsAtRisk: z.number().int().min(1).max(200).default(10).describe("Points listed as most at risk (highest pAny), 1–200 (default 10)"),
  clipMin: z.number().min(0.1).max(1440).default(10).describe("Inspection clip length for pAny, minutes (default 10)"),
  thumbnailWidth: z.number().int().min(40).max(640).default(160).describe("Width of the ledger's embedded snapshot, pixels (default 160)"),
});

export type ReportConfig = z.infer<typeof ReportSchema>;
export type ReportLang = (typeof REPORT_LANGS)[number];
