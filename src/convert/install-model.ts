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

export async function installModel(model: DefaultModel, paths: InstallPaths): Promise<InstallResult> {
  const started = performance.now();
  const packageDir = path.join(paths.nodeModulesDir, model.source.package);
  const loaded = await loadGraphModel(path.join(packageDir, model.source.file));
  const hash = sourceHash(loaded.json, loaded.weightData, CONVERTER_VERSION);
  const onnxFile = path.join(paths.modelsDir, model.card.file);
  const cardFile = path.join(paths.modelsDir, `${model.name}.json`);
  if (existsSync(onnxFile) && (await currentHash(cardFile)) === hash) {
    return { status: "up-to-date", onnxFile, cardFile, ms: performance.now() - started };
  }
  const { onnx } = convertGraphModel(loaded.model, loaded.weightData);
  const { upstream, license } = model.source;
  const card: ModelCard = ModelCardSchema.parse({
    ...model.card,
    source: { package: model.source.package, version: await packageVersion(packageDir), file: model.source.file, upstream },
    license,
    sourceHash: hash,
  });
  await writeAtomic(onnxFile, onnx);
  await writeAtomic(cardFile, `${JSON.stringify(card, null, 2)}\n`);
  return { status: "converted", onnxFile, cardFile, ms: performance.now() - started };
}
