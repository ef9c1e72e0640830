/**
 * Daily reports and ledgers (organisers and admins not limited to points): GET /api/reports lists
 * what is stored under <storageDir>/reports/, GET /api/reports/:date/:name
 * downloads one file (only the fixed names, looked up, never joined), and
 * POST /api/reports {date} makes a day's report now.
 */
import { z } from "zod";
import type { Principal } from "../../accounts/types.js";
import { SqliteHealthStore } from "../../footage/health-store.js";
import { falseAlarmExclusion } from "../../audit/false-alarms.js";
import { listReports, storedReport, type StoredReport } from "../../report/report-files.js";
import { runDailyReport } from "../../report/report-job.js";
import { ScanProgressStore } from "../../scan/scan-progress.js";
import { SqliteCaseStore } from "../../workflow/sqlite-case-store.js";
import type { RouteModule } from "../api-builder.js";
import { canReadDailyReports } from "../access-policy.js";
import { forbidden, notFound } from "../http-errors.js";
import { StoredReportSchema } from "../views/audit-schemas.js";

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");
const CONTENT_TYPES: Record<string, string> = {
  "report.json": "application/json; charset=utf-8",
  "ledger.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "ledger.csv": "text/csv; charset=utf-8",
};

/** A report names every point: organisers and admins not limited to points. */
function requireReports(user: Principal): void {
  if (!canReadDailyReports(user)) throw forbidden("the daily reports and ledgers cover every point: for organisers and admins not limited to points");
}

function view(report: StoredReport) {
  return { date: report.date, files: report.files.map((f) => ({ name: f.name, bytes: f.bytes, href: `/api/reports/${report.date}/${f.name}` })) };
}

export const register: RouteModule = (api) => {
  api.route({
    method: "get", path: "/api/reports", summary: "Stored daily reports and ledgers, newest first", tags: ["reports"],
    response: z.object({ reports: z.array(StoredReportSchema) }),
    handler: ({ auth, ctx }) => {
      requireReports(auth.user);
      return { reports: listReports(ctx.deployment).map(view) };
    },
  });
  api.route({
    method: "post", path: "/api/reports", summary: "Make (or remake) the daily report and ledger of a local day now", tags: ["reports"],
    body: z.strictObject({ date: DateSchema, lang: z.enum(["zh-CN", "en"]).optional() }), status: 201, response: StoredReportSchema,
    handler: async ({ auth, ctx, body }) => {
      requireReports(auth.user);
      const cases = new SqliteCaseStore(ctx.db);
      const stores = {
        segments: ctx.segments, incidents: ctx.incidents, progress: new ScanProgressStore(ctx.db), cases, health: new SqliteHealthStore(ctx.db), excluded: falseAlarmExclusion(cases),
      };
      const run = await runDailyReport({ deployment: ctx.deployment, stores, log: ctx.log, publicUrl: ctx.deployment.board.publicUrl, clock: ctx.now }, body.date, { lang: body.lang });
      return view(run.stored);
    },
  });
  api.route({
    method: "get", path: "/api/reports/:date/:name", summary: "Download report.json, ledger.xlsx or ledger.csv of a day", tags: ["reports"],
    params: z.object({ date: DateSchema, name: z.enum(["report.json", "ledger.xlsx", "ledger.csv"]) }),
    rawResponses: { "200": { description: "The file" }, "404": { description: "No report of that day, or not that file" } },
    handler: async ({ auth, ctx, params, res }) => {
      requireReports(auth.user);
      const file = storedReport(ctx.deployment, params.date)?.files.find((f) => f.name === params.name);
      if (!file) throw notFound(`${params.name} of ${params.date}`);
      await new Promise<void>((resolve, reject) => {
        res.download(file.path, `kerbside-${params.date}-${params.name}`, { headers: { "Content-Type": CONTENT_TYPES[params.name] ?? "application/octet-stream" }, dotfiles: "allow" }, (error) => {
          if (error && !res.headersSent) reject(notFound(`${params.name} of ${params.date}`));
          else resolve();
        });
      });
    },
  });
};
