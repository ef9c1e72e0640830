// The closed loop over HTTP: POST /api/incidents/:id/actions and …/photos on
// a fresh SQLite file, with real accounts per role: scope, role permissions,
// state rules, optimistic concurrency, the case on GET /api/incidents/:id,
// the audit trail, and the photo upload's size and type checks.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boardDocument } from "../../scripts/gen-api-types.js";
import { addAccounts, freshBoard, recordTwo, signedIn, type Board } from "./helpers.js";

let b: Board;
let ids: { police: string; enforcement: string };

beforeEach(async () => {
  b = freshBoard("actions");
  await addAccounts(b.ctx);
  ids = recordTwo(b.store);
});
afterEach(() => b.cleanup());

const act = (id: string): string => `/api/incidents/${encodeURIComponent(id)}/actions`;

describe("POST /api/incidents/:id/actions", () => {
  it("is refused without a session, outside the user's scope (404) and for viewers (403)", async () => {
    const anon = await request(b.board.app).post(act(ids.police)).send({ action: "file" });
    expect([anon.status, anon.body.error.code]).toEqual([401, "KERB_ERR_AUTH"]);
    const police = await signedIn(b.board.app, "police");
    const hidden = await police.post(act(ids.enforcement)).send({ action: "resolve", note: "x" });
    expect([hidden.status, hidden.body.error.code]).toEqual([404, "KERB_ERR_NOT_FOUND"]);
    const viewer = await signedIn(b.board.app, "viewer");
    const read = await viewer.post(act(ids.enforcement)).send({ action: "file" });
    expect(read.status).toBe(403);
  });

  it("runs the loop: organiser dispatches, police resolve, organiser verifies; each step shown with the next allowed actions", async () => {
    const organiser = await signedIn(b.board.app, "organiser");
    const police = await signedIn(b.board.app, "police");
    const dispatched = await organiser.post(act(ids.police)).send({ action: "dispatch", unit: "traffic_police", assignee: "王警官", version: 0 }).expect(200);
    expect(dispatched.body).toMatchObject({ state: "dispatched", stateLabel: "已派遣", version: 1, unit: "traffic_police", assignee: "王警官", allowedActions: ["verify", "park"], overdue: false });
    expect(dispatched.body.deadline).toMatch(/\+08:00$/);

    const seen = await police.get(`/api/incidents/${ids.police}`).expect(200);
    expect(seen.body.case).toMatchObject({ state: "dispatched", version: 1, allowedActions: ["return", "resolve"], recurrenceCount: 0 });
    expect(seen.body.case.history).toMatchObject([{ action: "dispatch", actor: "organiser", role: "organiser", from: "new", to: "dispatched" }]);

    await police.post(act(ids.police)).send({ action: "resolve", note: "车辆已驶离", version: 1 }).expect(200);
    const closed = await organiser.post(act(ids.police)).send({ action: "verify", result: "pass", note: "现场核查通过", version: 2 }).expect(200);
    expect(closed.body).toMatchObject({ state: "closed", stateLabel: "已结案", version: 3, allowedActions: ["reopen"] });

    const detail = await organiser.get(`/api/incidents/${ids.police}`).expect(200);
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(["incident.dispatch", "incident.resolve", "incident.verify"]));
    const trail = await organiser.get("/api/audit-trail").expect(200);
    expect(JSON.stringify(trail.body)).toContain(`incident:${ids.police}`);
  });

  it("answers coded refusals: 403 for the role, 409 for the state, 400 for missing fields or an unknown unit", async () => {
    const police = await signedIn(b.board.app, "police");
    const role = await police.post(act(ids.police)).send({ action: "dispatch", unit: "traffic_police" });
    expect([role.status, role.body.error.code]).toEqual([403, "KERB_ERR_CASE_ROLE"]);
    const state = await police.post(act(ids.police)).send({ action: "resolve", note: "done" });
    expect([state.status, state.body.error.code]).toEqual([409, "KERB_ERR_CASE_STATE"]);
    const organiser = await signedIn(b.board.app, "organiser");
    const missing = await organiser.post(act(ids.police)).send({ action: "cancel" });
    expect([missing.status, missing.body.error.code]).toEqual([400, "KERB_ERR_REQUEST"]);
    const unit = await organiser.post(act(ids.police)).send({ action: "dispatch", unit: "fire_brigade" });
    expect([unit.status, unit.body.error.code]).toEqual([400, "KERB_ERR_CASE_INPUT"]);
    const unknown = await organiser.post(act(ids.police)).send({ action: "explode" });
    expect(unknown.status).toBe(400);
  });

  it("lets only one of two users acting on the same version succeed", async () => {
    const organiser = await signedIn(b.board.app, "organiser");
    const admin = await signedIn(b.board.app, "admin");
    const [a, c] = await Promise.all([
      organiser.post(act(ids.police)).send({ action: "dispatch", unit: "traffic_police", version: 0 }),
      admin.post(act(ids.police)).send({ action: "cancel", reason: "duplicate", version: 0 }),
    ]);
    expect([a.status, c.status].sort()).toEqual([200, 409]);
    expect([a.body, c.body].find((x) => x.error)?.error.code).toBe("KERB_ERR_CASE_CONFLICT");
    const detail = await admin.get(`/api/incidents/${ids.police}`).expect(200);
    expect(detail.body.case.version).toBe(1);
    expect(detail.body.case.history).toHaveLength(1);
  });
});

describe("POST /api/incidents/:id/photos", () => {
  async function dispatchedPolice(): Promise<Awaited<ReturnType<typeof signedIn>>> {
    const organiser = await signedIn(b.board.app, "organiser");
    await organiser.post(act(ids.police)).send({ action: "dispatch", unit: "traffic_police" }).expect(200);
    return signedIn(b.board.app, "police");
  }
  const url = (): string => `/api/incidents/${encodeURIComponent(ids.police)}/photos`;

  it("stores a real JPEG as hashed evidence that resolve can name", async () => {
    const police = await dispatchedPolice();
    const jpeg = readFileSync(path.resolve("samples/pexels_double_decker_bus.jpg"));
    const res = await police.post(url()).set("Content-Type", "image/jpeg").send(jpeg).expect(201);
    expect(res.body.sha256).toBe(createHash("sha256").update(jpeg).digest("hex"));
    expect(res.body.bytes).toBe(jpeg.length);
    const resolved = await police.post(act(ids.police)).send({ action: "resolve", note: "拖离", photo: res.body.photo }).expect(200);
    expect(resolved.body.history.at(-1).details).toEqual({ photo: res.body.photo });
    const detail = await police.get(`/api/incidents/${ids.police}`).expect(200);
    const evidence = detail.body.evidence.find((e: { kind: string }) => e.kind === "resolve_photo");
    expect(evidence).toMatchObject({ name: res.body.photo, sha256: res.body.sha256, contentType: "image/jpeg" });
    const file = await police.get(evidence.url).expect(200);
    expect(Buffer.compare(file.body as Buffer, jpeg)).toBe(0);
  });

  it("accepts a PNG and refuses text, a renamed non-image, oversized bodies and unknown photo names", async () => {
    const police = await dispatchedPolice();
    await police.post(url()).set("Content-Type", "image/png").send(readFileSync(path.resolve("samples/basketball1.png"))).expect(201);
    const text = await police.post(url()).set("Content-Type", "image/jpeg").send(Buffer.from("not an image at all, just words"));
    expect([text.status, text.body.error.code]).toEqual([400, "KERB_ERR_UPLOAD"]);
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    const broken = await police.post(url()).set("Content-Type", "image/jpeg").send(fake);
    expect([broken.status, broken.body.error.code]).toEqual([400, "KERB_ERR_UPLOAD"]);
    const big = Buffer.concat([readFileSync(path.resolve("samples/pexels_double_decker_bus.jpg")), Buffer.alloc(5 * 1024 * 1024)]);
    const huge = await police.post(url()).set("Content-Type", "image/jpeg").send(big);
    expect([huge.status, huge.body.error.code]).toEqual([400, "KERB_ERR_UPLOAD"]);
    const named = await police.post(act(ids.police)).send({ action: "resolve", note: "x", photo: "../../etc/passwd" });
    expect([named.status, named.body.error.code]).toEqual([400, "KERB_ERR_CASE_INPUT"]);
  });

  it("the OpenAPI document describes the upload body, so the generated client types it", () => {
    const item = boardDocument().paths?.["/api/incidents/{id}/photos"] as { post?: { requestBody?: unknown } } | undefined;
    const body = item?.post?.requestBody as { required?: boolean; content: Record<string, { schema: { type: string; format: string; maxLength: number } }> } | undefined;
    expect(body?.required).toBe(true);
    expect(Object.keys(body?.content ?? {}).sort()).toEqual(["image/jpeg", "image/png"]);
    for (const media of Object.values(body?.content ?? {})) expect(media.schema).toEqual({ type: "string", format: "binary", maxLength: 5 * 1024 * 1024 });
    expect(readFileSync(path.resolve("web/src/api/schema.d.ts"), "utf8")).toMatch(/"\/api\/incidents\/\{id\}\/photos"[\s\S]*?requestBody: \{\s*content: \{\s*"image\/jpeg": Blob;\s*"image\/png": Blob;/);
  });

  it("refuses a wrong type, a wrong Content-Type and an oversized photo with KERB_ERR_UPLOAD naming the body", async () => {
    const police = await dispatchedPolice();
    const bus = readFileSync(path.resolve("samples/pexels_double_decker_bus.jpg"));
    const refusal = async (type: string, bytes: Buffer): Promise<{ status: number; code: string; message: string }> => {
      const res = await police.post(url()).set("Content-Type", type).send(bytes);
      return { status: res.status, code: res.body.error.code, message: res.body.error.message };
    };
    expect(await refusal("image/png", Buffer.from("GIF89a not what it says"))).toEqual({ status: 400, code: "KERB_ERR_UPLOAD", message: "body: the photo is not a JPEG or PNG image" });
    const form = await refusal("multipart/form-data; boundary=x", bus);
    expect([form.status, form.code]).toEqual([400, "KERB_ERR_UPLOAD"]);
    expect(form.message).toMatch(/^body: Content-Type multipart\/form-data is not accepted; send the photo as the body with Content-Type image\/jpeg or image\/png$/);
    const huge = await refusal("image/jpeg", Buffer.concat([bus, Buffer.alloc(5 * 1024 * 1024)]));
    expect([huge.status, huge.code]).toEqual([400, "KERB_ERR_UPLOAD"]);
    expect(huge.message).toMatch(/^body: the photo is \d+ bytes; at most 5242880 are accepted$/);
    const detail = await police.get(`/api/incidents/${ids.police}`).expect(200);
    expect(detail.body.evidence.some((e: { kind: string }) => e.kind === "resolve_photo")).toBe(false);
  });

  it("is refused to a role that cannot resolve, and before dispatch", async () => {
    const police = await signedIn(b.board.app, "police");
    const early = await police.post(url()).set("Content-Type", "image/jpeg").send(readFileSync(path.resolve("samples/pexels_double_decker_bus.jpg")));
    expect([early.status, early.body.error.code]).toEqual([409, "KERB_ERR_CASE_STATE"]);
  });
});
