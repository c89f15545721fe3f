#!/usr/bin/env bash
# How extraction time and peak memory grow with the size of one article:
# synthetic articles of 1 KiB to 16 MiB (doubling), made of the sentences of
# the repository's own articles (examples/articles), each sentence given a
# different date in front so that no sentence repeats (repeated sentences
# would come from the parse memo almost free). Run through `armswatch
# extract --timings` on one thread under /usr/bin/time -v; below 1 MiB one
# run holds 1 MiB of different articles of the size.
# Prints per size: the run's wall time, extraction seconds per article
# (measured in-process, model loading and process start excluded), seconds
# per MiB, peak RSS and (RSS - model baseline) over the run's input; then
# the growth exponent of time (log-log slope, first to last and over the
# last doublings; 1.0 is linear) and the spread of time per MiB.
#
#   bench/scaling.sh [MAX_KIB]      (default 16384 = 16 MiB)
#   ARMSWATCH_BIN=/path/to/armswatch bench/scaling.sh [MAX_KIB]
#
# Figures are printed, never asserted. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_KIB=${1:-16384}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# ARMSWATCH_BIN=path measures that binary instead of building this tree.
bin=${ARMSWATCH_BIN:-target/release/armswatch}
[ -n "${ARMSWATCH_BIN:-}" ] || cargo build --release --quiet --bin armswatch

# The model alone: a one-line article.
echo '{"id": "tiny", "text": "Peru ordered two frigates."}' > "$work/tiny.jsonl"
/usr/bin/time -v "$bin" extract "$work/tiny.jsonl" > /dev/null 2> "$work/tiny.time"
base_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/tiny.time")
echo "baseline (model, gazetteer, one-line article): peak RSS $((base_kb / 1024)) MiB"
printf '%10s %8s %10s %10s %13s %14s\n' "article" "run s" "extract s" "s/MiB" "peak RSS" "(RSS-base)/input"

kib=1
: > "$work/points"
while [ "$kib" -le "$MAX_KIB" ]; do
  python3 - "$kib" "$work/a.jsonl" <<'PY'
import glob, json, re, sys
kib, out = int(sys.argv[1]), sys.argv[2]
sentences = []
for p in sorted(glob.glob("examples/articles/*.txt")):
    for para in open(p, encoding="utf-8").read().split("\n\n"):
        if len(para.strip()) > 80:
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", para.strip()) if s]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
LOWER = {"The", "It", "A", "An", "This", "These", "That", "Its", "In", "On", "He", "She", "They"}
def dated(s, n):
    # A different date before every sentence: the text never repeats, so
    # the parse memo (crates/extract/src/parse_memo.rs) cannot make a big
    # article cheaper than the same text told fresh.
    day, month, year = n % 28 + 1, MONTHS[n // 28 % 12], 1950 + n // 336 % 70
    first, _, rest = s.partition(" ")
    first = first.lower() if first in LOWER else first
    return f"On {day} {month} {year}, {first} {rest}".rstrip()
size = kib * 1024
# Below 1 MiB, several different articles of the size, 1 MiB in all: one
# article of a few milliseconds would time cold caches, not the work.
copies, i = max(1, 1024 // kib), 0
with open(out, "w", encoding="utf-8") as f:
    for c in range(copies):
        parts, n = [], 0
        while n < size:
            para = " ".join(dated(sentences[(i + j) % len(sentences)], i + j) for j in range(4))
            parts.append(para)
            n += len(para.encode()) + 2
            i += 4
        text = "\n\n".join(parts).encode()[:size].decode("utf-8", "ignore")
        f.write(json.dumps({"id": f"s{kib}-{c}", "text": text, "published": "2012-06-10"}) + "\n")
PY
  # Extraction time is read from the process itself (--timings): loading the
  # model and process start are fixed costs, kept out of time per MiB.
  RAYON_NUM_THREADS=1 /usr/bin/time -v "$bin" extract --timings --max-article-bytes 100000000 \
    "$work/a.jsonl" > /dev/null 2> "$work/time"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time")
  # Seconds per article of this size.
  secs=$(sed -n 's/.* \([0-9]*\) articles .*extracted in \([0-9.]*\) s$/\2 \1/p' "$work/time" \
    | awk '{printf "%.6f", $1 / $2}')
  rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time")
  python3 - "$kib" "$secs" "$wall" "$rss_kb" "$base_kb" <<'PY'
import sys
kib, secs, wall = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
rss, base = int(sys.argv[4]), int(sys.argv[5])
mib = kib / 1024
run_kib = max(kib, 1024)  # the run holds 1 MiB of articles below 1 MiB
label = f"{kib} KiB" if kib < 1024 else f"{kib // 1024} MiB"
print(f"{label:>10} {wall:8.2f} {secs:10.4f} {secs / mib:10.3f} {rss / 1024:9.1f} MiB {max(rss - base, 0) / run_kib:14.1f}")
PY
  echo "$kib $secs" >> "$work/points"
  kib=$((kib * 2))
done

python3 - "$work/points" <<'PY'
import math, sys
pts = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
pts = [(k, s) for k, s in pts if s > 0]
if len(pts) >= 2:
    (k0, s0), (k1, s1) = pts[0], pts[-1]
    print(f"time exponent {int(k0)} KiB -> {int(k1)} KiB: {math.log(s1 / s0) / math.log(k1 / k0):.2f}")
    per_mib = [s / (k / 1024) for k, s in pts]
    print(f"time per MiB, largest over smallest: {max(per_mib) / min(per_mib):.2f}")
if len(pts) >= 3:
    (k0, s0), (k1, s1) = pts[-3], pts[-1]
    print(f"time exponent over the last two doublings: {math.log(s1 / s0) / math.log(k1 / k0):.2f}")
PY
