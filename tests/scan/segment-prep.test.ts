/**
 * Getting a segment ready to scan: a file the footage index already probed is
 * not probed again (the index's size, codec and end are used), a file given
 * by path alone is probed. The keyframe interval comes from the index when it
 * measured it, else from a probe here.
 */
import { describe, expect, it } from "vitest";
import { indexedSegmentRef, probeSegment } from "../../src/scan/segment-prep.js";
import { VTEST, VTEST_DURATION_SEC, VTEST_SIZE } from "./fixtures.js";

const START = Date.parse("2026-12-08T08:00:00+08:00");

describe("probing a segment for the scan", () => {
  it("probes a bare file: its size and end come from ffprobe", async () => {
    const probed = await probeSegment({ path: VTEST, startMs: START });
    expect(probed.source).toEqual(VTEST_SIZE);
    expect(probed.endMs - START).toBeCloseTo(VTEST_DURATION_SEC * 1000, -2);
    expect(probed.keyframeIntervalSec).toBeGreaterThan(0);
  });

  it("takes an indexed segment's size, codec and end from the index instead of probing it again", async () => {
    // Values no probe of vtest.avi would give: only the index can be their source.
    const ref = indexedSegmentRef({ path: VTEST, startMs: START, endMs: START + 12_345, codec: "mpeg4", width: 640, height: 480 });
    const probed = await probeSegment(ref);
    expect(probed.source).toEqual({ width: 640, height: 480 });
    expect(probed.endMs).toBe(START + 12_345);
    expect(probed).not.toHaveProperty("video");
    expect(probed.keyframeIntervalSec).toBeGreaterThan(0);
  });

  it("takes the keyframe interval the index measured, a long GOP included, instead of probing it", async () => {
    // vtest.avi's GOP is 25 s: 7 s and null can only come from the index.
    const seven = await probeSegment(indexedSegmentRef({ path: VTEST, startMs: START, endMs: START + 79_500, codec: "msmpeg4v3", width: 768, height: 576, keyframeIntervalSec: 7 }));
    expect(seven.keyframeIntervalSec).toBe(7);
    const long = await probeSegment(indexedSegmentRef({ path: VTEST, startMs: START, endMs: START + 79_500, codec: "msmpeg4v3", width: 768, height: 576, keyframeIntervalSec: null }));
    expect(long.keyframeIntervalSec).toBeNull();
    expect(seven).not.toHaveProperty("video");
  });

  it("probes an index row that lacks the video fields (indexed before they were stored)", async () => {
    const ref = indexedSegmentRef({ path: VTEST, startMs: START, endMs: START + 79_500, codec: null, width: null, height: null });
    expect(ref).not.toHaveProperty("video");
    expect((await probeSegment(ref)).source).toEqual(VTEST_SIZE);
  });
});
