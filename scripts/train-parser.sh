#!/usr/bin/env bash
# Retrains the parser model (tagger, lemmatizer, parser) from UD English EWT
# (train + dev) and writes data/parser/model.bin. Deterministic: fixed
# seed, sorted output, so the same treebank gives the same bytes.
#
#   scripts/train-parser.sh [TREEBANK_DIR]     (default ../shared/data/treebank;
#                                              CORPUS=DIR: raw text, default ../shared/data/corpus;
#                                              OUT=FILE: where to write, default data/parser/model.bin)
#
# Prints the training time, the model size, and the accuracy on EWT test
# and GUM news (neither is trained on). See data/parser/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
TB=${1:-../shared/data/treebank}
cargo build --release --quiet -p armswatch-parse --bin train-parser
start=$(date +%s)
target/release/train-parser --treebank "$TB" --with-dev --corpus "${CORPUS:-../shared/data/corpus}" \
  --prune 200 --out "${OUT:-data/parser/model.bin}" \
  --eval "$TB/en_ewt-ud-test.conllu" --eval "$TB/en_gum-news.conllu"
echo "wall time: $(( $(date +%s) - start )) s"
sha256sum "${OUT:-data/parser/model.bin}"
