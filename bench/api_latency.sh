#!/usr/bin/env bash
# Latency of `armswatch serve` on a large register: p50 and p99 of the
# register list and supplier-statistics endpoints under wrk on loopback.
#
#   bench/api_latency.sh [RECORDS] [SECONDS]     (default 120000 records, 10 s per URL)
#
# Builds the release binary and a synthetic register of RECORDS records
# (crates/serve/examples/synth_register.rs: transfers, contests,
# engagements and entities with exact evidence), serves it on a free
# loopback port, and runs wrk with 2 threads and 2 connections for SECONDS
# on each URL. Figures are printed, never asserted. Needs wrk
# (apt-get install -y wrk; installed here when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-120000}
SECONDS_PER_URL=${2:-10}

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is not installed (apt-get install -y wrk)" >&2
    exit 1
  fi
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --release --quiet --bin armswatch
cargo build --release --quiet -p armswatch-serve --example synth_register
target/release/examples/synth_register "$work/bench.db" "$RECORDS"
ls -l "$work/bench.db" | awk '{printf "database: %.0f MB\n", $5 / 1048576}'

target/release/armswatch --db "$work/bench.db" serve --addr 127.0.0.1:0 > "$work/url" 2> "$work/log" &
server=$!
for _ in $(seq 1 100); do
  grep -q '^http://' "$work/url" 2>/dev/null && break
  sleep 0.1
done
base=$(head -n1 "$work/url" | sed 's:/$::')
[ -n "$base" ] || { cat "$work/log" >&2; exit 1; }
echo "server: $base (release build, $(nproc) cores, wrk -t2 -c2 -d${SECONDS_PER_URL}s)"
echo

printf '%-58s %10s %10s %10s %9s\n' "URL" "p50" "p99" "req/s" "non-2xx"
for path in \
  "/api/transfers" \
  "/api/transfers?limit=50&sort=-date" \
  "/api/transfers?recipient=PE&limit=50" \
  "/api/transfers?supplier=FR&year_from=2000&year_to=2010&status=delivered" \
  "/api/transfers?sort=-value&limit=50" \
  "/api/stats/suppliers?recipient=PE" \
  "/api/stats/suppliers?recipient=IN" \
  "/api/stats/suppliers?recipient=PE&year_from=2000&year_to=2020"; do
  # One warm-up request, and a check that it answers 200.
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
  [ "$code" = 200 ] || { echo "$path answered $code" >&2; exit 1; }
  out=$(wrk -t2 -c2 -d"${SECONDS_PER_URL}s" --latency "$base$path")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  rps=$(awk '$1 == "Requests/sec:" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-58s %10s %10s %10s %9s\n' "$path" "$p50" "$p99" "$rps" "${bad:-0}"
done
