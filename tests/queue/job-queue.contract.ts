/**
 * The contract every JobQueue backend passes (the in-process SQLite queue
 * now, BullMQ next): one job per point and day in order, concurrency 1,
 * progress events written through, cancel, failures kept apart, and resume
 * after a close or a crash. The runner here is the queue's own input (the
 * work of a job), driven step by step by the test; the real scan runner is
 * tested in scan-day-runner.test.ts.
 */
import { describe, expect, it } from "vitest";
import { isKerbsideError } from "../../src/errors.js";
import type { JobContext, JobQueue, JobRunner, JobSpec, QueueEvent } from "../../src/queue/types.js";
import { waitFor } from "../footage/helpers.js";

/** A backend the test can open, close and open again on the same storage. */
export interface QueueBackend {
  open(runner: JobRunner): Promise<JobQueue>;
  cleanup(): Promise<void>;
}

interface Call {
  job: JobSpec;
  context: JobContext;
  release: (outcome?: Error) => void;
}

/** A runner whose jobs wait until the test releases them (or their signal aborts). */
function steppedRunner() {
  const calls: Call[] = [];
  let active = 0;
  let maxActive = 0;
  const runner: JobRunner = (job, context) =>
    new Promise((resolve, reject) => {
      active++;
      maxActive = Math.max(maxActive, active);
      const settle = (fn: () => void) => {
        active--;
        fn();
      };
      context.signal.addEventListener("abort", () => settle(() => reject(new Error("aborted"))), { once: true });
      calls.push({
        job,
        context,
        release: (outcome) => settle(() => (outcome ? reject(outcome) : resolve({ frames: 10, incidents: job.pointId === "J01" ? 1 : 0 }))),
      });
    });
  return { runner, calls, maxActive: () => maxActive };
}

export function jobQueueContract(name: string, makeBackend: () => Promise<QueueBackend>): void {
  describe(`JobQueue contract: ${name}`, () => {
    it("makes one job per point and day, runs them in order one at a time, and ends done", async () => {
      const backend = await makeBackend();
      const stepped = steppedRunner();
      const queue = await backend.open(stepped.runner);
      try {
        const request = await queue.enqueue({ pointIds: ["J01", "J02"], from: "2026-12-07", to: "2026-12-08", requestedBy: "organiser" });
        expect(request.jobs.map((j) => `${j.day} ${j.pointId}`)).toEqual(["2026-12-07 J01", "2026-12-07 J02", "2026-12-08 J01", "2026-12-08 J02"]);
        expect(request.jobs.every((j) => j.state === "queued")).toBe(true);
        expect(request.requestedBy).toBe("organiser");
        queue.start();
        for (let k = 0; k < 4; k++) {
          const call = await waitFor(() => stepped.calls[k], 10_000, `job ${k} to start`);
          expect(`${call.job.day} ${call.job.pointId}`).toBe(`${request.jobs[k]!.day} ${request.jobs[k]!.pointId}`);
          await new Promise((r) => setTimeout(r, 30));
          expect(stepped.calls).toHaveLength(k + 1); // the next waits for this one
          call.release();
        }
        await queue.idle();
        const done = await queue.get(request.id);
        expect(done!.state).toBe("done");
        expect(done!.progress).toBe(1);
        expect(done!.jobs.map((j) => [j.state, j.frames, j.attempts])).toEqual(Array(4).fill(["done", 10, 1]));
        expect(done!.jobs.map((j) => j.incidents)).toEqual([1, 0, 1, 0]);
        expect(stepped.maxActive()).toBe(1);
        expect((await queue.list()).map((r) => r.id)).toContain(request.id);
      } finally {
        await queue.close();
        await backend.cleanup();
      }
    });

    it("publishes progress and state events and keeps the progress readable while a job runs", async () => {
      const backend = await makeBackend();
      const stepped = steppedRunner();
      const queue = await backend.open(stepped.runner);
      const events: QueueEvent[] = [];
      const unsubscribe = queue.subscribe((e) => events.push(e));
      try {
        const request = await queue.enqueue({ pointIds: ["J01"], from: "2026-12-07", to: "2026-12-07" });
        queue.start();
        const call = await waitFor(() => stepped.calls[0], 10_000, "the job to start");
        call.context.progress({ fraction: 0.25, frames: 3, incidents: 0 });
        const progress = await waitFor(() => events.find((e) => e.kind === "progress"), 10_000, "a progress event");
        expect(progress.job.progress).toBe(0.25);
        expect(progress.job.frames).toBe(3);
        expect(progress.job.state).toBe("running");
        expect((await queue.get(request.id))!.jobs[0]!.progress).toBe(0.25);
        call.release();
        await queue.idle();
        await waitFor(() => events.find((e) => e.kind === "state" && e.job.state === "done"), 10_000, "the done event");
        const states = events.filter((e) => e.kind === "state").map((e) => e.job.state);
        expect(states).toEqual(["queued", "running", "done"]);
      } finally {
        unsubscribe();
        await queue.close();
        await backend.cleanup();
      }
    });

    it("cancels a request: its running job is aborted, its queued jobs never run, another request goes on", async () => {
      const backend = await makeBackend();
      const stepped = steppedRunner();
      const queue = await backend.open(stepped.runner);
      try {
        const first = await queue.enqueue({ pointIds: ["J01", "J02"], from: "2026-12-07", to: "2026-12-07" });
        const second = await queue.enqueue({ pointIds: ["M01"], from: "2026-12-07", to: "2026-12-07" });
        queue.start();
        const call = await waitFor(() => stepped.calls[0], 10_000, "the first job to start");
        const cancelled = await queue.cancel(first.id);
        expect(call.context.signal.aborted).toBe(true);
        expect(cancelled.state).toBe("cancelled");
        expect(cancelled.jobs.map((j) => j.state)).toEqual(["cancelled", "cancelled"]);
        const next = await waitFor(() => stepped.calls[1], 10_000, "the other request's job");
        expect(next.job.pointId).toBe("M01");
        next.release();
        await queue.idle();
        expect((await queue.get(second.id))!.state).toBe("done");
        expect(stepped.calls).toHaveLength(2);
        let caught: unknown;
        await queue.cancel("pa-nope").catch((error: unknown) => (caught = error));
        expect(isKerbsideError(caught, "KERB_ERR_JOB_UNKNOWN")).toBe(true);
      } finally {
        await queue.close();
        await backend.cleanup();
      }
    });

    it("records a failed job with its error and runs the others", async () => {
      const backend = await makeBackend();
      const stepped = steppedRunner();
      const queue = await backend.open(stepped.runner);
      try {
        const request = await queue.enqueue({ pointIds: ["J01", "J02"], from: "2026-12-07", to: "2026-12-07" });
        queue.start();
        (await waitFor(() => stepped.calls[0], 10_000, "job 1")).release(new Error("KERB_ERR_SCAN: no footage found to scan"));
        (await waitFor(() => stepped.calls[1], 10_000, "job 2")).release();
        await queue.idle();
        const after = (await queue.get(request.id))!;
        expect(after.jobs.map((j) => j.state)).toEqual(["failed", "done"]);
        expect(after.jobs[0]!.error).toContain("no footage found");
        expect(after.state).toBe("failed");
      } finally {
        await queue.close();
        await backend.cleanup();
      }
    });

    it("resumes after a close: the interrupted job runs again, finished ones do not", async () => {
      const backend = await makeBackend();
      const firstRun = steppedRunner();
      let queue = await backend.open(firstRun.runner);
      try {
        const request = await queue.enqueue({ pointIds: ["J01"], from: "2026-12-07", to: "2026-12-09" });
        queue.start();
        (await waitFor(() => firstRun.calls[0], 10_000, "day 1")).release();
        const interrupted = await waitFor(() => firstRun.calls[1], 10_000, "day 2");
        await queue.close();
        await queue.close(); // safe twice
        expect(interrupted.context.signal.aborted).toBe(true);

        const secondRun = steppedRunner();
        queue = await backend.open(secondRun.runner);
        const reopened = (await queue.get(request.id))!;
        expect(reopened.jobs.map((j) => j.state)).toEqual(["done", "queued", "queued"]);
        queue.start();
        const resumed = await waitFor(() => secondRun.calls[0], 10_000, "day 2 again");
        expect(resumed.job.day).toBe("2026-12-08");
        resumed.release();
        (await waitFor(() => secondRun.calls[1], 10_000, "day 3")).release();
        await queue.idle();
        const after = (await queue.get(request.id))!;
        expect(after.state).toBe("done");
        expect(after.jobs.map((j) => j.attempts)).toEqual([1, 2, 1]);
        expect(secondRun.calls.map((c) => c.job.day)).toEqual(["2026-12-08", "2026-12-09"]);
      } finally {
        await queue.close();
        await backend.cleanup();
      }
    });

    it("refuses a request with no points, an impossible day or days in the wrong order", async () => {
      const backend = await makeBackend();
      const queue = await backend.open(steppedRunner().runner);
      try {
        for (const bad of [
          { pointIds: [], from: "2026-12-07", to: "2026-12-07" },
          { pointIds: ["J01"], from: "2026-02-30", to: "2026-03-01" },
          { pointIds: ["J01"], from: "2026-12-08", to: "2026-12-07" },
        ]) {
          let caught: unknown;
          await queue.enqueue(bad).catch((error: unknown) => (caught = error));
          expect(isKerbsideError(caught, "KERB_ERR_AUDIT"), JSON.stringify(bad)).toBe(true);
        }
        expect(await queue.list()).toEqual([]);
      } finally {
        await queue.close();
        await backend.cleanup();
      }
    });
  });
}
