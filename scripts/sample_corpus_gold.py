#!/usr/bin/env python3
"""Draw the corpus articles for our own gold (tests/corpus-gold).

    scripts/sample_corpus_gold.py [../shared/data/corpus] [--batch 2]

Fixed seed, so the same ids come out every time. IDRW articles are drawn in
two strata (with and without a procurement word) so that about a quarter of
the sample tells no deal at all; Reuters articles are drawn plainly (that
collection was already filtered for arms and trade words). Prints
`id<TAB>part` lines: `test` for the scored-only part, `train` for the rest.

`--batch 2` draws a second sample (48 more articles, all `train`) from what
the first left, with its own seed, so the first sample's ids never change.
`--batch 3` draws a third (40 more, all `test`: 24 IDRW with a procurement
word, 6 without, 10 Reuters) from what the first two left.
`--batch 4` draws a fourth (40 more, all `train`: 26 IDRW with a procurement
word, 4 without, 10 Reuters) from what the first three left.
`--batch 5` draws a fifth the same way (40 more, all `train`) from what the
first four left; `--batch 6` a sixth from what the first five left, and
so on for every later batch; batches in `LATER_TEST_BATCHES` (13, 17, 29, 30) are
drawn the same way but belong to the `test` part.
"""
import json
import random
import re
import sys

DEAL_WORD = re.compile(
    r"\b(contract|order|deal|procure|acquir|buy|bought|purchas|sell|sold|sale|deliver|"
    r"tender|RFP|bid|suppl|export|import|offer|induct)", re.I)
SEED = 20261203
# Later batches that grow the scored-only part instead of the train part.
LATER_TEST_BATCHES = {13, 17, 29, 30}


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv):
    batch = int(argv[argv.index("--batch") + 1]) if "--batch" in argv else 1
    args = [a for i, a in enumerate(argv[1:], 1) if not a.startswith("--") and argv[i - 1] != "--batch"]
    corpus = args[0] if args else "../shared/data/corpus"
    rng = random.Random(SEED)
    idrw = load(f"{corpus}/idrw.jsonl")
    reuters = load(f"{corpus}/reuters.jsonl")
    with_word = [d["id"] for d in idrw if DEAL_WORD.search(d["text"])]
    without = [d["id"] for d in idrw if not DEAL_WORD.search(d["text"])]
    picks = {
        "idrw": rng.sample(with_word, 85) + rng.sample(without, 25),
        "reuters": rng.sample([d["id"] for d in reuters], 50),
    }
    for ids in picks.values():
        rng.shuffle(ids)
    if batch == 2:
        second_batch(idrw, reuters, with_word, without, picks)
        return
    if batch == 3:
        third_batch(idrw, reuters, with_word, without, picks)
        return
    if batch == 4:
        fourth_batch(reuters, with_word, without, picks)
        return
    if batch >= 5:
        part = "test" if batch in LATER_TEST_BATCHES else "train"
        for doc_id in later_ids(batch, reuters, with_word, without, picks):
            print(f"{doc_id}\t{part}")
        return
    # 40 IDRW + 20 Reuters are the test part; the rest is train.
    for source, n_test in (("idrw", 40), ("reuters", 20)):
        for i, doc_id in enumerate(picks[source]):
            print(f"{doc_id}\t{'test' if i < n_test else 'train'}")


def second_batch(idrw, reuters, with_word, without, first):
    for doc_id in second_ids(reuters, with_word, without, first):
        print(f"{doc_id}\ttrain")


def third_batch(idrw, reuters, with_word, without, first):
    for doc_id in third_ids(reuters, with_word, without, first):
        print(f"{doc_id}\ttest")


def third_ids(reuters, with_word, without, first):
    taken = set(first["idrw"]) | set(first["reuters"])
    taken |= set(second_ids(reuters, with_word, without, first))
    rng = random.Random(SEED + 3)
    return (rng.sample([i for i in with_word if i not in taken], 24)
            + rng.sample([i for i in without if i not in taken], 6)
            + rng.sample([d["id"] for d in reuters if d["id"] not in taken], 10))


def fourth_batch(reuters, with_word, without, first):
    for doc_id in fourth_ids(reuters, with_word, without, first):
        print(f"{doc_id}\ttrain")


def fourth_ids(reuters, with_word, without, first):
    taken = set(first["idrw"]) | set(first["reuters"])
    taken |= set(second_ids(reuters, with_word, without, first))
    taken |= set(third_ids(reuters, with_word, without, first))
    rng = random.Random(SEED + 4)
    return (rng.sample([i for i in with_word if i not in taken], 26)
            + rng.sample([i for i in without if i not in taken], 4)
            + rng.sample([d["id"] for d in reuters if d["id"] not in taken], 10))


def later_ids(batch, reuters, with_word, without, first):
    """Batch 5 and on: 26 IDRW with a procurement word, 4 without and 10
    Reuters from what the batches before left, seeded by the batch. Earlier
    batches are drawn once each, in order (drawing them recursively costs
    twice as much per batch)."""
    taken = set(first["idrw"]) | set(first["reuters"])
    taken |= set(second_ids(reuters, with_word, without, first))
    taken |= set(third_ids(reuters, with_word, without, first))
    taken |= set(fourth_ids(reuters, with_word, without, first))
    for current in range(5, batch + 1):
        rng = random.Random(SEED + current)
        ids = (draw(rng, [i for i in with_word if i not in taken], 26)
               + draw(rng, [i for i in without if i not in taken], 4)
               + draw(rng, [d["id"] for d in reuters if d["id"] not in taken], 10))
        if current == batch:
            return ids
        taken |= set(ids)
    return []


def draw(rng, pool, n):
    """`n` from `pool`, or all that is left once the pool runs short (the
    Reuters collection runs out at batch 26)."""
    return rng.sample(pool, min(n, len(pool)))


def second_ids(reuters, with_word, without, first):
    taken = set(first["idrw"]) | set(first["reuters"])
    rng = random.Random(SEED + 2)
    return (rng.sample([i for i in with_word if i not in taken], 24)
            + rng.sample([i for i in without if i not in taken], 6)
            + rng.sample([d["id"] for d in reuters if d["id"] not in taken], 18))


if __name__ == "__main__":
    main(sys.argv)
