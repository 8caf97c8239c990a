"""Extraction as a pure step: ``articles + ontology snapshot -> each source's quads and its metadata
quads``, with no store access, so any executor can run it (this process, local processes, a Dask
cluster: :func:`kg.jobs.distributed.open_executor`). The single writer (:func:`kg.jobs.ingest.ingest_paths`) checks
the shapes, commits, links the sources and adds what only the store knows (the earlier version a
source revises).

The step is a function of its inputs: the same articles, ontology, kg version and ``generated_at``
give the same bytes whichever executor ran it (``tests/jobs/test_distributed.py`` checks it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import pyoxigraph as ox

from kg.errors import InputError, KGError
from kg.extract.pipeline import iter_extractions
from kg.graph.rdfize import metadata_quads, source_quads
from kg.knowledge.ontology import Ontology
from kg.model import Article, Extraction


@dataclass(frozen=True)
class ExtractedSource:
    """One source as the pure step leaves it: its graph's quads (``body``) and its description in
    the metadata graph (``metadata``, without the link to an earlier version, which the writer adds),
    with the counts a report needs."""

    article: Article
    extractor: str
    body: list[ox.Quad]
    metadata: list[ox.Quad]
    entities: int
    events: int
    claims: int
    triple_count: int | None = None  # len(set(body)), when the step counted it already

    @property
    def triples(self) -> int:
        return self.triple_count if self.triple_count is not None else len(set(self.body))

    def nquads(self) -> bytes:
        """The source's graph then its metadata, as N-Quads in the order they were made."""
        return ox.serialize([*self.body, *self.metadata], format=ox.RdfFormat.N_QUADS) or b""

    # Sent between processes as N-Quads (one string, parsed by Oxigraph) rather than as thousands of
    # pickled term objects.
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for name in ("body", "metadata"):
            state[name] = ox.serialize(state[name], format=ox.RdfFormat.N_QUADS) or b""
        return state

    def __setstate__(self, state: dict) -> None:
        for name in ("body", "metadata"):
            state[name] = list(ox.parse(state[name], format=ox.RdfFormat.N_QUADS))
        self.__dict__.update(state)


def source_of(ex: Extraction, *, generated_at: datetime) -> ExtractedSource:
    """The quads of one extraction (rdfize), stamped ``generated_at``."""
    body = source_quads(ex)
    triples = len(set(body))
    meta = metadata_quads(
        ex.article, extractor=ex.extractor, generated_at=generated_at, triple_count=triples, revision_of=None
    )
    return ExtractedSource(
        ex.article, ex.extractor, body, meta, len(ex.entities), len(ex.events), len(ex.claims), triples
    )


def extract_sources(
    articles: list[Article], ontology: Ontology, *, generated_at: datetime, jobs: int = 1
) -> Iterator[tuple[Article, ExtractedSource | KGError]]:
    """The pure step over many articles, in their order: each article with its source, or with the
    error that stopped it (that article's failure; the others go on). ``jobs`` > 1 parses with
    several local processes."""
    for art, result in iter_extractions(articles, ontology, jobs=jobs):
        if isinstance(result, KGError):
            yield art, result
            continue
        try:
            yield art, source_of(result, generated_at=generated_at)
        except (ArithmeticError, ValueError, LookupError, RecursionError, TypeError) as e:
            yield (
                art,
                InputError(
                    f"{art.path or art.source_id}: writing its graph failed ({type(e).__name__}: {str(e)[:160]})",
                    hint="this is a bug in kg; report it with the article",
                ),
            )


class Executor(Protocol):
    """Runs the pure step somewhere and hands the results back in the articles' order."""

    def extract(
        self, articles: list[Article], ontology: Ontology, *, generated_at: datetime
    ) -> Iterator[tuple[Article, ExtractedSource | KGError]]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """The pure step in this process (``jobs`` > 1: spaCy parses in that many local processes)."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs

    def extract(
        self, articles: list[Article], ontology: Ontology, *, generated_at: datetime
    ) -> Iterator[tuple[Article, ExtractedSource | KGError]]:
        return extract_sources(articles, ontology, generated_at=generated_at, jobs=self.jobs)

    def close(self) -> None:
        pass


__all__ = ["Executor", "ExtractedSource", "LocalExecutor", "extract_sources", "source_of"]
