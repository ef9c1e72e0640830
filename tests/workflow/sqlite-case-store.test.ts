import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { newCase } from "../../src/workflow/case-store.js";
import { SqliteCaseStore } from "../../src/workflow/sqlite-case-store.js";
import { openDatabase } from "../../src/store/database.js";
import { AT, act, describeCaseStoreContract, incidentRef } from "./case-store.contract.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "kerbside-cases-"));
let n = 0;
const nextFile = (): string => path.join(dir, `cases-${++n}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeCaseStoreContract("sqlite (file, WAL)", () => SqliteCaseStore.open(nextFile()));

describe("SqliteCaseStore specifics", () => {
  it("keeps cases and history across reopen", () => {
    const file = nextFile();
    const first = SqliteCaseStore.open(file);
    const c = act(first, act(first, newCase(incidentRef(), AT), { action: "file" }), { action: "park", explanation: "road works" });
    first.close();
    const again = SqliteCaseStore.open(file);
    expect(again.get(c.incidentId)).toEqual(c);
    expect(again.history(c.incidentId).map((h) => h.note)).toEqual([null, "road works"]);
    again.close();
  });

  it("two connections to one file cannot both act on the same version (UPDATE … WHERE version = ?)", () => {
    const file = nextFile();
    const a = SqliteCaseStore.open(file);
    const b = new SqliteCaseStore(openDatabase(file), { ownsDb: true });
    const filed = act(a, newCase(incidentRef(), AT), { action: "file" });
    act(a, filed, { action: "dispatch", unit: "police" });
    expect(() => act(b, filed, { action: "dispatch", unit: "city" })).toThrow(/expected version 1, it is 2/);
    expect(b.get(filed.incidentId)?.unit).toBe("police");
    a.close();
    b.close();
  });
});
