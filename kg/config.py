"""Where things live: the store path, extra ontology folders, and the clock.

Resolution order for the store: the ``--store`` option, then ``KG_STORE``, then ``.kg/store``
under the current folder. A command that writes waits ``KG_LOCK_WAIT`` seconds (default 10) for
another kg process to let go of the store. The clock honours ``SOURCE_DATE_EPOCH`` so that builds
can be reproduced byte for byte.
"""

from __future__ import annotations

import os
import math
from datetime import datetime, UTC
from pathlib import Path

from kg.errors import UsageError

DEFAULT_STORE = Path(".kg") / "store"
STORE_ENV = "KG_STORE"
ONTOLOGY_ENV = "KG_ONTOLOGY"
CLOCK_ENV = "SOURCE_DATE_EPOCH"
LOCK_WAIT_ENV = "KG_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 10.0


def resolve_store_path(store: str | Path | None = None) -> Path:
    """Return the store folder to use.

    >>> str(resolve_store_path("x/y"))
    'x/y'
    """
    if store:
        return Path(store)
    env = os.environ.get(STORE_ENV)
    return Path(env) if env else DEFAULT_STORE


def lock_wait() -> float:
    """Seconds a command that writes waits for another kg process's lock on the store
    (``KG_LOCK_WAIT``, default 10).

    >>> lock_wait() if LOCK_WAIT_ENV not in os.environ else 10.0
    10.0
    """
    raw = os.environ.get(LOCK_WAIT_ENV, "").strip()
    if not raw:
        return DEFAULT_LOCK_WAIT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise UsageError(f"{LOCK_WAIT_ENV}={raw!r} is not a number of seconds", hint=f"e.g. {LOCK_WAIT_ENV}=60")
    return value


def extra_ontology_dirs(dirs: list[Path] | None = None) -> list[Path]:
    """Folders of user Turtle files added to the reference graph (option, then ``KG_ONTOLOGY``)."""
    out = list(dirs or [])
    env = os.environ.get(ONTOLOGY_ENV)
    if env:
        out += [Path(p) for p in env.split(os.pathsep) if p]
    seen: set[Path] = set()  # a folder named twice (option and variable) is read once
    unique = []
    for d in out:
        if d.absolute() not in seen:
            seen.add(d.absolute())
            unique.append(d)
    return unique


def now() -> datetime:
    """The current time in UTC, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get(CLOCK_ENV)
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)
