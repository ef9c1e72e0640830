// Test deployments for the service: a short real clip cut from vtest.avi
// (the white van is parked top-right all along), archive folders whose file
// names carry recent start times, a corrupt file, and an unreachable camera.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compactStamp } from "../../src/time/time-zone.js";
import { descendants } from "../cli/proc-tree.js";
import { freePort, waitFor } from "../footage/helpers.js";

export const VTEST = path.resolve("samples/vtest.avi");
export const TZ = "Asia/Shanghai";
/** Around the van (x 652–722, y 45–100 of 768x576), not the blue car at the right edge. */
export const VAN_ZONE = "[[0.80, 0.03], [0.95, 0.03], [0.95, 0.24], [0.80, 0.24]]";

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `kerbside-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The first `seconds` of vtest.avi, stream-copied. */
export function cutClip(file: string, seconds: number): string {
  execFileSync("ffmpeg", ["-v", "error", "-y", "-t", String(seconds), "-i", VTEST, "-c", "copy", file]);
  return file;
}

/** `seconds` of vtest.avi from `offsetSec` (a keyframe: 0, 25, 50, 75), stream-copied. */
export function cutPart(file: string, offsetSec: number, seconds: number): string {
  execFileSync("ffmpeg", ["-v", "error", "-y", "-ss", String(offsetSec), "-t", String(seconds), "-i", VTEST, "-c", "copy", file]);
  return file;
}

/** The first `seconds` of vtest.avi as H.264 with a keyframe every second (10 frames), as a camera sends it. */
export function encodeH264(file: string, seconds: number): string {
  execFileSync("ffmpeg", ["-v", "error", "-y", "-t", String(seconds), "-i", VTEST, "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p", "-an", file]);
  return file;
}

export function writeGarbage(file: string): string {
  writeFileSync(file, Buffer.from("not a video, just text pretending to be one\n".repeat(40)));
  return file;
}

/** `<pointId>_<local stamp>.<ext>`: a name the archive source reads the start time from. */
export function archiveName(pointId: string, startMs: number, ext = "avi"): string {
  return `${pointId}_${compactStamp(startMs, TZ)}.${ext}`;
}

export function mkdir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A TCP port nothing listens on: a free port, closed again. */
export const closedPort = freePort;

/** A deployment YAML: the van rule with a short dwell, sampling every 2 s, the given points. */
export function deploymentYaml(points: string): string {
  return `
name: service test
timezone: ${TZ}
storageDir: ./data
detector: { threads: 1 }
units:
  - { id: traffic_police, name: 交警大队 }
rules:
  illegal_parking: { classes: [car, truck, bus], zones: [no_parking], minDwellSec: 20, unit: traffic_police }
sampling: { everySec: 2 }
points:
${points}`;
}

export function point(id: string, source: string): string {
  return `
  - id: ${id}
    name: 测试点位 ${id}
    category: main_road
    units: [traffic_police]
    source: ${source}
    zones:
      - { id: van, name: 楼前禁停区, kind: no_parking, polygon: ${VAN_ZONE} }
`;
}

/** ffmpeg and ffprobe processes this process started, at any depth (pid and command line). */
export function ffmpegChildren(): string[] {
  // Kerbside's children are started by its spawn broker: look through the whole tree, and at the program run, not at paths.
  return descendants(process.pid)
    .filter((p) => /^ff(mpeg|probe)$/.test(path.basename(p.cmdline.split(" ")[0] ?? "")))
    .map((p) => `${p.pid} ${p.cmdline}`);
}

export { waitFor };

/** ffmpeg processes anywhere whose command line mentions `text` (e.g. a test's temp folder). */
export function ffmpegMentioning(text: string): string[] {
  const ps = spawnSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  if (ps.error) throw ps.error;
  return ps.stdout.split("\n").filter((line) => /\bffmpeg\b/.test(line) && line.includes(text));
}
