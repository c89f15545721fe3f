#!/usr/bin/env python3
"""Lay a corpus-gold folder out the way shared/eval/evaluate.py reads it.

    scripts/materialize_gold.py GOLD_DIR OUT_DIR [--corpus ../shared/data/corpus]

Copies each ID.gold.jsonl into OUT_DIR and writes ID.txt beside it from the
corpus article with that id (the texts never enter the repository).
"""
import json
import os
import shutil
import sys


def main(argv):
    args = [a for i, a in enumerate(argv[1:], 1) if not a.startswith("--") and argv[i - 1] != "--corpus"]
    if len(args) != 2:
        raise SystemExit(__doc__)
    gold_dir, out = args
    corpus = argv[argv.index("--corpus") + 1] if "--corpus" in argv else "../shared/data/corpus"
    texts = {}
    for name in sorted(os.listdir(corpus)):
        if name.endswith(".jsonl"):
            with open(os.path.join(corpus, name), encoding="utf-8") as f:
                for line in f:
                    d = json.loads(line)
                    texts[d["id"]] = d["text"]
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(gold_dir)):
        if not name.endswith(".gold.jsonl"):
            continue
        stem = name[: -len(".gold.jsonl")]
        shutil.copy(os.path.join(gold_dir, name), os.path.join(out, name))
        with open(os.path.join(out, stem + ".txt"), "w", encoding="utf-8") as f:
            f.write(texts[stem])


if __name__ == "__main__":
    main(sys.argv)
