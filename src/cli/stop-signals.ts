/**
 * The signals that ask a long-running command to stop: Ctrl-C, a service
 * manager's SIGTERM, and SIGHUP (a closed terminal or ssh session), which
 * would otherwise kill Node outright and leave ffmpeg children running.
 *
 * Under npm (`npx kerbside`, `npm run …`), npm runs the command through
 * `sh -c`, and that shell dies on the SIGTERM npm passes on without handing
 * it to us: the command is left running with no parent. So there, a parent
 * that is gone counts as SIGTERM too (checked twice a second).
 */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

const PARENT_CHECK_MS = 500;

/** Calls `handler` on every stop signal until the returned function is called. */
export function onStopSignals(handler: (signal: NodeJS.Signals) => void): () => void {
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  const stopWatching = underNpm() ? watchParent(() => handler("SIGTERM")) : () => undefined;
  return () => {
    stopWatching();
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}

/** Resolves on the first stop signal. */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const off = onStopSignals((signal) => {
      off();
      resolve(signal);
    });
  });
}

function underNpm(): boolean {
  return process.env.npm_command !== undefined;
}

/** Calls `gone` once when this process's parent has exited (it was reparented). */
function watchParent(gone: () => void): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    gone();
  }, PARENT_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
