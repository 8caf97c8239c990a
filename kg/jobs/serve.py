"""``kg serve``: the local store as a read-only SPARQL 1.1 endpoint with a browser query page, by
running the Oxigraph server (shipped by the ``oxigraph`` package) over the store folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kg.errors import StoreError, UsageError


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable installed with kg."""
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).is_file():
        raise UsageError("the oxigraph server is not installed", hint="pip install oxigraph")
    return found


def serve_command(store_path: Path, *, bind: str = "127.0.0.1:7878") -> list[str]:
    """The command line that serves ``store_path`` read-only, union default graph, on ``bind``."""
    if not (store_path / "CURRENT").is_file():
        raise StoreError(f"no store at {store_path}", hint="run 'kg ingest' first or pass --store")
    host = bind.rsplit(":", 1)[0]
    if ":" not in bind or not bind.rsplit(":", 1)[1].isdigit():
        raise UsageError(f"--bind {bind!r} is not HOST:PORT", hint="for example 127.0.0.1:7878")
    if host not in ("127.0.0.1", "localhost", "[::1]"):
        print(f"kg: note: serving on {host}, reachable from other machines", file=sys.stderr)
    return [oxigraph_binary(), "serve-read-only", "--location", str(store_path), "--bind", bind,
            "--union-default-graph"]


def serve_store(store_path: Path, *, bind: str = "127.0.0.1:7878") -> int:
    """Run the server until it stops (Ctrl-C); returns its exit code."""
    cmd = serve_command(store_path, bind=bind)
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 0
