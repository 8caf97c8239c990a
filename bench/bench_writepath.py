"""Benchmark: the part of an ingest after extraction (shape check, writing, cross-source links),
timed without spaCy.

The synthetic articles of ``bench_ingest`` are extracted once (the pure step, cached as a pickle in
``--cache``), then replayed through ``kg.jobs.ingest``'s own pipeline (``_ingest`` with an executor
that hands back the cached sources) into a fresh on-disk store: what remains is exactly what the
ingest does besides spaCy and extraction. Prints the wall and CPU time, the CPU of the main thread
and of its ``resolve_sources`` calls (thread CPU time: other processes do not count), the peak
RSS, and with ``--export`` the sha256 of the sorted N-Quads export (``SOURCE_DATE_EPOCH`` is fixed, so the same
cache gives the same bytes when the writing and linking give the same graph: an A/B check of output).

    python bench/bench_writepath.py --articles 500 --export
    python bench/bench_writepath.py --articles 500 --link-every 64 --export   # another group size
    python bench/bench_writepath.py --articles 500 --profile 30               # cProfile of the main thread
    PYTHONPATH=<other checkout> python bench/bench_writepath.py ...            # the same cache, other code

The cache holds the extraction of the kg that made it; delete it after extraction changes.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pickle
import pstats
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=500)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-writepath")
    p.add_argument("--link-every", type=int, default=None, help="group size of the links (default: kg's)")
    p.add_argument("--export", action="store_true", help="print the sha256 of the sorted N-Quads export")
    p.add_argument("--profile", type=int, default=0, metavar="TOP", help="cProfile the run, print TOP rows")
    args = p.parse_args(argv)

    import bench_ingest
    from kg.config import now
    from kg.graph.store import ExportFormat, open_store
    from kg.graph.validate import SourceCheck
    from kg.jobs import ingest
    from kg.jobs.extraction import extract_sources
    from kg.knowledge.ontology import load_ontology

    corpus = args.cache / f"articles-{args.articles}-{args.seed}"
    cached = args.cache / f"extracted-{args.articles}-{args.seed}.pickle"
    if not corpus.exists():
        bench_ingest.write_corpus(corpus, args.articles, seed=args.seed)
    ontology = load_ontology(None)
    if not cached.exists():
        print(f"extracting {args.articles} articles once into {cached}", file=sys.stderr)
        articles = ingest.read_articles([corpus])[0]
        cached.write_bytes(pickle.dumps(list(extract_sources(articles, ontology, generated_at=now()))))
    done = {a.source_id: (a, r) for a, r in pickle.loads(cached.read_bytes())}

    class Replay:
        def extract(self, articles, ontology, *, generated_at):
            return (done[a.source_id] for a in articles)

        def close(self) -> None:
            pass

    ontology.reference_quads()  # one-time costs out of the timing, as bench_ingest's warm-up does
    SourceCheck.default()
    if args.link_every:
        ingest._LINK_EVERY = args.link_every
    resolving: list[float] = []  # CPU of the thread that resolved (the main thread), per group
    resolve_sources = ingest.resolve_sources

    def timed_resolve(*a, **k):
        c = time.thread_time()
        try:
            return resolve_sources(*a, **k)
        finally:
            resolving.append(time.thread_time() - c)

    ingest.resolve_sources = timed_resolve
    work = Path(tempfile.mkdtemp(prefix="kg-bench-writepath-"))
    try:
        store = open_store(work / "store")
        prof = cProfile.Profile() if args.profile else None
        t, c, main = time.perf_counter(), time.process_time(), time.thread_time()
        if prof:
            prof.enable()
        report = ingest._ingest(store, [corpus], ontology_dirs=None, executor=Replay(), progress=None)
        if prof:
            prof.disable()
        wall, cpu, main = time.perf_counter() - t, time.process_time() - c, time.thread_time() - main
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{len(report.sources)} sources, {len(report.failures)} failures: wall {wall:.2f} s, "
              f"CPU {cpu:.2f} s (all threads), peak RSS {peak:.0f} MiB")
        print(f"CPU of the main thread {main:.2f} s, of which resolve_sources {sum(resolving):.2f} s "
              f"({', '.join(f'{x:.2f}' for x in resolving)} s per group)")
        if args.export:
            data = store.export(ExportFormat.NQUADS)
            print(f"export sha256 {hashlib.sha256(data).hexdigest()} ({len(data):,} bytes)")
        if prof:
            pstats.Stats(prof).sort_stats("cumulative").print_stats(args.profile)
        del store
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
