"""Extraction alone, without spaCy: the articles of a folder are parsed once, then ``extract_doc``
runs on each parse; prints the best of ``--runs`` passes in ms per article. Compare two commits
back to back on the same machine (``PYTHONPATH=<checkout> python bench/bench_extract.py DIR``)."""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from kg.extract.pipeline import get_extractor, parse_form
from kg.knowledge.ontology import load_ontology
from kg.model import Article


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folders", nargs="+", type=Path, help="folders of article .txt files")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    files = sorted(f for d in args.folders for f in d.glob("*.txt"))
    ex = get_extractor(load_ontology())
    arts = [Article(text=f.read_text(encoding="utf-8"), source_id=f.stem, content_hash=f.stem,
                    published=date(2024, 1, 1)) for f in files]
    docs = [ex.nlp(parse_form(a.text)) for a in arts]
    best = float("inf")
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for a, d in zip(arts, docs):
            ex.extract_doc(a, d)
        best = min(best, time.perf_counter() - t0)
    print(f"extraction alone: {1000 * best / len(arts):.1f} ms per article ({len(arts)} articles, best of {args.runs})")


if __name__ == "__main__":
    main()
