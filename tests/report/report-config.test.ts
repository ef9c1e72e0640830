/** The `report:` config section: defaults, overrides and refusals naming the field. */
import { describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { errorMessage } from "../../src/errors.js";

const point = { id: "J01", name: "路口", category: "junction", units: ["traffic_police"], source: { kind: "file", path: "/tmp/x.mp4" } };
const base = { units: [{ id: "traffic_police", name: "交警" }], points: [point] };

describe("report config", () => {
  it("defaults to 08:00 every day, in Chinese, ten points at risk, 10-minute clips", () => {
    const d = parseDeployment(base, "/cfg/county.yaml");
    expect(d.report).toEqual({ enabled: true, cron: "0 8 * * *", lang: "zh-CN", pointsAtRisk: 10, clipMin: 10, thumbnailWidth: 160 });
  });

  it("takes overrides", () => {
    const d = parseDeployment({ ...base, report: { cron: "30 7 * * 1-5", lang: "en", organiserUnit: "traffic_police", pointsAtRisk: 5 } }, "/cfg/county.yaml");
    expect(d.report).toMatchObject({ cron: "30 7 * * 1-5", lang: "en", organiserUnit: "traffic_police", pointsAtRisk: 5 });
  });

  it("refuses a bad cron expression, an unknown language and unknown keys, naming each field", () => {
    let message = "";
    try {
      parseDeployment({ ...base, report: { cron: "every morning", lang: "fr", colour: "red" } }, "/cfg/county.yaml");
    } catch (error) {
      message = errorMessage(error);
    }
    expect(message).toContain("report.cron");
    expect(message).toContain("report.lang");
    expect(message).toContain("colour");
  });

  it("refuses an organiser unit the deployment does not define", () => {
    expect(() => parseDeployment({ ...base, report: { organiserUnit: "wenmingban" } }, "/cfg/county.yaml")).toThrow(/report\.organiserUnit.*wenmingban/);
  });
});
