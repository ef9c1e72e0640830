// `kerbside detect` run as a real process, and where --annotate writes.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annotatePaths } from "../../src/detect/annotate-paths.js";

const run = promisify(execFile);
let tmp: string;

function kerbside(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { env: { ...process.env, KERBSIDE_LOG_LEVEL: "silent" } });
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "kerbside-detect-cli-"));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("annotatePaths", () => {
  it("uses OUT as the file for one image, a directory for several, and fills {name} patterns", () => {
    expect(annotatePaths(["a/bus.jpg"], "out.jpg", false)).toEqual(["out.jpg"]);
    expect(annotatePaths(["a/bus.jpg"], "shots", true)).toEqual([path.join("shots", "bus.annotated.jpg")]);
    expect(annotatePaths(["a/bus.jpg", "b/car.png"], "shots", false)).toEqual([path.join("shots", "bus.annotated.jpg"), path.join("shots", "car.annotated.jpg")]);
    expect(annotatePaths(["a/bus.jpg", "b/car.png"], "out/{name}-boxes.jpg", false)).toEqual(["out/bus-boxes.jpg", "out/car-boxes.jpg"]);
  });
});

describe("kerbside detect", () => {
  it("prints JSON detections per image and writes annotated JPEGs", async () => {
    const { stdout } = await kerbside(
      "detect", "samples/pexels_double_decker_bus.jpg", "samples/licenseplate_motion.jpg",
      "--json", "--classes", "bus,car,truck", "--annotate", path.join(tmp, "{name}.jpg"),
    );
    const results = JSON.parse(stdout) as { file: string; width: number; detections: { label: string; box: { x2: number } }[] }[];
    expect(results.map((r) => r.file)).toEqual(["samples/pexels_double_decker_bus.jpg", "samples/licenseplate_motion.jpg"]);
    expect(results[0]!.detections[0]!.label).toBe("bus");
    expect(results[1]!.detections.some((d) => d.label === "car")).toBe(true);
    for (const r of results) expect(r.detections.every((d) => d.box.x2 <= r.width)).toBe(true);
    expect((await readdir(tmp)).sort()).toEqual(["licenseplate_motion.jpg", "pexels_double_decker_bus.jpg"]);
    expect((await sharp(path.join(tmp, "pexels_double_decker_bus.jpg")).metadata()).format).toBe("jpeg");
  });

  it("prints a table, and a coded error for a missing model", async () => {
    const { stdout } = await kerbside("detect", "samples/pexels_double_decker_bus.jpg", "--score", "0.5");
    expect(stdout).toMatch(/pexels_double_decker_bus\.jpg \(546x413, \d+ ms\)/);
    expect(stdout).toMatch(/^\s+bus\s+0\.\d\d\s+\d+\s+\d+\s+\d+\s+\d+$/m);
    const failed = await kerbside("detect", "samples/pexels_double_decker_bus.jpg", "--model", "nope").then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("KERB_ERR_MODEL_MISSING");
  });

  it("reports an unreadable image by name and still prints the others' detections, exiting 1", async () => {
    const broken = path.join(tmp, "broken.jpg");
    await writeFile(broken, "not a JPEG");
    const failed = await kerbside("detect", broken, "samples/pexels_double_decker_bus.jpg", "--json", "--classes", "bus").then(
      () => ({ code: 0, stdout: "", stderr: "" }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed.code).toBe(1);
    const results = JSON.parse(failed.stdout) as { file: string; error?: string; detections?: { label: string }[] }[];
    expect(results.map((r) => r.file)).toEqual([broken, "samples/pexels_double_decker_bus.jpg"]);
    expect(results[0]!.error).toMatch(/^KERB_ERR_IMAGE: cannot read image .*broken\.jpg/);
    expect(results[1]!.detections![0]!.label).toBe("bus");
    expect(failed.stderr).toContain(`KERB_ERR_IMAGE: 1 of 2 images could not be read: ${broken}`);
  });
});
