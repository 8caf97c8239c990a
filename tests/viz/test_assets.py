"""The page's stylesheet and script are package files (kg/viz/static/): all of them reach the page,
a wheel ships them, and a missing one is a clear error."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.viz import assets
from kg.viz.assets import SCRIPT_PARTS, page_css, page_script

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "kg" / "viz" / "static"


def test_every_script_file_is_on_the_page_in_order():
    assert sorted(p.name for p in STATIC.glob("*.js")) == sorted(SCRIPT_PARTS)
    script = page_script()
    starts = [script.index((STATIC / name).read_text(encoding="utf-8")) for name in SCRIPT_PARTS]
    assert starts == sorted(starts)
    assert page_css().strip() == (STATIC / "page.css").read_text(encoding="utf-8").strip()


def test_the_wheel_ships_every_file_of_the_package_that_is_not_python():
    """setuptools puts only .py files in the wheel unless package-data names the others."""
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    unshipped = []
    for path in (ROOT / "kg").rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(ROOT)
        shipped = False
        for package, patterns in globs.items():
            base = Path(*package.split("."))
            if base in rel.parents:
                inner = rel.relative_to(base).as_posix()
                shipped = shipped or any(fnmatch.fnmatch(inner, p) for p in patterns)
        if not shipped:
            unshipped.append(rel.as_posix())
    assert unshipped == []


def test_a_missing_asset_is_an_input_error_with_a_hint():
    with pytest.raises(InputError, match="page asset nothing.js") as e:
        assets._read("nothing.js")
    assert "reinstall" in e.value.hint
