/** What both halves of the board bench agree on: the deployment, the users, the incidents, the IPC messages. */
import type { Role } from "../src/accounts/types.js";
import type { Deployment } from "../src/config/schema.js";
import type { Episode } from "../src/rules/types.js";

export const PASSWORD = "bench password 123";
const POINTS = 12;

export const BENCH_DEPLOYMENT = {
  name: "bench",
  storageDir: "./data",
  units: [
    { id: "traffic_police", name: "交警" },
    { id: "urban_management", name: "城管" },
  ],
  points: Array.from({ length: POINTS }, (_, i) => ({
    id: `P${String(i + 1).padStart(2, "0")}`,
    name: `点位 ${i + 1}`,
    category: ["junction", "main_road", "commercial_street", "night_market"][i % 4],
    units: i % 3 === 2 ? ["urban_management"] : ["traffic_police", "urban_management"],
    source: { kind: "archive", dir: `./p${i}` },
    zones: [{ id: "z", kind: "no_parking", polygon: [[0, 0], [1, 0], [1, 1]] }],
  })),
};

export interface BenchUser {
  username: string;
  role: Role;
  units: string[];
  points: string[];
}

/** 20 accounts across roles and scopes; each gets 10 sockets (200 clients). */
export const BENCH_USERS: BenchUser[] = Array.from({ length: 20 }, (_, i) => {
  const kinds: Omit<BenchUser, "username">[] = [
    { role: "admin", units: [], points: [] },
    { role: "police", units: ["traffic_police"], points: [] },
    { role: "enforcement", units: ["urban_management"], points: [] },
    { role: "viewer", units: ["urban_management"], points: [] },
    { role: "enforcement", units: ["urban_management"], points: [`P0${(i % 9) + 1}`] },
  ];
  return { username: `bench${i}`, ...kinds[i % kinds.length]! };
});

/** The i-th incident: points, rules and units rotate so every scope gets some and misses some. */
export function benchEpisode(i: number, deployment: Pick<Deployment, "points">): Episode {
  const point = deployment.points[i % deployment.points.length]!;
  const traffic = i % 2 === 0 && point.units.includes("traffic_police");
  const t0 = Date.parse("2026-12-08T08:00:00Z") + i * 3_600_000;
  const box = { x1: 0, y1: 0, x2: 10, y2: 10 };
  return {
    key: `b${i}`, pointId: point.id, rule: traffic ? "illegal_parking" : "sidewalk_parking", zoneId: "z", zoneKind: "no_parking",
    unit: traffic ? "traffic_police" : "urban_management", label: "car", trackId: i, startMs: t0, thresholdMs: t0 + 300_000, lastSeenMs: t0 + 300_000,
    endMs: null, peakScore: 0.8, firstBox: box, thresholdBox: box, lastBox: box,
  };
}

export type ToServer = { type: "publish"; count: number; pauseEveryN: number; raw: boolean } | { type: "close" };
export type FromServer = { type: "ready"; url: string; rssMb: number } | { type: "published"; rssMb: number } | { type: "closed" };
