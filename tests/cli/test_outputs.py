"""Output paths (``kg export --out``, ``kg viz --out``, GraphML/GEXF): written to a temporary file in
the same folder and renamed only over a regular file or a new path; written through symbolic links;
a folder, a FIFO or a device refused in one line; nothing left behind and the old file kept when
the write fails; characters XML forbids escaped."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from conftest import error_line, invoke
from kg.network import write_graph_file

OLD = b"a good old file that must survive\n"


def others(folder: Path, *keep: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p not in keep)


@pytest.mark.parametrize("command", [["export"], ["viz"]], ids=["export", "viz"])
def test_an_existing_file_is_replaced_and_nothing_is_left_beside_it(runner, built_store_path, tmp_path, command):
    out = tmp_path / "out.file"
    out.write_bytes(OLD)
    os.chmod(out, 0o640)
    r = invoke(runner, "--store", built_store_path, *command, "--out", out)
    assert r.exit_code == 0, r.stderr
    assert out.read_bytes() != OLD and out.stat().st_size > 100
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # the file keeps its permissions
    assert others(tmp_path, out) == []


@pytest.mark.parametrize("command", [["export"], ["viz"], ["viz", "--format", "graphml"]],
                         ids=["export", "viz", "graphml"])
def test_a_symlink_is_written_through(runner, built_store_path, tmp_path, command):
    real = tmp_path / "real" / "target.graphml"
    real.parent.mkdir()
    real.write_bytes(OLD)
    link = tmp_path / "link.graphml"
    link.symlink_to(real)
    r = invoke(runner, "--store", built_store_path, *command, "--out", link)
    assert r.exit_code == 0, r.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_bytes() != OLD and real.stat().st_size > 100
    assert others(real.parent, real) == [] and others(tmp_path, link, real.parent) == []


@pytest.mark.parametrize("command", [["export"], ["viz"], ["viz", "--format", "gexf"]], ids=["export", "viz", "gexf"])
def test_a_fifo_or_a_folder_is_refused_in_one_line(runner, built_store_path, tmp_path, command):
    fifo = tmp_path / "pipe.gexf"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.gexf"
    folder.mkdir()
    for target, kind in ((fifo, "FIFO"), (folder, "folder")):
        r = invoke(runner, "--store", built_store_path, *command, "--out", target)
        assert kind in error_line(r, 3)
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and folder.is_dir() and list(folder.iterdir()) == []
    assert others(tmp_path, fifo, folder) == []


def test_a_device_node_is_refused_and_kept(runner, built_store_path, tmp_path):
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root (CAP_MKNOD)")
    for command in (["export"], ["viz"]):
        r = invoke(runner, "--store", built_store_path, *command, "--out", dev)
        assert "character device" in error_line(r, 3)
        assert stat.S_ISCHR(dev.lstat().st_mode)


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.parametrize("command", [["export"], ["viz"]], ids=["export", "viz"])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(built_store_path, tmp_path, command):
    """The disk 'fills' after 4 KB (a file size limit): the write fails with one line, the good
    old file is whole and no temporary file is left."""
    out = tmp_path / "page.html"
    out.write_bytes(OLD)
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    proc = subprocess.run([sys.executable, "-m", "kg.cli.main", "--store", str(built_store_path), *command,
                           "--out", str(out)], capture_output=True, text=True, timeout=120, env=env,
                          preexec_fn=_limit_file_size)
    assert proc.returncode == 3, (proc.returncode, proc.stderr)
    assert proc.stderr.strip().splitlines()[-1].startswith("kg: error: ") and "Traceback" not in proc.stderr
    assert out.read_bytes() == OLD
    assert others(tmp_path, out) == []


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_escape_characters_xml_forbids(tmp_path, fmt):
    g = nx.MultiDiGraph()
    g.add_node("n\x00one", label="title with a NUL \x00 and \x1b escape", title="ok \ud800 lone surrogate")
    g.add_node("two", label="plain")
    g.add_edge("n\x00one", "two", role="says\x07")
    out = tmp_path / f"g.{fmt}"
    write_graph_file(g, out, fmt)
    root = ET.parse(out).getroot()  # parses: no forbidden character left
    text = out.read_text(encoding="utf-8")
    assert "\\u0000" in text and "\\u001b" in text and "\\ud800" in text and "\\u0007" in text
    assert root is not None and others(tmp_path, out) == []
