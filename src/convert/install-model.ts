/**
 * Converts one default model into models/ unless the existing card's
 * sourceHash shows it is already current. Files are written atomically.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { KerbsideError, errorMessage } from "../errors.js";
import type { ModelCard } from "../detect/types.js";
import { ModelCardSchema } from "../detect/types.js";
import { convertGraphModel } from "./convert-graph.js";
import { sizedConversion } from "./input-size.js";
import type { DefaultModel } from "./default-models.js";
import { loadGraphModel } from "./load-graph-model.js";
import { CONVERTER_VERSION } from "./version.js";

export interface InstallPaths {
  modelsDir: string;
  nodeModulesDir: string;
}

export interface InstallResult {
  status: "converted" | "up-to-date";
  onnxFile: string;
  cardFile: string;
  ms: number;
}

export function sourceHash(json: Uint8Array, weightData: Uint8Array, converterVersion: string): string {
  return createHash("sha256").update(json).update(weightData).update(converterVersion).digest("hex");
}

async function packageVersion(packageDir: string): Promise<string> {
  const raw: unknown = JSON.parse(await readFile(path.join(packageDir, "package.json"), "utf8"));
  const version = (raw as { version?: unknown }).version;
  if (typeof version !== "string") throw new KerbsideError("KERB_ERR_CONVERT", `${packageDir}/package.json has no version`);
  return version;
}

async function currentHash(cardFile: string): Promise<string | undefined> {
  if (!existsSync(cardFile)) return undefined;
  try {
    return ModelCardSchema.parse(JSON.parse(await readFile(cardFile, "utf8"))).sourceHash;
  } catch (error) {
    // An unreadable card is simply replaced by a fresh conversion.
    return `invalid: ${errorMessage(error)}`;
  }
}

async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}

/** Card name and ONNX file of a model at one input size: the default size keeps the model's own name. */
export function variantOf(model: DefaultModel, size: number): { name: string; file: string; cardFile: string } {
  const isDefault = size === model.card.input.width;
  const base = isDefault ? model.name : `${model.name}-${size}`;
  return { name: isDefault ? model.card.name : `${model.card.name}-${size}`, file: `${base}.onnx`, cardFile: `${model.name}-${size}.json` };
}

/**
 * Converts the model at its default input size (models/<name>.onnx, card
 * <name>.json) and at every other allowed size (<name>-<size>.onnx); each size
 * also gets a card <name>-<size>.json, which is how `detector.inputSize`
 * finds it (the default size's card points at <name>.onnx).
 */
export async function installModel(model: DefaultModel, paths: InstallPaths): Promise<InstallResult> {
  const started = performance.now();
  const packageDir = path.join(paths.nodeModulesDir, model.source.package);
  const loaded = await loadGraphModel(path.join(packageDir, model.source.file));
  // The sizes are part of the hash: changing the default or the variants reconverts.
  const hash = sourceHash(loaded.json, loaded.weightData, `${CONVERTER_VERSION} ${model.card.input.width} ${model.inputSize.allowed.join(",")}`);
  const onnxFile = path.join(paths.modelsDir, model.card.file);
  const cardFile = path.join(paths.modelsDir, `${model.name}.json`);
  const sizes = [model.card.input.width, ...model.inputSize.allowed.filter((s) => s !== model.card.input.width)];
  const cards = [cardFile, ...sizes.map((s) => path.join(paths.modelsDir, variantOf(model, s).cardFile))];
  const hashes = await Promise.all(cards.map((c) => currentHash(c)));
  if (existsSync(onnxFile) && hashes.every((h) => h === hash)) {
    return { status: "up-to-date", onnxFile, cardFile, ms: performance.now() - started };
  }
  const { upstream, license } = model.source;
  const source = { package: model.source.package, version: await packageVersion(packageDir), file: model.source.file, upstream };
  for (const size of sizes) {
    const variant = variantOf(model, size);
    const { onnx } = convertGraphModel(loaded.model, loaded.weightData, sizedConversion(model.inputSize, size));
    const card: ModelCard = ModelCardSchema.parse({
      ...model.card,
      name: variant.name,
      file: variant.file,
      input: { ...model.card.input, width: size, height: size },
      source,
      license,
      sourceHash: hash,
    });
    await writeAtomic(path.join(paths.modelsDir, variant.file), onnx);
    const text = `${JSON.stringify(card, null, 2)}\n`;
    await writeAtomic(path.join(paths.modelsDir, variant.cardFile), text);
    if (size === model.card.input.width) await writeAtomic(cardFile, text);
  }
  return { status: "converted", onnxFile, cardFile, ms: performance.now() - started };
}
