// ffmpeg argument builders and playback URL templates: pure, no processes.
import { describe, expect, it } from "vitest";
import { buildPlaybackArgs, buildRecordArgs, hasCredentials, inputArgs, parseSegmentListLine, segmentOutputArgs } from "../../src/ffmpeg/record-args.js";
import { SOURCE_FILE_PROTOCOLS, sourceFileText } from "../../src/ffmpeg/source-file.js";
import { planBackfill } from "../../src/footage/backfill-plan.js";
import { expandPlaybackTemplate, validatePlaybackTemplate } from "../../src/footage/playback-url.js";
import { isKerbsideError } from "../../src/errors.js";

describe("record arguments", () => {
  it("pulls RTSP over TCP with a socket timeout", () => {
    expect(inputArgs({ kind: "rtsp", url: "rtsp://h/x", transport: "tcp", ioTimeoutSec: 15 })).toEqual([
      "-timeout", "15000000", "-rtsp_transport", "tcp", "-i", "rtsp://h/x",
    ]);
  });

  it("listens for an RTSP camera that pushes", () => {
    expect(inputArgs({ kind: "rtsp", url: "rtsp://0.0.0.0:8554/cam", listen: true, ioTimeoutSec: 15 })).toEqual([
      "-rtsp_flags", "listen", "-i", "rtsp://0.0.0.0:8554/cam",
    ]);
  });

  it("pulls HTTP with a read/write timeout, and replays files in real time, looping on request", () => {
    expect(inputArgs({ kind: "http", url: "http://h/live.ts", ioTimeoutSec: 2.5 })).toEqual(["-rw_timeout", "2500000", "-i", "http://h/live.ts"]);
    expect(inputArgs({ kind: "file", path: "/v.avi", realtime: true, loop: true })).toEqual(["-re", "-stream_loop", "-1", "-i", "/v.avi"]);
    expect(inputArgs({ kind: "file", path: "/v.avi", realtime: false, loop: false })).toEqual(["-i", "/v.avi"]);
  });

  it("writes stream-copied Matroska segments named by UTC wall clock, listed on stdout", () => {
    const args = segmentOutputArgs({ dir: "/s/.incoming", pointId: "J01", segmentSec: 300, alignToClock: true });
    expect(args).toEqual([
      "-map", "0:v:0", "-map", "0:a?", "-c", "copy", "-f", "segment", "-segment_time", "300", "-segment_atclocktime", "1",
      "-segment_format", "matroska", "-reset_timestamps", "1", "-strftime", "1", "-segment_list", "pipe:1", "-segment_list_type", "csv",
      "/s/.incoming/J01_%Y%m%dT%H%M%SZ.mkv",
    ]);
    const full = buildRecordArgs({ kind: "http", url: "http://h/x", ioTimeoutSec: 1 }, { dir: "/d", pointId: "P", segmentSec: 2, alignToClock: false });
    expect(full.slice(0, 6)).toEqual(["-hide_banner", "-nostats", "-loglevel", "warning", "-progress", "pipe:3"]);
    expect(full).not.toContain("-segment_atclocktime");
    expect(full.indexOf("-i")).toBeLessThan(full.indexOf("-f"));
  });

  it("skips an RTSP camera's untimed first frame (B-frame streams) with an output start time, and only for RTSP", () => {
    const output = { dir: "/d", pointId: "P", segmentSec: 2, alignToClock: true };
    const rtsp = buildRecordArgs({ kind: "rtsp", url: "rtsp://h/x", ioTimeoutSec: 1 }, output);
    const ss = rtsp.indexOf("-ss");
    expect(rtsp.slice(ss, ss + 2)).toEqual(["-ss", "0.001"]);
    expect(ss).toBeGreaterThan(rtsp.indexOf("-i"));
    expect(ss).toBeLessThan(rtsp.indexOf("-f"));
    expect(buildRecordArgs({ kind: "http", url: "http://h/x", ioTimeoutSec: 1 }, output)).not.toContain("-ss");
    expect(buildRecordArgs({ kind: "file", path: "/v.mp4", realtime: true, loop: false }, output)).not.toContain("-ss");
    expect(buildPlaybackArgs("rtsp://nvr/x", 60, 5, "/o.mkv")).toContain("-ss");
    expect(buildPlaybackArgs("http://nvr/x", 60, 5, "/o.mkv")).not.toContain("-ss");
  });

  it("hands an HTTP URL with credentials to ffmpeg through an ffconcat file, never on its command line", () => {
    const input = { kind: "http" as const, url: "http://viewer:Pa'ss@h/live.ts", ioTimeoutSec: 2, urlFile: "/d/.source.ffconcat" };
    const args = buildRecordArgs(input, { dir: "/d", pointId: "P", segmentSec: 2, alignToClock: true });
    expect(args.join(" ")).not.toContain("Pa'ss");
    expect(args.slice(args.indexOf("-f"), args.indexOf("-i") + 2)).toEqual(["-f", "concat", "-safe", "0", "-protocol_whitelist", SOURCE_FILE_PROTOCOLS, "-i", "/d/.source.ffconcat"]);
    expect(sourceFileText(input)).toBe("ffconcat version 1.0\nfile 'http://viewer:Pa'\\''ss@h/live.ts'\noption rw_timeout 2000000\n");
    expect(hasCredentials("rtsp://admin:x@h/1")).toBe(true);
    expect(hasCredentials("http://h/live.ts")).toBe(false);
  });

  it("hands an RTSP or NVR playback URL with credentials over the same way, its transport and timeout with it", () => {
    const output = { dir: "/d", pointId: "P", segmentSec: 2, alignToClock: true };
    const pull = { kind: "rtsp" as const, url: "rtsp://admin:S3cr#t@10.0.0.7:554/Streaming/101", transport: "tcp" as const, ioTimeoutSec: 5, urlFile: "/d/.source.ffconcat" };
    const args = buildRecordArgs(pull, output);
    expect(args.join(" ")).not.toContain("S3cr#t");
    expect(args.slice(args.indexOf("-f"), args.indexOf("-i") + 2)).toEqual(["-f", "concat", "-safe", "0", "-protocol_whitelist", SOURCE_FILE_PROTOCOLS, "-i", "/d/.source.ffconcat"]);
    expect(args).toContain("-ss"); // still an RTSP camera: its untimed first frame is skipped
    expect(sourceFileText(pull)).toBe("ffconcat version 1.0\nfile 'rtsp://admin:S3cr#t@10.0.0.7:554/Streaming/101'\noption timeout 5000000\noption rtsp_transport tcp\n");
    expect(sourceFileText({ kind: "rtsp", url: "rtsp://u:p@0.0.0.0:8554/cam", listen: true, ioTimeoutSec: 5 })).toBe("ffconcat version 1.0\nfile 'rtsp://u:p@0.0.0.0:8554/cam'\noption rtsp_flags listen\n");
    const playback = buildPlaybackArgs("rtsp://admin:pw@nvr/tracks/101?starttime=x", 60, 5, "/o.mkv", "/d/.playback.ffconcat");
    expect(playback.join(" ")).not.toContain("admin:pw");
    expect(playback.slice(playback.indexOf("-i"), playback.indexOf("-i") + 4)).toEqual(["-i", "/d/.playback.ffconcat", "-t", "60"]);
    expect(sourceFileText({ kind: "playback", url: "rtsp://admin:pw@nvr/x", durationSec: 60, ioTimeoutSec: 5 })).toContain("option rtsp_transport tcp\noption timeout 5000000\n");
  });

  it("fetches a playback range into one file, limited to the range length", () => {
    expect(buildPlaybackArgs("rtsp://nvr/tracks/101?starttime=x", 300, 10, "/o.mkv")).toEqual([
      "-hide_banner", "-nostats", "-loglevel", "warning", "-progress", "pipe:3", "-y",
      "-rtsp_transport", "tcp", "-timeout", "10000000", "-i", "rtsp://nvr/tracks/101?starttime=x", "-t", "300",
      "-map", "0:v:0", "-map", "0:a?", "-ss", "0.001", "-c", "copy", "-f", "matroska", "/o.mkv",
    ]);
    expect(buildPlaybackArgs("http://nvr/x", 60, 5, "/o.mkv")).toContain("-rw_timeout");
  });

  it("parses segment list lines", () => {
    expect(parseSegmentListLine("J01_20261208T000000Z.mkv,0.000000,300.040000")).toEqual({ name: "J01_20261208T000000Z.mkv", startSec: 0, endSec: 300.04 });
    expect(parseSegmentListLine('"a,b.mkv",1.5,2')).toEqual({ name: "a,b.mkv", startSec: 1.5, endSec: 2 });
    expect(parseSegmentListLine("garbage")).toBeNull();
  });
});

describe("playback URL templates", () => {
  const fromMs = Date.parse("2026-12-08T00:00:00Z");
  const toMs = fromMs + 300_000;

  it("expands Hikvision-style UTC placeholders", () => {
    const template = "rtsp://admin:pw@192.0.2.10:554/Streaming/tracks/101?starttime={start:YYYYMMDDTHHmmss}Z&endtime={end:YYYYMMDDTHHmmss}Z";
    expect(expandPlaybackTemplate(template, { fromMs, toMs, zone: "utc" })).toBe(
      "rtsp://admin:pw@192.0.2.10:554/Streaming/tracks/101?starttime=20261208T000000Z&endtime=20261208T000500Z",
    );
  });

  it("expands Dahua-style local-time placeholders", () => {
    const template = "rtsp://192.0.2.20/cam/playback?channel=1&starttime={start:YYYY_MM_DD_HH_mm_ss}&endtime={end:YYYY_MM_DD_HH_mm_ss}";
    expect(expandPlaybackTemplate(template, { fromMs, toMs, zone: "Asia/Shanghai" })).toBe(
      "rtsp://192.0.2.20/cam/playback?channel=1&starttime=2026_12_08_08_00_00&endtime=2026_12_08_08_05_00",
    );
    expect(expandPlaybackTemplate("x?s={start}&e={end}", { fromMs, toMs, zone: "utc" })).toBe("x?s=20261208T000000&e=20261208T000500");
  });

  it("rejects templates without both times or with unknown placeholders", () => {
    for (const bad of ["rtsp://nvr/x?start={start:YYYY}", "rtsp://nvr/x?s={start}&e={end}&c={channel}"]) {
      let caught: unknown;
      try {
        validatePlaybackTemplate(bad);
      } catch (error) {
        caught = error;
      }
      expect(isKerbsideError(caught, "KERB_ERR_SOURCE")).toBe(true);
    }
  });
});

describe("planBackfill", () => {
  const T = Date.parse("2026-12-08T00:00:00Z");
  const min = (m: number) => T + m * 60_000;

  it("cuts gaps at aligned segment boundaries, skips slivers and ranges waiting for a retry", () => {
    const gaps = [{ fromMs: min(2), toMs: min(11) }, { fromMs: min(20), toMs: min(20) + 3000 }];
    expect(planBackfill(gaps, { segmentSec: 300, maxRanges: 10, nowMs: T })).toEqual([
      { fromMs: min(2), toMs: min(5) },
      { fromMs: min(5), toMs: min(10) },
      { fromMs: min(10), toMs: min(11) },
    ]);
    const retryAfter = new Map([[min(5), T + 1]]);
    expect(planBackfill(gaps, { segmentSec: 300, maxRanges: 2, nowMs: T, retryAfter })).toEqual([
      { fromMs: min(2), toMs: min(5) },
      { fromMs: min(10), toMs: min(11) },
    ]);
  });
});
