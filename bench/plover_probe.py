"""Document-level PLOVER typing on short political news stories: each story gets the PLOVER type of
its events (the codes come from the event-type scheme: ``kg:ploverCode`` on the type or a broader
concept), and the story's type is the most frequent one among its events (ties go to the earlier
event); a story with no coded event has no type. Prints per-type precision/recall and the macro-F1
over the 16 PLOVER types.

    python bench/plover_probe.py [--stories bench/plover/stories.tsv] [-v]

The stories in ``bench/plover/stories.tsv`` are short texts the team wrote, three per type; they
check that every type is reachable, not how kg does on real news (see the README's figures).
"""

from __future__ import annotations

import argparse
import hashlib
from collections import Counter
from datetime import date
from pathlib import Path

from rdflib.namespace import SKOS

from kg.extract.pipeline import extract_article
from kg.knowledge.ontology import load_ontology
from kg.model import Article
from kg.vocab import KG

HERE = Path(__file__).resolve().parent


def plover_codes(graph) -> dict[str, str]:
    """Each event type's PLOVER code, found on the type or its nearest broader concept."""
    codes: dict[str, str] = {}
    for concept in set(graph.subjects(SKOS.inScheme, None)):
        node, seen = concept, set()
        while node is not None and node not in seen:
            seen.add(node)
            code = graph.value(node, KG.ploverCode)
            if code is not None:
                codes[str(concept)] = str(code)
                break
            node = graph.value(node, SKOS.broader)
    return codes


def story_type(text: str, onto, codes: dict[str, str]) -> tuple[str | None, list[str]]:
    art = Article(text=text, source_id="p", content_hash=hashlib.sha256(text.encode()).hexdigest(),
                  published=date(2025, 3, 10))
    ex = extract_article(art, onto)
    events = sorted(ex.events, key=lambda e: e.trigger.begin)
    found = [codes[e.type] for e in events if e.type in codes]
    names = [e.type.rsplit("/", 1)[-1] for e in events]
    if not found:
        return None, names
    counts = Counter(found)
    best = max(counts.values())
    return next(c for c in found if counts[c] == best), names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=Path, default=HERE / "plover" / "stories.tsv")
    parser.add_argument("-v", action="store_true", help="list the stories typed wrongly")
    args = parser.parse_args()
    onto = load_ontology()
    codes = plover_codes(onto.graph)
    rows = []
    for line in args.stories.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        gold, headline, body = line.split("\t")
        got, names = story_type(f"{headline}\n{body}\n", onto, codes)
        rows.append((gold, got))
        if args.v and got != gold:
            print(f"{gold:10} got {got or '-':10} {names}  | {headline}")
    types = sorted({g for g, _ in rows})
    f1s = []
    for t in types:
        tp = sum(1 for g, p in rows if g == t and p == t)
        fp = sum(1 for g, p in rows if g != t and p == t)
        fn = sum(1 for g, p in rows if g == t and p != t)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        f1s.append(f1)
        print(f"{t:10} P {prec:.2f} R {rec:.2f} F1 {f1:.2f}")
    untyped = sum(1 for _, p in rows if p is None)
    print(f"stories {len(rows)}, untyped {untyped}, macro-F1 {sum(f1s) / len(f1s):.3f}")


if __name__ == "__main__":
    main()
