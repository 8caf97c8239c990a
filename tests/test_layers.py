"""Imports point one way (STYLE.md): a module imports only from rows above its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

KG = Path(__file__).resolve().parent.parent / "kg"

# The house by role (docs/architecture.md). Each wing names its modules (dotted, relative to kg);
# a module may import its own wing and the wings listed for it, nothing else; no loops anywhere.
WINGS = {
    "ground": {"errors", "config", "resources", "output", "vocab", "terms", "model", "iri", "sources"},
    "knowledge": {"knowledge", "knowledge.ontology", "knowledge.check", "knowledge.countries", "knowledge.gazetteer", "knowledge.triggers",
                  "knowledge.noun_classes", "knowledge.lexicon_people", "knowledge.speech_verbs"},
    "query": {"query", "query.result", "query.guard", "query.bind", "query.named", "query.run", "query.format",
              "query.endpoint", "query.lookup"},
    "extract": {"extract", "extract.nlp", "extract.text", "extract.timex", "extract.entities", "extract.events",
                "extract.roles", "extract.sharing", "extract.event_times", "extract.event_identity", "extract.frames", "extract.evidence", "extract.described", "extract.refer_back", "extract.name_kinds", "extract.mentions", "extract.people", "extract.regions",
                "extract.claims", "extract.speech", "extract.pipeline"},
    "graph": {"graph", "graph.rdfize", "graph.store", "graph.resolve", "graph.validate", "graph.catalog",
              "graph.push", "graph.identity", "graph.candidates",
              "graph.clusters", "graph.pairs", "graph.trees", "graph.screen"},
    "network": {"network", "network.kind", "network.reader", "network.evidence", "network.builder",
                "network.selection", "network.graphfile", "network.story"},
    "viz": {"viz", "viz.style", "viz.layout", "viz.escape", "viz.assets", "viz.vis", "viz.payload", "viz.page"},
    "jobs": {"jobs", "jobs.extraction", "jobs.distributed", "jobs.ingest", "jobs.build", "jobs.evaluate", "jobs.shards", "jobs.serve", "jobs.serve_page", "api"},
    "cli": {"cli", "cli.common", "cli.main", "cli.ontology_cmd", "cli.query_cmd", "cli.viz_cmd"},
}
# The arrows a wing may draw (besides to itself).
ALLOWED = {
    "ground": set(),
    "knowledge": {"ground"},
    "query": {"ground"},
    "extract": {"ground", "knowledge"},
    "graph": {"ground", "knowledge", "query"},
    "network": {"ground", "graph"},
    "viz": {"ground", "network"},
    "jobs": {"ground", "knowledge", "query", "extract", "graph", "network", "viz"},
    "cli": {"ground", "knowledge", "query", "extract", "graph", "network", "viz", "jobs"},
}
WING = {name: wing for wing, names in WINGS.items() for name in names}
RANK = WING  # every module the check knows


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
    source = ("import kg.graph.store\nfrom kg import iri\nfrom kg.extract import nlp\nfrom .text import x\n"
              "from .. import query\nfrom . import timex\nimport json\nfrom pathlib import Path\n")
    assert _imports_in(source, ["extract"]) == {
        "graph.store", "iri", "extract", "extract.nlp", "extract.text", "query", "extract.timex"}


def test_every_module_has_a_wing():
    missing = [_module_name(p) for p in KG.rglob("*.py")
               if _module_name(p) not in WING and _module_name(p) != "__init__"]
    assert missing == [], f"add these modules to WINGS: {missing}"


def _wrong_arrows(me: str, deps: set[str]) -> list[str]:
    """Imports of ``me`` into a wing it may not use, or of no known module."""
    wrong = []
    for dep in sorted(deps):
        if dep not in WING:
            wrong.append(f"{me} -> {dep} (not a module in WINGS)")
        elif WING[dep] != WING[me] and WING[dep] not in ALLOWED[WING[me]]:
            wrong.append(f"{me} -> {dep}")
    return wrong


def test_the_check_refuses_arrows_between_wings_and_to_unknown_modules():
    assert _wrong_arrows("query.run", {"query.endpoint", "vocab", "errors"}) == []
    assert _wrong_arrows("graph.store", {"jobs.ingest", "graph.rdfize", "kg_typo"}) == [
        "graph.store -> jobs.ingest", "graph.store -> kg_typo (not a module in WINGS)"]
    assert _wrong_arrows("query.run", {"graph.store"}) == ["query.run -> graph.store"]


def test_imports_point_one_way():
    wrong = []
    for p in KG.rglob("*.py"):
        me = _module_name(p)
        if me == "__init__":
            continue
        wrong += _wrong_arrows(me, _imports(p))
    assert wrong == []


def test_no_import_loops():
    """Within a wing too, modules import each other one way (a package's face may gather its own)."""
    deps = {}
    for p in KG.rglob("*.py"):
        me = _module_name(p)
        if me != "__init__":
            deps[me] = {d for d in _imports(p) if d in WING and not me.startswith(d + ".") and d != me}
    state: dict[str, int] = {}
    loops = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for d in sorted(deps.get(node, ())):
            if state.get(d) == 1:
                loops.append(" -> ".join(path[path.index(d):] + [d]) if d in path else f"{node} -> {d}")
            elif d not in state:
                visit(d, path + [d])
        state[node] = 2

    for node in sorted(deps):
        if node not in state:
            visit(node, [node])
    assert loops == []


def test_independence_rules():
    """Extraction never touches the graph (text in, model objects out); the query wing never
    imports the store (it runs on anything with Oxigraph's query method)."""
    for p in KG.rglob("*.py"):
        me = _module_name(p)
        if WING.get(me) in ("extract", "query"):
            assert not {d for d in _imports(p) if d.startswith("graph")}, me


_IRI = re.compile(r"https?://(?!(?:example\.(?:org|com)|host|localhost|127\.0\.0\.1|\{)[/:])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def test_no_iri_literals_outside_vocab():
    """Vocabulary is code: IRI strings live in kg/vocab.py only (examples on example.org and
    placeholder hosts in messages are not IRIs of ours), also none in the page's script and style."""
    offenders = []
    for p in sorted([*KG.rglob("*.py"), *KG.rglob("*.js"), *KG.rglob("*.css")]):
        if p.name == "vocab.py":
            continue
        for m in _IRI.finditer(p.read_text(encoding="utf-8")):
            offenders.append(f"{p.relative_to(KG)}: {m.group()}")
    assert offenders == []
