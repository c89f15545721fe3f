#!/usr/bin/env bash
# Retrains the parser model (tagger, lemmatizer, parser) from UD English EWT
# (train + dev) and GUM's news documents, and writes data/parser/model.bin.
# Deterministic: fixed seed, sorted output, so the same treebanks give the
# same bytes.
#
#   scripts/train-parser.sh [TREEBANK_DIR]     (default ../shared/data/treebank;
#                                              CORPUS=DIR: raw text, default ../shared/data/corpus;
#                                              OUT=FILE: where to write, default data/parser/model.bin;
#                                              CV=1: also measure GUM news by 2-fold cross-validation)
#
# Prints the training time, the model size, and the accuracy on EWT test
# (never trained on). GUM news is trained on, so its figures come from
# cross-validation: CV=1 trains twice more, each time leaving one half of
# the GUM news sentences out and scoring the model on that half. See
# data/parser/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
TB=${1:-../shared/data/treebank}
cargo build --release --quiet -p armswatch-parse --bin train-parser
train() {
  target/release/train-parser --treebank "$TB" --with-dev --corpus "${CORPUS:-../shared/data/corpus}" \
    --prune 200 --also "$TB/en_gum-news.conllu" "$@"
}
start=$(date +%s)
train --out "${OUT:-data/parser/model.bin}" --eval "$TB/en_ewt-ud-test.conllu"
echo "wall time: $(( $(date +%s) - start )) s"
sha256sum "${OUT:-data/parser/model.bin}"
if [ "${CV:-0}" = 1 ]; then
  for k in 1 2; do
    train --fold "$k/2" --out "/tmp/armswatch-gum-fold-$k.bin" --eval "$TB/en_gum-news.conllu"
  done
fi
