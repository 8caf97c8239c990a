"""What every command shares: global options, the error-to-exit-code mapping, output helpers."""

from __future__ import annotations

import functools
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import typer

from kg.config import resolve_store_path
from kg.errors import ExitCode, KGError
from kg.graph.store import KGStore, open_store


@dataclass
class State:
    store: Path | None = None
    verbose: bool = False
    quiet: bool = False

    @property
    def store_path(self) -> Path:
        return resolve_store_path(self.store)

    def open(self, *, read_only: bool = False) -> KGStore:
        return open_store(self.store_path, read_only=read_only, create=not read_only)


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = State()
    return root.obj


def say(ctx: typer.Context, message: str) -> None:
    """A message for the user on stderr (suppressed by -q)."""
    if not state(ctx).quiet:
        typer.echo(message, err=True)


def fail(message: str, code: int) -> None:
    from kg.sources import display_name  # (control characters escaped: the message stays one line)

    typer.echo(f"kg: error: {display_name(message)}", err=True)
    raise typer.Exit(code)


def cli_errors(fn):
    """Map kg errors to one line on stderr and a documented exit code (traceback only with -v)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        ctx = kwargs.get("ctx") or next((a for a in args if isinstance(a, typer.Context)), None)
        verbose = bool(ctx and state(ctx).verbose)
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except KGError as e:
            if verbose:
                traceback.print_exc(file=sys.stderr)
            fail(str(e), e.exit_code)
        except KeyboardInterrupt:
            fail("interrupted; the store keeps every source written before the interruption", ExitCode.INTERRUPTED)
        except OSError as e:
            if verbose:
                traceback.print_exc(file=sys.stderr)
            where = f"{e.strerror or e}: {getattr(e, 'filename', '') or ''}".rstrip(": ")
            fail(f"{where} (hint: check the path and its permissions)", ExitCode.INPUT)

    return wrapper
