#!/usr/bin/env python3
"""Sentences per second of sentence-transformers on CPU for the run.sh comparison.

Usage: st_throughput.py MODEL_DIR SENTENCES_FILE THREADS BATCH
"""
import sys
import time

import torch
from sentence_transformers import SentenceTransformer


def main() -> None:
    model_dir, path, threads, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    sentences = [l for l in open(path, encoding="utf-8").read().splitlines() if l.strip()]
    model = SentenceTransformer(model_dir, device="cpu")
    model.encode(sentences[:8], batch_size=batch)  # warm-up
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        v = model.encode(sentences, batch_size=batch, normalize_embeddings=True)
        assert len(v) == len(sentences)
        best = min(best, time.perf_counter() - t)
    print(
        f"sentence-transformers {__import__('sentence_transformers').__version__} "
        f"(torch {torch.__version__}, {threads} threads): {len(sentences)} sentences, "
        f"batch {batch}, best of 3: {best:.2f} s = {len(sentences) / best:.1f} sentences/s"
    )


if __name__ == "__main__":
    main()
