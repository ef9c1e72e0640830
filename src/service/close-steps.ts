/**
 * Runs every cleanup step of a close(), in order, even when one fails; each
 * failure is logged and returned so the caller can report it.
 */
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";

export type CloseStep = [name: string, run: () => unknown];

export async function runCloseSteps(steps: readonly CloseStep[], log: Logger): Promise<Error[]> {
  const failures: Error[] = [];
  for (const [name, run] of steps) {
    try {
      await run();
    } catch (error) {
      log.error({ step: name, err: errorMessage(error) }, "close step failed");
      failures.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return failures;
}
