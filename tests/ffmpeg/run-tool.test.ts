/**
 * The one ffmpeg/ffprobe runner and its watchdog, against the real binaries
 * and small fixture scripts that hang or fail (pointed at through
 * FFPROBE_PATH / FFMPEG_PATH, as an operator would point at another build).
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isKerbsideError } from "../../src/errors.js";
import { probeVideo } from "../../src/ffmpeg/probe.js";
import { runTool, ToolError } from "../../src/ffmpeg/run-tool.js";
import { Watchdog } from "../../src/ffmpeg/watchdog.js";
import { cutClip } from "../../src/incidents/evidence-clip.js";
import { probeKeyframeInterval } from "../../src/ffmpeg/keyframe-interval.js";
import { SAMPLE, tempDir } from "../footage/helpers.js";

const fixture = (name: string): string => path.resolve("tests/ffmpeg/fixtures", name);
const saved = { FFPROBE_PATH: process.env.FFPROBE_PATH, FFMPEG_PATH: process.env.FFMPEG_PATH };
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("runTool", () => {
  it("returns the real ffprobe's output", async () => {
    const { stdout } = await runTool("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", SAMPLE], { timeoutMs: 30_000, subject: SAMPLE });
    expect(stdout.toString().trim()).toBe("msmpeg4v3");
  });

  it("stops a tool that hangs at its time limit and says so, naming the file", async () => {
    process.env.FFPROBE_PATH = fixture("fake-tool-hang.mjs");
    const started = Date.now();
    const error = await runTool("ffprobe", ["x.mp4"], { timeoutMs: 2500, subject: "/footage/x.mp4", stopGraceMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect(isKerbsideError(error, "KERB_ERR_FFMPEG_TIMEOUT")).toBe(true);
    expect((error as ToolError).timedOut).toBe(true);
    expect((error as Error).message).toContain("/footage/x.mp4");
    expect((error as ToolError).stderr).toContain("reading");
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("reports a failing tool with its stderr", async () => {
    process.env.FFPROBE_PATH = fixture("fake-tool-fail.mjs");
    const error = await runTool("ffprobe", ["bad.mp4"], { timeoutMs: 10_000, subject: "bad.mp4" }).catch((e: unknown) => e);
    expect(isKerbsideError(error, "KERB_ERR_FFMPEG_FAILED")).toBe(true);
    expect((error as ToolError).stderr).toContain("Invalid data found");
  });
});

describe("every ffprobe/ffmpeg Kerbside runs has a time limit", () => {
  it("the index probe reports a wedged ffprobe as unreadable footage instead of waiting for ever", async () => {
    process.env.FFPROBE_PATH = fixture("fake-tool-hang.mjs");
    const error = await probeVideo("/footage/J01_20261208T080000.mp4", { timeoutMs: 500 }).catch((e: unknown) => e);
    expect(isKerbsideError(error, "KERB_ERR_FOOTAGE_UNREADABLE")).toBe(true);
    expect((error as Error).message).toMatch(/J01_20261208T080000\.mp4: ffprobe timed out after 500 ms/);
  });

  it("the keyframe probe reports a wedged ffprobe as unreadable footage (the scan skips the segment)", async () => {
    process.env.FFPROBE_PATH = fixture("fake-tool-hang.mjs");
    const error = await probeKeyframeInterval("/footage/J01_20261208T080000.mkv", 30, 500).catch((e: unknown) => e);
    expect(isKerbsideError(error, "KERB_ERR_FOOTAGE_UNREADABLE")).toBe(true);
    expect((error as Error).message).toMatch(/cannot read packets of \/footage\/J01_20261208T080000\.mkv: .*stopped after 500 ms/);
  });

  it("the evidence clip cutter gives up on a wedged ffmpeg with a coded error", async () => {
    process.env.FFMPEG_PATH = fixture("fake-tool-hang.mjs");
    const out = tempDir("clip-hang");
    try {
      const error = await cutClip(SAMPLE, 0, 2, out.dir, { timeoutMs: 400 }).catch((e: unknown) => e);
      expect(isKerbsideError(error, "KERB_ERR_FFMPEG_FAILED")).toBe(true);
      expect((error as Error).message).toMatch(/copy-mp4: ffmpeg on .*vtest\.avi was stopped after 400 ms/);
    } finally {
      out.cleanup();
    }
  });
});

describe("Watchdog", () => {
  it("fires once when touches stop, never while paused", async () => {
    let fired = 0;
    const dog = new Watchdog({ idleMs: 150, onStall: () => fired++ });
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 60));
      dog.touch();
    }
    expect(fired).toBe(0);
    dog.pause();
    await new Promise((r) => setTimeout(r, 400));
    expect(fired).toBe(0);
    dog.resume();
    await new Promise((r) => setTimeout(r, 500));
    expect(fired).toBe(1);
    expect(dog.stalled).toBe(true);
    dog.stop();
  });

  it("an unarmed watchdog waits for the first touch", async () => {
    let fired = 0;
    const dog = new Watchdog({ idleMs: 100, armed: false, onStall: () => fired++ });
    await new Promise((r) => setTimeout(r, 350));
    expect(fired).toBe(0);
    dog.touch();
    await new Promise((r) => setTimeout(r, 450));
    expect(fired).toBe(1);
    dog.stop();
  });
});
