#!/usr/bin/env python3
"""Print corpus articles by id (for annotators): title, date, outlet, text.

    scripts/corpus_article.py ID [ID...] [--corpus ../shared/data/corpus]
"""
import json
import sys


def main(argv):
    corpus = "../shared/data/corpus"
    if "--corpus" in argv:
        corpus = argv[argv.index("--corpus") + 1]
    wanted = [a for i, a in enumerate(argv[1:], 1) if not a.startswith("--") and argv[i - 1] != "--corpus"]
    found = {}
    for name in ("idrw", "reuters"):
        with open(f"{corpus}/{name}.jsonl", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if d["id"] in wanted:
                    found[d["id"]] = d
    for doc_id in wanted:
        d = found.get(doc_id)
        if d is None:
            print(f"{doc_id}: not in {corpus}", file=sys.stderr)
            continue
        print(f"=== {d['id']}\ntitle: {d.get('title')}\npublished: {d.get('published')}\noutlet: {d.get('outlet')}\n")
        print(d["text"])
        print()


if __name__ == "__main__":
    main(sys.argv)
