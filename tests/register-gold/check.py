#!/usr/bin/env python3
"""Check the consolidation gold: every TOML file parses (stdlib tomllib), every id a
deal or must_not_merge pair uses is declared in the same part, ids are unique per part,
and - when the corpus is present - every mention's doc exists and its name / system
occurs in that article as written. Prints counts per part; exit status 1 on any error."""
import glob, json, os, re, sys, tomllib

ROOT = os.path.dirname(os.path.abspath(__file__))
# The practice corpus sits beside the checkout (../shared); without it only
# the structure is checked.
CORPUS = os.environ.get("CORPUS", os.path.join(ROOT, "..", "..", "..", "shared", "data", "corpus"))
STATE = re.compile(r"^[A-Z]{2}$")          # ISO 3166-1 alpha-2 code standing for a state
SLUG = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
ENTITY_KINDS = {"organisation", "person"}
DEAL_KINDS = {"transfer", "contest"}


def load_corpus():
    docs = {}
    for path in glob.glob(os.path.join(CORPUS, "*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                docs[a["id"]] = (a.get("title") or "") + "\n" + (a.get("text") or "")
    return docs


def check_part(part, docs, errors):
    files = sorted(glob.glob(os.path.join(ROOT, part, "*.toml")))
    if not files:
        errors.append(f"{part}: no TOML files")
    entities, deals, pairs = {}, {}, []
    owner = {}  # (doc, name) -> entity id, a mention belongs to one entity only
    for path in files:
        name = os.path.relpath(path, ROOT)
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            errors.append(f"{name}: does not parse: {e}")
            continue
        for e in data.get("entity", []):
            eid = e.get("id", "")
            if not SLUG.match(eid):
                errors.append(f"{name}: bad entity id {eid!r}")
            if eid in entities or eid in deals:
                errors.append(f"{name}: id {eid!r} declared twice in {part}")
            entities[eid] = e
            if e.get("kind") not in ENTITY_KINDS:
                errors.append(f"{name}: entity {eid}: kind {e.get('kind')!r}")
            c = e.get("country", None)
            if c is None or (c and not STATE.match(c)):
                errors.append(f"{name}: entity {eid}: country {c!r}")
            if not e.get("mentions"):
                errors.append(f"{name}: entity {eid} has no mentions")
            for m in e.get("mentions", []):
                key = (m.get("doc"), m.get("name"))
                if key in owner and owner[key] != eid:
                    errors.append(f"{name}: mention {key} in both {owner[key]} and {eid}")
                owner[key] = eid
                check_text(name, f"entity {eid}", m.get("doc"), m.get("name"), docs, errors)
        for d in data.get("deal", []):
            did = d.get("id", "")
            if not SLUG.match(did):
                errors.append(f"{name}: bad deal id {did!r}")
            if did in deals or did in entities:
                errors.append(f"{name}: id {did!r} declared twice in {part}")
            deals[did] = (name, d)
            if d.get("kind") not in DEAL_KINDS:
                errors.append(f"{name}: deal {did}: kind {d.get('kind')!r}")
            if not d.get("mentions"):
                errors.append(f"{name}: deal {did} has no mentions")
            for m in d.get("mentions", []):
                if m.get("system") == "":  # the article names no system: only the article is checked
                    check_text(name, f"deal {did}", m.get("doc"), None, docs, errors, need_text=False)
                else:
                    check_text(name, f"deal {did}", m.get("doc"), m.get("system"), docs, errors)
            if len({m.get("doc") for m in d.get("mentions", [])}) != len(d.get("mentions", [])):
                errors.append(f"{name}: deal {did} lists an article twice")
        for p in data.get("must_not_merge", []):
            pairs.append((name, p))
    for did, (name, d) in deals.items():
        refs = [("supplier", d.get("supplier", "")), ("recipient", d.get("recipient", ""))]
        refs += [("bidders", b) for b in d.get("bidders", [])]
        for role, ref in refs:
            if ref == "" or STATE.match(ref):
                continue
            if ref not in entities:
                errors.append(f"{name}: deal {did}: {role} {ref!r} not declared in {part}")
    for name, p in pairs:
        for side in ("a", "b"):
            if p.get(side) not in entities:
                errors.append(f"{name}: must_not_merge {side}={p.get(side)!r} not declared in {part}")
        if p.get("a") == p.get("b"):
            errors.append(f"{name}: must_not_merge pairs {p.get('a')!r} with itself")
    docs_used = {m["doc"] for _, d in deals.values() for m in d.get("mentions", [])}
    return {
        "files": len(files),
        "deals": len(deals),
        "deals_with_2_or_more_articles": sum(
            len({m["doc"] for m in d.get("mentions", [])}) >= 2 for _, d in deals.values()),
        "deal_mentions": sum(len(d.get("mentions", [])) for _, d in deals.values()),
        "articles": len(docs_used),
        "entities": len(entities),
        "entity_mentions": sum(len(e.get("mentions", [])) for e in entities.values()),
        "must_not_merge": len(pairs),
    }, set(entities) | set(deals), docs_used


def check_text(fname, what, doc, text, docs, errors, need_text=True):
    if not doc or (need_text and not text):
        errors.append(f"{fname}: {what}: empty doc or name")
        return
    if docs and doc not in docs:
        errors.append(f"{fname}: {what}: unknown article {doc}")
    elif docs and text and text not in docs[doc]:
        errors.append(f"{fname}: {what}: {text!r} not found as written in {doc}")


def main():
    docs = load_corpus()
    if not docs:
        print("corpus not found: skipping the as-written text checks", file=sys.stderr)
    errors, stats, ids = [], {}, {}
    used = {}
    for part in ("train", "test"):
        stats[part], ids[part], used[part] = check_part(part, docs, errors)
    for doc in sorted(used["train"] & used["test"]):
        errors.append(f"article {doc} is used by deals in both parts (split by topic: one part per article)")
    print(json.dumps(stats, indent=1))
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
