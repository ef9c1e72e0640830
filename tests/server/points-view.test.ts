// GET /api/points on real stores: category, units, camera health (state,
// since, last segment, reconnects, redacted error), status clear / violation
// / offline with open incidents counted within the asking user's scope, and
// the latest frame: frame.jpg is a real JPEG from the newest segment, and a
// newer segment refreshes it.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeH264Clip } from "../footage/helpers.js";
import { addAccounts, freshBoard, recordTwo, signedIn, type Board } from "./helpers.js";

let b: Board;
const SINCE = Date.parse("2026-12-08T07:30:00+08:00");

beforeEach(async () => {
  b = freshBoard("points-view");
  await addAccounts(b.ctx);
  recordTwo(b.store);
  b.health.save("J01", { state: "online", sinceMs: SINCE, lastSegmentAt: SINCE + 60_000, reconnects: 2, lastError: "rtsp://admin:S3cretPass@192.0.2.11:554/ch1: timeout" });
  b.health.save("M01", { state: "offline", sinceMs: SINCE, lastSegmentAt: null, reconnects: 7, lastError: "connection refused" });
});
afterEach(() => b.cleanup());

interface PointBody {
  id: string;
  category: string;
  units: { id: string; name: string }[];
  status: string;
  openIncidents: number;
  health: { state: string; since: string; lastSegmentAt: string | null; reconnects: number; lastError: string | null } | null;
  frameUrl: string;
  frameAt: string | null;
}

function addSegment(pointId: string, startMs: number, seconds: number): void {
  const dir = path.join(b.deployment.storageDir, "footage", pointId);
  mkdirSync(dir, { recursive: true });
  const file = makeH264Clip(path.join(dir, `${startMs}.mp4`), seconds);
  b.ctx.segments.upsert({ pointId, path: file, startMs, endMs: startMs + seconds * 1000, sizeBytes: 1, codec: "h264", width: 384, height: 288, fps: 25, status: "ok", error: null, sourceKind: "archive" });
}

describe("GET /api/points", () => {
  it("gives category, units, health and a status counted within the user's scope", async () => {
    const admin = await signedIn(b.board.app, "admin");
    const points = (await admin.get("/api/points").expect(200)).body.points as PointBody[];
    const byId = new Map(points.map((p) => [p.id, p]));
    expect(byId.get("J01")).toMatchObject({
      category: "junction", status: "violation", openIncidents: 1, units: [{ id: "traffic_police", name: "交警大队" }, { id: "urban_management", name: "城管局" }],
      health: { state: "online", since: "2026-12-08T07:30:00.000+08:00", lastSegmentAt: "2026-12-08T07:31:00.000+08:00", reconnects: 2, lastError: "rtsp://***:***@192.0.2.11:554/ch1: timeout" },
      frameUrl: "/api/points/J01/frame.jpg", frameAt: null,
    });
    // an offline camera shows offline, even with an open incident
    expect(byId.get("M01")).toMatchObject({ status: "offline", openIncidents: 1, health: { state: "offline", reconnects: 7 } });
    expect(byId.get("N01")).toMatchObject({ status: "clear", openIncidents: 0, health: null });
    // J01's open incident is the traffic police's: for enforcement the junction is clear
    const enforcement = await signedIn(b.board.app, "enforcement");
    const theirs = (await enforcement.get("/api/points").expect(200)).body.points as PointBody[];
    expect(theirs.find((p) => p.id === "J01")).toMatchObject({ status: "clear", openIncidents: 0 });
  });

  it("serves the newest segment's frame as JPEG and refreshes it with a newer segment", async () => {
    const police = await signedIn(b.board.app, "police");
    await police.get("/api/points/J01/frame.jpg").expect(404);
    const t0 = Date.parse("2026-12-08T08:00:00+08:00");
    addSegment("J01", t0, 2);
    const first = await police.get("/api/points/J01/frame.jpg").expect(200);
    expect(first.headers["content-type"]).toBe("image/jpeg");
    expect((first.body as Buffer).subarray(0, 3).toString("hex")).toBe("ffd8ff");
    const point = (await police.get("/api/points/J01").expect(200)).body as PointBody;
    expect(Date.parse(point.frameAt!)).toBeGreaterThan(t0);
    expect(Date.parse(point.frameAt!)).toBeLessThanOrEqual(t0 + 2000);
    addSegment("J01", t0 + 2000, 2);
    const second = await police.get("/api/points/J01/frame.jpg").expect(200);
    expect(Date.parse(String(second.headers["x-frame-time"]))).toBeGreaterThan(Date.parse(String(first.headers["x-frame-time"])));
    expect(Date.parse(String(second.headers["x-frame-time"]))).toBeGreaterThan(t0 + 2000);
  });
});
