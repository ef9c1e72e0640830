#!/usr/bin/env node
// The `kerbside` command. tsx is registered in this process and the
// TypeScript CLI imported here, so no build step is needed and there is no
// second process: SIGINT/SIGTERM/SIGHUP sent to this pid (by a user, npx,
// systemd or a container runtime) reach the service's own handlers, which
// stop the recorders' ffmpeg and close cleanly.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

register();
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
await import(pathToFileURL(path.join(root, "src", "cli", "main.ts")).href);
