// The spawn broker: a small Node process that starts Kerbside's children
// (ffmpeg, ffprobe) on its behalf. Kerbside's own process is large (the
// model, frames, SQLite), and fork() copies its page tables on the event
// loop: 0.2–0.5 s per ffmpeg on a 2-core VM (nodejs/node#14917). Forking
// from this ~40 MB process costs a few ms, off Kerbside's event loop.
//
// Plain JavaScript with no imports but Node's own, so it starts without the
// TypeScript loader. The child's pipes are not read here: each end is handed
// to Kerbside over the IPC channel, so data flows straight between ffmpeg and
// Kerbside. See spawner.ts for the protocol.
import { spawn } from "node:child_process";

/** id → { child, kept }: `kept` is a stdout held for a later child's stdin (a demuxer feeding a decoder). */
const children = new Map();
let parentGone = false;

// Ctrl-C reaches the whole process group: Kerbside decides when its children stop, not this process.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => undefined);

process.on("message", (message) => {
  if (message.op === "spawn") start(message);
  else if (message.op === "kill") children.get(message.id)?.child.kill(message.signal);
});

// Kerbside exited (or was killed): stop what it started, then leave.
process.on("disconnect", () => {
  parentGone = true;
  for (const { child } of children.values()) child.kill("SIGTERM");
  setTimeout(() => {
    for (const { child } of children.values()) child.kill("SIGKILL");
    process.exit(0);
  }, 5000).unref();
  exitWhenIdle();
});

function exitWhenIdle() {
  if (parentGone && children.size === 0) process.exit(0);
}

function send(message, handle) {
  if (!process.connected) return;
  try {
    process.send(message, handle);
  } catch {
    // The channel closed under us: the disconnect handler cleans up.
  }
}

function start(message) {
  const { id } = message;
  const source = message.stdinFrom === undefined ? undefined : children.get(message.stdinFrom);
  const stdio = message.stdio.map((kind, fd) => {
    if (fd === 0 && message.stdinFrom !== undefined) return source?.kept ?? "ignore";
    return kind === "keep" ? "pipe" : kind;
  });
  let child;
  try {
    child = spawn(message.command, message.args, { env: message.env, cwd: message.cwd, stdio });
  } catch (error) {
    send({ id, ev: "error", message: error.message, code: error.code, errno: error.errno ?? -1 });
    return;
  }
  if (source?.kept) {
    // The new child holds its own copy now; ours would keep the pipe open after the reader stopped.
    source.kept.destroy();
    source.kept = null;
    forgetIfDone(message.stdinFrom);
  }
  const entry = { child, kept: null, exited: false };
  children.set(id, entry);
  child.on("error", (error) => {
    send({ id, ev: "error", message: error.message, code: error.code, errno: error.errno ?? -1 });
    entry.exited = true;
    forgetIfDone(id);
  });
  if (child.pid === undefined) return;
  send({ id, ev: "spawn", pid: child.pid });
  child.stdio.forEach((stream, fd) => {
    if (!stream) return;
    // Node starts reading a pipe at once; stop before any data is taken in here, where nobody would see it.
    stream._handle?.readStop?.();
    if (message.stdio[fd] === "keep") entry.kept = stream;
    else send({ id, ev: "fd", fd }, stream);
  });
  child.on("exit", (code, signal) => {
    send({ id, ev: "exit", code, signal });
    entry.exited = true;
    forgetIfDone(id);
  });
}

function forgetIfDone(id) {
  const entry = children.get(id);
  if (entry && entry.exited && !entry.kept) children.delete(id);
  exitWhenIdle();
}
