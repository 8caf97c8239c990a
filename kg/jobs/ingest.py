"""The pipeline: article files -> extraction -> quads -> one transaction per source.

Each source is written (or replaced) atomically: its named graph and its description in the
metadata graph are dropped and written again in one SPARQL Update (with the links of the old
version's nodes), so a killed ingest leaves every source either wholly present or wholly absent.
The links between sources (``kg.graph.resolve``) are computed for each group of ``_LINK_EVERY``
sources written (one transaction per source, then one that drops the group's markers), and for the
last group at the end of the run. Each source is
written with a marker (``kg:awaitsLinking``) that the last of these transactions removes, so a
run that stops before it (a kill, a full disk) leaves the marker, ``kg validate`` reports it, and
the next command that writes (any ``kg ingest``, ``kg remove``) computes the links first: the same
links as a run that never stopped.

The sources are written by a thread of their own (``_Writer``), still one transaction per source and
in the order the articles were read: Oxigraph writes without holding Python's GIL, so on a machine
with a free core the writing costs no wall time next to spaCy's parse of the next batch, and the
written sources go to disk (``flush``) while their links are computed.
"""

from __future__ import annotations

import functools
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg import iri
from kg.config import extra_ontology_dirs, now
from kg.errors import InputError, KGError, OntologyError
from kg.extract.pipeline import EXTRACTOR
from kg.jobs.distributed import open_executor
from kg.jobs.extraction import Executor, ExtractedSource, source_of
from kg.model import Article, Extraction
from kg.knowledge.ontology import Ontology, folder_digest, load_ontology
from kg.graph.resolve import awaiting_quad, finish_linking, resolve_sources, source_links
from kg.sources import display_name, read_article, scan_article_paths
from kg.graph.store import KGStore, OntologyExtension, release_free_memory, to_ox, to_quad
from kg.graph.validate import SourceCheck
from kg.vocab import KG, METADATA_GRAPH, PROV, REFERENCE_GRAPH


@dataclass
class SourceResult:
    source_id: str
    path: str
    title: str | None
    entities: int
    events: int
    claims: int
    triples: int
    replaced: bool


@dataclass
class IngestReport:
    sources: list[SourceResult] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files below the folders of other types (.pdf, ...)
    reference_dropped: list[str] = field(default_factory=list)  # ontology terms the store no longer has
    ontology_notes: list[str] = field(default_factory=list)  # which extensions were used, when worth saying
    seconds: float = 0.0

    @property
    def entities(self) -> int:
        return sum(s.entities for s in self.sources)

    @property
    def events(self) -> int:
        return sum(s.events for s in self.sources)

    @property
    def claims(self) -> int:
        return sum(s.claims for s in self.sources)

    @property
    def triples(self) -> int:
        return sum(s.triples for s in self.sources)


@dataclass
class OntologyChoice:
    """The extension folders an ingest uses, and what the user should hear about the choice."""

    extensions: list[OntologyExtension]
    notes: list[str] = field(default_factory=list)

    @property
    def dirs(self) -> list[Path]:
        return [e.folder for e in self.extensions]


def choose_ontology(store: KGStore, given: list[Path] | None = None) -> OntologyChoice:
    """The ontology extensions to use on ``store``: the folders ``given`` (``--ontology``, then
    ``KG_ONTOLOGY``) when there are any, which replace the ones recorded in the store (with a note),
    else the store's recorded ones, so that a later ingest or build extracts as the first one did.

    A recorded folder that is gone is an error; one whose files changed is used as it is now, with
    a note."""
    recorded = store.recorded_extensions()
    dirs = extra_ontology_dirs(given)
    if dirs:
        for d in dirs:
            if not d.is_dir():
                raise OntologyError(f"ontology folder not found: {d}", hint="pass an existing folder with --ontology")
        chosen = [OntologyExtension(d.resolve(), folder_digest(d)) for d in dirs]
        notes = []
        if recorded and {e.iri for e in recorded} != {e.iri for e in chosen}:
            notes.append(
                f"kg: note: --ontology {' '.join(str(d) for d in dirs)} replaces the store's ontology extension(s) "
                f"{' '.join(str(e.folder) for e in recorded)}"
            )
        return OntologyChoice(chosen, notes)
    choice = OntologyChoice([])
    for e in recorded:
        if not e.folder.is_dir():
            raise OntologyError(
                f"the store was built with the ontology extension {e.folder}, which is not there any more",
                hint="restore the folder, or pass --ontology FOLDER to replace it",
            )
        now_hash = folder_digest(e.folder)
        if now_hash != e.content_hash:
            choice.notes.append(
                f"kg: note: the ontology extension {e.folder} changed since it was recorded; using it as it is now"
            )
        choice.extensions.append(OntologyExtension(e.folder, now_hash))
    return choice


def ensure_reference(
    store: KGStore, ontology: Ontology, extensions: list[OntologyExtension] | None = None
) -> list[str]:
    """Write the reference graph when the ontology files changed since the last write, and record
    the ``extensions`` it was built with (folder and content hash) in the metadata graph. Returns
    the terms (subjects) the stored reference graph had and the new one lacks, sorted: an extension
    replaced by another, for example."""
    dropped, write = _reference_write(store, ontology, extensions)
    if write is not None:
        write()
    return dropped


def _reference_write(
    store: KGStore, ontology: Ontology, extensions: list[OntologyExtension] | None
) -> tuple[list[str], Callable[[], None] | None]:
    """:func:`ensure_reference` in two steps: (the terms dropped, the write to do, or None when the
    stored reference graph is current)."""
    extensions = extensions or []
    current = list(
        store.query(
            "SELECT ?r ?h WHERE { GRAPH kgg:metadata { ?r kg:contentHash ?h } }",
            bindings={"r": to_ox(REFERENCE_GRAPH)},
            union=False,
        )
    )
    recorded = store.recorded_extensions()
    if current and current[0]["h"].value == ontology.digest and set(recorded) == set(extensions):
        return [], None
    quads = ontology.reference_quads()
    before = {
        q.subject.value
        for q in store.oxigraph.quads_for_pattern(None, None, None, to_ox(REFERENCE_GRAPH))
        if isinstance(q.subject, ox.NamedNode)
    }
    dropped = sorted(before - {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)})
    quads.append(to_quad(REFERENCE_GRAPH, KG.contentHash, Literal(ontology.digest), METADATA_GRAPH))
    quads += store.extension_record_quads(extensions)
    old = [str(REFERENCE_GRAPH), *(e.iri for e in recorded)]
    return dropped, lambda: store.replace_graphs(
        drop=[REFERENCE_GRAPH], insert=quads, delete_subjects=(METADATA_GRAPH, old)
    )


_CONTENT_HASH, _GENERATED_BY, _META = to_ox(KG.contentHash), to_ox(PROV.wasGeneratedBy), to_ox(METADATA_GRAPH)


def _previous(store: KGStore, source_id: str) -> tuple[str | None, str | None, str | None]:
    """(content hash, extraction run IRI, the run it is a revision of) of a source already in the store."""
    graph = to_ox(iri.graph_iri(source_id))
    st = store.oxigraph
    # a source never stored (most of them) has no content hash: one index read, not a SPARQL query
    if next(iter(st.quads_for_pattern(graph, _CONTENT_HASH, None, _META)), None) is None:
        return None, None, None
    if next(iter(st.quads_for_pattern(graph, _GENERATED_BY, None, _META)), None) is None:
        return None, None, None
    rows = list(
        store.query(
            "SELECT ?g ?h ?run ?rev WHERE { GRAPH kgg:metadata { ?g kg:contentHash ?h ; prov:wasGeneratedBy ?run "
            "OPTIONAL { ?g prov:wasRevisionOf ?rev } } }",
            bindings={"g": graph},
            union=False,
        )
    )
    if not rows:
        return None, None, None
    rev = rows[0]["rev"]
    return rows[0]["h"].value, rows[0]["run"].value, rev.value if rev is not None else None


def write_extraction(store: KGStore, ex: Extraction, *, check: SourceCheck | None = None) -> SourceResult:
    """Replace one source's graph and metadata in a single transaction.

    The source's quads are checked against the shapes first (``check``, or the default one);
    a graph that fails them raises ``ShapeError`` and nothing is written. The source is written
    awaiting its links (``kg:awaitsLinking``): call ``kg.graph.resolve.resolve_sources`` after it
    (the next ingest or remove does it otherwise, and ``kg validate`` reports it until then).
    """
    src = source_of(ex, generated_at=now())
    (check or SourceCheck.default()).check(src.body, source=ex.article.path or ex.article.source_id)
    return _write(store, src, src.body)


def _write(store: KGStore, src: ExtractedSource, body: list[ox.Quad]) -> SourceResult:
    art = src.article
    replaced = replace_source(store, art.source_id, art.content_hash, body, src.metadata)
    return SourceResult(
        art.source_id,
        art.path or "",
        art.title,
        src.entities,
        src.events,
        src.claims,
        src.triples if body is src.body else len(set(body)),  # (counted once, by the pure step)
        replaced=replaced,
    )


def replace_source(
    store: KGStore, source_id: str, content_hash: str, body: list[ox.Quad], metadata: list[ox.Quad]
) -> bool:
    """Write (or replace) one source's graph ``body`` and its ``metadata`` (as the pure step made
    them) in one transaction, awaiting its links; returns whether an earlier version was replaced.

    What only the store knows is added here: a changed text is a revision of the stored version
    (``prov:wasRevisionOf``); the same text keeps the history it had; an old version's links go."""
    sid = source_id
    old_hash, old_run, old_revision_of = _previous(store, sid)
    revision_of = old_run if old_hash is not None and old_hash != content_hash else old_revision_of
    graph = iri.graph_iri(sid)
    meta = metadata
    if revision_of:
        meta = [*meta, to_quad(graph, PROV.wasRevisionOf, URIRef(revision_of), METADATA_GRAPH)]
    store.replace_graphs(
        drop=[graph],
        delete_subjects=(METADATA_GRAPH, [str(iri.doc_iri(sid)), str(graph), iri.source_prefix(sid) + "retraction"]),
        delete=source_links(store, [sid]),  # an old version's links go with it
        insert=[*body, *meta, awaiting_quad(sid)],  # the marker goes when its links are written
    )
    return old_hash is not None


class _Writer:
    """Writes the sources of a run in a thread of its own, one transaction per source as before, in
    the order they are given: Oxigraph's writing releases the GIL, so the store works while spaCy
    parses the next batch. The first failure stops the writing (the sources before it are written,
    none after it); it is raised in the caller's thread at the next :meth:`put` or at :meth:`close`."""

    def __init__(self, limit: int) -> None:
        self._jobs: queue.Queue[Callable[[], object] | threading.Event | None] = queue.Queue(maxsize=limit)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kg-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            if isinstance(job, threading.Event):  # wait_written's mark: every job before it is done
                job.set()
            elif self._error is None:
                try:
                    job()
                except BaseException as e:  # raised again in the caller's thread
                    self._error = e

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, _STOPPED
            if error is not _STOPPED:
                raise error

    def put(self, job: Callable[[], object]) -> None:
        self._raise()
        self._jobs.put(job)

    def wait_written(self) -> None:
        """Wait until every job given so far is done; raise the first failure."""
        done = threading.Event()
        self._jobs.put(done)
        done.wait()
        self._raise()

    def close(self, *, check: bool = True) -> None:
        """Wait until every job given is done (or skipped after a failure); raise the failure."""
        self._jobs.put(None)
        self._thread.join()
        if check:
            self._raise()


_STOPPED = RuntimeError("the writer stopped at an earlier failure")

_CHECK_BATCH = 16  # sources checked against the shapes in one run (as many as spaCy parses in one batch)
# Oxigraph keeps what a run writes in RocksDB's memtables until they fill (several hundred MB over
# its column families): the writer flushes them to disk after this many quads, so a long run holds
# about as much of them as a short one (the store's content is the same either way). Memtables grow
# about 1 MB per 1,000 quads written: every 150,000 quads keeps a run of 1,000 synthetic articles
# near 850 MiB (1,440 without flushing, 709 every 50,000; bench/bench_memory.py); each flush holds
# up extraction for a moment
_FLUSH_QUADS = 150_000
# The links of a run's sources are computed after every this many sources, each time in one
# transaction: the same links as computing them once at the end or after each source (the result
# does not depend on how the sources are grouped). Resolution holds every pair it judged for the
# sources of one group until their clusters are computed, and a source of a store of S sources
# judges O(S) pairs when its names recur (~400 each at 1,700 synthetic sources), so the group is kept
# bounded; each group waits for the writer. (Which judged pairs the link records name can depend on the group size: bench/README.md,
# "Resolution in the writer thread"; kept at 250, the exports stay those of earlier runs)
_LINK_EVERY = 250


def chunks(items, size: int):
    """``items`` in lists of ``size`` (the last one shorter)."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_articles(paths: list[Path]) -> tuple[list[Article], list[tuple[str, str]], list[tuple[str, str]]]:
    """Read every article below ``paths``: (articles, failures, duplicates of an earlier file)."""
    scan = scan_article_paths(paths)
    articles, failures, duplicates = _read(scan.files)
    return articles, scan.skipped + failures, duplicates


def _read(files: list[Path]) -> tuple[list[Article], list[tuple[str, str]], list[tuple[str, str]]]:
    articles, failures, duplicates = [], [], []
    seen: dict[str, str] = {}
    for p in files:
        try:
            art = read_article(p)
        except InputError as e:
            failures.append((str(p), str(e)))
            continue
        if art.source_id in seen:
            duplicates.append(
                (str(p), f"{display_name(p.name)}: same source as {seen[art.source_id]} (same URL or text)")
            )
            continue
        seen[art.source_id] = display_name(p.name)
        articles.append(art)
    return articles, failures, duplicates


def ingest_paths(
    store: KGStore,
    paths: list[Path],
    *,
    ontology_dirs: list[Path] | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Ingest article files and folders into ``store``. Bad files are reported, good ones written.

    ``ontology_dirs`` (and ``KG_ONTOLOGY``) name extension folders; without them the extensions
    recorded in the store at an earlier ingest are used again (:func:`choose_ontology`).
    Extraction runs in this process (``jobs`` > 1: spaCy in that many processes), or on a Dask
    cluster: ``scheduler`` is its address (``tcp://HOST:8786``) or ``"local"`` for one of ``jobs``
    worker processes here (:func:`kg.jobs.distributed.open_executor`); this process writes."""
    executor = open_executor(scheduler=scheduler, jobs=jobs)  # a cluster is reached before any write
    try:
        return _ingest(store, paths, ontology_dirs=ontology_dirs, executor=executor, progress=progress)
    finally:
        executor.close()


def _ingest(
    store: KGStore,
    paths: list[Path],
    *,
    ontology_dirs: list[Path] | None,
    executor: Executor,
    progress: Callable[[int, int], None] | None,
) -> IngestReport:
    t0 = time.perf_counter()
    choice = choose_ontology(store, ontology_dirs)
    ontology = load_ontology(choice.dirs)
    report = IngestReport(ontology_notes=choice.notes)
    scan = scan_article_paths(paths)
    articles, failures, report.duplicates = _read(scan.files)
    report.failures, report.ignored = scan.skipped + failures, scan.ignored
    if not articles:
        finish_linking(store)  # what an earlier run left unlinked
        report.seconds = time.perf_counter() - t0
        return report
    report.reference_dropped, reference = _reference_write(store, ontology, choice.extensions)
    writer = _Writer(2 * _CHECK_BATCH)  # writes while the next articles are parsed
    try:
        if reference is not None:
            writer.put(reference)
        linked = _extract_and_write(articles, ontology, executor, writer, report, store, progress)
        writer.wait_written()  # every source committed (or the first failure raised)
        writer.put(store.flush)  # to disk while the links are computed
        # links to what the other sources say, for the sources written since the last links were
        # computed (with any sources an earlier run left unlinked), in one transaction
        resolve_sources(store, [s.source_id for s in report.sources[linked:]])
    except BaseException:
        writer.close(check=False)  # what was handed over is written; then the first error is raised
        raise
    writer.close()
    store.flush()
    report.seconds = time.perf_counter() - t0
    return report


def _write_into(report: IngestReport, store: KGStore, src: ExtractedSource, body: list[ox.Quad]) -> None:
    report.sources.append(_write(store, src, body))  # _write looked up at call time (tests replace it)


def _extract_and_write(
    articles: list[Article],
    ontology: Ontology,
    executor: Executor,
    writer: _Writer,
    report: IngestReport,
    store: KGStore,
    progress: Callable[[int, int], None] | None,
) -> int:
    """Extract, check and hand every article to the writer; the links of the sources written are
    computed every ``_LINK_EVERY`` sources. Returns how many of ``report.sources`` have their links."""
    check = SourceCheck.default()
    done = unflushed = handed = linked = 0
    for chunk in chunks(executor.extract(articles, ontology, generated_at=now()), _CHECK_BATCH):
        bodies = {art.source_id: result.body for art, result in chunk if not isinstance(result, KGError)}
        problems = check.problems_of(bodies)  # every source is checked before it is written
        for art, result in chunk:
            name = art.path or art.source_id
            if isinstance(result, KGError):
                report.failures.append((name, str(result)))
            elif problems[art.source_id]:  # that file's error; the others go on
                report.failures.append((name, str(check.error(problems[art.source_id], source=name))))
            else:
                writer.put(functools.partial(_write_into, report, store, result, bodies[art.source_id]))
                handed += 1
                unflushed += len(result.body) + len(result.metadata)
                if unflushed >= _FLUSH_QUADS:
                    writer.put(functools.partial(_flush, store))
                    unflushed = 0
            done += 1
            if progress:
                progress(done, len(articles))
        if handed - linked >= _LINK_EVERY:
            # (in this thread: computed by the writer thread between the writes, the links took the
            # GIL from spaCy's parse and the run was no faster; bench/README.md)
            writer.wait_written()  # every source handed over is committed (or the first failure raised)
            resolve_sources(store, [s.source_id for s in report.sources[linked:]])
            release_free_memory()  # what the group's resolution read is freed: give it back
            linked = handed = len(report.sources)
    return linked


def _flush(store: KGStore) -> None:
    """The writer's flush: RocksDB's memtables to disk, and the memory they held back to the system."""
    store.flush()  # (looked up at call time: tests spy on it)
    release_free_memory()


__all__ = [
    "EXTRACTOR",
    "IngestReport",
    "OntologyChoice",
    "SourceResult",
    "choose_ontology",
    "chunks",
    "ensure_reference",
    "ingest_paths",
    "read_articles",
    "replace_source",
    "write_extraction",
]
