#!/usr/bin/env python3
"""Writes data/given_names.txt: the given names the annotator uses to tell
a person's name from other capitalised runs.

    python3 scripts/make_given_names.py [TREEBANK_DIR]

Sources: the first-name lists of Faker (PyPI `Faker==30.0.0`, MIT licence;
fetched with `pip download` into a temporary directory, never installed),
Cyrillic lists transliterated, plus the first names of data/people.tsv.
Dropped: names that are common English words (lower case at least as
often as capitalised, away from the sentence start, in UD English EWT
train) and names that start a country, place, organisation or system
name in data/ (unless a known person bears them or they are common
given names, listed below).
"""
import collections
import importlib
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
TREEBANK = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared/data/treebank")
LOCALES = (
    "en en_GB en_IE en_IN en_NZ en_PK en_US fr_FR fr_BE fr_CA de_DE de_AT de_CH es_ES es_MX "
    "es_AR es_CO es_CL it_IT pt_BR pt_PT nl_NL nl_BE sv_SE no_NO da_DK fi_FI pl_PL cs_CZ sk_SK "
    "hu_HU ro_RO hr_HR sl_SI tr_TR id_ID az_AZ sw yo_NG zu_ZA tw_GH ga_IE et_EE lt_LT lv_LV "
    "ru_RU uk_UA bg_BG"
).split()
CYRILLIC = {"ru_RU", "uk_UA", "bg_BG"}
KEEP_ANYWAY = set(
    "John Carl Gerald Jan Juan Lucas Ryan Roland Friedrich Pietro Diego Charlotte Sofia Martin "
    "Manohar Artem Tristan Rinaldo Finn Solomon Bandar Kader Arjun".split()
)
TRANSLIT = dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye"))
TRANSLIT.update({"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu",
                 "я": "ya", "ё": "yo", "ь": "", "ъ": "", "і": "i", "ї": "yi", "є": "ye", "ґ": "g"})


def translit(name):
    out = "".join(TRANSLIT.get(c, "?") if c.isalpha() else c for c in name.lower())
    return None if "?" in out else out.capitalize()


def faker_names():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "Faker==30.0.0", "--no-deps",
                        "-q", "-d", tmp], check=True)
        wheel = next(pathlib.Path(tmp).glob("*.whl"))
        zipfile.ZipFile(wheel).extractall(tmp)
        sys.path.insert(0, tmp)
        names = collections.Counter()
        for loc in LOCALES:
            provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
            for attr in ("first_names", "first_names_male", "first_names_female",
                         "first_names_nonbinary"):
                v = provider.__dict__.get(attr)
                if v is None or isinstance(v, property):
                    continue
                for n in (v.keys() if isinstance(v, dict) else v):
                    if loc in CYRILLIC:
                        n = translit(n)
                        if not n:
                            continue
                        if n.endswith("ey"):  # Sergey -> Sergei, as English news writes it
                            names[n[:-1] + "i"] += 1
                    names[n] += 1
        return names


def tsv_rows(path):
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")


def main():
    names = faker_names()
    people_first = set()
    for cols in tsv_rows(ROOT / "data/people.tsv"):
        full = cols[0].split()
        if len(full) >= 2:
            people_first.add(full[0])
            names[full[0]] += 1
    low, cap = collections.Counter(), collections.Counter()
    for line in open(TREEBANK / "en_ewt-ud-train.conllu", encoding="utf-8"):
        if line[:1].isdigit():
            cols = line.split("\t")
            w = cols[1]
            if cols[0] == "1":
                continue
            if w.islower():
                low[w] += 1
            elif w[:1].isupper() and w[1:].islower():
                cap[w.lower()] += 1
    starts = set()
    for f in ("systems.tsv", "organisations.tsv", "countries.tsv", "places.tsv"):
        for cols in tsv_rows(ROOT / "data" / f):
            for cell in cols:
                for alt in cell.split("|"):
                    w = alt.strip().split(" ")
                    if w and w[0]:
                        starts.add(w[0])
    out = sorted(
        n for n in names
        if re.fullmatch(r"[A-Z][a-z]{2,}(-[A-Z][a-z]+)?", n)
        and not (low[n.lower()] >= 2 and low[n.lower()] >= cap[n.lower()])
        and (n not in starts or n in KEEP_ANYWAY or n in people_first)
    )
    header = open(ROOT / "data/given_names.txt", encoding="utf-8").read().split("\n")
    header = [h for h in header if h.startswith("#")]
    (ROOT / "data/given_names.txt").write_text("\n".join(header + out) + "\n", encoding="utf-8")
    print(f"{len(out)} given names")


if __name__ == "__main__":
    main()
