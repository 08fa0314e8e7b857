"""kg.store's parts one at a time: graph digests, commits from the quad spool, records, order.
(tests/scale/test_store.py builds real archives end to end.)"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from kg.graph import QuadSpool
from kg.store import Fingerprints, Store, StoreError, canonical_order, graph_digests
from kg.types import Document

EX = "https://example.org/x/"
QUADS = [(URIRef(EX + graph), (URIRef(EX + s), URIRef(EX + p), o))
         for graph, s, p, o in [("g1", "a", "p", Literal("one")), ("g1", "a", "q", URIRef(EX + "b")),
                                ("g2", "a", "p", Literal("one")), ("g2", "b", "p", Literal("é\nx", lang="fr")),
                                ("g3", "c", "p", Literal("2", datatype=URIRef(EX + "t")))]]
FINGERPRINTS = Fingerprints("f")


def spool(quads, run_lines: int = 100) -> QuadSpool:
    made = QuadSpool(run_lines)
    for graph, triple in quads:
        made.add_quad(graph, triple)
    return made.finish()


def document(number: int, source: str) -> Document:
    return Document(id=f"d{number:016x}", text="text", title="", date=None, source=source)


def test_a_graph_digest_depends_on_its_quads_only():
    shuffled = list(QUADS)
    random.Random(1).shuffle(shuffled)
    digests = graph_digests(spool(QUADS))
    assert digests == graph_digests(spool(shuffled, run_lines=2))  # spilled runs, other order: same
    assert sorted(digests) == [EX + "g1", EX + "g2", EX + "g3"]
    changed = graph_digests(spool([*QUADS[:-1], (URIRef(EX + "g3"), (URIRef(EX + "c"), URIRef(EX + "p"),
                                                                      Literal("3")))]))
    assert changed[EX + "g3"] != digests[EX + "g3"]
    assert all(changed[iri] == digests[iri] for iri in (EX + "g1", EX + "g2"))


def test_a_commit_loads_the_spool_and_rewrites_only_the_graphs_that_changed(tmp_path):
    documents = [document(1, "a.txt")]
    with Store(tmp_path / "store") as store:
        first = store.commit(documents, spool(QUADS), FINGERPRINTS)
        assert (first.added, first.removed) == (3, 0)
        live = set(ox.Store.read_only(str(store.graph_path)))
        assert len(live) == len(QUADS) and ox.NamedNode(EX + "g3") in {quad.graph_name for quad in live}
        assert store.commit(documents, spool(QUADS), FINGERPRINTS).snapshot is None  # nothing changed
        second = store.commit(documents, spool(QUADS[:3]), FINGERPRINTS)  # g2 lost a quad, g3 went
        assert (second.added, second.removed) == (1, 1)
        assert len(set(ox.Store.read_only(str(store.graph_path)))) == 3


def test_a_blank_node_from_a_graph_file_reaches_the_store(tmp_path):
    with Store(tmp_path / "store") as store:
        store.commit([], spool([(URIRef(EX + "g"), (BNode("x"), URIRef(EX + "p"), BNode("y")))]), FINGERPRINTS)
        [quad] = ox.Store.read_only(str(store.graph_path))
        assert isinstance(quad.subject, ox.BlankNode) and isinstance(quad.object, ox.BlankNode)


def test_one_process_at_a_time_writes_a_store(tmp_path):
    with Store(tmp_path / "store"):
        with pytest.raises(StoreError, match="in use by another kg process"):
            Store(tmp_path / "store")


def test_a_folder_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError, match="not a kg store"):
        Store(tmp_path / "notes")
    with pytest.raises(StoreError, match="no kg store"):
        Store(tmp_path / "new", create=False)


def test_articles_are_ordered_by_source_with_numbers_as_numbers():
    documents = [document(3, "feed.jsonl:10"), document(1, "feed.jsonl:2"), document(2, "b.txt")]
    assert [d.source for d in canonical_order(documents)] == ["b.txt", "feed.jsonl:2", "feed.jsonl:10"]


def test_a_build_into_a_store_makes_no_rdflib_dataset_of_the_archive(tmp_path):
    import kg

    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_a55aafeecc888288.txt"
    graph = kg.build([seed], store=tmp_path / "store")
    assert "rdf" not in vars(graph)  # KnowledgeGraph.rdf is made on first use only: the store never asked
    assert len(set(ox.Store.read_only(str(tmp_path / "store" / "graph")))) == len(graph.quads)
