#!/usr/bin/env bash
# Installs Debian's Chromium for the Playwright journeys (Playwright's own browser download cannot work here).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "Chromium is installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
sudo=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null; then sudo="sudo -n"; else
    echo "Chromium is missing and installing it needs root: apt-get install -y chromium" >&2
    exit 1
  fi
fi
echo "Installing Debian's chromium (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y chromium
/usr/bin/chromium --version
