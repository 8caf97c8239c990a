"""Reading the store for the network: what each source graph states, as plain records.

:class:`Reader` asks the store with SPARQL (default graph = union of all graphs; each fact is
scoped to the source graph that states it) for the sources, the typed entities and claims, the
events with their types and times, the claim kinds, the mentions with their offsets, the links
drawn as edges and the source texts. Names with a leading underscore are shared inside
:mod:`kg.network` only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from kg.network.kind import _KIND_RANK, _KIND_ROOTS, Kind
from kg.graph.store import KGStore
from kg.vocab import KG, PROV

# -- SPARQL ------------------------------------------------------------------------------------
# Every query joins the metadata graph to find the source graphs, so reference data (ontology,
# gazetteer) never shows up as something a source states.

_Q_SOURCES = """
SELECT ?doc ?sid ?graph ?headline ?url ?published ?publisher WHERE {
  GRAPH kgg:metadata {
    ?doc a kg:SourceDocument ; kg:sourceId ?sid ; kg:sourceGraph ?graph .
    OPTIONAL { ?doc schema:headline ?headline }
    OPTIONAL { ?doc schema:url ?url }
    OPTIONAL { ?doc schema:datePublished ?published }
    OPTIONAL { ?doc schema:publisher ?publisher }
  }
}"""

_Q_CLASS_KINDS = """
SELECT ?cls ?root WHERE {
  VALUES ?root { kg:Organization kg:State kg:Person kg:Group kg:Place kg:Claim }
  ?cls rdfs:subClassOf* ?root .
}"""

_Q_TYPED = """
SELECT ?g ?s ?type ?label WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  GRAPH ?g {
    ?s a ?type .
    FILTER(?type NOT IN (nif:OffsetBasedString, nif:Context, kg:Mention, kg:SentenceMention, kg:TimeValue))
    OPTIONAL { ?s rdfs:label ?label }
  }
}"""

_Q_REF_LABELS = """
SELECT ?s ?label WHERE {
  GRAPH kgg:reference { ?s rdfs:label|skos:prefLabel ?label }
}"""

_Q_EVENTS = """
SELECT ?g ?e ?etype ?elabel ?tlabel ?time ?value ?earliest ?latest WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  GRAPH ?g {
    ?e sem:eventType ?etype .
    OPTIONAL { ?e rdfs:label ?elabel }
    OPTIONAL {
      ?e sem:hasTime ?time .
      OPTIONAL { ?time time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear|time:inXSDDateTimeStamp ?value }
      OPTIONAL { ?time sem:hasEarliestBeginTimeStamp ?earliest }
      OPTIONAL { ?time sem:hasLatestEndTimeStamp ?latest }
    }
  }
  OPTIONAL { ?etype skos:prefLabel ?tlabel }
}"""

_Q_CLAIM_KINDS = """
SELECT ?g ?c ?ck ?cklabel ?quantity ?counts ?verb WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  GRAPH ?g {
    ?c kg:claimKind ?ck .
    OPTIONAL { ?c kg:quantityValue ?quantity }
    OPTIONAL { ?c kg:quantityOf ?counts }
    OPTIONAL { ?c kg:reportingVerb ?verb }
  }
  OPTIONAL { ?ck skos:prefLabel ?cklabel }
}"""

_Q_LINKS = """
SELECT ?g ?s ?p ?o WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  VALUES ?p { kg:agent kg:patient kg:place kg:origin kg:destination prov:wasAttributedTo
              kg:nationality kg:affiliation kg:stateOf }
  GRAPH ?g { ?s ?p ?o }
}"""

_Q_MENTIONS = """
SELECT ?g ?s ?m ?mb ?me ?ma ?sb ?se ?sa ?is_sentence WHERE {
  GRAPH kgg:metadata { ?doc kg:sourceGraph ?g }
  GRAPH ?g {
    ?s gaf:denotedBy ?m .
    ?m nif:beginIndex ?mb ; nif:endIndex ?me ; nif:anchorOf ?ma .
    OPTIONAL { ?m nif:sentence ?sent . ?sent nif:beginIndex ?sb ; nif:endIndex ?se ; nif:anchorOf ?sa }
    BIND(EXISTS { ?m a kg:SentenceMention } AS ?is_sentence)
  }
}"""

_Q_TEXT = """
SELECT ?g ?ctx ?text WHERE { GRAPH ?g { ?ctx a nif:Context ; nif:isString ?text } }"""


# -- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    source_id: str
    doc: str
    graph: str
    title: str | None
    url: str | None
    published: str | None
    publisher: str | None

    def ref(self) -> dict:
        return {
            "source_id": self.source_id,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "publisher": self.publisher,
        }


@dataclass(frozen=True, order=True)
class _Mention:
    begin: int
    end: int
    anchor: str
    iri: str
    sentence_begin: int | None
    sentence_end: int | None
    sentence: str | None
    is_sentence: bool


@dataclass
class NodeRecord:
    iri: str
    kind: Kind
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    graphs: set[str] = field(default_factory=set)
    subtype: str = ""
    attrs: dict = field(default_factory=dict)


def value_of(term) -> str | None:
    return None if term is None else term.value


def _lang_rank(term) -> int:
    """Prefer English, then untagged, then anything else."""
    lang = getattr(term, "language", None)
    return 0 if lang in ("en",) or (lang or "").startswith("en-") else (1 if not lang else 2)


def best_label(terms: Iterable) -> str | None:
    terms = [t for t in terms if t is not None]
    if not terms:
        return None
    return min(terms, key=lambda t: (_lang_rank(t), t.value)).value


def local_name(iri_text: str) -> str:
    return re.split(r"[/#]", iri_text.rstrip("/#"))[-1]


def words_of(name: str) -> str:
    """A class or concept local name as words: ``ArmedForces`` -> ``armed forces``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return re.sub(r"[-_]+", " ", spaced).strip().lower() or name


def _span_of(value: str) -> tuple[str, str]:
    """First and last day an ISO year, year-month, date or timestamp covers."""
    v = value.strip()
    if re.fullmatch(r"-?\d{4}", v):
        return f"{v}-01-01", f"{v}-12-31"
    m = re.fullmatch(r"(\d{4})-(\d{2})", v)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        nxt = date(y + (mo == 12), mo % 12 + 1, 1)
        return f"{v}-01", (date.fromordinal(nxt.toordinal() - 1)).isoformat()
    return v[:10], v[:10]


# -- reading -----------------------------------------------------------------------------------


class Reader:
    """The records of every source graph in the store, filled by the ``read_*`` methods."""

    def __init__(self, store: KGStore) -> None:
        self.store = store
        self.sources: dict[str, _Source] = {}
        self.nodes: dict[str, NodeRecord] = {}
        self.mentions: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
        self.texts: dict[str, str | None] = {}

    # sources, classes, labels
    def read_sources(self) -> None:
        for row in self.store.query(_Q_SOURCES):
            graph = row["graph"].value
            if graph in self.sources:
                continue
            self.sources[graph] = _Source(
                source_id=row["sid"].value,
                doc=row["doc"].value,
                graph=graph,
                title=value_of(row["headline"]),
                url=value_of(row["url"]),
                published=value_of(row["published"]),
                publisher=value_of(row["publisher"]),
            )

    def class_kinds(self) -> tuple[dict[str, Kind], set[str]]:
        kinds: dict[str, Kind] = {}
        for kind, classes in _KIND_ROOTS:
            for c in classes:
                kinds.setdefault(str(c), kind)
        claim_classes = {str(KG.Claim), str(KG.Estimate)}
        root_kind = {str(c[0]): k for k, c in _KIND_ROOTS}
        for row in self.store.query(_Q_CLASS_KINDS):
            cls, root = row["cls"], row["root"].value
            if not isinstance(cls, ox.NamedNode):
                continue
            if root == str(KG.Claim):
                claim_classes.add(cls.value)
            elif cls.value not in kinds or _KIND_RANK[root_kind[root]] < _KIND_RANK[kinds[cls.value]]:
                kinds[cls.value] = root_kind[root]
        return kinds, claim_classes

    def ref_labels(self) -> dict[str, str]:
        found: dict[str, list] = defaultdict(list)
        for row in self.store.query(_Q_REF_LABELS):
            if isinstance(row["s"], ox.NamedNode):
                found[row["s"].value].append(row["label"])
        return {k: label for k, v in found.items() if (label := best_label(v)) is not None}

    def node(self, iri_text: str, kind: Kind) -> NodeRecord:
        n = self.nodes.get(iri_text)
        if n is None:
            n = self.nodes[iri_text] = NodeRecord(iri_text, kind)
        return n

    # entities and claims
    def read_typed(self) -> None:
        kinds, claim_classes = self.class_kinds()
        typed: dict[str, list] = defaultdict(list)
        for row in self.store.query(_Q_TYPED):
            s = row["s"]
            if not isinstance(s, ox.NamedNode):
                continue
            t = row["type"].value
            g = row["g"].value
            if g not in self.sources:
                continue
            if t in claim_classes:
                n = self.node(s.value, Kind.CLAIM)
                n.kind = Kind.CLAIM
                n.graphs.add(g)
                if t == str(KG.Estimate):
                    n.attrs["estimate"] = True
                continue
            if t not in kinds:
                continue
            typed[s.value].append((kinds[t], t))
            n = self.node(s.value, kinds[t])
            n.graphs.add(g)
            if row["label"] is not None:
                n.labels[g].append(row["label"])
        for iri_text, pairs in typed.items():
            n = self.nodes[iri_text]
            if n.kind is Kind.CLAIM:
                continue
            best_kind = min((k for k, _ in pairs), key=lambda k: _KIND_RANK[k])
            n.kind = best_kind
            # the most specific class name of that kind: a subclass over its root
            classes = sorted({t for k, t in pairs if k is best_kind})
            roots = {str(c[0]) for _, c in _KIND_ROOTS}
            specific = [c for c in classes if c not in roots] or classes
            n.subtype = "author" if specific[0] == str(PROV.Agent) else words_of(local_name(specific[0]))

    def read_events(self) -> None:
        type_labels: dict[str, list] = defaultdict(list)
        for row in self.store.query(_Q_EVENTS):
            g = row["g"].value
            if g not in self.sources or not isinstance(row["e"], ox.NamedNode):
                continue
            n = self.node(row["e"].value, Kind.EVENT)
            n.kind = Kind.EVENT
            n.graphs.add(g)
            etype = row["etype"].value
            n.attrs["event_type"] = etype
            if row["tlabel"] is not None:
                type_labels[etype].append(row["tlabel"])
            if row["elabel"] is not None:
                n.labels[g].append(row["elabel"])
            value = value_of(row["value"])
            if value and (n.attrs.get("date") is None or value < n.attrs["date"]):
                n.attrs["date"] = value
                n.attrs["date_begin"] = (value_of(row["earliest"]) or _span_of(value)[0])[:10]
                n.attrs["date_end"] = (value_of(row["latest"]) or _span_of(value)[1])[:10]
        for n in self.nodes.values():
            if n.kind is Kind.EVENT:
                etype = n.attrs.get("event_type", "")
                n.subtype = best_label(type_labels.get(etype, [])) or words_of(local_name(etype))

    def read_claim_kinds(self) -> None:
        kind_labels: dict[str, list] = defaultdict(list)
        for row in self.store.query(_Q_CLAIM_KINDS):
            n = self.nodes.get(value_of(row["c"]) or "")
            if n is None or n.kind is not Kind.CLAIM:
                continue
            kind_labels[n.iri].append(row["cklabel"])
            n.subtype = best_label(kind_labels[n.iri]) or words_of(local_name(row["ck"].value))
            if row["quantity"] is not None:
                try:
                    n.attrs["quantity"] = float(row["quantity"].value)
                except ValueError:
                    pass
            if row["counts"] is not None:
                n.attrs["quantity_of"] = row["counts"].value
            if row["verb"] is not None:
                n.attrs["reporting_verb"] = row["verb"].value

    def read_mentions(self) -> None:
        for row in self.store.query(_Q_MENTIONS):
            g = row["g"].value
            if g not in self.sources or not isinstance(row["s"], ox.NamedNode):
                continue
            sb = row["sb"]
            is_sentence = row["is_sentence"] is not None and row["is_sentence"].value == "true"
            self.mentions[(g, row["s"].value)].append(
                _Mention(
                    begin=int(row["mb"].value),
                    end=int(row["me"].value),
                    anchor=row["ma"].value,
                    iri=row["m"].value,
                    sentence_begin=int(sb.value) if sb is not None else None,
                    sentence_end=int(row["se"].value) if row["se"] is not None else None,
                    sentence=value_of(row["sa"]),
                    is_sentence=is_sentence,
                )
            )
        for v in self.mentions.values():
            v.sort()

    def read_links(self) -> list[tuple[str, str, str, str]]:
        """(graph, subject, property, object) of every link drawn as an edge."""
        links = [(row["g"].value, row["s"], row["p"].value, row["o"]) for row in self.store.query(_Q_LINKS)]
        links = [
            (g, s.value, p, o.value)
            for g, s, p, o in links
            if g in self.sources and isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)
        ]
        for g, s, _, o in links:  # endpoints the source never typed still get a node
            for x in (s, o):
                if x not in self.nodes:
                    self.node(x, Kind.OTHER).graphs.add(g)
        return links

    def text_of(self, graph: str) -> str | None:
        if graph not in self.texts:
            rows = list(self.store.query(_Q_TEXT, bindings={"g": ox.NamedNode(graph)}))
            self.texts[graph] = rows[0]["text"].value if rows else None
        return self.texts[graph]
