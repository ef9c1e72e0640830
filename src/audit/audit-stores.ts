/**
 * The stores a pre-audit reads, opened on a deployment's database for a
 * command-line run (the service and the board pass their own). Incidents
 * the closed loop cancelled as false alarms are left out.
 */
import { databasePath } from "../config/paths.js";
import type { Deployment } from "../config/schema.js";
import { SqliteSegmentStore } from "../footage/segment-store.js";
import { SqliteIncidentStore } from "../incidents/sqlite-incident-store.js";
import { ScanProgressStore } from "../scan/scan-progress.js";
import { openDatabase, type Db } from "../store/database.js";
import { SqliteCaseStore } from "../workflow/sqlite-case-store.js";
import type { AuditStores } from "./deployment-audit.js";
import { falseAlarmExclusion } from "./false-alarms.js";

export function openAuditStores(deployment: Pick<Deployment, "storageDir">): AuditStores & { db: Db; cases: SqliteCaseStore; close(): void } {
  const db = openDatabase(databasePath(deployment));
  const cases = new SqliteCaseStore(db);
  let closed = false;
  return {
    db,
    segments: new SqliteSegmentStore(db),
    incidents: new SqliteIncidentStore(db),
    progress: new ScanProgressStore(db),
    cases,
    excluded: falseAlarmExclusion(cases),
    close: () => {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
