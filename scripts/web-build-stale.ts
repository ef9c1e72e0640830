// Is web/dist older than the board's sources? The inputs (web/ sources, the
// Vite config and the lock file) are hashed; `npm run build` stamps the hash
// into web/dist/.inputs-sha256. Used by the test set-up and scripts/setup:
//   tsx scripts/web-build-stale.ts           exit 0 when fresh, 1 when stale (prints why)
//   tsx scripts/web-build-stale.ts --stamp   record the current inputs (after a build)
//   tsx scripts/web-build-stale.ts --ensure  build when stale
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STAMP = path.join(ROOT, "web", "dist", ".inputs-sha256");
const INPUTS = ["web/src", "web/index.html", "web/vite.config.ts", "web/tsconfig.json", "package-lock.json"];

function listFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full, { withFileTypes: true })
    .flatMap((d) => listFiles(path.join(entry, d.name)))
    .sort();
}

/** SHA-256 over the names and contents of every input file. */
export function webInputsHash(): string {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap(listFiles)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(ROOT, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** Why web/dist needs a build, or null when it matches the sources. */
export function webBuildStale(): string | null {
  if (!existsSync(path.join(ROOT, "web", "dist", "index.html"))) return "web/dist is missing";
  if (!existsSync(STAMP)) return "web/dist has no inputs stamp";
  return readFileSync(STAMP, "utf8").trim() === webInputsHash() ? null : "web/ sources changed since the last build";
}

export function stampWebBuild(): void {
  writeFileSync(STAMP, `${webInputsHash()}\n`);
}

/** Builds web/dist (npm run build) when it is missing or stale. */
export function ensureWebBuild(): void {
  const reason = webBuildStale();
  if (!reason) return;
  console.log(`board UI: ${reason}; running npm run build`);
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = process.argv[2];
  if (flag === "--stamp") stampWebBuild();
  else if (flag === "--ensure") ensureWebBuild();
  else {
    const reason = webBuildStale();
    console.log(reason ?? "web/dist is up to date");
    process.exit(reason ? 1 : 0);
  }
}
