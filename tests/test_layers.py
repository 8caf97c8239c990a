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
    {"ontology", "iri", "sources", "gazetteer", "lexicon_people"},
    {"extract.nlp", "extract.text", "extract.timex"},
    {"extract.entities"},
    {"extract.events", "extract.claims"},
    {"extract.pipeline", "extract"},
    {"rdfize"},
    {"store"},
    {"resolve"},
    {"network.kind"},
    {"network.reader"},
    {"network.evidence"},
    {"network.builder", "network.selection", "network.graphfile"},
    {"validate", "ingest", "query", "network", "catalog", "ontology_check"},
    {"viz.style", "viz.layout", "viz.escape", "viz.app"},
    {"viz.vis"},
    {"viz.payload"},
    {"viz.page"},
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
    me = _module_name(path)
    package = [] if me == "__init__" else me.split(".")[: None if path.name == "__init__.py" else -1]
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _imports_in(source: str, package: list[str]) -> set[str]:
    """The kg modules ``source`` imports (names relative to kg), written in any form: ``import
    kg.x``, ``from kg.x import y``, ``from kg import x``, ``from kg.x import submodule`` and
    relative imports, resolved from ``package`` (the importing module's package, relative to kg)."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                full = ".".join(["kg", *base, *([node.module] if node.module else [])])
            else:
                full = node.module or ""
            if full != "kg" and not full.startswith("kg."):
                continue
            mod = full[3:]
            if mod:
                out.add(mod)
            for a in node.names:  # the name may be a submodule: from kg import iri
                sub = f"{mod}.{a.name}" if mod else a.name
                if sub in RANK:
                    out.add(sub)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("kg."):
                    out.add(a.name[3:])
    return out


def test_the_check_sees_every_import_form():
    source = ("import kg.store\nfrom kg import iri\nfrom kg.extract import nlp\nfrom .text import x\n"
              "from .. import query\nfrom . import timex\nimport json\nfrom pathlib import Path\n")
    assert _imports_in(source, ["extract"]) == {
        "store", "iri", "extract", "extract.nlp", "extract.text", "query", "extract.timex"}


def test_every_module_has_a_row():
    missing = [_module_name(p) for p in KG.rglob("*.py")
               if _module_name(p) not in RANK and _module_name(p) != "__init__"]
    assert missing == [], f"add these modules to ROWS: {missing}"


def _wrong_arrows(me: str, deps: set[str]) -> list[str]:
    """Imports of ``me`` that point up or sideways (same row), or at no known module."""
    wrong = []
    for dep in sorted(deps):
        if dep not in RANK:
            wrong.append(f"{me} -> {dep} (not a module in ROWS)")
        elif RANK[dep] >= RANK[me] and dep != me:
            wrong.append(f"{me} -> {dep}")
    return wrong


def test_the_check_refuses_arrows_up_sideways_and_to_unknown_modules():
    assert _wrong_arrows("query", {"store", "vocab", "query"}) == []
    assert _wrong_arrows("store", {"query", "rdfize", "resolve", "kg_typo"}) == [
        "store -> kg_typo (not a module in ROWS)", "store -> query", "store -> resolve"]
    assert _wrong_arrows("query", {"network"}) == ["query -> network"]  # same row


def test_imports_point_one_way():
    wrong = []
    for p in KG.rglob("*.py"):
        me = _module_name(p)
        if me == "__init__":
            continue
        wrong += _wrong_arrows(me, _imports(p))
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
