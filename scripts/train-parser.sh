#!/usr/bin/env bash
# Retrains the parser model (tagger, lemmatizer, parser) from UD English EWT
# (train + dev) and writes data/parser/model.bin. Deterministic: fixed
# seed, sorted output, so the same treebank gives the same bytes.
#
#   scripts/train-parser.sh [TREEBANK_DIR]     (default ../shared/data/treebank)
#
# Prints the training time, the model size, and the accuracy on EWT test
# and GUM news (neither is trained on). See data/parser/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
TB=${1:-../shared/data/treebank}
cargo build --release --quiet -p armswatch-parse --bin train-parser
start=$(date +%s)
target/release/train-parser --treebank "$TB" --with-dev --out data/parser/model.bin \
  --eval "$TB/en_ewt-ud-test.conllu" --eval "$TB/en_gum-news.conllu"
echo "wall time: $(( $(date +%s) - start )) s"
sha256sum data/parser/model.bin
