// Makes sure the real sample footage is present before any test runs.
// Tests never skip for missing data: a failure here fails the run loudly.
import { execFileSync } from "node:child_process";

export default function setup(): void {
  execFileSync("bash", ["scripts/fetch-samples.sh"], { stdio: "inherit" });
}
