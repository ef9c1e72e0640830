#!/usr/bin/env bash
# Gets a clone ready for `npm run demo` and `npm test` (their pre-hooks run
# this), and for .ci/run. Idempotent and quick when everything is there:
#   1. system packages (ffmpeg, chromium, a CJK font, redis-server): installed
#      with apt-get when run as root, otherwise the exact command is printed;
#   2. node modules: `npm ci` when node_modules differs from package-lock.json;
#   3. the detector model (`npm run models`, a no-op while it is current);
#   4. the sample footage (scripts/fetch-samples.sh);
#   5. the web UI (`npm run build`) when web/ is newer than web/dist.
# Plain bash and node without dependencies: it runs before node_modules exists.
#   bash scripts/setup.sh           # do it
#   bash scripts/setup.sh --check   # only report what is missing (exit 1 if anything is)
set -euo pipefail
cd "$(dirname "$0")/.."

check_only=false
[ "${1:-}" = "--check" ] && check_only=true
missing=false
say() { echo "setup: $*"; }

# 1. System packages: a command (or font) each, and the Debian package that provides it.
need=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# A CJK font, so evidence snapshots can burn in Chinese point names.
[ -n "$(fc-list :lang=zh 2>/dev/null || true)" ] || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  if ! $check_only && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
  else
    say "missing system packages: ${need[*]}. Install them with:"
    echo "  sudo apt-get install -y ${need[*]}"
    missing=true
    $check_only || exit 1
  fi
fi

# 2. Node modules. onnxruntime-node's install script would fetch CUDA binaries
# from a host this network cannot reach (the CPU ones ship in the package): it
# honours ONNXRUNTIME_NODE_INSTALL=skip (and package.json's allowScripts
# denies it once npm enforces that).
if ! fresh=$(node scripts/setup/modules-fresh.mjs 2>&1); then
  if $check_only; then
    say "node modules out of date: ${fresh:-node_modules is missing}"
    missing=true
  else
    say "installing node modules (npm ci)"
    ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
  fi
fi

if $check_only; then
  $missing && exit 1
  say "system packages and node modules are in place"
  exit 0
fi

# 3. The model (postinstall converts it too, but never fails an install: fail loudly here).
npm run --silent models
# 4. The sample footage.
bash scripts/fetch-samples.sh
# 5. The web UI, when there is one and its build is missing or older than its sources.
if [ -d web ] && [ -f web/vite.config.ts ]; then
  if [ ! -f web/dist/index.html ] || [ -n "$(find web package-lock.json -path web/dist -prune -o -type f -newer web/dist/index.html -print -quit)" ]; then
    say "building the web UI (npm run build)"
    npm run --silent build
  fi
fi
