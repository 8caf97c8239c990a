"""Where extraction runs (:func:`open_executor`), and extraction on a Dask cluster: the pure step (:mod:`kg.jobs.extraction`) runs on the workers, the
results stream back in the articles' order to the one writer (this process).

The ontology goes to the workers once per run as a snapshot (scattered to every worker), so worker
hosts need kg installed but not the ontology files; each worker process loads spaCy once and keeps
it (``kg.extract.pipeline.get_extractor`` caches the extractor per process and ontology). Articles go
in batches of :data:`BATCH` (spaCy parses a batch faster than its articles one by one), at most a few
batches per worker in flight, so a long run holds little on the scheduler.

``dask`` and ``distributed`` are an optional extra (``pip install 'kg[dask]'``), imported only here.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections import deque
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from kg import __version__
from kg.errors import EndpointError, InputError, KGError, UsageError
from kg.jobs.extraction import Executor, ExtractedSource, LocalExecutor, extract_sources
from kg.knowledge.ontology import Ontology
from kg.model import Article

BATCH = 8  # articles per task: spaCy's batching, and little lost when a worker dies
IN_FLIGHT = 3  # batches per worker thread sent ahead of the writer
CONNECT_SECONDS = 10  # to reach the scheduler
WORKER_SECONDS = 30  # for a first worker to join the scheduler

_LOCK = threading.Lock()  # one extraction at a time per worker process (spaCy and the extractor are shared)


def _extract_batch(
    articles: list[Article], ontology: Ontology, generated_at: datetime
) -> tuple[str, list[tuple[Article, ExtractedSource | KGError]]]:
    """The task a worker runs: the pure step over one batch, with the kg version that ran it."""
    with _LOCK:
        return __version__, list(extract_sources(articles, ontology, generated_at=generated_at))


def _import_dask() -> Any:
    try:
        import distributed
    except ImportError as e:
        raise UsageError(
            "--scheduler needs Dask, which is not installed", hint="pip install 'kg[dask]' (dask and distributed)"
        ) from e
    return distributed


def _probe(address: str, timeout: float) -> None:
    """Fail at once, with the reason, when nothing listens at a TCP address (Dask would retry until
    its timeout and then say only that it timed out)."""
    from distributed.comm import parse_address
    from distributed.comm.addressing import parse_host_port

    scheme, loc = parse_address(address)
    if scheme != "tcp":
        return
    host, port = parse_host_port(loc)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise EndpointError(
            f"cannot reach the Dask scheduler at {address} ({reason})",
            hint="start one with `dask scheduler`, or check the host and the port (8786 unless changed)",
        ) from e


class DaskExecutor:
    """The pure step on a Dask cluster: a running scheduler, or a LocalCluster this executor started."""

    def __init__(self, client: Any, cluster: Any = None, *, address: str, batch: int = BATCH) -> None:
        self.client, self.cluster, self.address, self.batch = client, cluster, address, max(1, batch)

    @classmethod
    def connect(
        cls, scheduler: str, *, workers: int = 1, timeout: float = CONNECT_SECONDS, batch: int = BATCH
    ) -> DaskExecutor:
        """Connect to the scheduler at ``scheduler`` (``tcp://HOST:8786``, or ``HOST:PORT``), or start a
        LocalCluster of ``workers`` processes (one thread each) for ``"local"``; ``batch`` articles go
        in one task."""
        distributed = _import_dask()
        if scheduler == "local":
            cluster = distributed.LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",  # loopback only
                dashboard_address="127.0.0.1:0",  # the scheduler serves HTTP anyway: a free port, not 8787
                silence_logs=logging.ERROR,
            )
            return cls(distributed.Client(cluster), cluster, address=cluster.scheduler_address, batch=batch)
        try:
            _probe(scheduler, timeout)
            client = distributed.Client(scheduler, timeout=timeout)
        except ValueError as e:  # a malformed address: no port, unknown scheme
            raise UsageError(
                f"not a Dask scheduler address: {scheduler!r} ({e})", hint="give tcp://HOST:8786, or local"
            ) from e
        except OSError as e:  # refused, timed out, unknown host
            raise EndpointError(
                f"cannot reach the Dask scheduler at {scheduler} ({e})",
                hint="start one with `dask scheduler`, or check the host and the port (8786 unless changed)",
            ) from e
        return cls(client, address=scheduler, batch=batch)

    def _threads(self) -> int:
        """Worker threads in the cluster, waiting for the first worker to join."""
        try:
            self.client.wait_for_workers(1, timeout=WORKER_SECONDS)
        except TimeoutError as e:
            raise EndpointError(
                f"the Dask scheduler at {self.address} has no workers",
                hint=f"start some with `dask worker {self.address} --nthreads 1`",
            ) from e
        return max(1, sum(self.client.nthreads().values()))

    def extract(
        self, articles: list[Article], ontology: Ontology, *, generated_at: datetime
    ) -> Iterator[tuple[Article, ExtractedSource | KGError]]:
        if not articles:
            return
        window = IN_FLIGHT * self._threads()
        snapshot = self.client.scatter(ontology, broadcast=True, hash=False)  # one copy per worker
        batches = [articles[i : i + self.batch] for i in range(0, len(articles), self.batch)]
        pending: deque[tuple[list[Article], Any]] = deque()
        try:
            for batch in batches:
                pending.append((batch, self.client.submit(_extract_batch, batch, snapshot, generated_at, pure=False)))
                if len(pending) >= window:
                    yield from self._collect(*pending.popleft())
            while pending:
                yield from self._collect(*pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()
            snapshot.release()

    def _collect(self, batch: list[Article], future: Any) -> Iterator[tuple[Article, ExtractedSource | KGError]]:
        try:
            version, results = future.result()
        except Exception as e:
            if self.client.status not in ("running", "connecting"):
                raise EndpointError(
                    f"lost the Dask scheduler at {self.address} ({type(e).__name__}: {str(e)[:160]})",
                    hint="what was written before stays; ingest the same files again when the cluster is back",
                ) from e
            # the batch's articles failed on the cluster (a worker died, a bug): theirs, not the run's
            for art in batch:
                yield (
                    art,
                    InputError(
                        f"{art.path or art.source_id}: extraction failed on the cluster ({type(e).__name__}: "
                        f"{str(e)[:160]})",
                        hint="ingest it again; if it fails again, this is a bug in kg: report it with the article",
                    ),
                )
            return
        if version != __version__:
            raise EndpointError(
                f"a Dask worker runs kg {version}, this process kg {__version__}",
                hint="install the same kg on every worker host (the same version extracts the same graph)",
            )
        yield from results

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def open_executor(*, scheduler: str | None = None, jobs: int = 1) -> Executor:
    """The executor for ``scheduler``: None runs here; ``"local"`` starts a Dask cluster of ``jobs``
    worker processes on this machine; an address (``tcp://HOST:8786``) connects to a running Dask
    scheduler. Reaching the cluster happens now, so a bad address fails before anything is written.
    Close it when done."""
    if not scheduler:
        return LocalExecutor(jobs)
    return DaskExecutor.connect(scheduler, workers=jobs)


__all__ = ["BATCH", "DaskExecutor", "open_executor"]
