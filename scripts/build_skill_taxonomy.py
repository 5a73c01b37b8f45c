#!/usr/bin/env python3
"""Builds crates/careerkit-core/data/skills.json, the skill taxonomy careerkit ships.

Inputs (not redistributed; pass the folder that holds them):
  * O*NET Technology Skills, database ~28.x (onet_technology_skills.txt, CC-BY-4.0, National Center for
    O*NET Development): technology examples used by computer/engineering occupations
    (SOC 15-*, 17-*, 11-3021) or flagged "hot technology".
  * ESCO skills (esco_skills_en.csv, European Commission, EU reuse policy with attribution):
    short knowledge labels ("machine learning", "statistics"), category "domain".
Committed, hand-made inputs next to the output:
  * data/skills_curated.tsv: canonical names, categories, aliases, implications and
    ambiguous spellings for common skills; wins over derived entries.
  * data/skills_stoplist.txt: phrases never used as names or aliases (ordinary words).

Usage: python3 scripts/build_skill_taxonomy.py /work/shared/data/taxonomies
"""

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "crates" / "careerkit-core" / "data"

VENDORS = [
    "Microsoft", "Oracle", "IBM", "Atlassian", "Apache", "Adobe", "Google", "Amazon", "Autodesk",
    "SAP", "Red Hat", "The MathWorks", "Apple", "Intuit", "Hewlett Packard", "HP", "Cisco",
    "Dassault Systemes", "Bentley", "Trimble", "ESRI", "Salesforce", "VMware", "Eclipse", "Elastic",
    "JetBrains", "Meta", "Facebook", "Amazon Web Services AWS", "Amazon Web Services", "Qlik Tech",
    "Micro Focus", "SAS", "Splunk", "Docker", "Progress", "Sun Microsystems", "Unify", "Teradata",
    "Informatica", "Tibco", "TIBCO", "Broadcom", "CA", "BMC", "Citrix", "NetApp", "Veritas",
    "Perforce", "Sybase", "Embarcadero", "Xilinx", "Intel", "NVIDIA", "Mozilla", "Zoho", "Epic",
]
CATEGORY_BY_COMMODITY = {
    "Data base management system software": "database",
    "Data base user interface and query software": "database",
    "Object or component oriented development software": "framework",
    "Web platform development software": "framework",
    "Cloud-based data access and sharing software": "cloud",
    "Development environment software": "tool",
}
IT_SOC = ("15-", "17-", "11-3021")
# Endings of adjectives and nouns that start knowledge labels ("statistical methods",
# "machine learning" is kept through "ing"); imperative verbs rarely end like this.
NOUN_LIKE = ("al", "ic", "ive", "ary", "ing", "ion", "ics", "ous", "ent", "ant", "ed", "er",
             "or", "ty", "ry", "gy", "ar", "ine", "ure", "ce", "ism", "ist", "ics", "data")


def slug(name: str) -> str:
    s = name.lower().replace("c++", "c-plus-plus").replace("c#", "c-sharp").replace(".net", "dotnet")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def english_vocabulary(src: Path) -> set:
    """Lowercase words of O*NET occupation descriptions and ESCO labels: ordinary English."""
    words = set()
    for name in ("onet_occupation_data.txt", "esco_skills_en.csv"):
        text = (src / name).read_text(encoding="utf-8")
        words.update(w.lower() for w in re.findall(r"\b[A-Za-z]{2,}\b", text))
    return words | {w[:-1] for w in words if w.endswith("s")}  # "designers" -> "designer"


def read_stoplist() -> set:
    lines = (DATA / "skills_stoplist.txt").read_text(encoding="utf-8").splitlines()
    return {l.strip().lower() for l in lines if l.strip() and not l.startswith("#")}


def read_curated() -> list:
    skills = []
    for line in (DATA / "skills_curated.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + [""] * 6
        sid, name, cat, aliases, implies, ambiguous = cols[:6]
        split = lambda s: [x.strip() for x in s.split(";") if x.strip()]
        skills.append({"id": sid, "name": name, "category": cat, "aliases": split(aliases),
                       "implies": split(implies), "ambiguous": split(ambiguous)})
    return skills


def onet_phrases(example: str):
    """(display name, extra aliases) for one O*NET example, or None to skip it."""
    name = re.sub(r"\s+software$", "", example).strip()
    aliases = []
    # "Structured query language SQL", "Amazon Elastic Compute Cloud EC2": trailing acronym.
    m = re.match(r"^(.*[a-z].*)\s+([A-Z][A-Z0-9+#/.-]{1,9})$", name)
    if m and 3 <= len(m.group(2)) <= 6:
        words = m.group(1).split()
        initials = {w[0].upper() for w in words if w[0].isalpha()}
        # An acronym spells the words before it ("... query language SQL", "... Cloud EC2").
        if {c for c in m.group(2) if c.isalpha()} <= initials:
            aliases.append(m.group(2))
            aliases.append(m.group(1))
    for vendor in sorted(VENDORS, key=len, reverse=True):
        if name.startswith(vendor + " "):
            aliases.append(name[len(vendor) + 1:])
            break
    if name[0].islower() or name.lower().endswith((" software", " tools", " systems", " sites")):
        return None  # a generic class of software ("word processing software"), not a product
    return name, aliases


def main(src: Path) -> None:
    stop = read_stoplist()
    vocabulary = english_vocabulary(src)
    curated = read_curated()
    taken = {}  # lower phrase -> skill id
    out = []
    for s in curated:
        out.append(s)
        for p in [s["name"], *s["aliases"]]:
            taken.setdefault(p.lower(), s["id"])

    rows = list(csv.DictReader(open(src / "onet_technology_skills.txt", encoding="utf-8"), delimiter="\t"))
    occupations = defaultdict(set)
    hot = set()
    commodity = {}
    for r in rows:
        occupations[r["Example"]].add(r["O*NET-SOC Code"])
        commodity.setdefault(r["Example"], r["Commodity Title"])
        if r["Hot Technology"] == "Y":
            hot.add(r["Example"])
    ids = {s["id"] for s in out}
    for example in sorted(occupations):
        socs = occupations[example]
        if example not in hot and not any(c.startswith(IT_SOC) for c in socs):
            continue
        parsed = onet_phrases(example)
        if parsed is None:
            continue
        name, aliases = parsed
        # A one-word phrase that is also an English word ("Director", "World", "TREAT") would
        # fire on prose: drop it (and the whole entry when it is the name).
        english = lambda p: " " not in p and p.lower() in vocabulary
        if english(name):
            continue
        phrases = [p for p in [name, *aliases] if p.lower() not in stop and len(p) >= 2 and not english(p)]
        owner = next((taken[p.lower()] for p in phrases if p.lower() in taken), None)
        if owner is not None:
            # Same skill as a curated one: keep the O*NET spelling as an alias.
            skill = next(s for s in out if s["id"] == owner)
            for p in phrases:
                if p.lower() not in taken:
                    skill["aliases"].append(p)
                    taken[p.lower()] = owner
            continue
        if name.lower() in stop or not phrases:
            continue
        sid = slug(name)
        if sid in ids:
            continue
        ids.add(sid)
        # One-word spellings of derived entries ("COM", "SAN", "Designer") are read only as
        # written, next to another skill or a technical cue (see the extractor's ambiguity rule).
        ambiguous = [p for p in phrases if " " not in p]
        skill = {"id": sid, "name": name, "category": CATEGORY_BY_COMMODITY.get(commodity[example], "tool"),
                 "aliases": [p for p in phrases if p != name], "implies": [], "ambiguous": ambiguous}
        for p in phrases:
            taken.setdefault(p.lower(), sid)
        out.append(skill)

    esco = list(csv.DictReader(open(src / "esco_skills_en.csv", encoding="utf-8")))
    labels = [r["preferredLabel"].strip() for r in esco if r["preferredLabel"].strip()]
    first_words = Counter(l.split()[0].lower() for l in labels)
    for label in labels:
        words = label.split()
        # Knowledge labels are short noun phrases; skill labels start with a verb, and verbs
        # repeat as first words ("use ...", "manage ..."), so a repeated first word is a verb.
        # One-word labels ("politics", "logic", "simulation") fire on any prose; keep phrases.
        if not 2 <= len(words) <= 3 or first_words[words[0].lower()] > 2 or label[0].isupper():
            continue
        if words[0].lower().endswith(("ise", "ize", "ate", "ify")) or re.search(r"[(),]", label):
            continue
        if len(words) > 1 and not words[0].lower().endswith(NOUN_LIKE):
            continue  # "sort waste", "add colour": an imperative verb, not a field of knowledge
        if label.lower() in stop or label.lower() in taken or len(label) < 4:
            continue
        sid = slug(label)
        if sid in ids:
            continue
        ids.add(sid)
        taken[label.lower()] = sid
        out.append({"id": sid, "name": label, "category": "domain", "aliases": [], "implies": [], "ambiguous": []})

    for s in out:
        s["aliases"] = sorted(set(a for a in s["aliases"] if a != s["name"]), key=str.lower)
    text = "[\n" + ",\n".join(json.dumps(s, ensure_ascii=False) for s in out) + "\n]\n"
    (DATA / "skills.json").write_text(text, encoding="utf-8")
    print(f"wrote {len(out)} skills ({len(curated)} curated)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/taxonomies"))
