// Whether node_modules holds exactly what package-lock.json asks for: every
// locked package present at its locked version. Plain Node, no dependencies:
// it runs before `npm ci` (from scripts/setup.sh). Optional packages (other
// platforms' binaries) may be absent. Exit 0: fresh; 1: stale, with the first
// few differences on stdout.
//   node scripts/setup/modules-fresh.mjs [project-dir]
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(process.argv[2] ?? ".");
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
const problems = [];
for (const [where, entry] of Object.entries(lock.packages ?? {})) {
  if (!where.startsWith("node_modules/") || entry.link) continue;
  const manifest = path.join(root, where, "package.json");
  if (!existsSync(manifest)) {
    if (!entry.optional) problems.push(`${where}: missing`);
    continue;
  }
  const installed = JSON.parse(readFileSync(manifest, "utf8")).version;
  if (entry.version !== undefined && installed !== entry.version) problems.push(`${where}: ${installed} installed, ${entry.version} locked`);
}
if (problems.length > 0) {
  console.log(`${problems.length} package(s) differ from package-lock.json, e.g.\n  ${problems.slice(0, 5).join("\n  ")}`);
  process.exit(1);
}
