// Model lookup: cards validated with errors naming file and field; missing
// models list what is available and how to build the default.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultModelsDir, findModel, listModels } from "../../src/detect/model-registry.js";
import { isKerbsideError } from "../../src/errors.js";

let dir: string;

const goodCard = {
  name: "tiny",
  file: "tiny.onnx",
  input: { name: "images", width: 32, height: 32, layout: "NCHW" },
  decoder: { kind: "yolo" },
  labels: ["person"],
};

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error: unknown = await promise.then(() => new Error("no error"), (e: unknown) => e);
  if (!(error instanceof Error)) throw new Error("expected an Error");
  return error;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "kerbside-models-"));
  await writeFile(path.join(dir, "tiny.json"), JSON.stringify(goodCard));
  await writeFile(path.join(dir, "tiny.onnx"), "not really onnx; only its presence is checked here");
  await writeFile(path.join(dir, "broken.json"), "{ not json");
  await writeFile(path.join(dir, "bad-field.json"), JSON.stringify({ ...goodCard, name: "bad-field", input: { ...goodCard.input, layout: "CHW" } }));
  await writeFile(path.join(dir, "bad-decoder.json"), JSON.stringify({ ...goodCard, name: "bad-decoder", decoder: { kind: "ssd" } }));
  await writeFile(path.join(dir, "no-onnx.json"), JSON.stringify({ ...goodCard, name: "no-onnx", file: "absent.onnx" }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("model registry", () => {
  it("finds a model by name with defaults filled in", async () => {
    const model = await findModel("tiny", dir);
    expect(model.onnxPath).toBe(path.join(dir, "tiny.onnx"));
    expect(model.card.input).toMatchObject({ scale: 1, channels: "RGB", resize: "stretch" });
  });

  it("accepts a card path instead of a name", async () => {
    const model = await findModel(path.join(dir, "tiny.json"), "/nonexistent");
    expect(model.card.name).toBe("tiny");
  });

  it("lists the models of a directory", async () => {
    expect(await listModels(dir)).toEqual(["bad-decoder", "bad-field", "broken", "no-onnx", "tiny"]);
    expect(await listModels(path.join(dir, "absent"))).toEqual([]);
  });

  it("reports a missing model with the models available and how to build the default", async () => {
    const error = await failure(findModel("yolov8n", dir));
    expect(isKerbsideError(error, "KERB_ERR_MODEL_MISSING")).toBe(true);
    expect(error.message).toContain("tiny");
    expect(error.message).toContain("npm run models");
  });

  it("reports a card whose ONNX file is missing", async () => {
    const error = await failure(findModel("no-onnx", dir));
    expect(isKerbsideError(error, "KERB_ERR_MODEL_MISSING")).toBe(true);
    expect(error.message).toContain("absent.onnx");
  });

  it("names the file of an unparsable card", async () => {
    const error = await failure(findModel("broken", dir));
    expect(isKerbsideError(error, "KERB_ERR_MODEL_CARD")).toBe(true);
    expect(error.message).toContain(path.join(dir, "broken.json"));
  });

  it("names the file and the field of an invalid card", async () => {
    const layout = await failure(findModel("bad-field", dir));
    expect(isKerbsideError(layout, "KERB_ERR_MODEL_CARD")).toBe(true);
    expect(layout.message).toContain("bad-field.json");
    expect(layout.message).toContain("input.layout");
    const decoder = await failure(findModel("bad-decoder", dir));
    expect(decoder.message).toContain("decoder.kind");
  });

  it("takes the models directory from KERBSIDE_MODELS_DIR, else <repo>/models", () => {
    const before = process.env.KERBSIDE_MODELS_DIR;
    try {
      process.env.KERBSIDE_MODELS_DIR = dir;
      expect(defaultModelsDir()).toBe(dir);
      delete process.env.KERBSIDE_MODELS_DIR;
      expect(defaultModelsDir()).toBe(path.resolve(import.meta.dirname, "../../models"));
    } finally {
      if (before === undefined) delete process.env.KERBSIDE_MODELS_DIR;
      else process.env.KERBSIDE_MODELS_DIR = before;
    }
  });
});
