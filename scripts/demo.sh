#!/usr/bin/env bash
# npm run demo — from a fresh clone: install the npm packages, build the app, create a demo workspace in DATA_DIR
# (once), start the app on 127.0.0.1:$PORT and print how to reach it. Ctrl-C stops the app.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT="${PORT:-3000}"
export DATA_DIR="${DATA_DIR:-./data}"
export NEXT_TELEMETRY_DISABLED=1
host=127.0.0.1

bash scripts/ensure-deps.sh

# The build is up to date when nothing it is made from changed after it was written (tests aside): the source
# folders and the root's config and entry files (next.config.js, instrumentation.ts, tsconfig.json, the lock file, …).
build_inputs=(app components lib public)
while IFS= read -r -d '' root_file; do build_inputs+=("$root_file"); done < <(
  find . -maxdepth 1 -type f \( -name '*.ts' -o -name '*.js' -o -name '*.mjs' -o -name '*.json' \) ! -name next-env.d.ts -print0
)
needs_build=""
if [ ! -f .next/BUILD_ID ]; then
  needs_build="there is no build yet"
else
  for input in "${build_inputs[@]}"; do
    [ -e "$input" ] || continue
    changed="$(find "$input" -newer .next/BUILD_ID -type f ! -name '*.test.ts' ! -name '*.test.tsx' -print -quit)"
    if [ -n "$changed" ]; then
      needs_build="$changed changed since the last build"
      break
    fi
  done
fi
if [ -n "$needs_build" ]; then
  echo "Building the app ($needs_build): next build"
  node node_modules/next/dist/bin/next build
else
  echo "The build in .next is up to date."
fi

node_modules/.bin/tsx --conditions=react-server scripts/seed-demo.ts

port_in_use() {
  node -e 'const s = require("net").connect(Number(process.argv[1]), process.argv[2]);
    s.on("connect", () => { s.destroy(); process.exit(0) }); s.on("error", () => process.exit(1))' "$PORT" "$host"
}
if port_in_use; then
  echo "Port $PORT on $host is already taken (another app still running?). Stop it, or choose a port: PORT=3001 npm run demo" >&2
  exit 1
fi

MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" NODE_OPTIONS="--max-old-space-size=160 ${NODE_OPTIONS:-}" node scripts/server.mjs --hostname "$host" --port "$PORT" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' INT TERM

demo_value() {
  node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(process.argv[2].split(".").reduce((o, k) => o?.[k], d) ?? "")' \
    "$DATA_DIR/demo.json" "$1"
}
api_key="$(demo_value api_key)"
device_id="$(demo_value properties.0.device_ids.0)"
base="http://$host:$PORT"

# Ready when an authenticated API call answers 200 (the first call also opens and migrates the store).
ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  if node -e 'fetch(process.argv[1], { headers: { authorization: `Bearer ${process.argv[2]}` } })
      .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$base/api/devices/list" "$api_key"; then
    ready=1
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "The app did not come up on $base: see its output above." >&2
  kill "$server_pid" 2>/dev/null || true
  exit 1
fi

# The dashboard's lines, once there is one (issue 4): its address, and the demo user if the seed made one.
dashboard_lines=""
if [ -f app/page.tsx ]; then dashboard_lines+="  Dashboard  $base"$'\n'; fi
if [ -n "$(demo_value user.email)" ]; then
  dashboard_lines+="  Sign in    $(demo_value user.email) / $(demo_value user.password)"$'\n'
fi

cat <<EOF

────────────────────────────────────────────────────────────────────────────
Latchkey is running at $base  (process $server_pid; Ctrl-C stops it)

${dashboard_lines}  Workspace  $(demo_value workspace_name) — $(demo_value properties.0.name) ($(demo_value properties.0.timezone)), $(demo_value properties.1.name) ($(demo_value properties.1.timezone))
  API        $base/api
  API key    $api_key
  Store      $(if [ -n "${DATABASE_URL:-}" ]; then echo "PostgreSQL (DATABASE_URL)"; else echo "SQLite in $DATA_DIR"; fi); key and ids also in $DATA_DIR/demo.json

curl:
  curl -s -H "Authorization: Bearer $api_key" $base/api/devices/list
  curl -s -H "Authorization: Bearer $api_key" -H "Content-Type: application/json" \\
    -d '{"device_id": "$device_id"}' $base/api/access_codes/list

The seam SDK (npm install seam), in an .mjs file:
  import { Seam } from 'seam'
  const seam = new Seam({ endpoint: '$base/api', apiKey: '$api_key' })
  const [lock] = await seam.devices.list()
  const code = await seam.accessCodes.create({ device_id: lock.device_id, name: 'Guest' })
  console.log(code.status, await seam.accessCodes.list({ device_id: lock.device_id }))

Administration on the same store: npm run --silent cli -- help
────────────────────────────────────────────────────────────────────────────
EOF

wait "$server_pid"
