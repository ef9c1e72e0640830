// Every role's view of the API on one deployment: sign-in, scope of points and
// incidents (police never see enforcement items and vice versa, a user limited
// to a point sees nothing of others), and no camera credential anywhere.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { addAccounts, freshBoard, recordTwo, signedIn, type Board } from "./helpers.js";

let b: Board;
let ids: { police: string; enforcement: string };

beforeEach(async () => {
  b = freshBoard();
  await addAccounts(b.ctx);
  ids = recordTwo(b.store);
});
afterEach(() => b.cleanup());

describe("board API scope", () => {
  it("refuses unauthenticated requests with KERB_ERR_AUTH", async () => {
    for (const url of ["/api/me", "/api/points", "/api/points/J01", "/api/points/J01/frame.jpg", "/api/incidents", `/api/incidents/${ids.police}`, `/api/incidents/${ids.police}/evidence/crop.jpg`, "/api/users", "/api/audit-trail"]) {
      const res = await request(b.board.app).get(url);
      expect(res.status, url).toBe(401);
      expect(res.body.error.code, url).toBe("KERB_ERR_AUTH");
    }
  });

  it("police see the traffic incident only; enforcement the sidewalk one only", async () => {
    const police = await signedIn(b.board.app, "police");
    const list = await police.get("/api/incidents").expect(200);
    expect(list.body.incidents.map((i: { id: string }) => i.id)).toEqual([ids.police]);
    await police.get(`/api/incidents/${ids.police}`).expect(200);
    const refused = await police.get(`/api/incidents/${ids.enforcement}`).expect(404);
    expect(refused.body.error.code).toBe("KERB_ERR_NOT_FOUND");
    const enforcement = await signedIn(b.board.app, "enforcement");
    const theirs = await enforcement.get("/api/incidents").expect(200);
    expect(theirs.body.incidents.map((i: { id: string }) => i.id)).toEqual([ids.enforcement]);
    await enforcement.get(`/api/incidents/${ids.police}`).expect(404);
  });

  it("points: police see their units' points, a point-limited user sees nothing of others", async () => {
    const police = await signedIn(b.board.app, "police");
    const points = (await police.get("/api/points").expect(200)).body.points as { id: string; status: string; openIncidents: number }[];
    expect(points.map((p) => p.id)).toEqual(["J01"]);
    expect(points[0]).toMatchObject({ status: "violation", openIncidents: 1 });
    const limited = await signedIn(b.board.app, "j01only");
    const seen = await limited.get("/api/points").expect(200);
    expect(seen.body.points.map((p: { id: string }) => p.id)).toEqual(["J01"]);
    expect(JSON.stringify(seen.body)).not.toContain("解放路");
    await limited.get("/api/points/M01").expect(404);
    await limited.get(`/api/incidents/${ids.enforcement}`).expect(404);
    expect((await limited.get("/api/incidents").expect(200)).body.incidents).toEqual([]);
  });

  it("admin sees everything, and no response carries a camera credential", async () => {
    const admin = await signedIn(b.board.app, "admin");
    const bodies = await Promise.all(["/api/me", "/api/points", "/api/incidents", `/api/incidents/${ids.police}`, "/api/users", "/api/audit-trail", "/api/openapi.json"].map((u) => admin.get(u).expect(200)));
    expect(bodies[2]!.body.incidents).toHaveLength(2);
    for (const res of bodies) {
      expect(res.text).not.toMatch(/S3cretPass|pw123456|192\.0\.2\./);
      expect(res.text).not.toMatch(/password_hash|scrypt\$/);
    }
  });

  it("only admins manage users; only organisers and admins read the audit trail", async () => {
    const police = await signedIn(b.board.app, "police");
    expect((await police.get("/api/users").expect(403)).body.error.code).toBe("KERB_ERR_FORBIDDEN");
    await police.get("/api/audit-trail").expect(403);
    const organiser = await signedIn(b.board.app, "organiser");
    const trail = await organiser.get("/api/audit-trail").expect(200);
    expect(trail.body.entries.map((e: { action: string }) => e.action)).toContain("login");
    await organiser.get("/api/users").expect(403);
  });
});
