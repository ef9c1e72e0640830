/**
 * Where a deployment keeps its files, all under storageDir:
 *   kerbside.db                 the SQLite index (segments, health, incidents…)
 *   footage/<point>/<YYYYMMDD>/ recorded segments (see footage/layout.ts)
 *   evidence/                   incident evidence; retention never touches it
 */
import path from "node:path";
import type { Deployment } from "./schema.js";

export function databasePath(deployment: Pick<Deployment, "storageDir">): string {
  return path.join(deployment.storageDir, "kerbside.db");
}

export function footageRoot(deployment: Pick<Deployment, "storageDir">): string {
  return path.join(deployment.storageDir, "footage");
}

export function evidenceRoot(deployment: Pick<Deployment, "storageDir">): string {
  return path.join(deployment.storageDir, "evidence");
}
