/** The in-process SQLite job queue passes the JobQueue contract, on a fresh database file per test. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JobTable } from "../../src/queue/job-table.js";
import { LocalJobQueue } from "../../src/queue/local-job-queue.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { tempDir } from "../footage/helpers.js";
import { jobQueueContract } from "./job-queue.contract.js";

jobQueueContract("LocalJobQueue (SQLite)", async () => {
  const dir = tempDir("job-queue");
  const file = path.join(dir.dir, "kerbside.db");
  const open: Db[] = [];
  return {
    open: async (runner) => {
      const db = openDatabase(file);
      open.push(db);
      return new LocalJobQueue({ db, runner, progressIntervalMs: 0 });
    },
    cleanup: async () => {
      for (const db of open) db.close();
      dir.cleanup();
    },
  };
});

describe("LocalJobQueue after a crash", () => {
  it("runs again a job that a dead process left marked running", async () => {
    const dir = tempDir("job-queue-crash");
    const db = openDatabase(path.join(dir.dir, "kerbside.db"));
    try {
      // What a process killed mid-job leaves behind: the job claimed (running), never finished.
      const table = new JobTable(db);
      const id = table.insert({ pointIds: ["J01"], from: "2026-12-07", to: "2026-12-07" }, [{ pointId: "J01", day: "2026-12-07" }]);
      expect(table.claimNext()!.state).toBe("running");
      const ran: string[] = [];
      const queue = new LocalJobQueue({ db, runner: async (job) => (ran.push(job.day), { frames: 1, incidents: 0 }) });
      queue.start();
      await queue.idle();
      await queue.close();
      expect(ran).toEqual(["2026-12-07"]);
      const after = table.request(id)!;
      expect(after.state).toBe("done");
      expect(after.jobs[0]!.attempts).toBe(2);
    } finally {
      db.close();
      dir.cleanup();
    }
  });
});
