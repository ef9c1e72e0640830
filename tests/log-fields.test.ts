/**
 * One log field for errors: `err` (pino's convention), in every module. The
 * lint rule in eslint.config.js enforces it; this checks the rule exists and
 * that src/ obeys it.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const RULE_MESSAGE = "Log errors under the field `err`";

describe("log fields", () => {
  const eslint = new ESLint();

  it("the lint rule flags an error logged as `error`, and accepts `err`", async () => {
    const [wrong] = await eslint.lintText('log.warn({ point: "J01", error: "boom" }, "x");\n', { filePath: "src/sample.ts" });
    expect(wrong?.messages.map((m) => m.message)).toContainEqual(expect.stringContaining(RULE_MESSAGE));
    const [right] = await eslint.lintText('this.log.error({ err: "boom" }, "x");\n', { filePath: "src/sample.ts" });
    expect(right?.messages.filter((m) => m.message.includes(RULE_MESSAGE))).toEqual([]);
  });

  it("no module under src/ logs an error as `error`", async () => {
    const results = await eslint.lintFiles(["src/**/*.ts"]);
    const offenders = results.flatMap((r) => r.messages.filter((m) => m.message.includes(RULE_MESSAGE)).map((m) => `${r.filePath}:${m.line}`));
    expect(offenders).toEqual([]);
  }, 60_000);
});
