// The board's case-action forms against the server's own request schema: a
// filled form's body is what POST /api/incidents/:id/actions accepts, a form
// missing a required field is stopped in the browser, and a deadline typed
// as wall time in the deployment's zone reaches the server with that zone's
// offset whatever zone the browser sits in.
import { describe, expect, it } from "vitest";
import { CaseActionBodySchema } from "../../src/server/routes/incident-actions.js";
import { CANCEL_REASONS as SERVER_REASONS, CASE_ACTIONS } from "../../src/workflow/types.js";
import { MAX_PHOTO_BYTES as SERVER_MAX_PHOTO } from "../../src/workflow/resolve-photo.js";
import { ACTION_FIELDS, CANCEL_REASONS, MAX_PHOTO_BYTES, actionBody, missingFields, photoProblem, type FormValues } from "../../web/src/lib/case-action-form.js";
import { wallTimeOf, wallTimeToIso, zoneOffsetMin } from "../../web/src/lib/zoned-time.js";

const TZ = "Asia/Shanghai";
const FILLED: Record<string, FormValues> = {
  file: { note: "立案" },
  cancel: { reason: "duplicate", note: "same van" },
  dispatch: { unit: "traffic_police", assignee: "张三", deadline: "2026-12-02T17:30" },
  return: { reason: "不属于本单位" },
  resolve: { note: "已劝离", photo: "resolve-photo-1.jpg" },
  verify: { result: "pass", note: "现场已清空" },
  close: {},
  park: { explanation: "施工期间无法整改" },
  reopen: { note: "again" },
};

describe("case action forms", () => {
  it("has a form for every case action, whose filled body the server's schema accepts", () => {
    expect(Object.keys(ACTION_FIELDS).sort()).toEqual([...CASE_ACTIONS].sort());
    for (const action of CASE_ACTIONS) {
      const body = actionBody(action, FILLED[action]!, 3, TZ);
      const parsed = CaseActionBodySchema.safeParse(body);
      expect(parsed.success, `${action}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(body).toMatchObject({ action, version: 3 });
    }
    expect(actionBody("dispatch", FILLED.dispatch!, 0, TZ)).toEqual({
      action: "dispatch", version: 0, unit: "traffic_police", assignee: "张三", deadline: "2026-12-02T17:30:00+08:00",
    });
    expect(CANCEL_REASONS).toEqual(SERVER_REASONS);
    expect(MAX_PHOTO_BYTES).toBe(SERVER_MAX_PHOTO);
  });

  it("stops a form with an empty required field, and the server's schema agrees that body is invalid", () => {
    const emptied: [string, FormValues, string][] = [
      ["cancel", { note: "x" }, "reason"],
      ["dispatch", { unit: " " }, "unit"],
      ["return", {}, "reason"],
      ["resolve", { photo: "p.jpg" }, "note"],
      ["verify", { note: "x" }, "result"],
      ["verify", { result: "fail" }, "note"],
      ["park", {}, "explanation"],
    ];
    for (const [action, values, field] of emptied) {
      const name = action as (typeof CASE_ACTIONS)[number];
      expect(missingFields(name, values, TZ), action).toEqual([field]);
      expect(CaseActionBodySchema.safeParse(actionBody(name, values, 0, TZ)).success, action).toBe(false);
    }
    expect(missingFields("dispatch", { unit: "u", deadline: "tomorrow" }, TZ)).toEqual(["deadline"]);
    for (const action of CASE_ACTIONS) expect(missingFields(action, FILLED[action]!, TZ), action).toEqual([]);
    // Optional fields left empty are left out, not sent as "".
    expect(actionBody("dispatch", { unit: "u", assignee: "", deadline: "" }, 1, TZ)).toEqual({ action: "dispatch", unit: "u", version: 1 });
  });

  it("reads a typed deadline in the deployment's zone and shows an instant back in it", () => {
    expect(zoneOffsetMin(Date.UTC(2026, 11, 1), TZ)).toBe(480);
    expect(wallTimeToIso("2026-12-02T17:30", TZ)).toBe("2026-12-02T17:30:00+08:00");
    expect(Date.parse(wallTimeToIso("2026-12-02T17:30", TZ)!)).toBe(Date.UTC(2026, 11, 2, 9, 30));
    expect(wallTimeToIso("2026-07-01T09:00", "America/New_York")).toBe("2026-07-01T09:00:00-04:00");
    expect(wallTimeToIso("2026-01-01T09:00", "America/New_York")).toBe("2026-01-01T09:00:00-05:00");
    expect(wallTimeToIso("2026-12-02 17:30", TZ)).toBeNull();
    expect(wallTimeOf(Date.UTC(2026, 11, 2, 16, 5), TZ)).toBe("2026-12-03T00:05");
  });

  it("refuses a photo of the wrong type or over the size limit before uploading", () => {
    expect(photoProblem({ type: "image/jpeg", size: 1000 })).toBeNull();
    expect(photoProblem({ type: "image/png", size: MAX_PHOTO_BYTES })).toBeNull();
    expect(photoProblem({ type: "image/gif", size: 1000 })).toBe("type");
    expect(photoProblem({ type: "image/jpeg", size: MAX_PHOTO_BYTES + 1 })).toBe("size");
  });
});
