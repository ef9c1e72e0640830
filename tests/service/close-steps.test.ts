/** close() helpers run every step, in order, even when one fails, and report the failures. */
import { describe, expect, it } from "vitest";
import { runCloseSteps } from "../../src/service/close-steps.js";
import { logger } from "../../src/log.js";

describe("runCloseSteps", () => {
  it("runs every step after a failing one and returns the failures", async () => {
    const ran: string[] = [];
    const failures = await runCloseSteps(
      [
        ["first", () => void ran.push("first")],
        ["sync failure", () => { ran.push("sync failure"); throw new Error("boom"); }],
        ["async failure", async () => { ran.push("async failure"); await Promise.reject(new Error("later boom")); }],
        ["last", async () => void ran.push("last")],
      ],
      logger,
    );
    expect(ran).toEqual(["first", "sync failure", "async failure", "last"]);
    expect(failures.map((e) => e.message)).toEqual(["boom", "later boom"]);
  });
});
