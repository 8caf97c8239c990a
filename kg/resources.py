"""Find the files people edit: ``ontology/`` and ``queries/``.

From a source checkout (or an editable install) they are the folders beside the ``kg``
package; from a wheel they are installed as data files under ``<prefix>/share/kg/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.errors import OntologyError

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def _find(name: str) -> Path:
    candidates = [_PACKAGE_ROOT / name, Path(sys.prefix) / "share" / "kg" / name]
    for c in candidates:
        if c.is_dir():
            return c
    raise OntologyError(f"cannot find the {name}/ folder", hint="reinstall kg (pip install .)")


def ontology_dir() -> Path:
    """The folder of the built-in ontology, event types, gazetteer and shapes."""
    return _find("ontology")


def queries_dir() -> Path:
    """The folder of named SPARQL queries."""
    return _find("queries")


def ontology_files(extra_dirs: list[Path] | None = None) -> list[Path]:
    """All Turtle files of the reference graph, built-in first, sorted, then user folders."""
    base = ontology_dir()
    files = sorted(p for p in base.rglob("*.ttl") if p.name != "shapes.ttl")
    for d in extra_dirs or []:
        if not d.is_dir():
            raise OntologyError(f"ontology folder not found: {d}", hint="pass an existing folder with --ontology")
        files += sorted(d.rglob("*.ttl"))
    return files


def shapes_file() -> Path:
    """The SHACL shapes every built graph must satisfy."""
    return ontology_dir() / "shapes.ttl"
