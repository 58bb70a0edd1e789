#!/usr/bin/env bash
# Installs the npm packages package-lock.json pins when node_modules is missing or older than the lock file,
# so a fresh clone (or a pull that changed dependencies) needs no separate install step.
set -euo pipefail
cd "$(dirname "$0")/.."

reason=""
if [ ! -f node_modules/.package-lock.json ]; then
  reason="node_modules is missing"
elif [ package-lock.json -nt node_modules/.package-lock.json ]; then
  reason="package-lock.json changed since the last install"
fi

if [ -n "$reason" ]; then
  echo "Installing npm packages ($reason): npm ci. better-sqlite3 compiles from source, which takes a minute or two."
  npm ci --no-audit --no-fund
elif [ ! -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]; then
  echo "better-sqlite3's native module is missing: npm rebuild better-sqlite3"
  npm rebuild better-sqlite3
else
  echo "npm packages are up to date."
fi
