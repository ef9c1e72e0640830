/**
 * Finds the ffmpeg and ffprobe binaries: FFMPEG_PATH / FFPROBE_PATH first,
 * else PATH. Fails with an error that says how to install them. The answer
 * is cached per value of those variables, so a test that points one of them
 * at a fixture script is honoured without a restart.
 */
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { KerbsideError } from "../errors.js";

export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
}

const cache = new Map<string, FfmpegBinaries>();

export function locateFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegBinaries {
  const key = [env.FFMPEG_PATH, env.FFPROBE_PATH, env.PATH].join("\0");
  const cached = cache.get(key);
  if (cached) return cached;
  const found = {
    ffmpeg: locateBinary("ffmpeg", env.FFMPEG_PATH, env.PATH),
    ffprobe: locateBinary("ffprobe", env.FFPROBE_PATH, env.PATH),
  };
  cache.set(key, found);
  return found;
}
export function locateBinary(name: string, explicit: string | undefined, searchPath: string | undefined): string {
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new KerbsideError(
      "KERB_ERR_FFMPEG_MISSING",
      `${name} not found at ${explicit} (from ${name.toUpperCase()}_PATH). Point it at an executable ${name}, or unset it to search PATH.`,
    );
  }
  for (const dir of (searchPath ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  throw new KerbsideError(
    "KERB_ERR_FFMPEG_MISSING",
    `${name} was not found on PATH. Install it (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) or set ${name.toUpperCase()}_PATH to its location.`,
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
