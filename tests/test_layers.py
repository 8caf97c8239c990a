"""Imports point one way (STYLE.md): a module imports only from rows above its own."""

from __future__ import annotations

import ast
from pathlib import Path

KG = Path(__file__).resolve().parent.parent / "kg"

ROWS = [
    {"errors"},
    {"config", "resources"},
    {"vocab"},
    {"model", "terms"},
    {"ontology", "iri", "sources", "gazetteer"},
    {"extract.nlp", "extract.text", "extract.timex"},
    {"extract.entities"},
    {"extract.events", "extract.claims"},
    {"extract.pipeline", "extract"},
    {"rdfize"},
    {"store"},
    {"resolve"},
    {"validate", "ingest", "query", "network", "catalog", "ontology_check"},
    {"viz", "remote", "evaluate", "serve"},
    {"build"},
    {"cli.common", "cli"},
    {"cli.ontology_cmd", "cli.query_cmd", "cli.viz_cmd"},
    {"cli.main"},
]
RANK = {name: i for i, row in enumerate(ROWS) for name in row}


def _module_name(path: Path) -> str:
    rel = path.relative_to(KG).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or "__init__"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg"):
            mod = node.module[3:] if node.module != "kg" else ""
            if mod:
                out.add(mod)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("kg."):
                    out.add(a.name[3:])
    return out


def test_every_module_has_a_row():
    missing = [_module_name(p) for p in KG.rglob("*.py")
               if _module_name(p) not in RANK and _module_name(p) != "__init__"]
    assert missing == [], f"add these modules to ROWS: {missing}"


def test_imports_point_one_way():
    wrong = []
    for p in KG.rglob("*.py"):
        me = _module_name(p)
        if me == "__init__":
            continue
        for dep in _imports(p):
            if dep in RANK and RANK[dep] >= RANK[me] and not (dep == me):
                wrong.append(f"{me} -> {dep}")
    assert wrong == []


def test_no_iri_literals_outside_vocab():
    """Vocabulary is code: IRI strings live in kg/vocab.py only."""
    offenders = []
    for p in KG.rglob("*.py"):
        if p.name in ("vocab.py",):
            continue
        text = p.read_text(encoding="utf-8")
        for needle in ("http://www.w3.org/", "https://schema.org/", "http://semanticweb.cs.vu.nl/"):
            if needle in text:
                offenders.append(f"{p.name}: {needle}")
    assert offenders == []
