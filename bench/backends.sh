#!/usr/bin/env bash
# The two storage backends side by side, same corpus, same run: ingest
# (articles/s), re-ingest of the unchanged corpus, raw JSONL export, and
# whether the two exports are byte-identical.
#
#   bench/backends.sh [N] [POSTGRES_URL]
#
# N recombined articles (bench/make_corpus.py, default 5000). PostgreSQL
# defaults to postgres://postgres@127.0.0.1:5432/test; the run works in a
# schema of its own, dropped at the end. Figures are printed, never
# asserted. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
SERVER=${2:-postgres://postgres@127.0.0.1:5432/test}
work=$(mktemp -d)
schema="armswatch_bench_$$"
psql_server() { psql -qAt "$SERVER" "$@"; }
cleanup() {
  psql_server -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cargo build --release --quiet
python3 bench/make_corpus.py "$N" "$work/corpus.jsonl"
psql_server -c "CREATE SCHEMA $schema" >/dev/null
sep='?'; case "$SERVER" in *\?*) sep='&';; esac
pg="$SERVER${sep}options=-c%20search_path%3D$schema"
file="$work/register.db"

timed() { # label, db, args...: prints the time and rate
  local label=$1 db=$2; shift 2
  local t0 t1
  t0=$(date +%s.%N)
  target/release/armswatch --db "$db" "$@" > "$work/out" 2> "$work/err"
  t1=$(date +%s.%N)
  python3 -c "import sys; s = float(sys.argv[3]) - float(sys.argv[2]); print(f'{sys.argv[1]:34} {s:7.2f} s  {int(sys.argv[4]) / s:7.0f} articles/s')" \
    "$label" "$t0" "$t1" "$N"
}

echo "corpus: $N articles; $(nproc) cores"
for backend in sqlite postgres; do
  db=$file; [ "$backend" = postgres ] && db=$pg
  timed "$backend ingest" "$db" ingest "$work/corpus.jsonl"
  timed "$backend re-ingest (unchanged)" "$db" ingest "$work/corpus.jsonl"
  timed "$backend export --raw jsonl" "$db" export --raw --format jsonl
  cp "$work/out" "$work/export-$backend.jsonl"
done
if cmp -s "$work/export-sqlite.jsonl" "$work/export-postgres.jsonl"; then
  echo "exports: byte-identical ($(wc -l < "$work/export-sqlite.jsonl") records)"
else
  echo "exports: DIFFER"
fi
