#!/usr/bin/env python3
"""Reference sentence vectors for careerkit-rag's embedder test.

Runs sentence-transformers (the reference implementation) on a fixed list of sentences and
writes their vectors as JSON; crates/careerkit-rag/tests/embed_reference.rs checks that the
BERT embedder reproduces every component within 1e-3.

Run once, in a throwaway venv outside the repo (sentence-transformers pulls a large torch):

    python3 -m venv /root/.cache/careerkit/st-venv
    /root/.cache/careerkit/st-venv/bin/pip install sentence-transformers
    /root/.cache/careerkit/st-venv/bin/python scripts/make_reference_vectors.py \
        "$CAREERKIT_MODELS_DIR/all-MiniLM-L6-v2" \
        crates/careerkit-rag/tests/data/reference_vectors.json
"""
import json
import sys

from sentence_transformers import SentenceTransformer

# Short and long, plain and punctuated, accented and non-Latin; the last one is longer than
# the model's max_seq_length (256 tokens) so truncation is checked too.
SENTENCES = [
    "Tell me about a time you resolved a conflict within your team.",
    "The STAR method: Situation, Task, Action, Result.",
    "Quantify your impact: reduced p95 latency by 40% across 12 services.",
    "ATS parsers read plain section headings such as Experience and Education.",
    "Kubernetes",
    "I led the migration from a monolith to event-driven microservices on AWS.",
    "How would you design a URL shortener that serves 10,000 requests per second?",
    "Résumé tips: keep it to one page if you have under ten years of experience.",
    "Communication matters: summarise first, then give the details.",
    "Behavioural questions probe ownership, leadership, and learning from failure.",
    "C++ / Rust / Go — pick the right tool, then justify the trade-offs.",
    "Fehlerbehandlung und Teamarbeit sind wichtig.",
    "面试中请用具体的例子说明你的能力。",
    "Don't list duties; list achievements with numbers!!!",
    "   leading and trailing spaces   ",
    "Email: jane.doe@example.com, phone +1 (555) 010-2030.",
    "A",
    "Cache invalidation, consistent hashing, sharding, replication, and back-pressure.",
    "Describe a project where you had to learn a new technology quickly under a tight deadline.",
    " ".join(
        f"Sentence {i} of a long paragraph about scalable systems, interviews and resumes."
        for i in range(60)
    ),
]


def main() -> None:
    model_dir, out = sys.argv[1], sys.argv[2]
    model = SentenceTransformer(model_dir, device="cpu")
    vectors = model.encode(SENTENCES, batch_size=8, normalize_embeddings=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(
            {
                "model": "all-MiniLM-L6-v2",
                "max_seq_length": model.max_seq_length,
                "sentences": SENTENCES,
                "vectors": [[round(float(x), 7) for x in v] for v in vectors],
            },
            f,
            ensure_ascii=False,
        )
        f.write("\n")


if __name__ == "__main__":
    main()
