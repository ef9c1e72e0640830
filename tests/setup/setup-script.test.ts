/**
 * The set-up step `npm run demo` and `npm test` run first (scripts/setup.sh,
 * issue 7.10): it says exactly which system packages to install when it may
 * not install them, finds node_modules out of step with package-lock.json
 * with plain Node, and is a no-op check on a ready clone. The install is
 * future-proof: no deprecated .npmrc key, install scripts approved by name.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../scan/fixtures.js";

const fixture = tempDir("setup-script");
afterAll(() => fixture.cleanup());

/** A PATH with node and the few shell tools the script uses, but no ffmpeg, chromium, redis or fontconfig. */
function barePath(): string {
  const bin = path.join(fixture.dir, "bin");
  mkdirSync(bin, { recursive: true });
  for (const tool of ["node", "dirname", "id", "find"]) {
    const real = execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
    if (!existsSync(path.join(bin, tool))) symlinkSync(real, path.join(bin, tool));
  }
  return bin;
}

function modulesFresh(project: string): { code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [path.resolve("scripts/setup/modules-fresh.mjs"), project], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout };
}

function project(name: string, lock: Record<string, unknown>, installed: Record<string, string>): string {
  const dir = path.join(fixture.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify({ lockfileVersion: 3, packages: { "": { name }, ...lock } }));
  for (const [where, version] of Object.entries(installed)) {
    mkdirSync(path.join(dir, where), { recursive: true });
    writeFileSync(path.join(dir, where, "package.json"), JSON.stringify({ version }));
  }
  return dir;
}

describe("scripts/setup.sh", () => {
  it("names the exact apt-get command for missing system packages, and installs nothing in --check mode", () => {
    const r = spawnSync("/bin/bash", ["scripts/setup.sh", "--check"], { encoding: "utf8", env: { ...process.env, PATH: barePath() } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("setup: missing system packages: ffmpeg chromium redis-server fonts-wqy-microhei");
    expect(r.stdout).toContain("  sudo apt-get install -y ffmpeg chromium redis-server fonts-wqy-microhei");
  });

  it("passes its check on this ready clone, quickly", () => {
    const started = Date.now();
    const r = spawnSync("bash", ["scripts/setup.sh", "--check"], { encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("system packages and node modules are in place");
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("tells node_modules in step with package-lock.json from missing or other versions (plain Node)", () => {
    const lock = {
      "node_modules/a": { version: "1.2.3" },
      "node_modules/a/node_modules/b": { version: "2.0.0" },
      "node_modules/@x/native-win32": { version: "1.0.0", optional: true },
    };
    expect(modulesFresh(project("fresh", lock, { "node_modules/a": "1.2.3", "node_modules/a/node_modules/b": "2.0.0" })).code).toBe(0);
    const older = modulesFresh(project("older", lock, { "node_modules/a": "1.2.2", "node_modules/a/node_modules/b": "2.0.0" }));
    expect(older.code).toBe(1);
    expect(older.stdout).toContain("node_modules/a: 1.2.2 installed, 1.2.3 locked");
    const none = modulesFresh(project("none", lock, {}));
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("node_modules/a: missing");
    expect(none.stdout).not.toContain("native-win32");
  });

  it("runs before npm run demo and npm test, and installs the future-proof way", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string>; allowScripts: Record<string, boolean> };
    expect(pkg.scripts.predemo).toBe("bash scripts/setup.sh");
    expect(pkg.scripts.pretest).toBe("bash scripts/setup.sh");
    expect(readFileSync(".ci/run", "utf8")).toContain("npm test");
    // npm 11: unknown .npmrc keys and unreviewed install scripts stop working.
    expect(existsSync(".npmrc") ? readFileSync(".npmrc", "utf8") : "").not.toContain("onnxruntime-node-install");
    expect(readFileSync("scripts/setup.sh", "utf8")).toContain("ONNXRUNTIME_NODE_INSTALL=skip npm ci");
    expect(pkg.allowScripts).toMatchObject({ "better-sqlite3": true, esbuild: true, sharp: true, protobufjs: true, "onnxruntime-node": false });
  });
});
