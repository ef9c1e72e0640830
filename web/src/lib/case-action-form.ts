// The fields of each case action's form, mirroring the server's request
// schema (CaseActionRequest in src/server/routes/incident-actions.ts;
// tests/web/case-action-form.test.ts checks the bodies against it). This is
// the input's shape, not a workflow rule: which actions a user may take comes
// from the server's case.allowedActions.
// Explicit .js paths: the node-side test (tests/web/case-action-form.test.ts) compiles this file too.
import type { components } from "../api/schema.js";
import { wallTimeToIso } from "./zoned-time.js";

type CaseActionRequest = components["schemas"]["CaseActionRequest"];
type CaseActionName = CaseActionRequest["action"];

type CancelReason = Extract<CaseActionRequest, { action: "cancel" }>["reason"];
type VerifyResult = Extract<CaseActionRequest, { action: "verify" }>["result"];

export const CANCEL_REASONS = ["false_alarm", "duplicate", "out_of_scope"] as const satisfies readonly CancelReason[];
export const VERIFY_RESULTS = ["pass", "fail"] as const satisfies readonly VerifyResult[];
/** As the server's photo route: JPEG or PNG, at most 5 MB (it checks again, by magic bytes). */
export const PHOTO_TYPES = ["image/jpeg", "image/png"] as const;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export type FieldName = "unit" | "assignee" | "deadline" | "reason" | "result" | "note" | "explanation" | "photo";
export type FieldKind = "units" | "cancelReason" | "verifyResult" | "text" | "textarea" | "deadline" | "photo";

export interface FieldSpec {
  name: FieldName;
  kind: FieldKind;
  required: boolean;
}

const optionalNote: FieldSpec = { name: "note", kind: "textarea", required: false };

export const ACTION_FIELDS: Readonly<Record<CaseActionName, readonly FieldSpec[]>> = {
  file: [optionalNote],
  cancel: [{ name: "reason", kind: "cancelReason", required: true }, optionalNote],
  dispatch: [
    { name: "unit", kind: "units", required: true },
    { name: "assignee", kind: "text", required: false },
    { name: "deadline", kind: "deadline", required: false },
    optionalNote,
  ],
  return: [{ name: "reason", kind: "textarea", required: true }, optionalNote],
  resolve: [{ name: "note", kind: "textarea", required: true }, { name: "photo", kind: "photo", required: false }],
  verify: [{ name: "result", kind: "verifyResult", required: true }, { name: "note", kind: "textarea", required: true }],
  close: [optionalNote],
  park: [{ name: "explanation", kind: "textarea", required: true }],
  reopen: [optionalNote],
};

export type FormValues = Partial<Record<FieldName, string>>;

/** Required fields left empty (or a deadline that is not a time), in form order. */
export function missingFields(action: CaseActionName, values: FormValues, timeZone: string): FieldName[] {
  return ACTION_FIELDS[action].filter((f) => {
    const value = values[f.name]?.trim() ?? "";
    if (f.kind === "deadline") return value !== "" && wallTimeToIso(value, timeZone) === null;
    return f.required && value === "";
  }).map((f) => f.name);
}

/** The request body: the action's fields (empty optional ones left out), the deadline as ISO in the zone, and the version seen. */
export function actionBody(action: CaseActionName, values: FormValues, version: number, timeZone: string): CaseActionRequest {
  const body: Record<string, unknown> = { action, version };
  for (const field of ACTION_FIELDS[action]) {
    const value = values[field.name]?.trim() ?? "";
    if (value === "") continue;
    body[field.name] = field.kind === "deadline" ? wallTimeToIso(value, timeZone) : value;
  }
  return body as CaseActionRequest;
}

/** Why a chosen photo is refused before upload, or null when it may go. */
export function photoProblem(file: { type: string; size: number }): "type" | "size" | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return "type";
  return file.size > MAX_PHOTO_BYTES ? "size" : null;
}
