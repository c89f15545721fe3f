#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 with trust auth
# for the tests (user postgres, database `test`): installs Debian's
# PostgreSQL only when absent, starts the cluster when it is down, waits
# until it is ready. Run as root (CI); elsewhere it only checks.
set -euo pipefail

ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "postgres-up: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
    exit 1
  fi
  echo "postgres-up: installing PostgreSQL"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

if ! ready; then
  echo "postgres-up: starting PostgreSQL"
  if command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
    pg_lsclusters -h | while read -r version cluster _; do
      pg_ctlcluster "$version" "$cluster" start || true
    done
  else
    service postgresql start || true
  fi
fi

for _ in $(seq 1 60); do
  ready && break
  sleep 1
done
if ! ready; then
  echo "postgres-up: PostgreSQL did not come up on 127.0.0.1:5432" >&2
  exit 1
fi

# Trust auth on the loopback and the `test` database, as the tests expect.
if ! psql -qAt -h 127.0.0.1 -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    hba="$(su postgres -c "psql -qAt -c 'SHOW hba_file'")"
    echo "postgres-up: allowing trust auth on the loopback in $hba"
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    su postgres -c "psql -qAt -c 'SELECT pg_reload_conf()'" >/dev/null
  fi
fi
if [ "$(psql -qAt -h 127.0.0.1 -U postgres -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'test'")" != 1 ]; then
  psql -qAt -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE test'
fi
echo "postgres-up: ready on 127.0.0.1:5432"
