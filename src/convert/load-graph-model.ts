/**
 * Reads a TF.js graph model from disk: model.json (validated) and the .bin
 * weight files its manifest lists, concatenated in manifest order.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { KerbsideError, errorMessage } from "../errors.js";
import type { GraphModel } from "./graph-model.js";
import { GraphModelSchema } from "./graph-model.js";

export interface LoadedGraphModel {
  model: GraphModel;
  /** Raw model.json bytes (hashed into the model card). */
  json: Uint8Array;
  weightData: Uint8Array;
}

async function readOrFail(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new KerbsideError("KERB_ERR_CONVERT", `cannot read ${file}: ${errorMessage(error)}`, { cause: error });
  }
}

export function parseGraphModel(file: string, json: Uint8Array): GraphModel {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(json).toString("utf8"));
  } catch (error) {
    throw new KerbsideError("KERB_ERR_CONVERT", `${file} is not JSON: ${errorMessage(error)}`, { cause: error });
  }
  const parsed = GraphModelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KerbsideError("KERB_ERR_CONVERT", `${file} is not a TF.js graph model: ${issue?.path.join(".")} ${issue?.message}`);
  }
  return parsed.data;
}

export async function loadGraphModel(jsonFile: string): Promise<LoadedGraphModel> {
  const json = await readOrFail(jsonFile);
  const model = parseGraphModel(jsonFile, json);
  const dir = path.dirname(jsonFile);
  const bins = await Promise.all(model.weightsManifest.flatMap((g) => g.paths).map((p) => readOrFail(path.join(dir, p))));
  return { model, json, weightData: new Uint8Array(Buffer.concat(bins)) };
}
