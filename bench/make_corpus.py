#!/usr/bin/env python3
"""Build a benchmark corpus by recombining the repository's own articles.

    make_corpus.py N OUT.jsonl

Each generated article takes the headline of one source article and a
random selection of paragraphs from two or three others (examples/articles
and tests/gold), with a publication date drawn from the sources' dates. The
recombination is seeded, so the same N always gives the same corpus. Only
text written for this repository is used.
"""
import html
import json
import os
import random
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def sources():
    arts = []
    for d in ("examples/articles", "tests/gold"):
        folder = os.path.join(ROOT, d)
        meta = {}
        mp = os.path.join(folder, "meta.tsv")
        if os.path.exists(mp):
            for line in open(mp, encoding="utf-8"):
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 3 and cols[0] != "file":
                    meta[cols[0]] = cols[2]
        for name in sorted(os.listdir(folder)):
            p = os.path.join(folder, name)
            if name.endswith(".txt"):
                text = open(p, encoding="utf-8").read()
            elif name.endswith(".html"):
                raw = open(p, encoding="utf-8").read()
                body = re.search(r"<article.*?</article>", raw, re.S)
                text = re.sub(r"<[^>]+>", "\n", body.group(0) if body else raw)
                text = html.unescape(re.sub(r"\n\s*\n+", "\n\n", text))
            else:
                continue
            paras = [x.strip() for x in re.split(r"\n\s*\n", text) if x.strip()]
            if len(paras) >= 2:
                arts.append((paras, meta.get(name, "2020-01-01")))
    return arts


def main(n, out):
    rnd = random.Random(1987)
    arts = sources()
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            head, date = arts[rnd.randrange(len(arts))]
            body = []
            for _ in range(rnd.randint(2, 3)):
                paras, _ = arts[rnd.randrange(len(arts))]
                k = rnd.randint(1, len(paras) - 1)
                body += rnd.sample(paras[1:], min(k, len(paras) - 1))
            text = head[0] + "\n\n" + "\n\n".join(body) + "\n"
            f.write(json.dumps({"id": f"bench-{i}", "text": text, "published": date, "outlet": "bench"}) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(int(sys.argv[1]), sys.argv[2])
