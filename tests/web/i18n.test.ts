// The board's two languages have the same keys, and no component carries a
// Chinese literal: every visible string goes through vue-i18n.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "../../web/src/i18n/en.js";
import zhCN from "../../web/src/i18n/zh-CN.js";

function keys(messages: object, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

// CJK ideographs, CJK punctuation (、。「」) and full-width forms (：，).
const CHINESE = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
const SOURCE = path.resolve("web/src");
/** Where Chinese text belongs: the zh-CN messages, and the language switch's own label in en.ts. */
const MESSAGE_FILES = new Set([path.join(SOURCE, "i18n/zh-CN.ts"), path.join(SOURCE, "i18n/en.ts")]);

describe("board i18n", () => {
  it("zh-CN and English have exactly the same keys", () => {
    const zhKeys = keys(zhCN).sort();
    expect(zhKeys.length).toBeGreaterThan(100);
    expect(keys(en).sort()).toEqual(zhKeys);
  });

  it("every message is a non-empty string in both languages", () => {
    for (const messages of [zhCN, en]) {
      const empty = keys(messages).filter((key) => {
        const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
        return typeof value !== "string" || value.trim() === "";
      });
      expect(empty).toEqual([]);
    }
  });

  it("no component, page, store or helper contains a Chinese literal", () => {
    const sources = files(SOURCE).filter((f) => /\.(vue|ts)$/.test(f) && !f.endsWith(".d.ts") && !MESSAGE_FILES.has(f));
    expect(sources.length).toBeGreaterThan(20);
    const offenders = sources.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, index) => ({ file: path.relative(SOURCE, file), line: index + 1, text: line.trim() }))
        .filter((entry) => CHINESE.test(entry.text)),
    );
    expect(offenders).toEqual([]);
  });

  it("English differs from Chinese wherever the Chinese has Chinese text", () => {
    const same = keys(zhCN).filter((key) => {
      const get = (m: object) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], m);
      return CHINESE.test(String(get(zhCN))) && get(zhCN) === get(en);
    });
    expect(same).toEqual([]);
  });
});
