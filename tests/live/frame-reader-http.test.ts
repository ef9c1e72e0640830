// The live reader on an HTTP camera whose URL carries a password: frames
// arrive (real ffmpeg serving a clip on 127.0.0.1) and the password is on no
// command line, as with the recorder (the URL is read from a 0600 file).
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startProcess } from "../../src/ffmpeg/process.js";
import { FrameReader } from "../../src/live/frame-reader.js";
import type { LiveFrame } from "../../src/live/types.js";
import { freePort, makeH264Clip, memoryLogger, tempDir, waitFor } from "../footage/helpers.js";

const tmp = tempDir("reader-http");
afterAll(() => tmp.cleanup());

describe("live frame reader over HTTP", () => {
  it("reads frames at the interval and keeps the camera password off the process list", async () => {
    const clip = makeH264Clip(path.join(tmp.dir, "cam.mp4"), 20);
    const port = await freePort();
    const camera = startProcess("ffmpeg", ["-v", "error", "-re", "-i", clip, "-c", "copy", "-f", "mpegts", "-listen", "1", `http://127.0.0.1:${port}/live.ts`], { stopTimeoutMs: 1000 });
    const frames: LiveFrame[] = [];
    const secretDir = path.join(tmp.dir, "secret");
    const reader = new FrameReader({
      pointId: "H01", input: { kind: "http", url: `http://admin:s3cret-pw@127.0.0.1:${port}/live.ts`, ioTimeoutSec: 5 },
      width: 128, height: 128, everySec: 1, log: memoryLogger().log, secretDir,
      onFrame: (f) => void frames.push(f), onState: () => undefined,
    });
    try {
      await new Promise((r) => setTimeout(r, 500));
      reader.start();
      await waitFor(() => frames.length >= 8, 40_000, "eight live frames");
      const ps = spawnSync("ps", ["-eo", "args="], { encoding: "utf8" }).stdout;
      expect(ps).not.toContain("s3cret-pw");
      expect(statSync(path.join(secretDir, ".detect.ffconcat")).mode & 0o777).toBe(0o600);
      expect(frames[0]?.frame.data.length).toBe(128 * 128 * 3);
      expect(frames[0]?.streamSize).toEqual({ width: 384, height: 288 });
      // ffmpeg's probe buffer hands the first frames over at once; then one per interval, as they arrive.
      const last = frames.slice(-3);
      for (let i = 1; i < last.length; i++) expect((last[i] as LiveFrame).timeMs - (last[i - 1] as LiveFrame).timeMs).toBeGreaterThan(300);
    } finally {
      await reader.close();
      await camera.stop();
    }
  }, 60_000);
});
