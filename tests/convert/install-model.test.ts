// npm run models: converts into models/, writes a valid card, and is a no-op
// when the card's sourceHash still matches.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { CENTERNET_MOBILENETV3 } from "../../src/convert/default-models.js";
import { installModel } from "../../src/convert/install-model.js";
import { ModelCardSchema } from "../../src/detect/types.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "kerbside-models-"));
const paths = { modelsDir: tmp, nodeModulesDir: path.join(ROOT, "node_modules") };

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("installModel", () => {
  it("converts once, then reports up to date until the card's hash changes", async () => {
    const first = await installModel(CENTERNET_MOBILENETV3, paths);
    expect(first.status).toBe("converted");
    const card = ModelCardSchema.parse(JSON.parse(readFileSync(first.cardFile, "utf8")));
    expect(card.labels).toHaveLength(80);
    expect(card.labels[5]).toBe("bus");
    expect(card.source).toMatchObject({ package: "@vladmandic/human", version: "3.3.6", file: "models/centernet.json" });
    expect(card.license).toBe("MIT");
    expect(card.sourceHash).toMatch(/^[0-9a-f]{64}$/);

    const session = await ort.InferenceSession.create(first.onnxFile);
    expect(session.inputNames).toEqual([card.input.name]);
    expect(session.outputNames).toContain(card.decoder.output);
    await session.release();

    expect((await installModel(CENTERNET_MOBILENETV3, paths)).status).toBe("up-to-date");

    writeFileSync(first.cardFile, JSON.stringify({ ...card, sourceHash: "stale" }));
    expect((await installModel(CENTERNET_MOBILENETV3, paths)).status).toBe("converted");
    expect(ModelCardSchema.parse(JSON.parse(readFileSync(first.cardFile, "utf8"))).sourceHash).toBe(card.sourceHash);
  });
});
