#!/usr/bin/env python3
"""Check gold files against the register format and the annotation guide.

    scripts/check_gold.py DIR_OR_FILE...

Reports, per file and line, anything the scorer would misread: bad JSON, a
missing document record, unknown kinds, types, categories or statuses,
country codes that are not two capital letters, malformed dates or money.
Exit status 1 when something is wrong.
"""
import json
import os
import re
import sys

TYPES = {"state", "government_body", "armed_force", "company", "consortium", "person", "other"}
CATEGORIES = {"aircraft", "air_defence", "armoured_vehicle", "artillery", "engine", "missile",
              "naval_weapon", "satellite", "sensor", "ship", "small_arms", "other"}
T_STATUS = {"offered", "negotiating", "ordered", "delivered", "cancelled", "stalled", "unknown"}
C_STATUS = {"open", "awarded", "cancelled", "unknown"}
E_TYPES = {"visit", "meeting", "agreement", "exercise", "other"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def actor_problems(a, where):
    out = []
    if not isinstance(a, dict):
        return [f"{where}: actor is not an object"]
    if not a.get("name"):
        out.append(f"{where}: actor without name")
    if a.get("type") not in TYPES:
        out.append(f"{where}: actor type {a.get('type')!r}")
    c = a.get("country")
    if c is not None and not re.fullmatch(r"[A-Z]{2}", str(c)):
        out.append(f"{where}: country {c!r}")
    for i, m in enumerate(a.get("members") or []):
        out += actor_problems(m, f"{where}.members[{i}]")
    return out


def date_problems(r, field):
    out = []
    for d in [r.get(field)] + [x for x in (r.get(f"{field}_any") or [])]:
        if d is not None and not DATE.match(str(d)):
            out.append(f"{field} {d!r}")
    return out


def money_problems(m):
    if m is None:
        return []
    if not isinstance(m, dict) or not isinstance(m.get("amount"), (int, float)) or not re.fullmatch(r"[A-Z]{3}", str(m.get("currency"))):
        return [f"value {m!r}"]
    return []


def system_problems(s, field):
    if not isinstance(s, dict):
        return [f"{field} missing"]
    if s.get("category") not in CATEGORIES:
        return [f"{field}.category {s.get('category')!r}"]
    return []


def check_record(r):
    k = r.get("kind")
    p = []
    if k == "entity":
        if not r.get("name"):
            p.append("entity without name")
        for t in [r.get("type")] + (r.get("type_any") or []):
            if t not in TYPES or t == "state":
                p.append(f"entity type {t!r}")
        c = r.get("country")
        if c is not None and not re.fullmatch(r"[A-Z]{2}", str(c)):
            p.append(f"country {c!r}")
        if not isinstance(r.get("aliases", []), list):
            p.append("aliases is not a list")
    elif k == "transfer":
        sup = r.get("suppliers")
        if not isinstance(sup, list) or not sup:
            p.append("suppliers empty")
        for i, a in enumerate(sup or []):
            p += actor_problems(a, f"suppliers[{i}]")
        p += actor_problems(r.get("recipient"), "recipient")
        p += system_problems(r.get("system"), "system")
        q = r.get("quantity")
        if q is not None and not isinstance(q, int):
            p.append(f"quantity {q!r}")
        p += money_problems(r.get("value"))
        p += date_problems(r, "date")
        for s in [r.get("status")] + (r.get("status_any") or []):
            if s not in T_STATUS:
                p.append(f"status {s!r}")
    elif k == "contest":
        p += actor_problems(r.get("buyer"), "buyer")
        p += system_problems(r.get("item"), "item")
        p += money_problems(r.get("value"))
        for i, a in enumerate(r.get("bidders") or []):
            p += actor_problems(a, f"bidders[{i}]")
        if r.get("winner") is not None:
            p += actor_problems(r["winner"], "winner")
        for i, pr in enumerate(r.get("protests") or []):
            p += actor_problems((pr or {}).get("by"), f"protests[{i}].by")
        for f in ("awarded", "cancelled"):
            p += date_problems(r, f)
        for s in [r.get("status")] + (r.get("status_any") or []):
            if s not in C_STATUS:
                p.append(f"status {s!r}")
    elif k == "engagement":
        if r.get("type") not in E_TYPES:
            p.append(f"engagement type {r.get('type')!r}")
        parties = r.get("parties")
        if not isinstance(parties, list) or len(parties) < 1:
            p.append("parties empty")
        for i, a in enumerate(parties or []):
            p += actor_problems(a, f"parties[{i}]")
        p += date_problems(r, "date")
    elif k != "document":
        p.append(f"kind {k!r}")
    return p


def check_file(path):
    problems = []
    stem = os.path.basename(path)[: -len(".gold.jsonl")]
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines()]
    docs = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{path}:{n}: not JSON: {e}")
            continue
        if r.get("doc") != stem:
            problems.append(f"{path}:{n}: doc {r.get('doc')!r}, file says {stem!r}")
        if r.get("kind") == "document":
            docs += 1
            if n != 1:
                problems.append(f"{path}:{n}: document record must be the first line")
            if not r.get("published") or not DATE.match(str(r.get("published"))):
                problems.append(f"{path}:{n}: document without published date")
        problems += [f"{path}:{n}: {x}" for x in check_record(r)]
    if docs != 1:
        problems.append(f"{path}: {docs} document records (want 1)")
    return problems


def main(argv):
    paths = []
    for a in argv[1:]:
        if os.path.isdir(a):
            paths += [os.path.join(a, n) for n in sorted(os.listdir(a)) if n.endswith(".gold.jsonl")]
        else:
            paths.append(a)
    problems = []
    for p in paths:
        problems += check_file(p)
    print("\n".join(problems) if problems else f"{len(paths)} gold files: no problem found")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main(sys.argv)
