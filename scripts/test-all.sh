#!/usr/bin/env bash
# npm test — every check CI runs, from a fresh clone: installs what is missing (npm packages, a running
# PostgreSQL, Debian's Chromium once there are e2e journeys), then typecheck, lint, the vitest suite on SQLite and
# again on PostgreSQL, and (after a production build) the Playwright journeys. Stops at the first failure with a
# non-zero exit code.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

summary=()
started=$SECONDS

print_summary() {
  echo
  echo "──── npm test summary ────"
  for line in "${summary[@]}"; do echo "  $line"; done
  echo "  total $((SECONDS - started)) s"
}

# step NAME COMMAND...: runs one step, records its outcome and time, and stops everything if it fails.
step() {
  local name="$1"
  shift
  echo
  echo "━━━ $name"
  local t0=$SECONDS
  "$@"
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    summary+=("FAIL  $name (exit code $rc, after $((SECONDS - t0)) s)")
    print_summary
    echo "npm test failed at: $name" >&2
    exit "$rc"
  fi
  summary+=("ok    $name ($((SECONDS - t0)) s)")
}

shopt -s nullglob
e2e_specs=(e2e/*.spec.ts)
shopt -u nullglob

step "npm packages" bash scripts/ensure-deps.sh
step "PostgreSQL on 127.0.0.1:5432" bash scripts/ensure-postgres.sh
if [ "${#e2e_specs[@]}" -gt 0 ]; then
  step "Chromium for e2e" bash scripts/ensure-chromium.sh
fi
step "typecheck (tsc --noEmit)" npm run --silent typecheck
step "lint (eslint)" npm run --silent lint
step "unit + API tests on SQLite (vitest)" env TEST_STORE=sqlite npm run --silent test:unit
step "unit + API tests on PostgreSQL (vitest, TEST_STORE=postgres)" env TEST_STORE=postgres npm run --silent test:unit
if [ "${#e2e_specs[@]}" -gt 0 ]; then
  # The journeys run against `next start`, which serves the production build: build it from this tree first.
  step "production build for e2e (next build)" npm run --silent build
  step "e2e journeys in Chromium (playwright, ${#e2e_specs[@]} spec files)" npm run --silent test:e2e
else
  summary+=("skip  e2e journeys: no e2e/*.spec.ts yet")
fi

print_summary
echo "npm test passed."
