"""What every command shares: global options, the error-to-exit-code mapping, output helpers."""

from __future__ import annotations

import functools
import os
import shutil
import sys
import traceback
import inspect
from dataclasses import dataclass, field
from pathlib import Path

import typer

from kg.config import lock_wait, resolve_store_path
from kg.errors import ExitCode, KGError, UsageError
from kg.graph.store import KGStore, open_store


@dataclass
class State:
    store: Path | None = None
    verbose: bool = False
    quiet: bool = False
    ontology: list[Path] = field(default_factory=list)

    def ontology_dirs(self, more: list[Path] | None = None) -> list[Path]:
        """The --ontology folders given before the command, then those given after it."""
        return [*self.ontology, *(more or [])]

    @property
    def store_path(self) -> Path:
        return resolve_store_path(self.store)

    def open(self, *, read_only: bool = False) -> KGStore:
        return open_store(self.store_path, read_only=read_only, create=not read_only, wait=lock_wait())


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = State()
    return root.obj


def say(ctx: typer.Context, message: str) -> None:
    """A message for the user on stderr (suppressed by -q)."""
    if not state(ctx).quiet:
        typer.echo(message, err=True)


def terminal_width() -> int | None:
    """The display columns a table may use: ``COLUMNS`` when set, the terminal's width when stdout
    is a terminal, else None (no limit: a file or a pipe gets whole rows)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        is_terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        return None
    return shutil.get_terminal_size().columns if is_terminal else None


def file_format(
    out: Path | None, fmt: str | None, *, default: str, known: list[str], extensions: dict[str, str]
) -> str:
    """The format of an output file: ``--format`` when given, else the one ``--out``'s extension
    names, else ``default``. A ``--format`` that contradicts a known extension is a usage error (a
    file's name says what it holds)."""
    if fmt is not None and fmt not in known:
        raise UsageError(f"unknown format {fmt!r}", hint="use " + ", ".join(known))
    by_name = extensions.get(out.suffix.lower()) if out is not None else None
    if fmt is not None and by_name is not None and fmt != by_name:
        raise UsageError(
            f"--format {fmt} contradicts --out {out.name if out else ''}, whose extension means {by_name}",
            hint=f"drop --format, or name the file for {fmt} ("
            + ", ".join(e for e, f in extensions.items() if f == fmt)
            + ")",
        )
    return fmt or by_name or default


def quiet_pipe_exit() -> None:
    """The reader of stdout went away (``kg sources | head -1``): that is not an error. Point
    stdout at /dev/null, so that nothing fails when Python flushes it at exit, and exit 0."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (CliRunner)
        pass
    raise typer.Exit(ExitCode.OK)


def fail(message: str, code: int) -> None:
    from kg.sources import display_name  # (control characters escaped: the message stays one line)

    typer.echo(f"kg: error: {display_name(message)}", err=True)
    raise typer.Exit(code)


# Options every command takes after its name too (``kg sources --store X``), as well as before it.
_EVERYWHERE = (
    ("store", Path | None, typer.Option(None, "--store", help="Store folder (default .kg/store; also KG_STORE).")),
    ("verbose", bool, typer.Option(False, "-v", "--verbose", help="More detail; tracebacks on errors.")),
    ("quiet", bool, typer.Option(False, "-q", "--quiet", help="Only results, no messages.")),
)


def _with_global_options(fn, wrapper):
    """Give ``wrapper`` the parameters of ``fn`` plus the global options it lacks (named
    ``global_*``), so Typer offers them after the command name as well."""
    sig = inspect.signature(fn, eval_str=True)
    taken = {o for p in sig.parameters.values() for o in getattr(p.default, "param_decls", None) or ()}
    extra = [
        inspect.Parameter(f"global_{name}", inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
        for name, kind, option in _EVERYWHERE
        if not taken.intersection(option.param_decls or ())
    ]
    params = [*sig.parameters.values(), *extra]
    wrapper.__signature__ = sig.replace(parameters=params)
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


def cli_errors(fn):
    """Map kg errors to one line on stderr and a documented exit code (traceback only with -v); let
    the global options (--store, -v, -q) come after the command's name too."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        ctx = kwargs.get("ctx") or next((a for a in args if isinstance(a, typer.Context)), None)
        store, verbose, quiet = (kwargs.pop(f"global_{n}", None) for n in ("store", "verbose", "quiet"))
        if ctx is not None:
            st = state(ctx)
            st.store = store if store is not None else st.store
            st.verbose = st.verbose or bool(verbose)
            st.quiet = st.quiet or bool(quiet)
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
        except BrokenPipeError:
            quiet_pipe_exit()
        except OSError as e:
            if verbose:
                traceback.print_exc(file=sys.stderr)
            where = f"{e.strerror or e}: {getattr(e, 'filename', '') or ''}".rstrip(": ")
            fail(f"{where} (hint: check the path and its permissions)", ExitCode.INPUT)

    return _with_global_options(fn, wrapper)
