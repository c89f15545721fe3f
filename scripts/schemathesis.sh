#!/usr/bin/env bash
# The API against its own OpenAPI document: schemathesis (PyPI) generates
# requests from /api/openapi.json of the demo register and checks every
# answer (`--checks all`). Installed into a venv under target/ when
# missing; skipped, with the reason, when Python's venv or pip is not here.
# Usage: scripts/schemathesis.sh [MAX_EXAMPLES]   (default 50 per operation)
# SCHEMATHESIS_SEED picks the generator's seed (default 1, so that runs
# repeat; another seed tries other requests).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
max_examples="${1:-50}"
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
"$bin" --db "$work/armswatch-demo.db" serve --addr 127.0.0.1:0 --token "$token" \
  >"$work/url" 2>"$work/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
# The server prints its address once it listens (the port is the system's
# choice, so runs side by side do not collide).
for _ in $(seq 1 600); do
  grep -q '^http://' "$work/url" 2>/dev/null && break
  sleep 0.1
done
base=$(grep -m1 '^http://' "$work/url" | sed 's:/$::')
[ -n "$base" ] || { echo "the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }

echo "== schemathesis --checks all against the demo register (max $max_examples examples per operation)"
# From inside $work, so that schemathesis's cache (.schemathesis/) lands there.
cd "$work"
run_schemathesis() {
  PYTHONPATH="$root/scripts" SCHEMATHESIS_HOOKS=schemathesis_hooks \
    "$root/$venv/bin/schemathesis" run "$base/api/openapi.json" \
    --wait-for-schema 120 \
    --checks all \
    --max-examples "$max_examples" \
    --workers 1 \
    --seed "${SCHEMATHESIS_SEED:-1}" \
    --header "Authorization: Bearer $token" \
    --report junit --report-dir report \
    --no-color 2>&1 | tee schemathesis.log
  return "${PIPESTATUS[0]}"
}
# CPython 3.11's ast.parse is not thread-safe (python/cpython#106905):
# hypothesis parses lambdas' sources while it describes them, and two
# worker threads doing so at once fail with "AST constructor recursion
# depth mismatch", a crash of the tool, not a finding about the API. Hence
# one worker; should it still happen, the run is repeated once, unless the
# summary reports a failed check (its "Test cases" line, or a FAILURES
# section; the crash dumps source text, so the match is anchored to
# schemathesis's own summary lines).
if ! run_schemathesis; then
  grep -q "AST constructor recursion depth mismatch" schemathesis.log || exit 1
  grep -qE "^=+ FAILURES =+|^ *[0-9]+ generated, .*[0-9]+ failed" schemathesis.log && exit 1
  echo "== schemathesis crashed in CPython's ast (not an API finding); running it again"
  run_schemathesis
fi
