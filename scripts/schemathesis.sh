#!/usr/bin/env bash
# The API against its own OpenAPI document: schemathesis (PyPI) generates
# requests from /api/openapi.json of the demo register and checks every
# answer (`--checks all`). Installed into a venv under target/ when
# missing; skipped, with the reason, when Python's venv or pip is not here.
# Usage: scripts/schemathesis.sh [MAX_EXAMPLES]   (default 25 per operation)
set -euo pipefail
cd "$(dirname "$0")/.."
max_examples="${1:-25}"
version="4.32.5"
venv="target/schemathesis-venv"
work="target/schemathesis"

if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/schemathesis" --version | grep -q "$version"; then
  if ! python3 -m venv --help >/dev/null 2>&1; then
    echo "schemathesis skipped: python3 with venv is not installed (apt-get install -y python3-venv)"
    exit 0
  fi
  echo "== installing schemathesis $version into $venv"
  rm -rf "$venv"
  if ! python3 -m venv "$venv" || ! "$venv/bin/pip" install -q "schemathesis==$version"; then
    echo "schemathesis skipped: pip could not install it"
    exit 0
  fi
fi

cargo build --quiet --bin armswatch
bin="$PWD/target/debug/armswatch"
rm -rf "$work" && mkdir -p "$work"
(cd "$work" && "$bin" demo --no-serve >demo.log 2>&1)
token="schemathesis-$RANDOM$RANDOM"
port=$((20000 + RANDOM % 20000))
"$bin" --db "$work/armswatch-demo.db" serve --addr "127.0.0.1:$port" --token "$token" \
  >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if curl -sf "http://127.0.0.1:$port/api/openapi.json" >/dev/null 2>&1; then break; fi
  sleep 0.1
done

echo "== schemathesis --checks all against the demo register (max $max_examples examples per operation)"
PYTHONPATH="$PWD/scripts" SCHEMATHESIS_HOOKS=schemathesis_hooks \
  "$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/openapi.json" \
  --checks all \
  --max-examples "$max_examples" \
  --workers 2 \
  ${SCHEMATHESIS_SEED:+--seed "$SCHEMATHESIS_SEED"} \
  --header "Authorization: Bearer $token" \
  --report junit --report-dir "$work/report" \
  --no-color
