#!/usr/bin/env bash
# How extraction time and peak memory grow with the size of one article:
# synthetic articles of 1 KiB to 16 MiB (doubling), each made by repeating
# paragraphs of the repository's own articles (examples/articles), run
# through `armswatch extract` on one thread under /usr/bin/time -v.
# Prints seconds, seconds per MiB, peak RSS and RSS over the article size
# per step, and the growth exponent of time (log-log slope, first to last
# and over the last doublings): 1.0 is linear.
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
printf '%10s %10s %10s %12s %14s\n' "article" "seconds" "s/MiB" "peak RSS" "(RSS-base)/size"

kib=1
: > "$work/points"
while [ "$kib" -le "$MAX_KIB" ]; do
  python3 - "$kib" "$work/a.jsonl" <<'PY'
import glob, json, sys
kib, out = int(sys.argv[1]), sys.argv[2]
paras = []
for p in sorted(glob.glob("examples/articles/*.txt")):
    paras += [x.strip() for x in open(p, encoding="utf-8").read().split("\n\n") if len(x.strip()) > 80]
size = kib * 1024
parts, n, i = [], 0, 0
while n < size:
    p = paras[i % len(paras)]
    parts.append(p)
    n += len(p.encode()) + 2
    i += 1
text = "\n\n".join(parts).encode()[:size].decode("utf-8", "ignore")
with open(out, "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": f"s{kib}", "text": text, "published": "2012-06-10"}) + "\n")
PY
  RAYON_NUM_THREADS=1 /usr/bin/time -v "$bin" extract --max-article-bytes 100000000 "$work/a.jsonl" \
    > /dev/null 2> "$work/time"
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time")
  rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time")
  python3 - "$kib" "$secs" "$rss_kb" "$base_kb" <<'PY'
import sys
kib, secs, rss, base = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
mib = kib / 1024
label = f"{kib} KiB" if kib < 1024 else f"{kib // 1024} MiB"
print(f"{label:>10} {secs:10.2f} {secs / mib:10.2f} {rss / 1024:9.1f} MiB {max(rss - base, 0) / kib:14.1f}")
PY
  echo "$kib $secs" >> "$work/points"
  kib=$((kib * 2))
done

python3 - "$work/points" <<'PY'
import math, sys
pts = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
# Below ~64 KiB process start dominates; fit from there.
big = [(k, s) for k, s in pts if k >= 64 and s > 0]
if len(big) >= 2:
    (k0, s0), (k1, s1) = big[0], big[-1]
    print(f"time exponent {int(k0)} KiB -> {int(k1)} KiB: {math.log(s1 / s0) / math.log(k1 / k0):.2f}")
    if len(big) >= 3:
        (k0, s0), (k1, s1) = big[-3], big[-1]
        print(f"time exponent over the last two doublings: {math.log(s1 / s0) / math.log(k1 / k0):.2f}")
PY
