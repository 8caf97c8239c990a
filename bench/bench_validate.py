"""How long ``kg validate`` takes on a store of many small sources.

    python bench/bench_validate.py                    # 5,000 small sources (ingest ~2-6 min, then validate)
    python bench/bench_validate.py --sources 500      # a quicker look
    python bench/bench_validate.py --store DIR --keep # build once, then measure again with --reuse

The articles are generated (deterministic: one template sentence pattern over lists of names,
places and days), two sentences each, with a sidecar giving a date and a URL; they are ingested
with ``kg.jobs.ingest.ingest_paths`` and then validated with ``kg.graph.validate.validate_store``
(what ``kg validate`` runs). Printed: sources, triples, ingest seconds, validate seconds, whether
the store conforms. Target (red-team finding 10): 5,000 sources validated in under 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.graph.store import open_store  # noqa: E402
from kg.graph.validate import validate_store  # noqa: E402
from kg.jobs.ingest import ingest_paths  # noqa: E402

PEOPLE = ["Kim Min-jun", "Lee Seo-yeon", "Park Ji-ho", "Choi Yu-na", "Jung Woo-jin", "Kang Da-eun",
          "Yoon Seung-hyun", "Han Ji-min", "Lim Tae-yang", "Shin Hye-won", "Oh Jae-sung", "Seo Min-ji"]
PLACES = ["Seoul", "Busan", "Incheon", "Daegu", "Gwangju", "Daejeon", "Ulsan", "Suwon", "Paju", "Cheorwon"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ACTS = [("met officials in", "talks"), ("visited a factory in", "visit"), ("spoke to reporters in", "remarks"),
        ("inspected a bridge near", "inspection"), ("opened a school in", "opening")]


def write_articles(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        who, other = PEOPLE[i % len(PEOPLE)], PEOPLE[(i * 7 + 3) % len(PEOPLE)]
        where, day = PLACES[(i // 3) % len(PLACES)], DAYS[i % len(DAYS)]
        act, noun = ACTS[(i // 5) % len(ACTS)]
        text = (f"{who} holds {noun} in {where}\n"
                f"{who} {act} {where} on {day}, officials said. {other} said the {noun} number {i} "
                f"went well.\n")
        (folder / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        meta = {"published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "url": f"https://example.org/news/{i}"}
        (folder / f"a{i:05d}.json").write_text(json.dumps(meta), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=5000)
    ap.add_argument("--store", type=Path, help="store folder (default: a temporary one)")
    ap.add_argument("--reuse", action="store_true", help="validate the store given with --store as it is")
    ap.add_argument("--keep", action="store_true", help="keep the store")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-validate-"))
    store_path = args.store or tmp / "store"
    ingest_s = None
    try:
        if not args.reuse:
            write_articles(tmp / "in", args.sources)
            t0 = time.perf_counter()
            report = ingest_paths(open_store(store_path), [tmp / "in"], jobs=args.jobs)
            ingest_s = time.perf_counter() - t0
            assert not report.failures, report.failures[:3]
        store = open_store(store_path, read_only=True)
        t0 = time.perf_counter()
        result = validate_store(store)
        validate_s = time.perf_counter() - t0
        print(f"sources: {result.checked - 1}  quads: {len(store.oxigraph)}  "
              f"ingest: {'-' if ingest_s is None else f'{ingest_s:.1f} s'}  validate: {validate_s:.1f} s  "
              f"conforms: {str(result.conforms).lower()}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
            if args.store and not args.reuse:
                shutil.rmtree(args.store, ignore_errors=True)


if __name__ == "__main__":
    main()
