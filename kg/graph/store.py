"""The quad store: an embedded, on-disk Oxigraph store (no server to start).

Named graphs: the reference graph (ontology, event types, gazetteer), one graph per source, a
metadata graph describing each source graph with PROV-O, and a resolution graph. Every write that
changes a source happens in one transaction: a failed or killed ingest leaves the store as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import time
import urllib.parse
from contextlib import contextmanager
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.errors import StoreError, StoreLockedError, UsageError
from kg.terms import OxTerm, to_ox, to_quad  # noqa: F401  (re-exported for callers)
from kg.vocab import KG, METADATA_GRAPH, PREFIXES, PROV, REFERENCE_GRAPH

RdfTerm = OxTerm


class ExportFormat(str, Enum):
    """Serializations of the whole store: sorted N-Quads, TriG, Turtle (union of graphs), JSON-LD."""

    NQUADS = "nquads"
    TRIG = "trig"
    TURTLE = "turtle"
    JSONLD = "jsonld"


_OX_FORMATS = {
    ExportFormat.NQUADS: ox.RdfFormat.N_QUADS,
    ExportFormat.TRIG: ox.RdfFormat.TRIG,
    ExportFormat.TURTLE: ox.RdfFormat.TURTLE,
    ExportFormat.JSONLD: ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True)
class OntologyExtension:
    """An ontology extension folder a store's reference graph was built with, and the SHA-256 of
    its Turtle files then (:func:`kg.knowledge.ontology.folder_digest`)."""

    folder: Path
    content_hash: str

    @property
    def iri(self) -> str:
        """The folder as a ``file:`` IRI (absolute)."""
        return self.folder.resolve().as_uri()

    @classmethod
    def from_iri(cls, iri: str, content_hash: str) -> OntologyExtension:
        return cls(Path(urllib.parse.unquote(urllib.parse.urlsplit(iri).path)), content_hash)


def quad_line(q: ox.Quad) -> str:
    """One N-Quads line (without newline)."""
    return f"{q} ."


class KGStore:
    """A kg store: an Oxigraph store plus the operations kg needs. Open it with :func:`open_store`."""

    def __init__(self, store: ox.Store, path: Path | None, *, read_only: bool) -> None:
        self._store = store
        self.path = path
        self.read_only = read_only

    # -- reading -----------------------------------------------------------------------------
    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (for code that needs the raw engine)."""
        return self._store

    def __len__(self) -> int:
        return len(self._store)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def has_graph(self, graph: URIRef) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(str(graph)))

    def graph_size(self, graph: URIRef) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))

    def recorded_extensions(self) -> list[OntologyExtension]:
        """The ontology extensions recorded with the reference graph (sorted by folder), as written
        by :meth:`record_quads_for_extensions` at ingest."""
        rows = self.query(
            "SELECT ?f ?h WHERE { GRAPH kgg:metadata { kgg:reference kg:ontologyExtension ?f . "
            "?f kg:contentHash ?h } } ORDER BY STR(?f)",
            union=False,
        )
        return [OntologyExtension.from_iri(r["f"].value, r["h"].value) for r in rows]

    def iter_quads(self, graph: URIRef | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(str(graph)) if graph is not None else None
        return self._store.quads_for_pattern(None, None, None, g)

    def query(self, sparql: str, *, bindings: dict[str, RdfTerm] | None = None, union: bool = True):
        """Run a SPARQL query; the default graph is the union of all graphs unless ``union=False``."""
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (bindings or {}).items()
        }
        try:
            return self._store.query(
                sparql, use_default_graph_as_union=union, substitutions=subs or None, prefixes=PREFIXES
            )
        except OSError as e:
            raise StoreError(f"reading the store failed: {e}", hint="run kg validate or rebuild the store") from e
        except RuntimeError as e:
            if _is_corruption(e):
                raise _damaged(self.path, e) from e
            raise

    # -- writing -----------------------------------------------------------------------------
    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One place that turns the engine's write failures into store errors: a full disk or a
        permission (OSError), a damaged store (RocksDB corruption)."""
        try:
            yield
        except OSError as e:
            raise StoreError(f"writing to the store failed: {e}", hint="check free disk space and permissions") from e
        except RuntimeError as e:
            if _is_corruption(e):
                raise _damaged(self.path, e) from e
            raise

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only", hint="open it for writing")

    def update(self, sparql_update: str) -> None:
        """Apply a SPARQL Update in one transaction."""
        self._check_writable()
        with self._writing():
            self._store.update(sparql_update)

    def replace_graphs(
        self,
        *,
        drop: Iterable[URIRef] = (),
        delete_subjects: tuple[URIRef, list[str]] | None = None,
        delete: Iterable[ox.Quad] = (),
        insert: Iterable[ox.Quad] = (),
    ) -> None:
        """Drop graphs, delete the given subjects of one graph (and the activities that generated
        them, ``prov:wasGeneratedBy``), delete the given quads, and insert quads, atomically.

        All of it is one SPARQL Update request, which Oxigraph applies in one transaction. Subjects
        are named exactly, so the cost does not grow with the graph they are deleted from. When
        there is nothing to drop or delete (a new source) and no blank node to insert, the quads
        are added with ``Store.extend`` instead, also one transaction, without writing and parsing
        SPARQL.
        """
        drop, delete, insert = list(drop), list(delete), list(insert)
        if (
            insert
            and not delete
            and not self._has_any(drop, delete_subjects)
            and not any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in insert)
        ):
            self._check_writable()
            with self._writing():
                self._store.extend(insert)
            return
        parts = [f"DROP SILENT GRAPH <{g}>" for g in drop]
        if delete_subjects is not None:
            graph, subjects = delete_subjects
            for subject in subjects:
                parts.append(
                    f"DELETE {{ GRAPH <{graph}> {{ ?r ?p ?o }} }} WHERE {{ GRAPH <{graph}> "
                    f"{{ <{subject}> <{PROV.wasGeneratedBy}> ?r . ?r ?p ?o }} }}"
                )
                parts.append(f"DELETE WHERE {{ GRAPH <{graph}> {{ <{subject}> ?p ?o }} }}")
        for op, quads in (("DELETE DATA", delete), ("INSERT DATA", insert)):
            by_graph: dict[str, list[str]] = {}
            for q in quads:
                by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
            if by_graph:
                body = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
                parts.append(op + " {\n" + body + "\n}")
        if parts:
            self.update(" ;\n".join(parts))

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Add many quads with Oxigraph's bulk loader: streamed (never all in memory), fast, but not
        one transaction: a load that stops midway leaves the quads written so far. Check the input
        before, and write quads that let the next write find what was left (kg's awaiting markers)."""
        self._check_writable()
        with self._writing():
            self._store.bulk_extend(quads)

    def _has_any(self, graphs: list[URIRef], subjects: tuple[URIRef, list[str]] | None) -> bool:
        """Whether any of ``graphs`` exists or any of the subjects has a triple in its graph."""
        if any(self._store.contains_named_graph(ox.NamedNode(str(g))) for g in graphs):
            return True
        if subjects is None:
            return False
        graph = ox.NamedNode(str(subjects[0]))
        return any(
            next(iter(self._store.quads_for_pattern(ox.NamedNode(s), None, None, graph)), None) is not None
            for s in subjects[1]
        )

    @staticmethod
    def extension_record_quads(extensions: Iterable[OntologyExtension]) -> list[ox.Quad]:
        """Quads of the metadata graph that record ``extensions`` with the reference graph."""
        out = []
        for ext in extensions:
            folder = URIRef(ext.iri)
            out.append(to_quad(REFERENCE_GRAPH, KG.ontologyExtension, folder, METADATA_GRAPH))
            out.append(to_quad(folder, KG.contentHash, Literal(ext.content_hash), METADATA_GRAPH))
        return out

    def set_reference(self, quads: Iterable[ox.Quad]) -> None:
        """Replace the reference graph (ontology and gazetteer) atomically."""
        self.replace_graphs(drop=[REFERENCE_GRAPH], insert=quads)

    def flush(self) -> None:
        """Write what RocksDB still holds in memory to disk (a full disk fails here, after the
        transactions that wrote the data have committed)."""
        if not self.read_only:
            with self._writing():
                self._store.flush()

    # -- export ------------------------------------------------------------------------------
    def iter_sorted_nquads(self) -> list[str]:
        """Every quad as an N-Quads line, sorted: the same store content gives the same bytes."""
        return sorted(quad_line(q) for q in self._store.quads_for_pattern(None, None, None, None))

    def export(self, fmt: ExportFormat) -> bytes:
        """Serialize the whole store. N-Quads are sorted; Turtle holds the union of all graphs."""
        if fmt is ExportFormat.NQUADS:
            lines = self.iter_sorted_nquads()
            return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
        quads = sorted(self._store.quads_for_pattern(None, None, None, None), key=quad_line)
        if fmt is ExportFormat.TURTLE:
            triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
            return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
        if fmt is ExportFormat.TRIG:
            return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""
        if fmt is ExportFormat.JSONLD:
            return jsonld_with_context(ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]")
        return ox.serialize(quads, format=_OX_FORMATS[fmt]) or b""

    def import_nquads(self, data: bytes) -> int:
        """Add N-Quads data in one transaction; returns the number of quads read. The quads stream
        into the transaction (not a Python list first); a syntax error anywhere adds nothing."""
        self._check_writable()
        count = 0

        def counted():
            nonlocal count
            for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
                count += 1
                yield q

        try:
            with self._writing():
                self._store.extend(counted())
        except SyntaxError as e:
            raise UsageError(f"cannot parse N-Quads: {e}", hint="give an N-Quads file from kg export") from e
        return count


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def _compact(iri: str) -> str:
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _compact_node(value: object) -> object:
    """Expanded JSON-LD with IRIs written as kg's prefixed names (keys, ``@id`` and ``@type``)."""
    if isinstance(value, list):
        return [_compact_node(v) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, object] = {}
    for key, v in value.items():
        if key in ("@id", "@type") and isinstance(v, str):
            out[key] = _compact(v)
        elif key == "@type" and isinstance(v, list):
            out[key] = [_compact(t) if isinstance(t, str) else t for t in v]
        elif key == "@value":
            out[key] = v
        else:
            out[key if key.startswith("@") else _compact(key)] = _compact_node(v)
    return out


def jsonld_with_context(expanded: bytes) -> bytes:
    """Expanded JSON-LD as a document with an ``@context`` of kg's prefixes (:data:`kg.vocab.PREFIXES`)
    and its IRIs written as prefixed names: the same triples, readable.

    >>> expanded = f'[{{"@id": "{PREFIXES["ref"]}a"}}]'.encode()
    >>> b'"@graph": [{"@id": "ref:a"}]' in jsonld_with_context(expanded)
    True
    """
    import json

    data = json.loads(expanded or b"[]")
    doc = {"@context": dict(PREFIXES), "@graph": _compact_node(data)}
    return (json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8")


def open_store(
    path: Path | None,
    *,
    read_only: bool = False,
    create: bool = True,
    wait: float = 10.0,
) -> KGStore:
    """Open (or create) the store folder at ``path``; ``None`` gives an in-memory store.

    A store held by another kg process is waited for up to ``wait`` seconds, then reported as
    locked. Read-only opening works while another process writes.
    """
    if path is None:
        return KGStore(ox.Store(), None, read_only=False)
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise StoreError(f"store path is a file, not a folder: {path}", hint="choose another --store path")
    is_store = (path / "CURRENT").is_file()
    # another process creating the store right now: RocksDB writes LOG, LOCK and IDENTITY before CURRENT
    being_created = not is_store and any((path / f).is_file() for f in ("LOCK", "LOG", "IDENTITY"))
    if path.is_dir() and any(path.iterdir()) and not is_store and not being_created:
        raise StoreError(f"{path} is a folder but not a kg store", hint="choose an empty or new folder for --store")
    if not is_store and (read_only or not create):
        raise StoreError(f"no store at {path}", hint="run 'kg ingest' first or pass --store")
    if read_only:
        for attempt in range(5):
            try:
                return KGStore(ox.Store.read_only(str(path)), path, read_only=True)
            except OSError as e:
                raise StoreError(
                    f"cannot open the store at {path}: {_short(e)}", hint="the store may be damaged"
                ) from e
            except RuntimeError as e:  # RocksDB reports a damaged store ("Corruption: ...") as RuntimeError
                if "No such file" in str(e) and attempt < 4:  # a writer's compaction removed a file meanwhile
                    time.sleep(0.1)
                    continue
                raise _damaged(path, e) from e
    deadline = time.monotonic() + max(wait, 0.0)
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return KGStore(ox.Store(str(path)), path, read_only=False)
        except PermissionError as e:
            raise StoreError(
                f"cannot write the store at {path}: permission denied", hint="choose a writable --store"
            ) from e
        except OSError as e:
            msg = str(e)
            # RocksDB's lock errors name the LOCK file; the path is left out so that a folder
            # called "locked" or "blocks" is not taken for a lock
            locked = "lock" in msg.replace(str(path), "<store>").lower()
            if locked and time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            if locked:
                raise StoreLockedError(
                    f"the store at {path} is in use by another kg process",
                    hint="wait for it to finish, or use another --store",
                ) from e
            if "ermission" in msg or "Read-only" in msg:
                raise StoreError(
                    f"cannot write the store at {path}: {_short(e)}", hint="choose a writable --store"
                ) from e
            if "No space left" in msg:
                raise StoreError(f"cannot open the store at {path}: {_short(e)}", hint="free some disk space") from e
            if not is_store:  # nothing there yet: the location is the problem, not a damaged store
                raise StoreError(
                    f"cannot create the store at {path}: {_short(e)}",
                    hint="choose a --store path inside a writable folder",
                ) from e
            raise StoreError(f"cannot open the store at {path}: {_short(e)}", hint="the store may be damaged") from e
        except RuntimeError as e:  # RocksDB reports a damaged store ("Corruption: ...") as RuntimeError
            raise _damaged(path, e) from e


def _short(e: Exception) -> str:
    return str(e).splitlines()[0][:200]


_LIBC: ctypes.CDLL | bool | None = None


def release_free_memory() -> bool:
    """Return the free memory of the C allocator's heaps to the system (glibc's ``malloc_trim``);
    False where there is no glibc (the call is then skipped).

    Why: RocksDB's memtables, emptied by each flush, and the objects resolution reads for a group
    of sources are freed, but glibc keeps freed memory in its heaps (one per thread that allocated
    it) and reuses it only for allocations that fit; over a long ingest the process's resident
    memory grew with what it had once held. Trimming after each flush and each group of links keeps
    it near what is in use (bench/README.md, "Memory over a long ingest run")."""
    global _LIBC
    if _LIBC is None:
        try:
            lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _LIBC = lib if hasattr(lib, "malloc_trim") else False
        except OSError:
            _LIBC = False
    if not _LIBC:
        return False
    _LIBC.malloc_trim(0)  # type: ignore[union-attr]
    return True


def _is_corruption(e: Exception) -> bool:
    return "corrupt" in str(e).lower()


def _damaged(path: Path | None, e: Exception) -> StoreError:
    """A store RocksDB reports as corrupted: said in one line; kg never repairs or overwrites it."""
    return StoreError(
        f"the store at {path} is damaged: {_short(e)}",
        hint="restore it from a backup, or ingest the articles again into a new --store",
    )


def metadata_graph() -> URIRef:
    return METADATA_GRAPH
