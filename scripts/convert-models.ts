/**
 * Converts the default detector models into models/ (runs at `npm install`
 * and as `npm run models`). Re-running is a no-op when models are current.
 * During install a failure is reported in one line without failing the
 * install; `npm run models` exits non-zero instead.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_MODELS } from "../src/convert/default-models.js";
import { installModel } from "../src/convert/install-model.js";
import { errorMessage, isKerbsideError } from "../src/errors.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const paths = { modelsDir: path.join(root, "models"), nodeModulesDir: path.join(root, "node_modules") };
const duringInstall = process.env.npm_lifecycle_event === "postinstall";

async function main(): Promise<number> {
  mkdirSync(paths.modelsDir, { recursive: true });
  let failures = 0;
  for (const model of DEFAULT_MODELS) {
    try {
      const result = await installModel(model, paths);
      const what = result.status === "converted" ? `converted in ${(result.ms / 1000).toFixed(1)} s` : "up to date";
      console.log(`kerbside models: ${model.name} ${what} (${path.relative(root, result.onnxFile)})`);
    } catch (error) {
      failures++;
      const code = isKerbsideError(error) ? `${error.code}: ` : "";
      console.error(`kerbside models: ${model.name} FAILED (${code}${errorMessage(error)}); retry with npm run models`);
    }
  }
  return failures > 0 && !duringInstall ? 1 : 0;
}

process.exitCode = await main();
