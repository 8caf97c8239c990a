"""Measure extraction against hand annotations (the GUIDE.md gold format).

``evaluate_folder`` ingests the articles into a fresh in-memory store, then reads the graph back
through public vocabularies only (NIF, GAF, SEM, OWL-Time, schema.org, FOAF), exactly as an outside
scorer would: an entity matches a gold entity of the same type when a name or Wikidata id agrees; an
event matches when its mention overlaps the gold sentence and its type names the gold type; argument
and time agreement are counted on matched events.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import FOAF, OWL, RDF, RDFS, SKOS

from kg.errors import InputError
from kg.jobs.ingest import ingest_paths
from kg.graph.store import ExportFormat, open_store
from kg.vocab import GAF, NIF, SCHEMA, SEM, TIME, WD

_ENTITY_ROOTS = [
    ("Person", [SCHEMA.Person, FOAF.Person]),
    ("State", [SCHEMA.Country]),
    ("Organization", [SCHEMA.Organization, FOAF.Organization]),
    ("Group", [FOAF.Group]),
    ("Place", [SCHEMA.Place]),
]
_TIME_PROPS = [TIME.inXSDDate, TIME.inXSDgYear, TIME.inXSDgYearMonth, TIME.inXSDDateTimeStamp]
_SEM_TS = [SEM.hasTimeStamp, SEM.hasBeginTimeStamp, SEM.hasEarliestBeginTimeStamp, SEM.hasEndTimeStamp]
_OPINION_KINDS = {"opinion", "recommendation", "prediction"}


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", str(s)).lower().replace("’", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"^(the|a|an)\s+", "", s.strip())
    return re.sub(r"\s+", " ", s).strip()


def _squash(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(s).lower())


def _local(u) -> str:
    return re.split(r"[/#]", str(u).rstrip("/#"))[-1]


def _prf(tp: float, pred: float, gold: float) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class ArticleScore:
    article: str
    found: bool
    counts: dict[str, int] = field(default_factory=dict)
    missed_entities: list[str] = field(default_factory=list)
    missed_events: list[str] = field(default_factory=list)


@dataclass
class EvalReport:
    articles: list[ArticleScore]
    summary: dict[str, float]


class _Reader:
    """The graph as an outside scorer sees it."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self._up = defaultdict(set)
        for s, o in g.subject_objects(RDFS.subClassOf):
            self._up[s].add(o)
        self._pup = defaultdict(set)
        for s, o in g.subject_objects(RDFS.subPropertyOf):
            self._pup[s].add(o)
        preds = set(g.predicates())
        self.actor_props = {p for p in preds if SEM.hasActor in self._closure(p, self._pup)}
        self.place_props = {p for p in preds if SEM.hasPlace in self._closure(p, self._pup)}
        self.contexts = {c: str(t) for c, t in g.subject_objects(NIF.isString)}
        self.mentions = defaultdict(list)
        for m, c in g.subject_objects(NIF.referenceContext):
            self.mentions[c].append(m)
        self.denoters = defaultdict(set)
        for x, m in g.subject_objects(GAF.denotedBy):
            self.denoters[m].add(x)
        self._cache: dict = {}

    @staticmethod
    def _closure(x, up) -> set:
        seen, todo = {x}, [x]
        while todo:
            for p in up.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    def classes(self, x) -> set:
        out = set()
        for t in self.g.objects(x, RDF.type):
            if t not in self._cache:
                self._cache[t] = self._closure(t, self._up)
            out |= self._cache[t]
        return out

    def entity_type(self, x) -> str | None:
        cls = self.classes(x)
        if SEM.Event in cls:
            return None
        for name, roots in _ENTITY_ROOTS:
            if any(r in cls for r in roots):
                return name
        return None

    def span(self, m):
        b, e = self.g.value(m, NIF.beginIndex), self.g.value(m, NIF.endIndex)
        return (int(b), int(e)) if b is not None and e is not None else None

    def names(self, x, mset) -> set[str]:
        out = set()
        for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SCHEMA.name, FOAF.name):
            out |= {_norm(str(o)) for o in self.g.objects(x, p)}
        for m in self.g.objects(x, GAF.denotedBy):
            if m in mset:
                a = self.g.value(m, NIF.anchorOf)
                if a is not None:
                    out.add(_norm(str(a)))
        return {n for n in out if n}

    def qids(self, x) -> set[str]:
        return {
            str(o)[len(str(WD)) :]
            for p in (OWL.sameAs, SCHEMA.sameAs, SKOS.exactMatch)
            for o in self.g.objects(x, p)
            if str(o).startswith(str(WD))
        }

    def type_words(self, ev) -> set[str]:
        nodes = set(self.g.objects(ev, RDF.type)) | set(self.g.objects(ev, SEM.eventType))
        expanded = set()
        for n in nodes:
            expanded |= self._closure(n, self._up)
            expanded |= set(self.g.transitive_objects(n, SKOS.broader))
        words = set()
        for n in expanded:
            words.add(_squash(_local(n)))
            for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.notation):
                words |= {_squash(str(o)) for o in self.g.objects(n, p)}
        return words

    def times(self, ev) -> set[str]:
        vals = set()
        for t in self.g.objects(ev, SEM.hasTime):
            for p in _TIME_PROPS + _SEM_TS:
                vals |= {str(o) for o in self.g.objects(t, p)}
        for p in _SEM_TS:
            vals |= {str(o) for o in self.g.objects(ev, p)}
        return vals

    def find_context(self, text: str):
        want = text.strip()
        for c, s in self.contexts.items():
            if s.strip() == want:
                return c, s
        return None, None


def score_article(r: _Reader, text: str, gold: dict) -> ArticleScore:
    ctx, ctext = r.find_context(text)
    res = ArticleScore(gold["article"], ctx is not None)
    if ctx is None:
        res.counts = {"gold_entities": len(gold["entities"]), "gold_events": len(gold["events"])}
        return res
    mentions = r.mentions[ctx]
    mset = set(mentions)
    bad = sum(
        1
        for m in mentions
        if (sp := r.span(m)) is None
        or r.g.value(m, NIF.anchorOf) is None
        or ctext[sp[0] : sp[1]] != str(r.g.value(m, NIF.anchorOf))
    )
    things = set().union(*(r.denoters[m] for m in mentions)) if mentions else set()
    pred_ents = {x: t for x in things if (t := r.entity_type(x))}
    gnames = {e["id"]: {_norm(e["label"])} | {_norm(m) for m in e.get("mentions", [])} for e in gold["entities"]}
    pairs = [
        (x, e["id"])
        for x, t in sorted(pred_ents.items())
        for e in gold["entities"]
        if e["type"] == t
        and ((e.get("wikidata") and e["wikidata"] in r.qids(x)) or (r.names(x, mset) & gnames[e["id"]]))
    ]
    loose = defaultdict(set)
    for x, gid in pairs:
        loose[x].add(gid)
    ent_map = _one_to_one(pairs)
    used = set(ent_map.values())

    def sent_span(s):
        i = ctext.find(s)
        return (i, i + len(s)) if i >= 0 else None

    pred_evs = sorted((x for x in things if SEM.Event in r.classes(x)), key=str)
    ev_spans = {x: [r.span(m) for m in r.g.objects(x, GAF.denotedBy) if m in mset] for x in pred_evs}
    cand = []
    for x in pred_evs:
        words = r.type_words(x)
        for ge in gold["events"]:
            gs = sent_span(ge["sentence"])
            if gs is None or _squash(ge["type"]) not in words:
                continue
            if not any(sp and sp[0] < gs[1] and sp[1] > gs[0] for sp in ev_spans[x]):
                continue
            gargs = set(ge.get("agents", []) + ge.get("patients", []) + ge.get("places", []))
            gargs |= {ge[k] for k in ("origin", "destination") if ge.get(k)}
            pargs = set()
            for p in r.actor_props | r.place_props:
                pargs |= set(r.g.objects(x, p))
            hit = {gid for y in pargs for gid in loose.get(y, ())} & gargs
            cand.append((len(hit), x, ge["id"], gargs, pargs, hit))
    cand.sort(key=lambda c: -c[0])
    ev_map, gused = {}, set()
    c: defaultdict[str, int] = defaultdict(int)
    gold_by_id = {ge["id"]: ge for ge in gold["events"]}
    for _, x, gid, gargs, pargs, hit in cand:
        if x in ev_map or gid in gused:
            continue
        ev_map[x] = gid
        gused.add(gid)
        c["arg_tp"] += len(hit)
        c["arg_gold"] += len(gargs)
        c["arg_pred"] += len(pargs)
        gt = (gold_by_id[gid].get("time") or {}).get("value")
        if gt:
            c["time_n"] += 1
            c["time_ok"] += any(v.startswith(gt) for v in r.times(x))
    op_spans = [
        s for cl in gold.get("claims", []) if cl.get("kind") in _OPINION_KINDS and (s := sent_span(cl["sentence"]))
    ]
    ev_sents = [sent_span(ge["sentence"]) for ge in gold["events"]]
    for x in pred_evs:
        for sp in ev_spans[x]:
            if (
                sp
                and any(sp[0] >= s[0] and sp[1] <= s[1] for s in op_spans)
                and not any(s and sp[0] >= s[0] and sp[1] <= s[1] for s in ev_sents)
            ):
                c["opinion_event_leaks"] += 1
                break
    claims = [x for x in things if SCHEMA.Claim in r.classes(x)]
    cspans = [r.span(m) for x in claims for m in r.g.objects(x, GAF.denotedBy) if m in mset]
    c["claims_found"] = sum(1 for s in op_spans if any(cs and cs[0] < s[1] and cs[1] > s[0] for cs in cspans))
    c.update(
        mentions=len(mentions),
        bad_anchors=bad,
        pred_entities=len(pred_ents),
        gold_entities=len(gold["entities"]),
        ent_tp=len(ent_map),
        pred_events=len(pred_evs),
        gold_events=len(gold["events"]),
        ev_tp=len(ev_map),
        opinion_sentences=len(op_spans),
    )
    res.counts = dict(c)
    res.missed_entities = [e["label"] for e in gold["entities"] if e["id"] not in used]
    res.missed_events = [f"{ge['type']}: {ge['sentence'][:70]}" for ge in gold["events"] if ge["id"] not in gused]
    return res


def _one_to_one(pairs: list[tuple]) -> dict:
    """A maximum one-to-one matching of predicted to gold entities (independent of order)."""
    import networkx as nx

    g = nx.Graph()
    left = {("p", x) for x, _ in pairs}
    g.add_nodes_from(left, bipartite=0)
    g.add_edges_from((("p", x), ("g", gid)) for x, gid in pairs)
    if not pairs:
        return {}
    m = nx.bipartite.maximum_matching(g, top_nodes=left)
    return {a[1]: b[1] for a, b in m.items() if a[0] == "p"}


def summarize(rows: list[ArticleScore]) -> dict[str, float]:
    t: defaultdict[str, float] = defaultdict(int)
    for row in rows:
        t["found"] += int(row.found)
        for k, v in row.counts.items():
            t[k] += v
    ep, er, ef = _prf(t["ent_tp"], t["pred_entities"], t["gold_entities"])
    vp, vr, vf = _prf(t["ev_tp"], t["pred_events"], t["gold_events"])
    ap, ar, af = _prf(t["arg_tp"], t["arg_pred"], t["arg_gold"])
    return {
        "articles": len(rows),
        "found": t["found"],
        "entity_p": round(ep, 3),
        "entity_r": round(er, 3),
        "entity_f1": round(ef, 3),
        "event_p": round(vp, 3),
        "event_r": round(vr, 3),
        "event_f1": round(vf, 3),
        "arg_p": round(ap, 3),
        "arg_r": round(ar, 3),
        "arg_f1": round(af, 3),
        "time_acc": round(t["time_ok"] / t["time_n"], 3) if t["time_n"] else 0.0,
        "anchor_errors": t["bad_anchors"],
        "mentions": t["mentions"],
        "opinion_event_leaks": t["opinion_event_leaks"],
        "claim_recall": round(t["claims_found"] / t["opinion_sentences"], 3) if t["opinion_sentences"] else 0.0,
    }


def evaluate_folder(articles: Path, gold: Path, *, ontology_dirs: list[Path] | None = None) -> EvalReport:
    """Ingest ``articles`` into a fresh in-memory store and score it against ``gold``."""
    if not gold.is_dir() or not articles.is_dir():
        raise InputError(
            f"not a folder: {gold if not gold.is_dir() else articles}", hint="give --articles DIR --gold DIR"
        )
    store = open_store(None)
    gold_files = sorted(gold.glob("*.json"))
    paths = [articles / f"{g.stem}.txt" for g in gold_files if (articles / f"{g.stem}.txt").is_file()]
    ingest_paths(store, paths, ontology_dirs=ontology_dirs)
    g = Graph()
    g.parse(data=store.export(ExportFormat.TURTLE).decode("utf-8"), format="turtle")  # union of all graphs
    reader = _Reader(g)
    rows = []
    for gf in gold_files:
        try:
            gd = json.loads(gf.read_text(encoding="utf-8"))
            text = (articles / f"{gf.stem}.txt").read_text(encoding="utf-8")
        except (OSError, json.JSONDecodeError) as e:
            raise InputError(
                f"{gf.name}: cannot read gold annotation or its article: {e}", hint="check the folders"
            ) from e
        rows.append(score_article(reader, text, gd))
    return EvalReport(rows, summarize(rows))


def format_report(report: EvalReport, *, details: bool = False) -> str:
    lines = ["article                                   found  ent tp/pred/gold   ev tp/pred/gold  args tp/gold  time"]
    for r in report.articles:
        c = r.counts
        if not r.found:
            lines.append(f"{r.article[:40]:40}  no")
            continue
        lines.append(
            f"{r.article[:40]:40}  yes   {c.get('ent_tp', 0):3}/{c.get('pred_entities', 0):3}/{c.get('gold_entities', 0):3}"
            f"      {c.get('ev_tp', 0):3}/{c.get('pred_events', 0):3}/{c.get('gold_events', 0):3}"
            f"     {c.get('arg_tp', 0):3}/{c.get('arg_gold', 0):3}     {c.get('time_ok', 0)}/{c.get('time_n', 0)}"
        )
        if details:
            lines += [f"    missed entity: {m}" for m in r.missed_entities]
            lines += [f"    missed event: {m}" for m in r.missed_events]
    lines.append(json.dumps(report.summary))
    return "\n".join(lines)
