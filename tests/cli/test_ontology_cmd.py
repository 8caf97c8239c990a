"""kg ontology check / docs, and extending the ontology without Python."""

from __future__ import annotations

import gc

from kg.cli.main import app


def test_check_passes_on_the_built_in_ontology(runner):
    r = runner.invoke(app, ["ontology", "check"])
    assert r.exit_code == 0, r.stdout
    assert "event types: 26" in r.stdout and "ok: true" in r.stdout


def test_check_reports_an_undeclared_term_and_a_label_clash(runner, tmp_path):
    ext = tmp_path / "ext"
    ext.mkdir()
    (ext / "bad.ttl").write_text(
        "@prefix kg: <https://w3id.org/kg-news/ont#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix kget: <https://w3id.org/kg-news/event-type/> .\n"
        "kget:Dupe a kg:EventType ; skos:prefLabel \"Defection\"@en ; skos:inScheme kget:scheme ; kg:trigger \"abscond\" .\n"
        "kget:Other a kg:EventType ; skos:prefLabel \"Other\"@en ; skos:inScheme kget:scheme ; kg:tigger \"x\" .\n",
        encoding="utf-8")
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
        "kg:Cyberattack a owl:Class ; rdfs:subClassOf kg:Event ; rdfs:label \"Cyberattack\"@en .\n"
        "kget:Cyberattack a kg:EventType , skos:Concept ; skos:inScheme kget:scheme ;\n"
        "  skos:prefLabel \"Cyberattack\"@en ; skos:definition \"An attack on computer systems.\"@en ;\n"
        "  kg:eventClass kg:Cyberattack ; kg:trigger \"hack\" ; kg:triggerNoun \"cyberattack\" .\n",
        encoding="utf-8")
    art = tmp_path / "arts"
    art.mkdir()
    (art / "hack.txt").write_text("Hackers hit ministry\nNorth Korean hackers hacked the South Korean foreign ministry "
                                   "on Monday, officials said.\n", encoding="utf-8")
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


def test_ingesting_without_the_extension_says_what_the_store_loses(runner, tmp_path):
    """The reference graph follows the ontology given: an extension left out on a later ingest is
    dropped from it, and kg says so (once), naming a lost term."""
    ext, art, store = _ingest_with_cyberattack_extension(tmp_path)
    del store  # released: the CLI opens it
    gc.collect()
    store_dir = tmp_path / "s"
    (art / "more.txt").write_text("Talks resume\nNorth Korea rejected talks on Monday.\n", encoding="utf-8")
    with_ext = runner.invoke(app, ["--store", str(store_dir), "ingest", str(art / "more.txt"), "--ontology", str(ext)])
    assert with_ext.exit_code == 0 and "lacks" not in with_ext.stderr, with_ext.stderr
    without = runner.invoke(app, ["--store", str(store_dir), "ingest", str(art / "more.txt")])
    assert without.exit_code == 0, without.stderr
    assert "lacks 2 term(s)" in without.stderr and "Cyberattack" in without.stderr
    again = runner.invoke(app, ["--store", str(store_dir), "ingest", str(art / "more.txt")])
    assert "lacks" not in again.stderr


def test_a_relative_extension_folder_works(runner, tmp_path, monkeypatch):
    (tmp_path / "ext").mkdir()
    (tmp_path / "ext" / "x.ttl").write_text(
        "@prefix kg: <https://w3id.org/kg-news/ont#> .\nkg:personNouns kg:word \"medic\" .\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["ontology", "check", "--ontology", "ext"])
    assert r.exit_code == 0, r.stderr
