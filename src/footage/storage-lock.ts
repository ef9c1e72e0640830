/**
 * One Kerbside process per storage directory. Two recording into one
 * directory write the same segment names, take each other's ffmpeg for a
 * crash leftover and corrupt the index, so the long-running commands that
 * record or scan take this lock first and a second one refuses to start,
 * naming the holder.
 *
 * Why a lock file holding pid + process start time (not flock): Node has no
 * flock without a native addon, and a file a human can `cat` says who holds
 * it. A crash cannot leave it stuck: the holder counts only while a process
 * with that pid AND that start time (/proc/<pid>/stat) runs, so a dead
 * holder, or its pid reused by another program, is a stale lock that the
 * next start replaces. Creation is atomic (O_EXCL); a stale file is moved
 * aside by rename, so of two processes replacing it only one wins.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KerbsideError } from "../errors.js";
import { commandLine, identify, isAlive } from "../ffmpeg/proc-info.js";

export const LOCK_FILE = "kerbside.lock";

export interface LockHolder {
  pid: number;
  startTime: string | null;
  command: string;
  since: string;
}

export interface StorageLock {
  readonly file: string;
  /** Removes the lock if it is still this process's; safe to call twice. */
  release(): void;
}

export function acquireStorageLock(storageDir: string, attempts = 3): StorageLock {
  mkdirSync(storageDir, { recursive: true });
  const file = path.join(storageDir, LOCK_FILE);
  const me: LockHolder = { ...identify(process.pid), command: (commandLine(process.pid) ?? process.argv).join(" "), since: new Date().toISOString() };
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (tryCreate(file, me)) return ownLock(file, me);
    const holder = readHolder(file);
    if (holder === undefined) continue; // gone meanwhile: try again
    if (holder && isAlive(holder)) throw lockedError(storageDir, holder);
    moveAsideIfUnchanged(file, holder);
  }
  const holder = readHolder(file);
  throw lockedError(storageDir, holder ?? { pid: 0, startTime: null, command: "unknown", since: "unknown" });
}

/** The current holder when it is alive (for status output), else null. */
export function storageLockHolder(storageDir: string): LockHolder | null {
  const holder = readHolder(path.join(storageDir, LOCK_FILE));
  return holder && isAlive(holder) ? holder : null;
}

function tryCreate(file: string, me: LockHolder): boolean {
  // Written in full under a private name, then linked: the lock never exists half-written.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(me)}\n`);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** undefined: no file; null: unparsable (a stale or foreign file, replaced). */
function readHolder(file: string): LockHolder | null | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    return Number.isInteger(parsed.pid) ? { pid: parsed.pid as number, startTime: parsed.startTime ?? null, command: parsed.command ?? "", since: parsed.since ?? "" } : null;
  } catch {
    return null;
  }
}

function moveAsideIfUnchanged(file: string, stale: LockHolder | null): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // another process moved it first
    throw error;
  }
  const moved = readHolder(aside);
  // Between our read and the rename another process may have replaced the stale lock with its live one: put that back.
  if (moved && (!stale || moved.pid !== stale.pid || moved.startTime !== stale.startTime) && isAlive(moved)) {
    try {
      linkSync(aside, file);
    } catch {
      // A third process holds it now; it stays the holder.
    }
  }
  rmSync(aside, { force: true });
}

function ownLock(file: string, me: LockHolder): StorageLock {
  let released = false;
  return {
    file,
    release: () => {
      if (released) return;
      released = true;
      const holder = readHolder(file);
      if (holder && holder.pid === me.pid && holder.startTime === me.startTime) rmSync(file, { force: true });
    },
  };
}

function lockedError(storageDir: string, holder: LockHolder): KerbsideError {
  return new KerbsideError(
    "KERB_ERR_STORAGE_LOCKED",
    `storage directory ${storageDir} is in use by another Kerbside process: pid ${holder.pid}${holder.command ? ` (${holder.command})` : ""}, running since ${holder.since}. Stop it first, or give this deployment another storageDir.`,
  );
}
