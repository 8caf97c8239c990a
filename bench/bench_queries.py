"""Benchmark kg's named queries (``queries/*.rq``) at 1,000,000 triples.

For every named query, with parameter values that exist in the data, one run measures:

* ``kg.query.run_query(store, name, params=...)`` (what ``kg query NAME`` does: read the file,
  check it, bind the values, run, read every row into a ``QueryResult``) against the same SPARQL
  text with the same bindings sent straight to ``store.oxigraph.query(text,
  use_default_graph_as_union=True, substitutions=...)`` with every row consumed, interleaved run by
  run on one open store. Target: kg's median <= 1.5x the raw median, for every query.
* rdflib's in-memory ``Dataset(default_union=True)`` on the same data for the join-heavy queries
  (``who_defected``, ``timeline``, ``disagreements``, plus a few more), each run capped (``--cap``).
  Target: kg >= 10x faster than rdflib on the three join-heavy ones.

The data is ``synthetic.SyntheticGraph`` (the store benchmark's generator), reshaped by
:class:`KGShapedGraph` where kg's named queries need more than it gives: kg's real reference graph
(every ``ontology/**/*.ttl`` as ``kg ingest`` writes it), the real event types and gazetteer
entities in the source graphs, events typed with their event class, ``kg:origin`` for movements,
estimates with a numeric value and ``kg:quantityOf``, and the resolution graph's ``owl:sameAs``
links. See bench/README.md.

    python bench/bench_queries.py                  # 1,000,000 triples (several minutes)
    python bench/bench_queries.py --quick          # 50,000 triples (a smoke check)
    python bench/bench_queries.py --json out.json
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import resource
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from random import Random

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (ROOT, HERE):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))  # the checkout's kg and the bench modules beside this file

import pyoxigraph as ox  # noqa: E402

from bench_store import (  # noqa: E402
    machine_busy_cpu_s, machine_info, own_cpu_s, peak_rss_bytes, time_query,
)
from kg.knowledge.ontology import load_ontology  # noqa: E402
from kg.query import bind_params, check_query, list_queries, load_query, run_query  # noqa: E402
from kg.graph.store import open_store  # noqa: E402
from kg.vocab import (  # noqa: E402
    ID, KG, KGET, METADATA_GRAPH, OWL, RDF, RDFS, REF, REFERENCE_GRAPH, RESOLUTION_GRAPH, SEM,
    SOURCE_GRAPH_PREFIX, TIME, XSD,
)
from synthetic import REF_KINDS, SyntheticGraph, git_state, ref_iri, to_ox_quads, to_rdflib_quads  # noqa: E402

DEFAULT_TRIPLES = 1_000_000
QUICK_TRIPLES = 50_000
TARGET_KG_OVER_RAW = 1.5  # run_query median <= 1.5x raw pyoxigraph, every named query
TARGET_RDFLIB_SPEEDUP = 10.0  # kg >= 10x faster than rdflib on the join-heavy ones
JOIN_HEAVY = ("who_defected", "timeline", "disagreements")

# ------------------------------------------------------------------------------------------------
# Data: SyntheticGraph reshaped to what kg writes and what the named queries read.
# ------------------------------------------------------------------------------------------------

_T, _LABEL = str(RDF.type), str(RDFS.label)
_EVENT_TYPE, _HAS_TIME, _IN_DATE = str(SEM.eventType), str(SEM.hasTime), str(TIME.inXSDDate)
_ROLES = {str(KG.agent), str(KG.patient), str(KG.place), str(KG.destination), str(KG.origin)}
_QUANTITY_VALUE = str(KG.quantityValue)
_META, _REFG, _RESG = str(METADATA_GRAPH), str(REFERENCE_GRAPH), str(RESOLUTION_GRAPH)
_XSD_STRING, _DOUBLE = str(XSD.string), str(XSD.double)

# The generator's 40 event type names -> kg's 17 event types (ontology/event-types.ttl).
TYPE_MAP = {
    "Statement": "Statement", "Meeting": "Meeting", "Visit": "Meeting", "Attack": "Attack",
    "Defection": "Defection", "Crossing": "BorderCrossing", "MilitaryExercise": "MilitaryDeployment",
    "MissileLaunch": "Attack", "Arrest": "Custody", "Detention": "Custody", "Release": "Repatriation",
    "Protest": "Protest", "Sanction": "PolicyAction", "Negotiation": "Meeting", "Agreement": "Agreement",
    "Threat": "Statement", "Deployment": "MilitaryDeployment", "Shooting": "Attack", "Airstrike": "Attack",
    "Evacuation": "BorderCrossing", "Rescue": "MedicalTreatment", "Death": "Death", "Injury": "Injury",
    "Trial": "Custody", "Sentencing": "Custody", "Appointment": "PolicyAction", "Resignation": "PolicyAction",
    "AidDelivery": "PolicyAction", "Trade": "Agreement", "Accusation": "Statement", "Apology": "Statement",
    "Investigation": "PolicyAction", "Ceasefire": "Agreement", "Summit": "Meeting", "WeaponsTest": "Attack",
    "Warning": "Statement", "Condemnation": "Rejection", "Election": "Election", "Repatriation": "Repatriation",
    "BorderIncursion": "Destruction",
}
ORIGIN_TYPES = {"Defection", "Crossing", "Evacuation", "Repatriation", "BorderIncursion"}
# Which states come first (Zipf rank 0, 1, ...): kg's news are about these.
STATE_ORDER = ["KP", "KR", "CN", "US", "RU", "UA", "JP", "TW"]
# What estimates count (kg:quantityOf, as written), Zipf-picked.
COUNTS = [
    "soldiers", "people", "civilians", "troops", "defectors", "refugees", "missiles", "shells", "fishermen",
    "detainees", "prisoners", "casualties", "deaths", "families", "workers", "border guards", "drones",
    "vessels", "tanks", "aid trucks", "protesters", "students", "officials", "rounds",
]


def _zipf_weights(n: int) -> list[float]:
    return [1.0 / (i + 1) for i in range(n)]


def _ox_term(t) -> str | tuple:
    """A pyoxigraph term in the generator's plain form (IRI str, or (lexical, datatype, language))."""
    if isinstance(t, ox.NamedNode):
        return t.value
    if isinstance(t, ox.Literal):
        dt = None if t.language or t.datatype.value == _XSD_STRING else t.datatype.value
        return (t.value, dt, t.language)
    raise ValueError(f"unexpected term in the reference graph: {t!r}")


class KGShapedGraph:
    """Exactly ``n`` distinct quads, the same for the same ``(n, seed)``: ``SyntheticGraph(seed)``
    source by source, reshaped to kg's real vocabulary (see the module docstring), then cut at ``n``.

    Iterate once; afterwards ``stats`` counts what was generated and ``digest`` is a SHA-256 of the
    quads in order (equal in every process that generates the same data).
    """

    def __init__(self, n: int, seed: int) -> None:
        self.n, self.seed = n, seed
        self.stats: Counter = Counter()
        self.digest = ""
        self.sources: list[str] = []  # source ids, in order
        self.defection_sources: list[str] = []
        self.estimate_sources: list[str] = []
        ontology = load_ontology()
        self._ontology = ontology
        self.ref_map = self._ref_map(ontology)
        self.ref_label = {e.iri: e.label for e in ontology.entities.values()}
        self.ref_kind = {e.iri: e.kind for e in ontology.entities.values()}
        self.states = [self.ref_map[ref_iri("State", j)] for j in range(REF_KINDS["State"])]

    # -- reference entities: the generator's ref:<kind>-NNN -> real gazetteer entities ----------
    @staticmethod
    def _ref_map(ontology) -> dict[str, str]:
        by_kind: dict[str, list] = {}
        for e in ontology.entities.values():
            by_kind.setdefault(e.kind, []).append(e)
        state_iri = str(REF) + "state/"
        rank = {state_iri + code: i for i, code in enumerate(STATE_ORDER)}

        def key(e) -> tuple:
            if e.kind == "State":
                return (rank.get(e.iri, len(rank)), e.iri)
            homes = {e.capital_of, *e.located_in} - {None}
            return (min((rank.get(h, len(rank)) for h in homes), default=len(rank)), e.iri)

        out: dict[str, str] = {}
        for kind, count in REF_KINDS.items():
            real = sorted(by_kind.get(kind, []), key=key)
            if len(real) < count:
                raise SystemExit(f"the gazetteer has {len(real)} entities of kind {kind}, the generator needs {count}")
            for j in range(count):
                out[ref_iri(kind, j)] = real[j].iri
        return out

    # -- the stream ------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[tuple]:
        h = hashlib.sha256()
        count = 0
        for chunk in self._chunks():
            take = chunk[: self.n - count]
            for q in take:
                h.update(repr(q).encode())
                yield q
            count += len(take)
            if count >= self.n:
                break
        self.stats["quads"] = count
        self.digest = h.hexdigest()

    def _chunks(self) -> Iterator[list[tuple]]:
        yield self._reference()
        index: dict[tuple, list[str]] = {}  # (type, participant, day) -> events of earlier sources
        self._recent: dict[tuple, tuple[int, str]] = {}  # (type, participant) -> latest (day, event)
        buf: list[tuple] = []
        current: str | None = None
        for q in SyntheticGraph(10**15, self.seed):  # endless; cut here
            g = q[3]
            if g.startswith(SOURCE_GRAPH_PREFIX) and g != current:
                if current is not None:
                    yield self._source(buf, current, index)
                buf, current = [], g
            if current is not None:
                buf.append(q)

    def _reference(self) -> list[tuple]:
        """kg's reference graph as ``kg ingest`` writes it (ontology/**/*.ttl except shapes) with its
        content hash in the metadata graph, and the generator's software agent."""
        out = [(_ox_term(q.subject), _ox_term(q.predicate), _ox_term(q.object), _REFG)
               for q in self._ontology.reference_quads()]
        out.append((_REFG, str(KG.contentHash), (self._ontology.digest, None, None), _META))
        sw = f"{ID}software/kg/bench"  # as the generator names it
        out += [(sw, _T, str(KG.Software), _META), (sw, _LABEL, ("kg bench", None, None), _META)]
        self.stats["reference_quads"] = len(out)
        return out

    def _source(self, quads: list[tuple], graph: str, index: dict) -> list[tuple]:
        sid = graph.rsplit("/", 1)[-1]
        rng = Random(f"{self.seed}:{sid}")
        m = self.ref_map
        etype: dict[str, str] = {}  # event -> the generator's type name
        for s, p, o, g in quads:
            if p == _EVENT_TYPE:
                etype[s] = o.rsplit("/", 1)[-1]
        out: list[tuple] = []
        seen: set[tuple] = set()

        def add(q: tuple) -> None:
            if q not in seen:
                seen.add(q)
                out.append(q)

        in_graph_typed: set[str] = set()
        for s, p, o, g in quads:
            s = m.get(s, s)
            o = m.get(o, o) if isinstance(o, str) else o
            if g == graph:
                if p == _LABEL and s in self.ref_label:
                    o = (self.ref_label[s], None, "en")
                elif p == _EVENT_TYPE:
                    o = str(KGET[TYPE_MAP[o.rsplit("/", 1)[-1]]])
                elif p == _T and o == str(KG.Event) and s in etype:
                    o = self._ontology.event_types[str(KGET[TYPE_MAP[etype[s]]])].cls
                elif p == _QUANTITY_VALUE:
                    o = (f"{float(o[0])}", _DOUBLE, None)  # as rdfize writes Literal(float)
                    add((s, str(KG.quantityOf), (rng.choices(COUNTS, _zipf_weights(len(COUNTS)))[0], None, None), g))
                    self.stats["estimates"] += 1
                if p == _T and s in self.ref_kind:
                    in_graph_typed.add(s)
            add((s, p, o, g))
        # kg:origin for movements (what the extractor writes for "fled from X"), a state of the source
        origins = []
        for e, name in etype.items():
            if name in ORIGIN_TYPES and rng.random() < 0.7:
                state = rng.choices(self.states, _zipf_weights(len(self.states)))[0]
                origins.append((e, state))
        for e, state in origins:
            add((e, str(KG.origin), state, graph))
            if state not in in_graph_typed:
                add((state, _T, str(KG.State), graph))
                add((state, _LABEL, (self.ref_label[state], None, "en"), graph))
                in_graph_typed.add(state)
            self.stats["origins"] += 1
        # stats and sample sources
        types = Counter(TYPE_MAP[t] for t in etype.values())
        self.stats["sources"] += 1
        self.stats["events"] += len(etype)
        self.stats["defections"] += types["Defection"]
        self.sources.append(sid)
        if types["Defection"]:
            self.defection_sources.append(sid)
        if any(q[1] == _QUANTITY_VALUE for q in out):
            self.estimate_sources.append(sid)
        out += self._links(out, graph, etype, index)
        return out

    def _links(self, quads: list[tuple], graph: str, etype: dict, index: dict) -> list[tuple]:
        """The resolution graph's links of this source's events to earlier sources': owl:sameAs
        (kg.graph.resolve's rule: same type, the same day, a shared participant that is not a state) and,
        shaped like kg:sameEventAs, a link to the latest earlier event of the type at the same
        participant dated another day within a year (kg.graph.resolve asks for each the other's nearest;
        here the latest stands in for it)."""
        day_of: dict[str, str] = {}
        time_of: dict[str, str] = {}
        roles: dict[str, set[str]] = {}
        for s, p, o, g in quads:
            if g != graph:
                continue
            if p == _IN_DATE:
                day_of[s] = o[0]
            elif p == _HAS_TIME:
                time_of[s] = o
            elif p in _ROLES and s in etype and o in self.ref_kind and self.ref_kind[o] != "State":
                roles.setdefault(s, set()).add(o)
        links: set[tuple[str, str]] = set()
        same_event: set[tuple[str, str]] = set()
        keys = []
        for e, parts in roles.items():
            day = day_of.get(time_of.get(e, ""))
            if day is None:
                continue
            t = TYPE_MAP[etype[e]]
            n = _day_number(day)
            for x in parts:
                k = (t, x, day)
                keys.append((k, e))
                for other in index.get(k, ()):
                    links.add((min(e, other), max(e, other)))
                recent = self._recent.get((t, x))
                if recent is not None and recent[0] != n and abs(recent[0] - n) <= 366:
                    same_event.add((min(e, recent[1]), max(e, recent[1])))
        for k, e in keys:
            index.setdefault(k, []).append(e)
            self._recent[(k[0], k[1])] = (_day_number(k[2]), e)
        same_event -= links
        self.stats["links"] += len(links)
        self.stats["same_event_links"] += len(same_event)
        return ([(a, str(OWL.sameAs), b, _RESG) for a, b in sorted(links)]
                + [(a, str(KG.sameEventAs), b, _RESG) for a, b in sorted(same_event)])


def _day_number(day: str) -> int:
    y, m, d = (int(x) for x in day[:10].split("-"))
    return date(y, m, d).toordinal()


# ------------------------------------------------------------------------------------------------
# Cases: each named query with parameter values that exist in the data.
# ------------------------------------------------------------------------------------------------


def build_cases(data: KGShapedGraph) -> list[dict]:
    """``{"id", "query", "params"}`` for every named query (some twice: whole store and one source).
    Parameters are plain strings, as ``kg query NAME --param k=v`` passes them."""
    sources = data.sources
    defect_src = next((s for s in data.defection_sources if s >= sources[min(10, len(sources) - 1)]),
                      data.defection_sources[0] if data.defection_sources else sources[0])
    est_src = next((s for s in data.estimate_sources if s >= sources[min(10, len(sources) - 1)]), sources[0])
    state_a, state_b = data.states[0], data.states[1]
    city = data.ref_map[ref_iri("City", 0)]
    # a month in the middle of the publication dates (2020-01-01 + up to 2000 days)
    frm, to = "2022-06-01", "2022-06-30"
    cases = [
        ("actor_roles", "actor_roles", {"actor": state_a}),
        ("actor_roles[label]", "actor_roles", {"label": data.ref_label[state_b]}),
        ("disagreements", "disagreements", {}),
        ("estimates", "estimates", {}),
        ("estimates[source]", "estimates", {"source": est_src}),
        ("event_sources[type]", "event_sources", {"type": str(KGET.Defection)}),
        ("events_at_place", "events_at_place", {"place": state_a}),
        ("events_between_states", "events_between_states", {"state_a": state_a, "state_b": state_b}),
        ("events_by_code", "events_by_code", {"code": "190", "scheme": "cameo"}),
        ("fact_provenance", "fact_provenance", {"node": city}),
        ("retraction_impact", "retraction_impact", {"source": est_src}),
        ("single_source_claims[source]", "single_source_claims", {"source": est_src}),
        ("single_source_claims", "single_source_claims", {}),
        ("statements_by_kind", "statements_by_kind", {}),
        ("statements_by_kind[source]", "statements_by_kind", {"source": est_src}),
        ("timeline", "timeline", {}),
        ("timeline[from,to]", "timeline", {"from": frm, "to": to}),
        ("unlinked_actors", "unlinked_actors", {}),
        ("unlinked_actors[source]", "unlinked_actors", {"source": est_src}),
        ("who_defected", "who_defected", {}),
        ("who_defected[source]", "who_defected", {"source": defect_src}),
    ]
    names = {q.name for q in list_queries()}
    covered = {q for _, q, _ in cases}
    missing = names - covered
    if missing:  # a query added after this bench was written: run it without parameters
        cases += [(n, n, {}) for n in sorted(missing)]
    return [{"id": i, "query": q, "params": p} for i, q, p in cases if q in names]


# ------------------------------------------------------------------------------------------------
# Timing
# ------------------------------------------------------------------------------------------------


def child_kg(args) -> None:
    """One case on the store at ``--store``: run_query and raw pyoxigraph, interleaved (alternating
    which goes first). One warm-up each, then 7 runs each and until ``--budget`` seconds; a case
    whose warm-up took over ``--slow`` seconds counts its warm-ups and gets 3 runs each in all.
    Every run is printed as a JSON line at once, so the parent can stop a run that exceeds its cap
    (Oxigraph cannot be interrupted from Python: the parent kills this process)."""
    case = json.loads(args.case)
    name, params = case["query"], case["params"]
    limit = int(args.ox_mem_gb * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # fail here, not by the machine's OOM killer
    store = open_store(Path(args.store))
    text, subs = load_query(name).text, _subs(name, params)

    def kg() -> int:
        return len(run_query(store, name, params=params).rows)

    def raw() -> int:
        return sum(1 for _ in store.oxigraph.query(text, use_default_graph_as_union=True, substitutions=subs or None))

    def run(who: str, fn: Callable[[], int], warmup: bool) -> float:
        t0 = time.perf_counter()
        rows = fn()
        s = time.perf_counter() - t0
        print(json.dumps({"who": who, "s": s, "rows": rows, "warmup": warmup}), flush=True)
        return s

    wa, wb = run("kg", kg, True), run("raw", raw, True)
    slow = max(wa, wb) > args.slow
    a, b = ([wa], [wb]) if slow else ([], [])
    want = 3 if slow else 7
    while len(a) < want or (sum(a) + sum(b) < args.budget and len(a) < 200):
        order = (("kg", kg, a), ("raw", raw, b)) if len(a) % 2 == 0 else (("raw", raw, b), ("kg", kg, a))
        for who, fn, acc in order:
            acc.append(run(who, fn, False))
    print(json.dumps({"done": True, "slow": slow, "fixed_overhead_s": fixed_overhead_s(name, params)}), flush=True)


def time_case(args, store_path: Path, case: dict) -> dict:
    """Run ``child_kg`` for one case in a subprocess; a run longer than ``--ox-cap`` seconds is
    stopped (the subprocess killed) and the case recorded as capped."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", "kg", "--store", str(store_path),
           "--case", json.dumps(case), "--budget", str(args.budget), "--slow", str(args.slow),
           "--ox-mem-gb", str(args.ox_mem_gb)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=None)
    fd = proc.stdout.fileno()
    lines: list[dict] = []
    buf = b""
    deadline = time.monotonic() + args.ox_cap + 30  # the first run also opens the store
    capped = False
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                capped = True
                proc.kill()  # SIGKILL: a Python signal handler would wait for the engine to return
                break
            if not sel.select(timeout=min(left, 1.0)):
                continue
            chunk = os.read(fd, 65536)
            if not chunk:  # end of output: the child exited
                break
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                if line.strip():
                    lines.append(json.loads(line))
                    deadline = time.monotonic() + args.ox_cap
    proc.wait()
    proc.stdout.close()
    failed = None
    if not capped and not (lines and lines[-1].get("done")):
        rc = proc.returncode
        failed = f"exit code {rc}"
        if rc in (-6, -9, 1):  # Rust aborts when an allocation fails; Python raises MemoryError
            failed += f" (out of memory at the {args.ox_mem_gb:g} GiB address-space limit?)"
    runs = [x for x in lines if "who" in x]
    done = lines[-1] if lines and lines[-1].get("done") else {}
    slow = done.get("slow", capped)

    def samples(who: str) -> list[float]:
        return [x["s"] for x in runs if x["who"] == who and (slow or not x["warmup"])]

    def rows(who: str):
        return next((x["rows"] for x in reversed(runs) if x["who"] == who), None)

    ka, rb = samples("kg"), samples("raw")
    out = {"capped": capped, "cap_s": args.ox_cap, "failed": failed, "kg_runs": len(ka), "raw_runs": len(rb),
           "kg_median_s": statistics.median(ka) if ka else None,
           "raw_median_s": statistics.median(rb) if rb else None,
           "kg_rows": rows("kg"), "raw_rows": rows("raw"),
           "kg_samples": ka if len(ka) <= 20 else [], "raw_samples": rb if len(rb) <= 20 else [],
           "fixed_overhead_s": done.get("fixed_overhead_s")}
    out["runs_before_cap"] = [[x["who"], x["s"]] for x in runs] if capped else []
    out["ratio"] = out["kg_median_s"] / out["raw_median_s"] if ka and rb and not failed else None
    return out


def fixed_overhead_s(name: str, params: dict, *, runs: int = 15) -> dict:
    """What run_query does besides the engine's work, timed alone: load_query (read + header),
    check_query (tokenize + parse/plan on an empty scratch store), bind_params."""
    out = {}
    named = load_query(name)
    for what, fn in (("load_query", lambda: load_query(name)),
                     ("check_query", lambda: check_query(named.text)),
                     ("bind_params", lambda: bind_params(named, params))):
        fn()
        ts = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
        out[what] = statistics.median(ts)
    out["total"] = sum(out.values())
    return out


def _subs(name: str, params: dict) -> dict:
    return {ox.Variable(k): v for k, v in bind_params(load_query(name), params).items()}


# ------------------------------------------------------------------------------------------------
# rdflib, in a subprocess (its millions of Python objects stay out of the Oxigraph process)
# ------------------------------------------------------------------------------------------------


def _rdflib_term(t):
    from rdflib import Literal, URIRef

    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    if t.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(t.value)  # rdflib 7 tells "x"^^xsd:string from the plain "x" the data holds
    return Literal(t.value, datatype=URIRef(t.datatype.value))


def child_rdflib(args) -> dict:
    from rdflib import Dataset

    cases = json.loads(Path(args.cases).read_text())
    limit = int(args.rdflib_mem_gb * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    out: dict = {"queries": {}}
    data = KGShapedGraph(args.triples, args.seed)
    ds = Dataset(default_union=True)
    t0 = time.perf_counter()
    quads = to_rdflib_quads(data, ds)
    out["generate_s"] = time.perf_counter() - t0
    out["digest"] = data.digest
    _log(f"rdflib: loading {len(quads):,} quads (Dataset.addN)")
    t0 = time.perf_counter()
    ds.addN(quads)
    out["load_s"] = time.perf_counter() - t0
    del quads
    gc.collect()
    list(ds.query("ASK { }"))  # rdflib's SPARQL machinery loads on first use: not a query's cost
    for case in cases:
        named = load_query(case["query"])
        bindings = {k: _rdflib_term(v) for k, v in bind_params(named, case["params"]).items()}
        _log(f"rdflib: {case['id']}")
        try:
            t = time_query(lambda: sum(1 for _ in ds.query(named.text, initBindings=bindings)),
                           budget=args.budget, cap=args.cap, min_runs=3, max_runs=20)
            out["queries"][case["id"]] = asdict(t) | {"failed": None}
        except MemoryError:
            gc.collect()
            out["queries"][case["id"]] = {"median_s": None, "capped": False, "rows": None,
                                          "failed": f"MemoryError at the {args.rdflib_mem_gb:g} GiB limit"}
        except Exception as exc:  # rdflib's engine fails on some valid SPARQL (e.g. an unbound aggregate)
            out["queries"][case["id"]] = {"median_s": None, "capped": False, "rows": None,
                                          "failed": f"rdflib error: {type(exc).__name__}: {exc}"}
    out["peak_rss_bytes"] = peak_rss_bytes()
    return out


def run_child(args, cases: list[dict], work: Path) -> dict:
    cases_file = work / "rdflib-cases.json"
    cases_file.write_text(json.dumps(cases))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", "rdflib", "--triples", str(args.triples),
           "--seed", str(args.seed), "--cap", str(args.cap), "--budget", str(args.budget),
           "--cases", str(cases_file), "--rdflib-mem-gb", str(args.rdflib_mem_gb)]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=None, text=True, timeout=6 * 3600)
    if proc.returncode != 0:
        raise SystemExit(f"rdflib child failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------------
# The run
# ------------------------------------------------------------------------------------------------


def _log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def bench(args) -> dict:
    n = args.triples
    work = Path(tempfile.mkdtemp(prefix="kg-bench-queries-", dir=args.tmp))
    res: dict = {"config": {"triples": n, "seed": args.seed, "cap_s": args.cap, "ox_cap_s": args.ox_cap,
                            "slow_s": args.slow, "budget_s": args.budget,
                            "quick": args.quick, "rdflib_queries": args.rdflib_queries},
                 "machine": machine_info(), "git": git_state()}
    try:
        _log(f"generating {n:,} quads (SyntheticGraph reshaped to kg's vocabulary)")
        data = KGShapedGraph(n, args.seed)
        t0 = time.perf_counter()
        quads = to_ox_quads(data)
        res["generate_s"] = time.perf_counter() - t0
        res["data"] = {**data.stats, "digest": data.digest}
        _log(f"bulk-loading into {work / 'store'}")
        store = open_store(work / "store")
        t0 = time.perf_counter()
        store.oxigraph.bulk_extend(quads)
        store.flush()
        res["load_s"] = time.perf_counter() - t0
        if len(store) != n:
            raise SystemExit(f"expected {n} quads in the store, found {len(store)}")
        del quads, store
        gc.collect()

        cases = build_cases(data)
        res["cases"] = cases
        res["kg"] = {}
        for case in cases:
            _log(f"query {case['id']} {case['params'] or ''}")
            e = time_case(args, work / "store", case)
            res["kg"][case["id"]] = e
            if e["failed"]:
                _log(f"  failed: {e['failed']}")
            elif e["capped"]:
                _log(f"  stopped: a run took over {args.ox_cap:g} s (completed runs: {e['runs_before_cap']})")
            else:
                _log(f"  kg {_dur(e['kg_median_s'])}  raw {_dur(e['raw_median_s'])}  {e['ratio']:.3f}x  "
                     f"[{e['kg_rows']} rows]")

        wanted = [c.strip() for c in args.rdflib_queries.split(",") if c.strip()]
        rd_cases = [c for c in cases if c["id"] in wanted]
        if rd_cases:
            _log(f"rdflib Dataset (in memory): {', '.join(c['id'] for c in rd_cases)}")
            rd = run_child(args, rd_cases, work)
            if rd["digest"] != data.digest:
                raise SystemExit("the two processes generated different data")
            res["rdflib"] = rd
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    res["targets"] = compare(res)
    return res


def compare(res: dict) -> dict:
    targets: dict = {"kg_over_raw": {}, "rdflib_speedup": {}}
    for cid, e in res["kg"].items():
        if e.get("failed"):
            verdict = f"not measured (the query failed: {e['failed']})"
        elif e["ratio"] is None:
            verdict = f"not measured (a run took > {e['cap_s']:g} s)"
        else:
            verdict = "pass" if e["ratio"] <= TARGET_KG_OVER_RAW else "FAIL"
            if e["capped"]:
                verdict += " (partial: a later run was stopped)"
        targets["kg_over_raw"][cid] = {"value": e["ratio"], "target": TARGET_KG_OVER_RAW, "verdict": verdict,
                                       "rows_match": None if e["capped"] else e["kg_rows"] == e["raw_rows"]}
    for cid, t in res.get("rdflib", {}).get("queries", {}).items():
        kg = res["kg"][cid]["kg_median_s"]
        speedup = t["median_s"] / kg if kg and t["median_s"] else None
        entry = {"value": speedup, "lower_bound": t["capped"], "rdflib_rows": t["rows"],
                 "rows_match": None if t["capped"] or speedup is None else t["rows"] == res["kg"][cid]["kg_rows"]}
        if cid in JOIN_HEAVY:
            if t.get("failed"):
                verdict = f"not measured (rdflib: {t['failed']})"
            elif speedup is None:
                verdict = "not measured (the kg run did not finish: see above)"
            elif speedup >= TARGET_RDFLIB_SPEEDUP:
                verdict = "pass"
            else:
                verdict = "not shown (rdflib capped)" if t["capped"] else "FAIL"
            entry |= {"target": TARGET_RDFLIB_SPEEDUP, "verdict": verdict}
        targets["rdflib_speedup"][cid] = entry
    return targets


# ------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------


def _dur(s: float) -> str:
    if s < 1e-3:
        return f"{s * 1e6:.0f} us"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def format_report(res: dict) -> str:
    m, d, n = res["machine"], res["data"], res["config"]["triples"]
    t = res["targets"]
    lines = [
        f"kg named-query benchmark: {n:,} quads (seed {res['config']['seed']}), {d['sources']:,} source graphs, "
        f"{d['events']:,} events ({d['defections']:,} defections), {d['estimates']:,} estimates, "
        f"{d['origins']:,} kg:origin, {d['links']:,} owl:sameAs and {d.get('same_event_links', 0):,} kg:sameEventAs links",
        f"machine: {m.get('cpu', '?')}, {m['nproc']} cores, {m.get('mem_total_bytes', 0) / 1024**3:.1f} GiB RAM; "
        f"Python {m['python']}, pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}",
        f"kg at commit {res['git']['commit'][:10]}{' + local changes' if res['git']['dirty'] else ''}; "
        f"data sha256 (generated quads): {d['digest']}; generate {res['generate_s']:.1f} s, "
        f"bulk load {res['load_s']:.1f} s",
        "",
        f"{'query':30} {'rows':>8} {'run_query':>11} {'raw ox':>11} {'kg/raw':>8} {'fixed':>9} {'runs':>5}  verdict",
    ]
    for cid, e in res["kg"].items():
        v = t["kg_over_raw"][cid]
        rows = "?" if e["kg_rows"] is None else str(e["kg_rows"])
        if v["rows_match"] is False:
            rows += f" (raw {e['raw_rows']})"
        unfinished = "failed" if e.get("failed") else f"> {e['cap_s']:g} s"
        kg = _dur(e["kg_median_s"]) if e["kg_median_s"] else unfinished
        raw = _dur(e["raw_median_s"]) if e["raw_median_s"] else unfinished
        ratio = f"{e['ratio']:.3f}x" if e["ratio"] else "-"
        fixed = _dur(e["fixed_overhead_s"]["total"]) if e["fixed_overhead_s"] else "-"
        lines.append(f"{cid:30} {rows:>8} {kg:>11} {raw:>11} {ratio:>8} {fixed:>9} {e['kg_runs']:>5}  {v['verdict']}")
    ratios = [e["ratio"] for e in res["kg"].values() if e["ratio"]]
    if ratios:
        lines += ["", f"kg/raw over {len(ratios)} measured cases: median {statistics.median(ratios):.3f}x, worst "
                  f"{max(ratios):.3f}x (target <= {TARGET_KG_OVER_RAW}x for every query); 'fixed' = load_query + "
                  "check_query + bind_params timed alone"]
    if "rdflib" in res:
        rd = res["rdflib"]
        lines += ["", f"rdflib Dataset (in memory): load {rd['load_s']:.1f} s, peak RSS "
                  f"{rd['peak_rss_bytes'] / 1024**2:,.0f} MiB, cap {res['config']['cap_s']:g} s per run",
                  f"{'query':30} {'rows':>8} {'kg':>11} {'rdflib':>16} {'rdflib/kg':>11}  verdict"]
        for cid, q in rd["queries"].items():
            s = t["rdflib_speedup"][cid]
            rq = ("failed" if q.get("failed") else f"> {_dur(q['median_s'])} (cap)" if q["capped"]
                  else _dur(q["median_s"]))
            ratio = "-" if s["value"] is None else f"{'>= ' if s['lower_bound'] else ''}{s['value']:,.1f}x"
            rows = "?" if q["rows"] is None else str(q["rows"])
            if s["rows_match"] is False:
                rows += f" (kg {res['kg'][cid]['kg_rows']})"
            verdict = s.get("verdict", "(no target)")
            kgm = res["kg"][cid]["kg_median_s"]
            kgs = _dur(kgm) if kgm else f"> {res['config']['ox_cap_s']:g} s"
            lines.append(f"{cid:30} {rows:>8} {kgs:>11} {rq:>16} {ratio:>11}  {verdict}")
    if n != DEFAULT_TRIPLES:
        lines.append(f"(the targets are stated for {DEFAULT_TRIPLES:,} triples; this run has {n:,})")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=None, help=f"quads to generate (default {DEFAULT_TRIPLES:,})")
    p.add_argument("--quick", action="store_true", help=f"a smoke run with {QUICK_TRIPLES:,} quads")
    p.add_argument("--json", type=Path, default=None, metavar="OUT", help="also write all figures as JSON to OUT")
    p.add_argument("--seed", type=int, default=42, help="seed of the synthetic data (default 42)")
    p.add_argument("--cap", type=float, default=60.0, help="time cap per rdflib query run, seconds (default 60)")
    p.add_argument("--budget", type=float, default=None,
                   help="seconds of timed runs per query and engine pair (default 2; --quick 0.3)")
    p.add_argument("--rdflib-queries", default="who_defected,timeline,disagreements,events_at_place,"
                   "statements_by_kind[source],estimates",
                   help="case ids to run on rdflib too, comma-separated ('' for none)")
    p.add_argument("--tmp", type=Path, default=None, help="where to make the temporary work folder")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    p.add_argument("--ox-cap", type=float, default=None,
                   help="stop a kg/raw query run after this many seconds (default 300; --quick 60)")
    p.add_argument("--ox-mem-gb", type=float, default=8.0,
                   help="address-space limit of each kg/raw query process, GiB (default 8): a query that needs "
                        "more fails instead of exhausting the machine")
    p.add_argument("--rdflib-mem-gb", type=float, default=12.0,
                   help="address-space limit of the rdflib process, GiB (default 12)")
    p.add_argument("--slow", type=float, default=5.0,
                   help="a query whose first run takes longer gets 3 runs in all, the first counted (default 5)")
    p.add_argument("--_child", choices=["rdflib", "kg"], help=argparse.SUPPRESS)
    p.add_argument("--cases", help=argparse.SUPPRESS)
    p.add_argument("--case", help=argparse.SUPPRESS)
    p.add_argument("--store", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.triples is None:
        args.triples = QUICK_TRIPLES if args.quick else DEFAULT_TRIPLES
    if args.budget is None:
        args.budget = 0.3 if args.quick else 2.0
    if args.ox_cap is None:
        args.ox_cap = 60.0 if args.quick else 300.0
    if args.triples < 20_000:
        p.error("--triples must be at least 20000 (kg's reference graph alone has ~7,100)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args._child == "kg":
        child_kg(args)
        return 0
    if args._child == "rdflib":
        print(json.dumps(child_rdflib(args)))
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the work folder is removed
    busy0, ours0, t0 = machine_busy_cpu_s(), own_cpu_s(), time.perf_counter()
    res = bench(args)
    res["wall_s"] = wall = time.perf_counter() - t0
    others = max(0.0, (machine_busy_cpu_s() - busy0) - (own_cpu_s() - ours0)) / wall
    res["machine"]["other_processes_cores"] = others
    print(format_report(res))
    print(f"\n(wall time {wall:.0f} s; other processes used {others:.2f} of {os.cpu_count()} cores meanwhile)")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
