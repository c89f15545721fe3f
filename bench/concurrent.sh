#!/usr/bin/env bash
# Writers that meet (issue #12): two `armswatch ingest` processes of N
# articles each into one SQLite file, while `armswatch serve` on the same
# file takes P concurrent POSTs. Everything must be stored and no command
# or request may fail.
#
#   bench/concurrent.sh [N] [P]     (defaults 5000 and 200)
#
# Prints each writer's time and outcome, the POST status counts and the
# documents stored; exits non-zero when anything was lost or refused.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
P=${2:-200}
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cargo build --release --quiet --bin armswatch
bin=$PWD/target/release/armswatch
python3 bench/make_corpus.py $((2 * N + P + 1)) "$work/all.jsonl"
head -n "$N" "$work/all.jsonl" > "$work/a.jsonl"
sed -n "$((N + 1)),$((2 * N))p" "$work/all.jsonl" > "$work/b.jsonl"
sed -n "$((2 * N + 1)),$((2 * N + P))p" "$work/all.jsonl" > "$work/posts.jsonl"
db="$work/register.db"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The schema exists before the server and the writers start: one more
# article, ingested alone.
tail -n 1 "$work/all.jsonl" > "$work/first.jsonl"
"$bin" --db "$db" ingest "$work/first.jsonl" > /dev/null 2>&1
"$bin" --db "$db" serve --addr "127.0.0.1:$port" --token bench-token > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/api/stats" > /dev/null 2>&1 && break
  sleep 0.2
done

t0=$(date +%s.%N)
( /usr/bin/time -f "%e" -o "$work/a.time" "$bin" --db "$db" ingest "$work/a.jsonl" > "$work/a.out" 2>&1; echo $? > "$work/a.rc" ) &
( /usr/bin/time -f "%e" -o "$work/b.time" "$bin" --db "$db" ingest "$work/b.jsonl" > "$work/b.out" 2>&1; echo $? > "$work/b.rc" ) &
mkdir -p "$work/posts"
split -l 1 -d -a 4 "$work/posts.jsonl" "$work/posts/p"
ls "$work/posts"/p* | xargs -P 50 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -H 'Authorization: Bearer bench-token' -H 'Content-Type: application/json' \
  --data-binary @{} "http://127.0.0.1:$port/api/documents" > "$work/codes.txt"
wait %2 %3 2> /dev/null || true
while [ ! -f "$work/a.rc" ] || [ ! -f "$work/b.rc" ]; do sleep 0.2; done
t1=$(date +%s.%N)

echo "writer a: exit $(cat "$work/a.rc") in $(cat "$work/a.time") s: $(tail -n 1 "$work/a.out")"
echo "writer b: exit $(cat "$work/b.rc") in $(cat "$work/b.time") s: $(tail -n 1 "$work/b.out")"
echo "POST status codes: $(sort "$work/codes.txt" | uniq -c | tr -s ' ' | tr '\n' ';')"
stored=$(sqlite3 "$db" "SELECT count(*) FROM documents")
expected=$((2 * N + P + 1))
echo "documents stored: $stored of $expected ($(python3 -c "print(round(float('$t1') - float('$t0'), 1))") s in all)"
ok=1
[ "$(cat "$work/a.rc")" = 0 ] && [ "$(cat "$work/b.rc")" = 0 ] || ok=0
[ "$stored" = "$expected" ] || ok=0
grep -qv '^20[01]$' "$work/codes.txt" && ok=0
[ "$ok" = 1 ] && echo "all stored, no error" || { echo "LOST OR REFUSED"; exit 1; }
