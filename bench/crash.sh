#!/usr/bin/env bash
# Crash safety of `armswatch ingest`: K times, an ingest into one database
# is killed with SIGKILL at a random moment; after each kill the file must
# pass `PRAGMA integrity_check`, and the next ingest resumes where the last
# one stopped. At the end the ingest runs to completion and `export --raw`
# must be byte-identical to the export of a clean, uninterrupted run.
#
#   bench/crash.sh [KILLS] [ARTICLES]     (defaults 100 and 3000)
#
# Prints the number of kills, of corrupt stores and whether the exports
# match; exits non-zero on any corruption or difference.
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS=${1:-100}
N=${2:-3000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin armswatch
bin=$PWD/target/release/armswatch
python3 bench/make_corpus.py "$N" "$work/corpus.jsonl"

t0=$(date +%s.%N)
"$bin" --db "$work/clean.db" ingest "$work/corpus.jsonl" 2> /dev/null
t1=$(date +%s.%N)
"$bin" --db "$work/clean.db" export --raw > "$work/clean.jsonl"
clean_secs=$(python3 -c "print(float('$t1') - float('$t0'))")
echo "clean run: $N articles in ${clean_secs%.*}.$(printf '%.2s' "${clean_secs#*.}") s, $(wc -l < "$work/clean.jsonl") records"

integrity() {
  sqlite3 "$1" "PRAGMA integrity_check" 2>&1 | tr '\n' ' '
}

corrupt=0
kills=0
restarts=0
while [ "$kills" -lt "$KILLS" ]; do
  "$bin" --db "$work/crash.db" ingest "$work/corpus.jsonl" > /dev/null 2>&1 &
  pid=$!
  # Somewhere inside a run (a resumed run skips what is stored, so it is
  # shorter: aim at the first 80% of a clean run).
  sleep "$(python3 -c "import random; print(round(random.uniform(0.05, 0.8 * $clean_secs), 3))")"
  if kill -9 "$pid" 2> /dev/null; then
    wait "$pid" 2> /dev/null || true
    kills=$((kills + 1))
    result=$(integrity "$work/crash.db")
    if [ "$result" != "ok " ]; then
      corrupt=$((corrupt + 1))
      echo "kill $kills: integrity_check: $result"
    fi
  else
    # The run finished before the kill: start over so kills land mid-run.
    wait "$pid" || true
    rm -f "$work/crash.db" "$work/crash.db-wal" "$work/crash.db-shm"
    restarts=$((restarts + 1))
  fi
done

"$bin" --db "$work/crash.db" ingest "$work/corpus.jsonl" 2> /dev/null
"$bin" --db "$work/crash.db" export --raw > "$work/crash.jsonl"
if cmp -s "$work/clean.jsonl" "$work/crash.jsonl"; then same=identical; else same=DIFFERENT; fi
echo "kills: $kills (runs that finished first: $restarts); corrupt stores: $corrupt; export after resuming: $same to the clean run"
[ "$corrupt" -eq 0 ] && [ "$same" = identical ]
