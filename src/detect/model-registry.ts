/**
 * Finds a model by name: <modelsDir>/<name>.json (the model card) and the
 * ONNX file the card names, relative to the card. The models directory is
 * <repo>/models unless KERBSIDE_MODELS_DIR or an explicit directory says
 * otherwise. A name ending in ".json" or containing a slash is a card path.
 */
import { access, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { KerbsideError, errorMessage } from "../errors.js";
import { ModelCardSchema, type ModelCard } from "./types.js";

export const DEFAULT_MODEL = "centernet-mobilenetv3";

/**
 * The model the detector settings name: the model itself, or its conversion
 * at \`inputSize\` (card <model>-<size>.json, written by \`npm run models\`).
 */
export function detectorModelName(settings: { model: string; inputSize?: number | undefined }): string {
  return settings.inputSize === undefined ? settings.model : `${settings.model}-${settings.inputSize}`;
}

export interface ResolvedModel {
  card: ModelCard;
  cardPath: string;
  onnxPath: string;
}

export function defaultModelsDir(): string {
  const fromEnv = process.env.KERBSIDE_MODELS_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../models");
}

/** Names of the model cards in a directory (empty when it does not exist). */
export async function listModels(modelsDir = defaultModelsDir()): Promise<string[]> {
  const entries = await readdir(modelsDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  return entries.filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
}

async function missing(what: string, modelsDir: string): Promise<KerbsideError> {
  const available = await listModels(modelsDir);
  const list = available.length > 0 ? available.join(", ") : "none";
  return new KerbsideError(
    "KERB_ERR_MODEL_MISSING",
    `${what}. Models in ${modelsDir}: ${list}. Run \`npm run models\` to build the default model (${DEFAULT_MODEL}).`,
  );
}

/** Parses and validates a card; errors name the file and the field. */
export function parseModelCard(text: string, cardPath: string): ModelCard {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KerbsideError("KERB_ERR_MODEL_CARD", `${cardPath}: not valid JSON (${errorMessage(error)})`, { cause: error });
  }
  const result = ModelCardSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new KerbsideError("KERB_ERR_MODEL_CARD", `${cardPath}: ${issues.join("; ")}`);
  }
  return result.data;
}

export async function findModel(name: string, modelsDir = defaultModelsDir()): Promise<ResolvedModel> {
  const isPath = name.endsWith(".json") || name.includes("/") || name.includes(path.sep);
  const cardPath = isPath ? path.resolve(name) : path.join(modelsDir, `${name}.json`);
  const text = await readFile(cardPath, "utf8").catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw await missing(`model "${name}" not found (no ${cardPath})`, modelsDir);
    throw new KerbsideError("KERB_ERR_MODEL_CARD", `${cardPath}: ${error.message}`, { cause: error });
  });
  const card = parseModelCard(text, cardPath);
  const onnxPath = path.resolve(path.dirname(cardPath), card.file);
  await access(onnxPath).catch(async () => {
    throw await missing(`model "${name}": its card ${cardPath} names ${card.file}, which does not exist`, modelsDir);
  });
  return { card, cardPath, onnxPath };
}
