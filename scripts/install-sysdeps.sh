#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Qt needs to run (offscreen in tests, xcb on a desktop)
# and the fonts offscreen rendering needs. Does nothing when they are already there; asks for
# nothing when not root and sudo is absent (it then prints what to install).
# With --bench, also LibreOffice Writer (the RC bench converts its 80-page RC to PDF with it)
# and poppler's tools: `make bench` measures every row of docs/performance.md on a new machine.
set -euo pipefail

PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
)
if [ "${1:-}" = "--bench" ]; then
  PACKAGES+=(libreoffice-writer-nogui poppler-utils)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-sysdeps: not a Debian-like system, skipping (install Qt's xcb libraries yourself)."
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-sysdeps: please install: ${missing[*]}" >&2
  exit 1
fi
echo "install-sysdeps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
