"""One error hierarchy for kg: each error carries a message, a hint and an exit code.

:class:`ExitCode` is the one table of exit codes: the CLI exits with these values, the error
classes name theirs, and the README's table is made from :func:`exit_code_table` (a test keeps
them equal).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a kg command's exit status means."""

    OK = 0
    NO = 1
    USAGE = 2
    INPUT = 3
    STORE = 4
    REMOTE = 5
    PARTIAL = 6
    INTERRUPTED = 130


EXIT_MEANINGS = {
    ExitCode.OK: "success",
    ExitCode.NO: 'the command ran and the answer is "no" (validation fails, ASK is false)',
    ExitCode.USAGE: "usage: a bad option, format, query or parameter",
    ExitCode.INPUT: "input: a missing, empty, binary or undecodable file, a broken sidecar, a bad ontology file",
    ExitCode.STORE: "store: missing, locked, not a store, not writable",
    ExitCode.REMOTE: "remote endpoint: unreachable, failing or answering nonsense",
    ExitCode.PARTIAL: "some inputs failed while the others were ingested",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C); what was written before stays whole",
}


def exit_code_table() -> str:
    """The exit codes as a Markdown table (the README's copy is checked against it).

    >>> exit_code_table().splitlines()[2]
    '| 0 | success |'
    """
    rows = ["| code | meaning |", "|---|---|"]
    rows += [f"| {int(code)} | {EXIT_MEANINGS[code]} |" for code in ExitCode]
    return "\n".join(rows) + "\n"


class KGError(Exception):
    """Base class: ``message`` says what went wrong, ``hint`` how to fix it."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message


class UsageError(KGError):
    """An option, format or argument the command cannot use."""

    exit_code = ExitCode.USAGE


class QueryError(UsageError):
    """A query that cannot be parsed, is not allowed, or lacks a parameter."""


class InputError(KGError):
    """An input file or its metadata cannot be read as an article."""

    exit_code = ExitCode.INPUT


class OntologyError(InputError):
    """An ontology or gazetteer file that cannot be loaded."""


class UnknownWordListError(OntologyError):
    """Code asked for a word list (``kg:<name> kg:word ...``) that no ontology file defines."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""

    exit_code = ExitCode.STORE


class StoreLockedError(StoreError):
    """Another process holds the store."""


class EndpointError(KGError):
    """A remote SPARQL endpoint failed or is unreachable."""

    exit_code = ExitCode.REMOTE


class ShapeError(KGError):
    """A graph kg made does not satisfy ontology/shapes.ttl; it is not written."""

    exit_code = ExitCode.NO


class PartialFailure(KGError):
    """Some inputs failed while others were processed."""

    exit_code = ExitCode.PARTIAL
