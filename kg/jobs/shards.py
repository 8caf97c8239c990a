"""Shards: an archive built in parallel and loaded once.

:func:`emit_shards` runs the pure extraction step (:mod:`kg.jobs.extraction`, here or on a Dask
cluster) and writes, instead of committing, one N-Quads file per source: exactly the quads an
ingest would add for it (its named graph and its description in the metadata graph), checked
against the shapes as an ingest checks them, plus one ``reference.nq`` with the reference graph
(ontology) the sources were extracted with. No store is opened.

:func:`load_shards` reads a folder of shards into a store: every shard is read and checked first
(all or nothing: one bad shard and nothing is written), then new sources go in through Oxigraph's
bulk loader, sources the store already has are replaced one transaction each (as a second ingest
replaces them), and the sources are linked once at the end, as an ingest links them. The store
then holds what ``kg ingest`` of the same articles gives (``tests/jobs/test_shards.py`` compares
the exports byte for byte).

A shard is plain N-Quads (so other engines load it too) with two comment lines kg reads: the first
says what it holds (``# kg shard: source ID`` or ``# kg shard: reference``), the last how many quads
(``# end of kg shard: N quads``), so a file cut short is told from a whole one. ``.nq.gz`` shards are
the same, gzip-compressed.
"""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal

from kg import __version__, iri
from kg.config import extra_ontology_dirs, now
from kg.errors import InputError, KGError, OntologyError, StoreError
from kg.graph.candidates import graph_node
from kg.graph.resolve import awaiting_quad, resolve_sources
from kg.graph.store import KGStore, OntologyExtension, to_ox, to_quad
from kg.graph.validate import SourceCheck
from kg.jobs.distributed import open_executor
from kg.jobs.ingest import _read, chunks, replace_source
from kg.knowledge.ontology import folder_digest, load_ontology
from kg.output import write_output
from kg.sources import scan_article_paths
from kg.vocab import KG, METADATA_GRAPH, REFERENCE_GRAPH

REFERENCE_SHARD = "reference"  # the reference graph's shard: reference.nq (source ids are hex)
_HEAD = b"# kg shard: "
_TAIL = b"# end of kg shard: "
_SUFFIXES = (".nq", ".nq.gz")

_META, _REF = to_ox(METADATA_GRAPH), to_ox(REFERENCE_GRAPH)
_CONTENT_HASH, _TRIPLE_COUNT, _SOURCE_ID = to_ox(KG.contentHash), to_ox(KG.tripleCount), to_ox(KG.sourceId)
_EXTENSION = to_ox(KG.ontologyExtension)


@dataclass
class EmitReport:
    """What :func:`emit_shards` wrote: one shard per source (``shards``), the reference shard, the
    failures and duplicates as an ingest reports them."""

    folder: Path
    shards: list[Path] = field(default_factory=list)
    reference: Path | None = None
    triples: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class LoadReport:
    """What :func:`load_shards` stored: the sources (ids, sorted), how many replaced an earlier
    version, the quads read from the shards, and shards skipped as duplicates of an earlier one."""

    sources: list[str] = field(default_factory=list)
    replaced: int = 0
    quads: int = 0
    reference: bool = False  # the reference graph was written (it differed from the store's)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Quads per second, the whole load (reading, checking, writing, linking)."""
        return self.quads / self.seconds if self.seconds > 0 else 0.0


# -- writing shards ------------------------------------------------------------------------------


def shard_bytes(kind: str, quads: list[ox.Quad], *, gzipped: bool = False) -> bytes:
    """A shard's bytes: the header line, ``quads`` as N-Quads in their order, the count line;
    gzip-compressed (with no time or name in the header: the same quads give the same bytes) when
    ``gzipped``."""
    body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    head = _HEAD + f"{kind} (kg {__version__})\n".encode()
    data = head + body + _TAIL + f"{len(quads)} quads\n".encode()
    return gzip.compress(data, mtime=0) if gzipped else data


def emit_shards(
    paths: list[Path],
    folder: Path,
    *,
    ontology_dirs: list[Path] | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    gzipped: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> EmitReport:
    """Extract the articles below ``paths`` and write one shard per source into ``folder`` (made
    when missing; a shard of the same source is replaced), and ``reference.nq``. Extraction runs as
    :func:`kg.jobs.ingest.ingest_paths` runs it (``jobs``, ``scheduler``); the ontology is the
    default one plus ``ontology_dirs`` (and ``KG_ONTOLOGY``): there is no store to remember
    extensions. Sources that fail (reading, extraction, the shapes) are reported, not written.
    Each file is written whole or not at all."""
    t0 = time.perf_counter()
    dirs = extra_ontology_dirs(ontology_dirs)
    for d in dirs:
        if not d.is_dir():
            raise OntologyError(f"ontology folder not found: {d}", hint="pass an existing folder with --ontology")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--emit {folder} is a file, not a folder", hint="give a folder for the shards")
    extensions = [OntologyExtension(d.resolve(), folder_digest(d)) for d in dirs]
    executor = open_executor(scheduler=scheduler, jobs=jobs)  # a cluster is reached before anything is read
    try:
        ontology = load_ontology(dirs)
        report = EmitReport(folder)
        scan = scan_article_paths(paths)
        articles, failures, report.duplicates = _read(scan.files)
        report.failures, report.ignored = scan.skipped + failures, scan.ignored
        if not articles:
            report.seconds = time.perf_counter() - t0
            return report
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".nq.gz" if gzipped else ".nq"
        reference = ontology.reference_quads()
        reference.append(to_quad(REFERENCE_GRAPH, KG.contentHash, Literal(ontology.digest), METADATA_GRAPH))
        reference += KGStore.extension_record_quads(extensions)
        report.reference = write_output(
            folder / (REFERENCE_SHARD + suffix), shard_bytes(REFERENCE_SHARD, reference, gzipped=gzipped)
        )
        check = SourceCheck.default()
        done = 0
        results = executor.extract(articles, ontology, generated_at=now())
        for chunk in chunks(results, 16):
            problems = check.problems_of({a.source_id: r.body for a, r in chunk if not isinstance(r, KGError)})
            for art, result in chunk:
                name = art.path or art.source_id
                if isinstance(result, KGError):
                    report.failures.append((name, str(result)))
                elif problems[art.source_id]:
                    report.failures.append((name, str(check.error(problems[art.source_id], source=name))))
                else:
                    quads = [*result.body, *result.metadata]
                    path = folder / (art.source_id + suffix)
                    report.shards.append(write_output(path, shard_bytes(art.source_id, quads, gzipped=gzipped)))
                    report.triples += result.triples
                done += 1
                if progress:
                    progress(done, len(articles))
    finally:
        executor.close()
    report.seconds = time.perf_counter() - t0
    return report


# -- reading shards ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shard:
    """One checked shard: its file, what it holds (a source id, or ``reference``), its quad count,
    and for a source its content hash (for the reference: the ontology digest)."""

    path: Path
    kind: str
    quads: int
    content_hash: str
    extensions: frozenset[tuple[str, str]] = frozenset()  # the reference's (folder IRI, hash) pairs


def find_shards(folder: Path) -> list[Path]:
    """The shard files (``*.nq``, ``*.nq.gz``) below ``folder``, sorted by path."""
    if not folder.exists():
        raise InputError(f"no such folder: {folder}", hint="give the folder kg ingest --emit wrote")
    if not folder.is_dir():
        raise InputError(f"not a folder: {folder}", hint="give the folder kg ingest --emit wrote")
    found = sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(_SUFFIXES))
    if not found:
        raise InputError(
            f"no shards in {folder} (no .nq or .nq.gz files)", hint="write some with kg ingest PATH --emit DIR"
        )
    return found


def _bad(path: Path, why: str) -> InputError:
    return InputError(
        f"{path}: {why}; nothing was loaded", hint="emit that source again (kg ingest ARTICLE --emit DIR) or remove it"
    )


def read_shard(path: Path) -> tuple[str, list[ox.Quad]]:
    """(what the shard holds, its quads): the file read whole, its header and count line checked.
    A file that is not a kg shard, is cut short or does not parse is an :class:`InputError`."""
    try:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
    except EOFError as e:
        raise _bad(path, "the gzip file is cut short") from e
    except (gzip.BadGzipFile, zlib.error) as e:
        raise _bad(path, f"not a valid gzip file ({e})") from e
    except OSError as e:
        raise _bad(path, f"cannot read it ({e.strerror or e})") from e
    first, _, rest = data.partition(b"\n")
    if not first.startswith(_HEAD):
        raise _bad(path, "not a kg shard (its first line is not '# kg shard: ...')")
    kind = first[len(_HEAD) :].split(b" ", 1)[0].decode("ascii", "replace")
    body, _, last = rest.rstrip(b"\n").rpartition(b"\n")
    if not last.startswith(_TAIL):
        raise _bad(path, "the shard is cut short (no '# end of kg shard' line)")
    try:
        quads = list(ox.parse(body, format=ox.RdfFormat.N_QUADS))
    except SyntaxError as e:
        raise _bad(path, f"not valid N-Quads ({str(e).splitlines()[0][:160]})") from e
    said = last[len(_TAIL) :].split(b" ", 1)[0]
    if not said.isdigit() or int(said) != len(quads):
        raise _bad(path, f"holds {len(quads)} quads, its last line says {said.decode('ascii', 'replace')}")
    return kind, quads


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return str(term) if isinstance(term, ox.Triple) else term.value


def check_shard(path: Path) -> Shard:
    """Read ``path`` (:func:`read_shard`) and check that it holds one source's graph and metadata
    (or the reference graph) and nothing else."""
    kind, quads = read_shard(path)
    if kind == REFERENCE_SHARD:
        if any(q.graph_name not in (_REF, _META) for q in quads):
            raise _bad(path, "the reference shard holds quads of other graphs")
        meta = [q for q in quads if q.graph_name == _META]
        digests = [_value(q.object) for q in meta if q.subject == _REF and q.predicate == _CONTENT_HASH]
        if len(digests) != 1:
            raise _bad(path, "the reference shard does not say which ontology it holds")
        hashes = {_value(q.subject): _value(q.object) for q in meta if q.predicate == _CONTENT_HASH}
        exts = frozenset(
            (_value(q.object), hashes.get(_value(q.object), "")) for q in meta if q.predicate == _EXTENSION
        )
        return Shard(path, kind, len(quads), digests[0], exts)
    if len(kind) != 16 or any(c not in "0123456789abcdef" for c in kind):
        raise _bad(path, f"not a kg shard (it names neither a source nor the reference: {kind!r})")
    graph = graph_node(kind)
    if any(q.graph_name not in (graph, _META) for q in quads):
        raise _bad(path, f"holds quads outside source {kind}'s graph and its metadata")
    prefix = iri.source_prefix(kind)
    meta = [q for q in quads if q.graph_name == _META]
    own = (graph, to_ox(iri.doc_iri(kind)))
    if any(not (q.subject in own or _value(q.subject).startswith((prefix, str(iri.software_iri(""))))) for q in meta):
        raise _bad(path, f"describes more than source {kind} in the metadata graph")
    source_hashes = [_value(q.object) for q in meta if q.subject == graph and q.predicate == _CONTENT_HASH]
    counts = [_value(q.object) for q in meta if q.subject == graph and q.predicate == _TRIPLE_COUNT]
    ids = [_value(q.object) for q in meta if q.predicate == _SOURCE_ID]
    if len(source_hashes) != 1 or ids != [kind]:
        raise _bad(path, f"the metadata of source {kind} is missing")
    triples = len({q for q in quads if q.graph_name == graph})
    if counts != [str(triples)]:
        raise _bad(path, f"source {kind}'s graph holds {triples} triples, its metadata says {counts}")
    return Shard(path, kind, len(quads), source_hashes[0])


def _stored(store: KGStore, source_id: str) -> bool:
    """Whether the store has anything of this source (its graph, its description, a retraction)."""
    st = store.oxigraph
    if st.contains_named_graph(graph_node(source_id)):
        return True
    subjects = (
        to_ox(iri.doc_iri(source_id)),
        graph_node(source_id),
        ox.NamedNode(iri.source_prefix(source_id) + "retraction"),
    )
    return any(next(iter(st.quads_for_pattern(s, None, None, _META)), None) is not None for s in subjects)


def _reference_change(store: KGStore, shard: Shard) -> bool:
    """Whether the store's reference graph differs from the shard's (ontology or extensions)."""
    current = [_value(q.object) for q in store.oxigraph.quads_for_pattern(_REF, _CONTENT_HASH, None, _META)]
    recorded = {(e.iri, e.content_hash) for e in store.recorded_extensions()}
    return current != [shard.content_hash] or recorded != set(shard.extensions)


def load_shards(store: KGStore, folder: Path, *, progress: Callable[[int, int], None] | None = None) -> LoadReport:
    """Load the shards below ``folder`` (:func:`emit_shards`) into ``store``, then link the sources
    as an ingest does. Every shard is read and checked first: a missing or empty folder, a file that
    is not a kg shard, is cut short or does not parse, or reference shards of different ontologies
    raise :class:`InputError` before anything is written. A source the store has already is replaced
    (as a second ingest replaces it), so loading the same shards twice changes nothing; a second
    shard of one source (another file of the same id) is skipped and reported. ``progress`` hears
    (shards done, shards) while checking and again while writing."""
    t0 = time.perf_counter()
    files = find_shards(folder)
    report = LoadReport()
    sources: dict[str, Shard] = {}
    references: list[Shard] = []
    for i, path in enumerate(files, 1):
        shard = check_shard(path)
        if shard.kind == REFERENCE_SHARD:
            references.append(shard)
        elif shard.kind in sources:
            report.duplicates.append((str(path), f"{path.name}: same source as {sources[shard.kind].path}"))
        else:
            sources[shard.kind] = shard
        if progress:
            progress(i, len(files))
    if len({(r.content_hash, r.extensions) for r in references}) > 1:
        raise InputError(
            f"the shards in {folder} were made with different ontologies ({', '.join(str(r.path) for r in references)});"
            " nothing was loaded",
            hint="load each ontology's shards into its own store, or emit them again with one ontology",
        )
    if store.read_only:
        raise StoreError("the store is open read-only", hint="open it for writing")
    if references and _reference_change(store, references[0]):
        _, quads = read_shard(references[0].path)
        old = [str(REFERENCE_GRAPH), *(e.iri for e in store.recorded_extensions())]
        store.replace_graphs(drop=[REFERENCE_GRAPH], insert=quads, delete_subjects=(METADATA_GRAPH, old))
        report.reference = True
    new = [s for s in sources.values() if not _stored(store, s.kind)]
    again = [s for s in sources.values() if s not in new]
    done = 0

    def new_quads() -> Iterator[ox.Quad]:
        nonlocal done
        for shard in new:
            yield from read_shard(shard.path)[1]
            yield awaiting_quad(shard.kind)  # linked below; a load that stops before is linked by the next write
            done += 1
            if progress:
                progress(done, len(sources))

    if new:
        store.bulk_add(new_quads())
    for shard in again:
        _, quads = read_shard(shard.path)
        graph = graph_node(shard.kind)
        body = [q for q in quads if q.graph_name == graph]
        replace_source(store, shard.kind, shard.content_hash, body, [q for q in quads if q.graph_name != graph])
        done += 1
        if progress:
            progress(done, len(sources))
    report.sources = sorted(sources)
    report.replaced = len(again)
    report.quads = sum(s.quads for s in sources.values())
    if report.sources:
        resolve_sources(store, report.sources)
    store.flush()
    report.seconds = time.perf_counter() - t0
    return report


__all__ = [
    "REFERENCE_SHARD",
    "EmitReport",
    "LoadReport",
    "Shard",
    "check_shard",
    "emit_shards",
    "find_shards",
    "load_shards",
    "read_shard",
    "shard_bytes",
]
