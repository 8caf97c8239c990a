"""kg ontology check / docs, and extending the ontology without Python."""

from __future__ import annotations

import gc

from kg.cli.main import app


def test_check_passes_on_the_built_in_ontology(runner):
    r = runner.invoke(app, ["ontology", "check"])
    assert r.exit_code == 0, r.stdout
    assert "event types: 28" in r.stdout and "ok: true" in r.stdout


def test_check_reports_an_undeclared_term_and_a_label_clash(runner, tmp_path):
    ext = tmp_path / "ext"
    ext.mkdir()
    (ext / "bad.ttl").write_text(
        "@prefix kg: <https://w3id.org/kg-news/ont#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix kget: <https://w3id.org/kg-news/event-type/> .\n"
        'kget:Dupe a kg:EventType ; skos:prefLabel "Defection"@en ; skos:inScheme kget:scheme ; kg:trigger "abscond" .\n'
        'kget:Other a kg:EventType ; skos:prefLabel "Other"@en ; skos:inScheme kget:scheme ; kg:tigger "x" .\n',
        encoding="utf-8",
    )
    r = runner.invoke(app, ["ontology", "check", "--ontology", str(ext)])
    assert r.exit_code == 1
    assert "kg:tigger" in r.stdout
    assert "share the label 'defection'" in r.stdout


def test_check_reports_broken_turtle_in_one_line(runner, tmp_path):
    ext = tmp_path / "ext"
    ext.mkdir()
    (ext / "broken.ttl").write_text("@prefix kg: <https://w3id.org/kg-news/ont#> .\nkg:x kg:y", encoding="utf-8")
    r = runner.invoke(app, ["ontology", "check", "--ontology", str(ext)])
    assert r.exit_code == 3
    assert "broken.ttl" in r.stderr and "Traceback" not in r.stderr


def test_docs_writes_browsable_html(runner, tmp_path):
    r = runner.invoke(app, ["ontology", "docs", "--out", str(tmp_path / "docs")])
    assert r.exit_code == 0, r.stderr
    html = (tmp_path / "docs" / "index.html").read_text(encoding="utf-8")
    assert "Defection" in html or "Person" in html
    assert "<html" in html.lower()


def _ingest_with_cyberattack_extension(tmp_path):
    """Add an event type in Turtle only (an extension folder) and ingest an article about it."""
    from kg.jobs.ingest import ingest_paths
    from kg.graph.store import open_store

    ext = tmp_path / "ext"
    ext.mkdir()
    (ext / "cyber.ttl").write_text(
        "@prefix kg: <https://w3id.org/kg-news/ont#> .\n"
        "@prefix kget: <https://w3id.org/kg-news/event-type/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        'kg:Cyberattack a owl:Class ; rdfs:subClassOf kg:Event ; rdfs:label "Cyberattack"@en .\n'
        "kget:Cyberattack a kg:EventType , skos:Concept ; skos:inScheme kget:scheme ;\n"
        '  skos:prefLabel "Cyberattack"@en ; skos:definition "An attack on computer systems."@en ;\n'
        '  kg:eventClass kg:Cyberattack ; kg:trigger "hack" ; kg:triggerNoun "cyberattack" .\n',
        encoding="utf-8",
    )
    art = tmp_path / "arts"
    art.mkdir()
    (art / "hack.txt").write_text(
        "Hackers hit ministry\nNorth Korean hackers hacked the South Korean foreign ministry "
        "on Monday, officials said.\n",
        encoding="utf-8",
    )
    (art / "hack.json").write_text('{"published": "2025-03-04"}', encoding="utf-8")
    store = open_store(tmp_path / "s")
    ingest_paths(store, [art], ontology_dirs=[ext])
    return ext, art, store


def test_an_extension_event_type_is_extracted(tmp_path):
    """The extension's event type is extracted and queried, no Python involved."""
    from kg.query import run_query

    _, _, store = _ingest_with_cyberattack_extension(tmp_path)
    rows = run_query(store, "SELECT ?e ?d WHERE { ?e a kg:Cyberattack ; sem:hasTime/time:inXSDDate ?d }").rows
    assert [(r[1].value) for r in rows] == ["2025-03-03"]


def _hack_article(folder, name="more.txt"):
    (folder / name).write_text(
        "Ministry hacked again\nNorth Korean hackers hacked the South Korean unification "
        "ministry on Tuesday, officials said.\n",
        encoding="utf-8",
    )
    return folder / name


def _cyberattacks(store_dir):
    from kg.graph.store import open_store
    from kg.query import run_query

    store = open_store(store_dir, read_only=True)
    try:
        return len(run_query(store, "SELECT ?e WHERE { ?e a kg:Cyberattack }").rows)
    finally:
        del store
        gc.collect()


def test_the_store_records_its_extension_with_a_content_hash(tmp_path):
    from kg.knowledge.ontology import folder_digest
    from kg.vocab import KG, METADATA_GRAPH, REFERENCE_GRAPH

    ext, _, store = _ingest_with_cyberattack_extension(tmp_path)
    [record] = store.recorded_extensions()
    assert record.folder == ext.resolve() and record.content_hash == folder_digest(ext)
    rows = store.query(
        f"SELECT ?f ?h WHERE {{ GRAPH <{METADATA_GRAPH}> {{ <{REFERENCE_GRAPH}> <{KG.ontologyExtension}> ?f . "
        f"?f <{KG.contentHash}> ?h }} }}",
        union=False,
    )
    assert [(r["f"].value, r["h"].value) for r in rows] == [(ext.resolve().as_uri(), folder_digest(ext))]


def test_a_later_ingest_without_ontology_reuses_the_stores_extension(runner, tmp_path):
    """The extension given at the first ingest is used again: the later ingest keeps its terms
    and extracts its event type, silently; queries see its terms."""
    _ext, _art, store = _ingest_with_cyberattack_extension(tmp_path)
    del store  # released: the CLI opens it
    gc.collect()
    store_dir = tmp_path / "s"
    before = _cyberattacks(store_dir)
    more = _hack_article(tmp_path)
    r = runner.invoke(app, ["--store", str(store_dir), "ingest", str(more)])
    assert r.exit_code == 0, r.stderr
    assert r.stderr == "", r.stderr  # nothing lost, nothing to say
    assert _cyberattacks(store_dir) > before  # the new article's hack is a Cyberattack
    q = runner.invoke(
        app, ["--store", str(store_dir), "query", "SELECT ?l WHERE { kget:Cyberattack skos:prefLabel ?l }"]
    )
    assert q.exit_code == 0 and "Cyberattack" in q.stdout, q.stderr


def test_build_reuses_the_stores_extension(runner, tmp_path):
    _ext, _art, store = _ingest_with_cyberattack_extension(tmp_path)
    del store
    gc.collect()
    before = _cyberattacks(tmp_path / "s")
    folder = tmp_path / "more"
    folder.mkdir()
    _hack_article(folder)
    r = runner.invoke(app, ["--store", str(tmp_path / "s"), "build", str(folder), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0 and "ingested 1 source(s)" in r.stdout, r.stderr
    assert r.stderr == "", r.stderr
    assert _cyberattacks(tmp_path / "s") > before


def test_another_ontology_replaces_the_recorded_one_and_says_so(runner, tmp_path):
    ext, _art, store = _ingest_with_cyberattack_extension(tmp_path)
    del store
    gc.collect()
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.ttl").write_text(
        '@prefix kg: <https://w3id.org/kg-news/ont#> .\nkg:personNouns kg:word "medic" .\n', encoding="utf-8"
    )
    store_dir = tmp_path / "s"
    before = _cyberattacks(store_dir)
    more = _hack_article(tmp_path)
    r = runner.invoke(app, ["--store", str(store_dir), "ingest", str(more), "--ontology", str(other)])
    assert r.exit_code == 0, r.stderr
    replaces = [line for line in r.stderr.splitlines() if "replaces" in line]
    assert len(replaces) == 1 and str(other) in replaces[0] and str(ext.resolve()) in replaces[0]
    assert "lacks 2 term(s)" in r.stderr and "Cyberattack" in r.stderr
    assert _cyberattacks(store_dir) == before  # the new article was extracted without the extension
    again = runner.invoke(app, ["--store", str(store_dir), "ingest", str(more)])  # now "other" is the store's
    assert again.exit_code == 0 and again.stderr == "", again.stderr
    same = runner.invoke(app, ["--store", str(store_dir), "ingest", str(more), "--ontology", str(other)])
    assert same.exit_code == 0 and same.stderr == "", same.stderr


def test_a_recorded_extension_that_is_gone_is_one_clear_error(runner, tmp_path):
    import shutil

    ext, _art, store = _ingest_with_cyberattack_extension(tmp_path)
    del store
    gc.collect()
    shutil.rmtree(ext)
    r = runner.invoke(app, ["--store", str(tmp_path / "s"), "ingest", str(_hack_article(tmp_path))])
    assert r.exit_code == 3
    assert len(r.stderr.strip().splitlines()) == 1 and "not there any more" in r.stderr and "--ontology" in r.stderr


def test_a_changed_extension_is_used_as_it_is_now_with_a_note(runner, tmp_path):
    ext, _art, store = _ingest_with_cyberattack_extension(tmp_path)
    del store
    gc.collect()
    with (ext / "cyber.ttl").open("a", encoding="utf-8") as f:
        f.write('kget:Cyberattack kg:trigger "breach" .\n')
    r = runner.invoke(app, ["--store", str(tmp_path / "s"), "ingest", str(_hack_article(tmp_path))])
    assert r.exit_code == 0, r.stderr
    assert "changed since it was recorded" in r.stderr
    again = runner.invoke(app, ["--store", str(tmp_path / "s"), "ingest", str(_hack_article(tmp_path))])
    assert again.stderr == ""  # the new hash is recorded


def test_ontology_check_uses_the_stores_extension(runner, tmp_path):
    _, _, store = _ingest_with_cyberattack_extension(tmp_path)
    del store
    gc.collect()
    r = runner.invoke(app, ["--store", str(tmp_path / "s"), "ontology", "check"])
    assert r.exit_code == 0, r.stderr
    assert "event types: 29" in r.stdout  # the 28 built in and the extension's


def _shadowed_type(tmp_path, triggers):
    ext = tmp_path / "ext"
    ext.mkdir()
    (ext / "t.ttl").write_text(
        "@prefix kg: <https://w3id.org/kg-news/ont#> .\n"
        "@prefix kget: <https://w3id.org/kg-news/event-type/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "kget:Walkout a kg:EventType , skos:Concept ; skos:inScheme kget:scheme ;\n"
        f'  skos:prefLabel "Walkout"@en ; {triggers} .\n',
        encoding="utf-8",
    )
    return ext


def test_check_fails_on_an_event_type_whose_triggers_are_all_taken(runner, tmp_path):
    """'defect' is the Defection type's trigger, and Defection sorts first: Walkout never fires."""
    ext = _shadowed_type(tmp_path, 'kg:trigger "defect"')
    r = runner.invoke(app, ["ontology", "check", "--ontology", str(ext)])
    assert r.exit_code == 1, r.stdout
    assert "Walkout: can never be extracted" in r.stdout and "Defection" in r.stdout


def test_check_passes_an_event_type_with_a_trigger_of_its_own(runner, tmp_path):
    ext = _shadowed_type(tmp_path, 'kg:trigger "defect" , "strike off"')
    r = runner.invoke(app, ["ontology", "check", "--ontology", str(ext)])
    assert r.exit_code == 0, r.stdout
    assert "can never" not in r.stdout and "Defection take(s) it" in r.stderr


def test_ontology_docs_prints_no_log_lines_and_has_one_title(tmp_path):
    """pyLODE configures logging on import; kg undoes it (run in a fresh process, where the
    import really happens)."""
    import re
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "kg.cli.main", "ontology", "docs", "--out", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "INFO" not in r.stderr and "DEBUG" not in r.stderr and r.stderr == ""
    html = (tmp_path / "d" / "index.html").read_text(encoding="utf-8")
    assert re.findall("<title>(.*?)</title>", html) == ["kg news ontology"]
    assert re.findall("<h1>(.*?)</h1>", html)[0] == "kg news ontology"


def test_a_relative_extension_folder_works(runner, tmp_path, monkeypatch):
    (tmp_path / "ext").mkdir()
    (tmp_path / "ext" / "x.ttl").write_text(
        '@prefix kg: <https://w3id.org/kg-news/ont#> .\nkg:personNouns kg:word "medic" .\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["ontology", "check", "--ontology", "ext"])
    assert r.exit_code == 0, r.stderr


_FLOODING = (
    "@prefix kg: <https://w3id.org/kg-news/ont#> .\n"
    "@prefix kget: <https://w3id.org/kg-news/event-type/> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    'kg:Flooding a owl:Class ; rdfs:subClassOf kg:Event ; rdfs:label "Flooding"@en .\n'
    "kget:Flooding a kg:EventType , skos:Concept ; skos:inScheme kget:scheme ;\n"
    '  skos:prefLabel "Flooding"@en ; skos:definition "Water covers land that is usually dry."@en ;\n'
    '  kg:eventClass kg:Flooding ; kg:trigger "inundate" ; kg:triggerNoun "deluge" .\n'
)


def test_a_store_with_an_extension_event_type_validates_and_builds(runner, tmp_path):
    """An extension's event type written as docs/ontology.md shows (no owl:NamedIndividual) is a
    kg:EventType to validation too: sem:eventType's sh:class kg:EventType holds for it."""
    ext = tmp_path / "ext"
    ext.mkdir()
    (ext / "flooding.ttl").write_text(_FLOODING, encoding="utf-8")
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "flood.txt").write_text(
        "River swamps farms\nThe swollen river inundated farms near the border town on Tuesday, officials said.\n",
        encoding="utf-8",
    )
    (arts / "flood.json").write_text('{"published": "2025-07-08"}', encoding="utf-8")
    store = ["--store", str(tmp_path / "s")]
    check = runner.invoke(app, ["ontology", "check", "--ontology", str(ext)])
    assert check.exit_code == 0 and "ok: true" in check.stdout, check.stdout
    r = runner.invoke(app, [*store, "ingest", str(arts), "--ontology", str(ext)])
    assert r.exit_code == 0, r.stderr
    q = runner.invoke(app, [*store, "query", "SELECT ?e WHERE { ?e a kg:Flooding ; sem:eventType kget:Flooding }"])
    assert q.exit_code == 0 and "flooding" in q.stdout, q.stdout
    for extra in ([], ["--ontology", str(ext)]):  # the store's reference graph, or the folder again
        v = runner.invoke(app, [*store, "validate", *extra])
        assert v.exit_code == 0, v.stdout
        assert "conforms: true" in v.stdout and "does not have class" not in v.stdout
    empty = tmp_path / "more"
    empty.mkdir()
    b = runner.invoke(app, [*store, "build", str(empty), "--out", str(tmp_path / "out")])
    assert b.exit_code == 0, (b.stdout, b.stderr)
