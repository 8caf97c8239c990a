"""Shards: ``kg ingest --emit`` then ``kg load`` against ``kg ingest``, on seeded synthetic articles
(``bench_ingest.write_corpus``). Each step runs as the CLI runs it (a fresh ``kg`` process), timed
from outside; the load's quads per second are the source quads of the shards (the reference graph
is loaded too, once, and not counted). The two stores' N-Quads exports are compared byte for byte.

    python bench/bench_shards.py --articles 200          # ~2 min on 2 shared cores
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_ingest import write_corpus  # noqa: E402


def _kg(*args: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "kg.cli.main", *args], check=True, capture_output=True, text=True)
    return time.perf_counter() - t0, out.stdout.strip()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=200)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--gzip", action="store_true", help="emit .nq.gz shards")
    a = p.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-shards-"))
    try:
        corpus = write_corpus(tmp / "articles", a.articles, seed=a.seed)
        print(f"articles: {corpus['articles']} (words {corpus['words_mean']} mean)")
        t_ingest, out = _kg("--store", str(tmp / "a"), "ingest", str(tmp / "articles"))
        print(f"kg ingest:            {t_ingest:7.1f} s   {out}")
        emit = ["ingest", str(tmp / "articles"), "--emit", str(tmp / "shards")] + (["--gzip"] if a.gzip else [])
        t_emit, out = _kg(*emit)
        print(f"kg ingest --emit:     {t_emit:7.1f} s   {out}")
        size = sum(f.stat().st_size for f in (tmp / "shards").iterdir())
        print(f"shards: {len(list((tmp / 'shards').iterdir()))} files, {size / 1e6:.1f} MB")
        t_load, out = _kg("--store", str(tmp / "b"), "load", str(tmp / "shards"))
        quads = int(out.split("quads: ")[1].split()[0])
        print(f"kg load (fresh store): {t_load:6.1f} s   {out}   -> {quads / t_load:,.0f} quads/s with process start")
        t_again, out = _kg("--store", str(tmp / "b"), "load", str(tmp / "shards"))
        print(f"kg load (again: every source replaced): {t_again:.1f} s   {out}")
        same = _kg("--store", str(tmp / "a"), "export")[1] == _kg("--store", str(tmp / "b"), "export")[1]
        print(f"store writing in kg ingest (ingest - emit): {t_ingest - t_emit:.1f} s")
        print(f"exports byte-identical: {same}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
