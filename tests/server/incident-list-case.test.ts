// GET /api/incidents carries each item's case summary (state, deadline,
// overdue) for the board's work lists, within the same role scope as the
// items themselves; the detail keeps the whole case.
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addAccounts, freshBoard, recordTwo, signedIn, type Board } from "./helpers.js";

let b: Board;
let ids: { police: string; enforcement: string };

beforeEach(async () => {
  b = freshBoard("list-case");
  await addAccounts(b.ctx);
  ids = recordTwo(b.store);
});
afterEach(() => b.cleanup());

interface Item {
  id: string;
  case: { state: string; stateLabel: string; version: number; unit: string | null; dispatchedAt: string | null; deadline: string | null; overdue: boolean };
}

describe("the incident list's case summary", () => {
  it("shows a dispatched item's deadline to its unit, keeps it from other units, and is new/undated before dispatch", async () => {
    const enforcement = await signedIn(b.board.app, "enforcement");
    const before = (await enforcement.get("/api/incidents").expect(200)).body.incidents as Item[];
    expect(before.map((i) => i.id)).toEqual([ids.enforcement]);
    expect(before[0]!.case).toEqual({ state: "new", stateLabel: "待受理", version: 0, unit: null, dispatchedAt: null, deadline: null, overdue: false });

    const organiser = await signedIn(b.board.app, "organiser");
    const deadline = "2031-06-03T17:30:00.000+08:00";
    await organiser.post(`/api/incidents/${ids.enforcement}/actions`).send({ action: "dispatch", unit: "urban_management", deadline, version: 0 }).expect(200);

    const after = (await enforcement.get("/api/incidents").expect(200)).body.incidents as Item[];
    expect(after[0]!.case).toMatchObject({ state: "dispatched", version: 1, unit: "urban_management", deadline, overdue: false });
    expect(after[0]!.case.dispatchedAt).toMatch(/\+08:00$/);
    const police = await signedIn(b.board.app, "police");
    const theirs = (await police.get("/api/incidents").expect(200)).body.incidents as Item[];
    expect(theirs.map((i) => i.id)).toEqual([ids.police]);
    expect(theirs[0]!.case.state).toBe("new");
    // The detail still has the whole case (history, allowed actions).
    const detail = await enforcement.get(`/api/incidents/${ids.enforcement}`).expect(200);
    expect(detail.body.case).toMatchObject({ state: "dispatched", deadline, allowedActions: ["return", "resolve"] });
    expect(detail.body.case.history).toHaveLength(1);
    const anon = await request(b.board.app).get("/api/incidents");
    expect(anon.status).toBe(401);
  });

  it("flags the item overdue once its deadline has passed with the case still open", { timeout: 60_000 }, async () => {
    const organiser = await signedIn(b.board.app, "organiser");
    const deadlineMs = Date.now() + 8000;
    await organiser.post(`/api/incidents/${ids.enforcement}/actions`).send({ action: "dispatch", unit: "urban_management", deadline: new Date(deadlineMs).toISOString(), version: 0 }).expect(200);
    const enforcement = await signedIn(b.board.app, "enforcement");
    const summary = async () => ((await enforcement.get("/api/incidents").expect(200)).body.incidents as Item[])[0]!.case;
    const before = await summary();
    if (Date.now() < deadlineMs) expect(before).toMatchObject({ state: "dispatched", overdue: false });
    await expect.poll(async () => (await summary()).overdue, { timeout: 30_000, interval: 500 }).toBe(true);
    expect(Date.now()).toBeGreaterThan(deadlineMs);
  });
});
