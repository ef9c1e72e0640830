import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { locateBinary, locateFfmpeg } from "../../src/ffmpeg/locate.js";
import { isKerbsideError } from "../../src/errors.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "kerbside-locate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("locateFfmpeg", () => {
  it("finds the real ffmpeg and ffprobe on PATH", () => {
    const found = locateFfmpeg({ PATH: process.env.PATH });
    expect(path.basename(found.ffmpeg)).toBe("ffmpeg");
    expect(path.basename(found.ffprobe)).toBe("ffprobe");
  });

  it("prefers FFMPEG_PATH when it points at an executable", () => {
    const fake = path.join(dir, "my-ffmpeg");
    writeFileSync(fake, "#!/bin/sh\n");
    chmodSync(fake, 0o755);
    expect(locateBinary("ffmpeg", fake, process.env.PATH)).toBe(fake);
  });

  it("names the variable and the fix when FFMPEG_PATH is wrong", () => {
    expect(() => locateBinary("ffmpeg", path.join(dir, "absent"), process.env.PATH)).toThrow(/FFMPEG_PATH/);
  });

  it("says how to install when nothing is on PATH", () => {
    try {
      locateBinary("ffprobe", undefined, dir);
      expect.fail("should have thrown");
    } catch (error) {
      expect(isKerbsideError(error, "KERB_ERR_FFMPEG_MISSING")).toBe(true);
      expect(String(error)).toMatch(/apt-get install ffmpeg/);
    }
  });
});
