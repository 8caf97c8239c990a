"""Benchmark: peak memory of one long ingest run (issue 18, point 5: "a 10,000-article run keeps peak
memory within 1.2x of its value at 1,000 articles").

One run writes seeded synthetic news articles (``bench_ingest.write_corpus``, the articles
``bench_ingest`` and ``bench_growth`` use) and, for each count N given, ingests the first N of them
into a fresh on-disk store in a subprocess of its own, as ``kg ingest --jobs J`` does
(``kg.jobs.ingest.ingest_paths`` over all N files in one call). The subprocess samples its own RSS
(``/proc/self/statm``) every ``N/20`` articles while the articles are extracted and written, then
after the links are computed, and reports its ``ru_maxrss`` (the peak, resolution included) and the
resolution graph's identity links against the nodes they link (issue 14's "links within 2x of the
linked nodes"). The ratio of the largest count's peak to the smallest's is checked against 1.2x.

    python bench/bench_memory.py                          # 1,000 and 10,000 articles (hours on 2 cores: see bench/README.md)
    python bench/bench_memory.py --articles 1000 2000 4000
    python bench/bench_memory.py --articles 200 --tracemalloc 5   # where Python memory grows

``--tracemalloc K`` (slower) also records, in each subprocess, the K allocation sites (by traceback)
whose memory grew most between the first and the last sample. ``--jobs 2`` extracts in two worker
processes; only the writing process (this one's child) is measured then, and the workers' peaks are
reported beside it.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (ROOT, HERE):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))  # the checkout's kg and the bench modules beside this file

TARGET_RATIO = 1.2
DEFAULT_ARTICLES = [1000, 10000]
PAGE = os.sysconf("SC_PAGE_SIZE")


def _log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def children_peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


# ------------------------------------------------------------------------------------------------
# The measured process
# ------------------------------------------------------------------------------------------------


def child(args) -> int:
    """Ingest the first ``args.count`` articles of ``args.corpus`` into ``args.store``; print JSON."""
    from bench_growth import identity_counts

    from kg.graph.store import open_store
    from kg.jobs.ingest import ingest_paths

    files = sorted(Path(args.corpus).glob("article-*.txt"))[: args.count]
    if len(files) < args.count:
        raise SystemExit(f"the corpus has {len(files)} articles, fewer than {args.count}")
    every = max(1, args.count // 20)
    trace = args.tracemalloc
    if trace:
        import tracemalloc

        tracemalloc.start(12)
    samples: list[dict] = []
    snaps: list = []
    t0 = time.perf_counter()

    def sample(done: int) -> None:
        samples.append({"articles": done, "seconds": round(time.perf_counter() - t0, 2), "rss": rss_bytes(),
                        "peak": peak_bytes(), "python_blocks": sys.getallocatedblocks()})
        _log(f"  {done:,} articles, {samples[-1]['seconds']:.0f} s: RSS {samples[-1]['rss'] / 2**20:,.0f} MiB, "
             f"peak {samples[-1]['peak'] / 2**20:,.0f} MiB, Python blocks {samples[-1]['python_blocks']:,}")
        if trace and (not snaps or done == args.count):
            snaps.append(tracemalloc.take_snapshot())
        elif trace and len(snaps) == 1 and done >= args.count // 4:
            snaps.append(tracemalloc.take_snapshot())

    def progress(done: int, total: int) -> None:
        if done % every == 0 or done == total:
            sample(done)

    store = open_store(Path(args.store))
    sample(0)
    rep = ingest_paths(store, files, jobs=args.jobs, progress=progress)
    after = {"seconds": round(time.perf_counter() - t0, 2), "rss": rss_bytes(), "peak": peak_bytes()}
    gc.collect()
    out = {"count": args.count, "jobs": args.jobs, "written": len(rep.sources), "failures": len(rep.failures),
           "samples": samples, "after_links": after, "ru_maxrss": peak_bytes(),
           "workers_peak": children_peak_bytes() if args.jobs > 1 else None,
           "store_quads": len(store), "identity": identity_counts(store)}
    if trace and len(snaps) >= 2:
        first, last = snaps[0], snaps[-1]
        grown = last.compare_to(first, "traceback")[: trace]
        out["tracemalloc_top"] = [
            {"size_diff": s.size_diff, "count_diff": s.count_diff,
             "traceback": [f"{fr.filename}:{fr.lineno}" for fr in s.traceback][-8:]}
            for s in grown
        ]
    print(json.dumps(out))
    return 0


# ------------------------------------------------------------------------------------------------
# The driver
# ------------------------------------------------------------------------------------------------


def run_count(corpus: Path, store: Path, count: int, *, jobs: int, tracemalloc: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--corpus", str(corpus), "--store", str(store),
           "--count", str(count), "--jobs", str(jobs), "--tracemalloc", str(tracemalloc)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)  # its progress lines go to our stderr
    if proc.returncode != 0:
        raise SystemExit(f"the ingest of {count} articles failed (exit {proc.returncode})")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["wall_s"] = time.perf_counter() - t0
    return res


def _mib(b: int | None) -> str:
    return "-" if b is None else f"{b / 2**20:,.0f} MiB"


def format_report(res: dict) -> str:
    lines = [f"kg memory benchmark: one ingest run per count (jobs={res['config']['jobs']}, seed {res['config']['seed']})",
             ""]
    for r in res["runs"]:
        ident = r["identity"]
        lines.append(f"{r['count']:,} articles: peak (ru_maxrss) {_mib(r['ru_maxrss'])}, RSS after the links "
                     f"{_mib(r['after_links']['rss'])}, {r['after_links']['seconds']:.0f} s "
                     f"({r['count'] / r['after_links']['seconds']:.2f} articles/s), {r['store_quads']:,} quads; "
                     f"identity links {ident['links']:,} between {ident['linked_nodes']:,} nodes "
                     f"({ident['links_per_node']:.2f} per node)"
                     + (f"; workers' peak {_mib(r['workers_peak'])}" if r.get("workers_peak") else ""))
        lines.append("   articles -> RSS: " + ", ".join(f"{s['articles']:,}: {s['rss'] / 2**20:,.0f}"
                                                        for s in r["samples"]) + " MiB")
        for t in r.get("tracemalloc_top", []):
            lines.append(f"   +{t['size_diff'] / 2**20:.1f} MiB ({t['count_diff']:+,} blocks) "
                         + " <- ".join(reversed(t["traceback"][-4:])))
    s = res["summary"]
    lines += ["", f"target: peak at {s['large']:,} articles <= {TARGET_RATIO}x the peak at {s['small']:,}: "
                  f"{_mib(s['large_peak'])} / {_mib(s['small_peak'])} = {s['ratio']:.2f}x  "
                  f"{'pass' if s['ratio'] <= TARGET_RATIO else 'FAIL'}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, nargs="+", default=None,
                   help="article counts, one ingest run each (default 1000 10000)")
    p.add_argument("--jobs", type=int, default=1, help="extraction processes (default 1: all in the measured one)")
    p.add_argument("--seed", type=int, default=7, help="seed of the synthetic articles (default 7)")
    p.add_argument("--tracemalloc", type=int, default=0, metavar="K",
                   help="also report the K allocation sites that grew most (slower)")
    p.add_argument("--json", type=Path, default=None, metavar="OUT", help="also write all figures as JSON to OUT")
    p.add_argument("--tmp", type=Path, default=None, help="where to make the temporary work folder")
    p.add_argument("--keep", action="store_true", help="keep the work folder (articles, stores)")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--corpus", default=None, help=argparse.SUPPRESS)
    p.add_argument("--store", default=None, help=argparse.SUPPRESS)
    p.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args)
    counts = sorted(set(args.articles or DEFAULT_ARTICLES))
    if counts[0] < 1:
        p.error("--articles must be positive")
    from bench_ingest import machine_info, write_corpus
    from synthetic import git_state

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the work folder is removed
    work = Path(tempfile.mkdtemp(prefix="kg-bench-memory-", dir=args.tmp))
    res: dict = {"config": {"articles": counts, "jobs": args.jobs, "seed": args.seed, "workdir": str(work)},
                 "machine": machine_info(), "git": git_state(), "runs": []}
    try:
        _log(f"writing {counts[-1]:,} articles to {work / 'corpus'}")
        res["corpus"] = write_corpus(work / "corpus", counts[-1], seed=args.seed)
        for n in counts:
            _log(f"ingesting {n:,} articles into a fresh store (subprocess, jobs={args.jobs})")
            r = run_count(work / "corpus", work / f"store-{n}", n, jobs=args.jobs, tracemalloc=args.tracemalloc)
            res["runs"].append(r)
            _log(f"  peak {_mib(r['ru_maxrss'])} in {r['wall_s']:.0f} s; identity {r['identity']}")
            if args.json:  # what is measured so far, in case the run is stopped
                args.json.write_text(json.dumps(res, indent=1, default=str) + "\n", encoding="utf-8")
            if not args.keep:
                shutil.rmtree(work / f"store-{n}", ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    small, large = res["runs"][0], res["runs"][-1]
    res["summary"] = {"small": small["count"], "large": large["count"], "small_peak": small["ru_maxrss"],
                      "large_peak": large["ru_maxrss"], "ratio": large["ru_maxrss"] / small["ru_maxrss"],
                      "target": TARGET_RATIO}
    print(format_report(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
