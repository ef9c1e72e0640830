/**
 * Incidents the closed loop cancelled as false alarms are not violation time
 * for the pre-audit; other cancellations (a duplicate) still are. Real SQLite
 * stores and the real case service.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadPointData } from "../../src/audit/audit-data.js";
import { falseAlarmExclusion } from "../../src/audit/false-alarms.js";
import type { PointConfig } from "../../src/config/schema.js";
import { WorkflowSchema } from "../../src/config/schema-workflow.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { IncidentBus } from "../../src/incidents/bus.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import { ScanProgressStore } from "../../src/scan/scan-progress.js";
import { openDatabase } from "../../src/store/database.js";
import { CaseService } from "../../src/workflow/case-service.js";
import { SqliteCaseStore } from "../../src/workflow/sqlite-case-store.js";
import { tempDir } from "../footage/helpers.js";
import { episode, T0 } from "../incidents/incident-store.contract.js";

describe("false alarms", () => {
  it("leaves out incidents cancelled as false alarms, keeps duplicates", () => {
    const dir = tempDir("audit-false-alarms");
    const db = openDatabase(path.join(dir.dir, "kerbside.db"));
    try {
      const incidents = new SqliteIncidentStore(db);
      const cases = new SqliteCaseStore(db);
      const hour = 3_600_000;
      const [a, b, c] = [0, 2, 4].map((h, k) =>
        incidents.recordEpisode(episode({ key: `k${k}`, trackId: k, startMs: T0 + h * hour, thresholdMs: T0 + h * hour, lastSeenMs: T0 + h * hour + 600_000, endMs: T0 + h * hour + 600_000 })).incident,
      );
      const service = new CaseService({
        cases, incidents, bus: new IncidentBus(), workflow: WorkflowSchema.parse({}),
        deployment: { timezone: "Asia/Shanghai", schedules: {}, points: [{ id: "P01", category: "main_road" }] },
      });
      const organiser = { name: "o1", role: "organiser" as const };
      service.act(a!.id, { action: "cancel", reason: "false_alarm" }, organiser);
      service.act(b!.id, { action: "cancel", reason: "duplicate" }, organiser);
      const data = loadPointData({ id: "P01" } as PointConfig, { fromMs: T0 - hour, toMs: T0 + 6 * hour }, {
        segments: new SqliteSegmentStore(db),
        incidents,
        progress: new ScanProgressStore(db),
        scanKeyFor: () => "k",
        excluded: falseAlarmExclusion(cases),
        nowMs: T0 + 6 * hour,
      });
      expect(data.violations.map((v) => v.incidentId).sort()).toEqual([b!.id, c!.id].sort());
      // Nothing indexed: the whole range is a gap.
      expect(data.gaps).toEqual([{ fromMs: T0 - hour, toMs: T0 + 6 * hour, reason: "missing" }]);
    } finally {
      db.close();
      dir.cleanup();
    }
  });
});
