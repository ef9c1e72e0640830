/**
 * Signals through the launchers users run (issue 7.3): `node bin/kerbside.js
 * run` and `npx kerbside run` on a deployment with a live replayed file get
 * SIGTERM (or SIGHUP) while the recorder's ffmpeg is recording; the whole
 * process tree must be gone afterwards, ffmpeg included (checked in /proc),
 * and the command exits by itself after closing cleanly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cutClip, deploymentYaml, point, tempDir, waitFor } from "../service/fixtures.js";
import { descendants, mentioning, stillRunning, type ProcInfo } from "./proc-tree.js";

const fixture = tempDir("launcher-signals");
let configFile = "";
const started: ChildProcess[] = [];

beforeAll(() => {
  const clip = cutClip(path.join(fixture.dir, "street.avi"), 20);
  configFile = path.join(fixture.dir, "kerbside.yaml");
  writeFileSync(configFile, deploymentYaml(point("L01", `{ kind: file, path: ${clip}, live: true, loop: true, segmentSec: 4 }`)));
});
afterEach(() => {
  // A failed test must not leave its service recording (orphans mention the temp folder too).
  const left = started.splice(0).flatMap((child) => (child.pid ? descendants(child.pid) : []));
  for (const p of [...left, ...mentioning(fixture.dir)]) if (stillRunning(p)) process.kill(p.pid, "SIGKILL");
});
afterAll(() => fixture.cleanup());

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

/**
 * Starts `kerbside run` through `command`, signals it while ffmpeg records and
 * checks the tree is gone. `exits` is how the launcher itself may end: npm
 * re-raises the signal on itself once its child has closed.
 */
async function stopsCleanly(command: string, args: string[], signal: NodeJS.Signals, exits: object[] = [{ code: 0, signal: null }]): Promise<void> {
  const child = spawn(command, [...args, "run", "--config", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const recorder = await waitFor(
    () => descendants(child.pid!).find((p) => /\bffmpeg\b/.test(p.cmdline) && p.cmdline.includes(fixture.dir)),
    60_000,
    "the recorder's ffmpeg",
  );
  const tree: ProcInfo[] = [...descendants(child.pid!), recorder];
  process.kill(child.pid!, signal);
  const result = await Promise.race([exited(child), new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 60_000))]);
  expect(exits, stderr).toContainEqual(result);
  await waitFor(() => tree.every((p) => !stillRunning(p)) || undefined, 10_000, "every process of the tree gone").catch(() => undefined);
  expect(tree.filter(stillRunning).map((p) => p.cmdline)).toEqual([]);
  expect(mentioning(fixture.dir).map((p) => p.cmdline)).toEqual([]);
}

describe("stop signals through the launcher", () => {
  it("SIGTERM to node bin/kerbside.js stops the service and its recorder ffmpeg", async () => {
    await stopsCleanly(process.execPath, [path.resolve("bin/kerbside.js")], "SIGTERM");
  }, 120_000);

  it("SIGHUP to node bin/kerbside.js stops it the same way", async () => {
    await stopsCleanly(process.execPath, [path.resolve("bin/kerbside.js")], "SIGHUP");
  }, 120_000);

  it("SIGTERM to npx kerbside stops the service and its recorder ffmpeg", async () => {
    await stopsCleanly("npx", ["kerbside"], "SIGTERM", [{ code: 0, signal: null }, { code: null, signal: "SIGTERM" }]);
  }, 120_000);
});
