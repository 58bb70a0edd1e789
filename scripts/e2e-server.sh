#!/usr/bin/env bash
# Serves the built app for the Playwright journeys: a fresh data folder with the demo workspace and the demo user,
# sandbox locks at a fifth of their real latency (so "setting" is visible, but journeys stay quick).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-3300}"
export DATA_DIR
DATA_DIR="$(mktemp -d /tmp/latchkey-e2e-XXXXXX)"
export DEMO_PASSWORD="${DEMO_PASSWORD:-e2e-demo-password}"
export PORT="$port" SANDBOX_LATENCY_SCALE="${SANDBOX_LATENCY_SCALE:-0.2}" NEXT_TELEMETRY_DISABLED=1
# The Seam journey connects the demo workspace to a fake Seam: its key is stored encrypted with this key.
export LATCHKEY_SECRET_KEY="${LATCHKEY_SECRET_KEY:-$(openssl rand -base64 32)}" SEAM_SYNC_INTERVAL_MS="${SEAM_SYNC_INTERVAL_MS:-5000}"
node_modules/.bin/tsx --conditions=react-server scripts/seed-demo.ts > "$DATA_DIR/seed.log"
# A member of the demo workspace (not an admin): the journeys check what a member sees (masked PINs, Reveal).
demo_workspace="$(node -p "require('$DATA_DIR/demo.json').workspace_id")"
printf '%s\n' "${MEMBER_PASSWORD:-e2e-member-password}" |
  node_modules/.bin/tsx --conditions=react-server scripts/cli.ts user create --email member@latchkey.test \
    --name 'Mia Member' --workspace "$demo_workspace" --password-stdin >> "$DATA_DIR/seed.log"
# As `npm start`: the custom server (scripts/server.mjs) serves /api/* itself and everything else through Next.
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" NODE_OPTIONS="--max-old-space-size=160 ${NODE_OPTIONS:-}" node scripts/server.mjs --hostname 127.0.0.1 --port "$port" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$DATA_DIR"' EXIT INT TERM
wait "$server"
