// Makes sure the real sample footage and the built board UI are present before any test runs.
// Tests never skip for missing data: a failure here fails the run loudly.
import { execFileSync } from "node:child_process";
import { ensureWebBuild } from "../scripts/web-build-stale.js";

export default function setup(): void {
  execFileSync("bash", ["scripts/fetch-samples.sh"], { stdio: "inherit" });
  // The browser tests run against the built board; build it when missing or stale.
  ensureWebBuild();
}
