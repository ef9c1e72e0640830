// Lint rules: typescript-eslint's recommended set plus the house rules that
// catch what STYLE.md forbids (swallowed errors, `any` in interfaces).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const LOG_METHODS = "(trace|debug|info|warn|error|fatal)";

export default tseslint.config(
  { ignores: ["node_modules/", "models/", "samples/", "data/", "coverage/", "web/vendor/", "web/dist/", ".tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-empty": ["error", { allowEmptyCatch: false }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      // pino's convention, one name in every module: log an error as `err`.
      "no-restricted-syntax": [
        "error",
        {
          selector: `CallExpression[callee.property.name=/^${LOG_METHODS}$/] > ObjectExpression:first-child > Property[key.name="error"]`,
          message: "Log errors under the field `err` (pino convention), not `error`.",
        },
      ],
    },
  },
  {
    files: ["bin/**/*.js", "scripts/**/*.mjs", "src/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", setTimeout: "readonly" } },
  },
  {
    files: ["web/**/*.js"],
    languageOptions: { globals: { window: "readonly", document: "readonly", fetch: "readonly", io: "readonly" } },
  },
);
