/** How much finished footage a scan of new segments re-reads so a long dwell is seen whole. */
import { describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { dwellHistoryMs as historyNeededMs } from "../../src/scan/warmup-plan.js";
import { replaySegments } from "../../src/service/scan-history.js";

const MIN = 60_000;
const segs = (count: number, lengthMs: number, gapAfter = -1, gapMs = 0): { path: string; startMs: number; endMs: number }[] => {
  const out: { path: string; startMs: number; endMs: number }[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    out.push({ path: `s${i}`, startMs: t, endMs: t + lengthMs });
    t += lengthMs + (i === gapAfter ? gapMs : 0);
  }
  return out;
};

describe("replaySegments", () => {
  it("needs nothing beyond the warm-up segment when it and the new one cover the dwell", () => {
    expect(replaySegments(segs(6, 5 * MIN), 5, 5 * MIN + 20_000)).toEqual([]);
  });

  it("re-reads enough earlier segments for a dwell longer than two segments", () => {
    // 900 s stall dwell + 20 s sampling margin on 300 s segments: warm-up s4 + new s5 = 600 s; s2, s3 make 1200 s.
    expect(replaySegments(segs(6, 5 * MIN), 5, 920_000)).toEqual(["s2", "s3"]);
  });

  it("stops at a gap in the footage and at the first segment", () => {
    expect(replaySegments(segs(6, 5 * MIN, 2, 60_000), 5, 40 * MIN)).toEqual(["s3"]);
    expect(replaySegments(segs(3, 5 * MIN), 2, 40 * MIN)).toEqual(["s0"]);
    expect(replaySegments(segs(3, 5 * MIN), 0, 40 * MIN)).toEqual([]);
  });
});

describe("dwellHistoryMs, as the service uses it", () => {
  const deployment = parseDeployment(
    {
      sampling: { everySec: 10 },
      schedules: { night_market: [{ start: "18:00", end: "23:00" }] },
      rules: { illegal_parking: { minDwellSec: 300 }, stall_encroachment: { minDwellSec: 900 }, nonmotor_parking: { enabled: false } },
      units: [{ id: "u", name: "单位" }],
      points: [
        { id: "P1", name: "点位", category: "main_road", units: ["u"], source: { kind: "archive", dir: "." } },
        { id: "P2", name: "点位", category: "main_road", units: ["u"], source: { kind: "archive", dir: "./p2" }, rules: { stall_encroachment: { enabled: false } } },
      ],
    },
    "/tmp/kerbside.yaml",
  );

  it("is the longest enabled dwell plus two sampling intervals", () => {
    const at = Date.parse("2026-11-23T04:00:00Z");
    expect(historyNeededMs(deployment, deployment.points[0]!, at)).toBe((900 + 20) * 1000);
    expect(historyNeededMs(deployment, deployment.points[1]!, at)).toBe((300 + 20) * 1000);
  });
});
