/** Deployments built through the real config schema, as the loader would. */
import { DeploymentSchema, PointSchema, type Deployment, type PointConfig } from "../../src/config/schema.js";

export function point(overrides: Record<string, unknown> = {}): PointConfig {
  return PointSchema.parse({
    id: "P01",
    name: "Renmin Rd / Jiefang Rd",
    category: "main_road",
    units: ["jiaojing-1", "chengguan-1"],
    source: { kind: "file", path: "samples/vtest.avi" },
    ...overrides,
  });
}

export function deployment(overrides: Record<string, unknown> = {}, points: PointConfig[] = [point()]): Deployment {
  const parsed = DeploymentSchema.parse({
    units: [
      { id: "jiaojing-1", name: "交警一大队", name_en: "Traffic police, 1st brigade" },
      { id: "chengguan-1", name: "城管执法中队", name_en: "Urban management squad" },
    ],
    points,
    ...overrides,
  });
  return { ...parsed, points, file: "/etc/kerbside/deployment.yaml" };
}

/** Epoch ms of a local wall-clock time in Asia/Shanghai (UTC+8, no DST). */
export function shanghai(date: string, hhmm: string): number {
  return Date.parse(`${date}T${hhmm}:00+08:00`);
}
