#!/usr/bin/env bash
# Makes sure a Chromium the browser tests can drive (playwright-core) is on this machine, and
# prints its path on stdout.
#
#   CHROMIUM_PATH=$(bash scripts/ensure-chromium.sh)
#
# CHROMIUM_PATH, when set to an executable, wins. Otherwise Debian's `chromium` package
# (/usr/bin/chromium) is used, installed with apt-get when it is missing and we are root.
# Exits non-zero (with the reason on stderr) when no Chromium can be found or installed.
set -euo pipefail

log() { echo "ensure-chromium: $*" >&2; }

if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ -x "$CHROMIUM_PATH" ]; then
    echo "$CHROMIUM_PATH"
    exit 0
  fi
  log "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
  exit 1
fi

find_chromium() {
  local candidate
  for candidate in chromium chromium-browser; do
    if command -v "$candidate" >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if path=$(find_chromium); then
  echo "$path"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  log "chromium is not installed and we are not root; install Debian's chromium package or set CHROMIUM_PATH"
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  log "chromium is not installed and apt-get is not available; set CHROMIUM_PATH"
  exit 1
fi
log "installing chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium >&2
if path=$(find_chromium); then
  echo "$path"
  exit 0
fi
log "apt-get installed chromium but no chromium executable is on PATH"
exit 1
