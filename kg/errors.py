"""One error hierarchy for kg: each error carries a message and a hint, and an exit code.

The CLI maps these to documented exit codes in one place (``kg.cli.main``):

====  ==========================================================
code  meaning
====  ==========================================================
0     success
1     the command ran but the answer is "no" (validation fails, ASK false)
2     usage error (bad option, unknown format, malformed query, bad parameter)
3     input error (missing, empty, binary or undecodable file; broken sidecar)
4     store error (missing, locked, not a store, not writable)
5     remote endpoint error
6     some inputs failed while others succeeded (partial ingest)
====  ==========================================================
"""

from __future__ import annotations


class KGError(Exception):
    """Base class: ``message`` says what went wrong, ``hint`` how to fix it."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message


class UsageError(KGError):
    """An option, format or argument the command cannot use."""

    exit_code = 2


class QueryError(UsageError):
    """A query that cannot be parsed, is not allowed, or lacks a parameter."""


class InputError(KGError):
    """An input file or its metadata cannot be read as an article."""

    exit_code = 3


class OntologyError(InputError):
    """An ontology or gazetteer file that cannot be loaded."""


class UnknownWordListError(OntologyError):
    """Code asked for a word list (``kg:<name> kg:word ...``) that no ontology file defines."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""

    exit_code = 4


class StoreLockedError(StoreError):
    """Another process holds the store."""


class EndpointError(KGError):
    """A remote SPARQL endpoint failed or is unreachable."""

    exit_code = 5


class PartialFailure(KGError):
    """Some inputs failed while others were processed."""

    exit_code = 6
