import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, KerbsideError, isKerbsideError } from "../src/errors.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith(".ts") ? [full] : [];
  });
}

describe("error catalogue", () => {
  it("documents every code with an actionable sentence", () => {
    for (const [code, description] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^KERB_ERR_[A-Z0-9_]+$/);
      expect(description.length, code).toBeGreaterThan(20);
    }
  });

  it("lists every code the source code throws", () => {
    const used = new Set<string>();
    for (const file of [...sourceFiles("src"), ...sourceFiles("scripts")]) {
      for (const match of readFileSync(file, "utf8").matchAll(/["'](KERB_ERR_[A-Z0-9_]+)["']/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(1);
    const unknown = [...used].filter((code) => !(code in ERROR_CODES));
    expect(unknown).toEqual([]);
  });

  it("tells kerbside errors apart by code", () => {
    const error = new KerbsideError("KERB_ERR_CONFIG", "config.yaml: points[0].id: required");
    expect(isKerbsideError(error)).toBe(true);
    expect(isKerbsideError(error, "KERB_ERR_CONFIG")).toBe(true);
    expect(isKerbsideError(error, "KERB_ERR_SCAN")).toBe(false);
    expect(isKerbsideError(new Error("plain"))).toBe(false);
  });
});
