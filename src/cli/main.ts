/**
 * The `kerbside` command line. Each subcommand lives in its own module under
 * cli/commands/ and registers itself on the program here.
 */
import { Command } from "commander";
import { isKerbsideError, errorMessage } from "../errors.js";
import { register as registerDetect } from "./commands/detect.js";
import { register as registerScan } from "./commands/scan.js";
import { register as registerFootage } from "./commands/footage.js";
import { register as registerRun } from "./commands/run.js";
import { register as registerAudit } from "./commands/audit.js";
import { register as registerReport } from "./commands/report.js";
import { register as registerPlate } from "./commands/plate.js";
import { register as registerUser } from "./commands/user.js";
import { register as registerWorker } from "./commands/worker.js";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("kerbside")
    .description("Camera-footage compliance monitor: footage archive, ONNX detection, violations with evidence.")
    .showHelpAfterError();
  registerDetect(program);
  registerScan(program);
  registerFootage(program);
  registerRun(program);
  registerAudit(program);
  registerReport(program);
  registerPlate(program);
  registerUser(program);
  registerWorker(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const code = isKerbsideError(error) ? `${error.code}: ` : "";
    process.stderr.write(`kerbside: ${code}${errorMessage(error)}\n`);
    process.exitCode = 1;
  }
}

await main(process.argv);
