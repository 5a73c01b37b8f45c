#!/usr/bin/env python3
"""SkillNER on the held-out SkillSpan "tech" postings, scored like tests/skills_eval.rs.

Needs: pip install skillNer spacy && python -m spacy download en_core_web_lg, and network access
to GitHub (SkillNER downloads its skill database when built). Not runnable in the careerkit dev
workplace (see README.md here). Compare with:
  cargo test -p careerkit-core --test skills_eval -- --nocapture
  cargo bench -p careerkit-core --bench skills

Usage: python3 benches/skills/skillner_side_by_side.py [/path/to/shared/data]
"""

import json
import sys
import time
from pathlib import Path

import spacy
from skillNer.general_params import SKILL_DB
from skillNer.skill_extractor_class import SkillExtractor
from spacy.matcher import PhraseMatcher


def held_out(data: Path):
    """(text, gold knowledge spans) of the even-numbered "tech" postings."""
    for labels in sorted((data / "jds/labels/skillspan").glob("*_tech_*.json")):
        meta = json.loads(labels.read_text(encoding="utf-8"))
        if meta["posting_idx"] % 2:
            continue
        text = (data / "jds/text/skillspan" / (labels.stem + ".txt")).read_text(encoding="utf-8")
        gold = [(s["start"], s["end"]) for s in meta["spans"] if s["type"] == "knowledge"]
        yield text, gold


def skillner_spans(extractor, text):
    """Character spans of SkillNER's full and n-gram matches, one line at a time."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            doc = extractor.nlp(line)
            result = extractor.annotate(line)["results"]
            for match in result["full_matches"] + result["ngram_scored"]:
                ids = match["doc_node_id"]
                start = doc[ids[0]].idx
                end = doc[ids[-1]].idx + len(doc[ids[-1]].text)
                spans.append((offset + start, offset + end))
        offset += len(line) + 1
    return spans


def main():
    data = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data")
    nlp = spacy.load("en_core_web_lg")
    extractor = SkillExtractor(nlp, SKILL_DB, PhraseMatcher)
    pred = correct = gold_n = found = 0
    postings = list(held_out(data))
    start = time.perf_counter()
    for text, gold in postings:
        spans = skillner_spans(extractor, text)
        overlaps = lambda a, b: a[0] < b[1] and b[0] < a[1]
        pred += len(spans)
        correct += sum(any(overlaps(p, g) for g in gold) for p in spans)
        gold_n += len(gold)
        found += sum(any(overlaps(p, g) for p in spans) for g in gold)
    elapsed = time.perf_counter() - start
    print(f"SkillNER, held-out SkillSpan tech ({len(postings)} postings), knowledge spans:")
    print(f"  P {correct / max(pred, 1):.3f}  R {found / max(gold_n, 1):.3f}  (pred {pred}, gold {gold_n})")
    print(f"  {len(postings) / elapsed:.1f} JDs/s")


if __name__ == "__main__":
    main()
