#!/usr/bin/env python3
"""Builds crates/careerkit-core/data/word_clusters.tsv: word classes for the skill tagger.

Each word is embedded on its own by the sentence encoder careerkit ships (all-MiniLM-L6-v2),
the vectors are grouped by k-means into 512 fine classes, and the fine centroids are grouped
again into 128 and 32 coarser ones, so the three levels nest like Brown-cluster prefixes. The
tagger uses a word's classes as features: a word it never saw in training ("Pulumi") still
shares a class with words it did ("Terraform", "Ansible").

Words: the whole-word entries of the model's WordPiece vocabulary, the words of the skill
taxonomy, and the words of the tagger's training texts (SkillSpan train split and the dev
postings it trains on; never the held-out ones), lowercased, as the tagger's tokenizer splits
them.

Usage (a venv with sentence-transformers and scikit-learn, e.g. ~/.cache/careerkit/st-venv):
    python scripts/build_word_clusters.py MODEL_DIR SKILLSPAN_TRAIN_JSON
"""

import json
import re
import sys
from pathlib import Path

import numpy as np
from sentence_transformers import SentenceTransformer
from sklearn.cluster import KMeans

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/careerkit-core/data/word_clusters.tsv"
SHARED = ROOT.parent / "shared/data"
LEVELS = (512, 128, 32)
# Mirrors `tokenize` in crates/careerkit-core/src/skills/tagger.rs closely enough for a word list.
WORD = re.compile(r"[^\W_](?:[\w]|[.\-'](?=[^\W_]))*[+#]*")


def words_of(text):
    return (w.lower() for w in WORD.findall(text))


def training_words(train_json):
    counts = {}
    texts = []
    with open(train_json, encoding="utf-8") as f:
        texts.extend(" ".join(json.loads(line)["tokens"]) for line in f if line.strip())
    labels = SHARED / "jds/labels/skillspan"
    for path in sorted(labels.glob("*.json")):
        meta = json.loads(path.read_text(encoding="utf-8"))
        held_out = meta["posting_source"] == "tech" and meta["posting_idx"] % 2 == 0
        if not held_out:
            texts.append((SHARED / "jds/text/skillspan" / f"{path.stem}.txt").read_text("utf-8"))
    for text in texts:
        for w in words_of(text):
            counts[w] = counts.get(w, 0) + 1
    return {w for w, n in counts.items() if n >= 2}


def main():
    model_dir, train_json = sys.argv[1], sys.argv[2]
    vocab = json.loads((Path(model_dir) / "tokenizer.json").read_text("utf-8"))["model"]["vocab"]
    words = {w for w in vocab if re.fullmatch(r"[a-z][a-z0-9]+", w)}
    taxonomy = ROOT / "crates/careerkit-core/data/skills.json"
    for skill in json.loads(taxonomy.read_text("utf-8")):
        for name in [skill["name"], *skill["aliases"]]:
            words.update(words_of(name))
    words |= training_words(train_json)
    words = sorted(w for w in words if len(w) <= 40)
    print(f"{len(words)} words", file=sys.stderr)

    model = SentenceTransformer(model_dir, device="cpu")
    vectors = model.encode(words, batch_size=256, normalize_embeddings=True, show_progress_bar=True)
    fine = KMeans(n_clusters=LEVELS[0], n_init=1, random_state=0).fit(vectors)
    labels = [fine.labels_]
    centroids = fine.cluster_centers_
    for k in LEVELS[1:]:
        coarse = KMeans(n_clusters=k, n_init=4, random_state=0).fit(centroids)
        labels.append(coarse.labels_[fine.labels_])
    with OUT.open("w", encoding="utf-8") as out:
        out.write("# word\tclass/512\tclass/128\tclass/32 -- scripts/build_word_clusters.py\n")
        for i, w in enumerate(words):
            out.write(f"{w}\t{labels[0][i]}\t{labels[1][i]}\t{labels[2][i]}\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    np.random.seed(0)
    main()
