/**
 * The project's error catalogue. Every error Kerbside raises on purpose carries
 * one of these codes, so users (and tests) can tell failures apart and act.
 * Add a code here before throwing it anywhere; tests/errors.test.ts checks that
 * each code has a description.
 */
export const ERROR_CODES = {
  KERB_ERR_CONFIG: "A config file is missing, unparsable or fails validation; the message names the file and field.",
  KERB_ERR_FFMPEG_MISSING: "ffmpeg/ffprobe were not found on FFMPEG_PATH/FFPROBE_PATH or PATH.",
  KERB_ERR_FFMPEG_FAILED: "An ffmpeg/ffprobe process exited with an error; the message carries its stderr.",
  KERB_ERR_FFMPEG_TIMEOUT: "An ffmpeg/ffprobe process ran past its time limit or stopped making progress; it was stopped and the file it worked on is named.",
  KERB_ERR_MODEL_MISSING: "The named model (ONNX file or its model card) is not in models/.",
  KERB_ERR_MODEL_CARD: "A model card is invalid or names an unknown decoder.",
  KERB_ERR_MODEL_OUTPUT: "The model's outputs do not have the shape its decoder expects.",
  KERB_ERR_CONVERT_UNSUPPORTED_OP: "The TF.js graph uses an op the ONNX converter does not know.",
  KERB_ERR_CONVERT: "The TF.js graph could not be converted (missing weights, bad shapes).",
  KERB_ERR_IMAGE: "An image file could not be read or decoded.",
  KERB_ERR_DETECT_CLASS: "A requested class label is not one of the model's labels; the message lists them.",
  KERB_ERR_DETECTOR: "The detector was closed, or its worker thread crashed or stalled; the message says which.",
  KERB_ERR_FOOTAGE_UNREADABLE: "A footage segment is corrupt, truncated or not a video; it is skipped and recorded.",
  KERB_ERR_STORAGE_LOCKED: "Another running Kerbside process (named by pid and command) uses this storage directory; stop it, or give this one another storageDir.",
  KERB_ERR_FOOTAGE_NAME: "A footage file name carries no start time and none was given.",
  KERB_ERR_SOURCE: "A camera or footage source cannot be reached or is misconfigured.",
  KERB_ERR_POINT_UNKNOWN: "The named monitoring point is not in the config.",
  KERB_ERR_ZONE: "A zone polygon or kind is invalid.",
  KERB_ERR_SCAN: "A scan could not read any footage at all.",
  KERB_ERR_EVIDENCE: "Evidence for an incident could not be made (no footage holds the moment, or the frame could not be drawn); the next scan retries it.",
  KERB_ERR_STORE: "The database could not be opened or migrated.",
  KERB_ERR_INCIDENT_UNKNOWN: "No incident has the given id.",
  KERB_ERR_AUDIT: "A pre-audit request is invalid: a window not longer than one clip, an unknown day or a clip length out of bounds; the message names it.",
  KERB_ERR_JOB_UNKNOWN: "No pre-audit request or job has the given id.",
  KERB_ERR_REPORT: "The daily report or ledger could not be written (storage dir, snapshot or spreadsheet); the message names the file.",
  KERB_ERR_CASE_STATE: "A case action does not apply to the case's current state (e.g. resolve before dispatch); the message lists what is allowed.",
  KERB_ERR_CASE_ROLE: "The user's role may not take this case action; the message names the roles that may.",
  KERB_ERR_CASE_INPUT: "A case action is missing a required field (a cancel reason, a park explanation, a dispatch unit) or has an invalid one.",
  KERB_ERR_CASE_CONFLICT: "Someone else acted on the case first (its version changed); reload the case and try again.",
  KERB_ERR_UPLOAD: "An uploaded file is too large or not a JPEG/PNG image.",
  KERB_ERR_WEBHOOK: "A webhook could not be delivered (timeout, network error or a non-2xx answer); it is retried with backoff and recorded.",
  KERB_ERR_SAMPLES: "The sample footage could not be fetched.",
  KERB_ERR_PLATE: "The plate reader (PP-OCR in its worker thread) failed, stalled or was closed; the message says which.",
  KERB_ERR_AUTH: "The request needs a signed-in user: no session cookie, or the session expired or was ended.",
  KERB_ERR_LOGIN: "The user name or password is wrong, or the account is disabled.",
  KERB_ERR_FORBIDDEN: "The signed-in user's role or scope does not allow this.",
  KERB_ERR_NOT_FOUND: "No such resource, or none the signed-in user may see.",
  KERB_ERR_REQUEST: "The request's parameters or body do not match the API schema; the message names the field.",
  KERB_ERR_RATE_LIMITED: "Too many attempts (e.g. logins) from this address or for this user name; wait and retry.",
  KERB_ERR_ORIGIN: "A state-changing request came from a foreign Origin and was refused.",
  KERB_ERR_USER: "A user account change is invalid (unknown or duplicate name, unknown role, unit or point, password too short).",
  KERB_ERR_BOARD: "The board server could not start (e.g. the port is in use).",
  KERB_ERR_INTERNAL: "An unexpected server error; details are in the server log, not the response.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class KerbsideError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "KerbsideError";
    this.code = code;
  }
}

export function isKerbsideError(error: unknown, code?: ErrorCode): error is KerbsideError {
  return error instanceof KerbsideError && (code === undefined || error.code === code);
}

/** The message of anything thrown, for logs and reports. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
