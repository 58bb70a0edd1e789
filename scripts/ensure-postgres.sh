#!/usr/bin/env bash
# Makes sure the PostgreSQL the store tests use is answering: starts the local cluster if it is down and creates
# the `test` database if it is missing. With TEST_DATABASE_URL set, only checks that that server answers.
set -euo pipefail

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  if pg_isready -q -d "$TEST_DATABASE_URL"; then echo "PostgreSQL at TEST_DATABASE_URL is answering."; exit 0; fi
  echo "PostgreSQL at TEST_DATABASE_URL is not answering." >&2
  exit 1
fi

host=127.0.0.1
port=5432
if ! pg_isready -q -h "$host" -p "$port"; then
  if ! command -v pg_ctlcluster >/dev/null || [ ! -d /etc/postgresql ]; then
    echo "PostgreSQL is not answering on $host:$port and no local cluster is installed to start." >&2
    exit 1
  fi
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  echo "Starting PostgreSQL $version (cluster main)…"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do
    pg_isready -q -h "$host" -p "$port" && break
    sleep 1
  done
  if ! pg_isready -q -h "$host" -p "$port"; then
    echo "PostgreSQL $version did not start answering on $host:$port within 30 s." >&2
    exit 1
  fi
fi

if [ "$(psql -h "$host" -p "$port" -U postgres -d postgres -tAc "select 1 from pg_database where datname = 'test'")" != "1" ]; then
  echo "Creating database test…"
  createdb -h "$host" -p "$port" -U postgres test
fi
echo "PostgreSQL is answering on $host:$port (database test)."
