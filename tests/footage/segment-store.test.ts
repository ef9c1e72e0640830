// The SQLite segment store: the conformance suite on a fresh file-backed
// database per test, plus what only a persistent backend can show.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SqliteHealthStore } from "../../src/footage/health-store.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { openDatabase } from "../../src/store/database.js";
import { MIN, T0, seg, segmentStoreContract } from "./segment-store.contract.js";
import { tempDir } from "./helpers.js";

segmentStoreContract("SQLite", () => {
  const tmp = tempDir("segments");
  return { store: new SqliteSegmentStore(openDatabase(path.join(tmp.dir, "kerbside.db")), true), cleanup: tmp.cleanup };
});

describe("SqliteSegmentStore", () => {
  it("persists across reopen, with camera health in the same file", () => {
    const tmp = tempDir("segments-reopen");
    const dbFile = path.join(tmp.dir, "kerbside.db");
    const store = new SqliteSegmentStore(openDatabase(dbFile), true);
    store.upsert(seg("J01", 0, 5));
    const writer = openDatabase(dbFile);
    new SqliteHealthStore(writer).save("J01", { state: "offline", sinceMs: T0, lastSegmentAt: T0 + 5 * MIN, reconnects: 3, lastError: "boom" }, T0);
    writer.close();
    store.close();
    const db = openDatabase(dbFile);
    const reopened = new SqliteSegmentStore(db);
    expect(reopened.list()).toHaveLength(1);
    expect(new SqliteHealthStore(db).get("J01")).toMatchObject({ state: "offline", reconnects: 3, lastError: "boom", lastSegmentAt: T0 + 5 * MIN });
    db.close();
    tmp.cleanup();
  });
});
