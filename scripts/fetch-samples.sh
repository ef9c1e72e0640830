#!/usr/bin/env bash
# Fetches the real street footage and photos the tests and the demo use from
# Debian's opencv-doc package into samples/ (git-ignored). Idempotent.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
dest="${KERBSIDE_SAMPLES_DIR:-$here/samples}"
wanted=(
  "examples/data/vtest.avi"
  "opencv4/html/pexels_double_decker_bus.jpg"
)

have_all() {
  for f in "${wanted[@]}"; do [ -s "$dest/$(basename "$f")" ] || return 1; done
}

if have_all; then
  echo "samples: already present in $dest"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
  cat >&2 <<MSG
KERB_ERR_SAMPLES: apt-get/dpkg are not available, so the sample footage cannot be fetched.
Provide it by hand: copy vtest.avi (OpenCV's examples/data/vtest.avi) and
pexels_double_decker_bus.jpg into $dest, or set KERBSIDE_SAMPLES_DIR to a folder holding them.
MSG
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download opencv-doc >/dev/null 2>"$work/apt.err"; then
  # The package lists may be missing on a fresh machine.
  apt-get update -qq >/dev/null 2>&1 || true
  if ! apt-get download opencv-doc >/dev/null 2>"$work/apt.err"; then
    echo "KERB_ERR_SAMPLES: 'apt-get download opencv-doc' failed: $(tail -1 "$work/apt.err")" >&2
    echo "Provide vtest.avi and pexels_double_decker_bus.jpg in $dest by hand instead." >&2
    exit 2
  fi
fi
dpkg -x opencv-doc_*.deb extracted
mkdir -p "$dest"
for f in "${wanted[@]}"; do
  src=$(find extracted -path "*/$f" -print -quit)
  if [ -z "$src" ]; then
    echo "KERB_ERR_SAMPLES: $f is not in this opencv-doc package" >&2
    exit 2
  fi
  cp "$src" "$dest/$(basename "$f")"
done
# A few more real photos for detector tests, when this package version has them.
for name in licenseplate_motion.jpg messi5.jpg basketball1.png; do
  src=$(find extracted -name "$name" -print -quit)
  [ -n "$src" ] && cp "$src" "$dest/$name"
done
echo "samples: fetched into $dest"
ls -la "$dest"
