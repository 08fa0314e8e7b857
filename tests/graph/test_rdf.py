"""The RDF model: IRIs, direct edges vs statements, named graphs, provenance, deterministic Turtle."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pyoxigraph
import pytest
from handmade_corpus import Corpus, sample_corpus
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import BNode

from kg.graph import DEFAULT_BASE_IRI, KG, IRIError, build_dataset, check_base_iri, to_turtle
from kg.graph.admission import CALIBRATED_CONFIDENCE
from kg.graph.ontology import SCHEMA, WD
from kg.graph.rdf import make_iri, union_graph
from kg.types import Argument, Sentence

BASE = DEFAULT_BASE_IRI


def iri(path: str) -> URIRef:
    return URIRef(BASE + path)


def build(corpus: Corpus, **options):
    return build_dataset(corpus.documents, corpus.facts, corpus.resolution, **options)


def statements_of(dataset, subject: URIRef) -> list[URIRef]:
    return sorted(s for s, _, _, _ in dataset.quads((None, RDF.subject, subject, None)))


GOOD_BASES = ["https://example.org/kg/", "http://localhost:8080/data/", "https://example.org/kg#", "urn:kg:"]
BAD_BASES = ["example.org/kg/", "https://example.org/kg", "https://ex ample.org/", "https://example.org/<x>/",
             "ftp://example.org/", "", "https://example.org/\"kg\"/", "https://exämple.org/"]


@pytest.mark.parametrize("base", GOOD_BASES)
def test_good_base_iris(base):
    assert check_base_iri(base) == base


@pytest.mark.parametrize("base", BAD_BASES)
def test_bad_base_iris_are_refused_with_a_clear_message(base, corpus):
    with pytest.raises(IRIError, match="base IRI .* is not usable"):
        build(corpus, base_iri=base)


AWKWARD_NAMES = [
    "Mark Milley", 'The "Quoted" One', "O'Brien & Sons", "Володимир Зеленський", "習近平",
    "a<b>c{d}|e^f`g\\h", "tab\there", "emoji 🚀 rocket", "100% sure", "#hash?query=1",
]


@pytest.mark.parametrize("name", AWKWARD_NAMES)
def test_iris_from_awkward_names_are_valid_and_ascii(name):
    made = make_iri(BASE, "person", "-".join(name.casefold().split()))
    assert str(made).isascii() and str(made).startswith(BASE)
    pyoxigraph.NamedNode(str(made))


def test_awkward_names_survive_every_parser(tmp_path):
    made = Corpus()
    document = made.article("d1", " and ".join(AWKWARD_NAMES) + " met.", title='A "title" with \\ and \n newline')
    keys = [made.entity(f"person/{'-'.join(name.casefold().split())}", name, "Person", aliases=(name + " Jr.",))
            for name in AWKWARD_NAMES]
    relations = ["meet with", "été_à", "say \"hi\"", "@prefix x: <y> ."]
    for number, (first, second) in enumerate(zip(AWKWARD_NAMES, AWKWARD_NAMES[1:], strict=False)):
        made.fact(document, (first, keys[AWKWARD_NAMES.index(first)]), relations[number % len(relations)],
                  (second, keys[AWKWARD_NAMES.index(second)]), purpose="@prefix kg: <http://evil/> .\n\"\"\"")
    turtle = to_turtle(build(made))
    path = tmp_path / "graph.ttl"
    path.write_text(turtle, encoding="utf-8")
    counts = _parse_everywhere(path)
    assert len(set(counts.values())) == 1, counts
    labels = {str(o) for o in Graph().parse(data=turtle, format="turtle").objects(None, RDFS.label)}
    assert set(AWKWARD_NAMES) <= labels


def _parse_everywhere(path) -> dict[str, int]:
    """Triple counts from rdflib, Oxigraph, and raptor and serd where installed."""
    counts = {
        "rdflib": len(Graph().parse(path, format="turtle")),
        "oxigraph": sum(1 for _ in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)),
    }
    rapper = shutil.which("rapper")
    if rapper:
        result = subprocess.run([rapper, "-q", "-i", "turtle", "-o", "ntriples", str(path)],
                                capture_output=True, text=True, check=True)
        counts["rapper"] = len(result.stdout.splitlines())
    serdi = shutil.which("serdi")
    if serdi:
        result = subprocess.run([serdi, "-i", "turtle", "-o", "ntriples", str(path)],
                                capture_output=True, text=True, check=True)
        counts["serdi"] = len([line for line in result.stdout.splitlines() if line.strip()])
    return counts


def test_rapper_and_serdi_are_installed():
    # scripts/install-test-tools installs raptor2-utils and serdi: the Turtle must pass them too.
    assert shutil.which("rapper") and shutil.which("serdi")


def test_asserted_fact_is_a_direct_edge_and_a_statement(corpus):
    dataset = build(corpus)
    norway, kyiv, authorize = iri("country/norway"), iri("location/kyiv"), iri("relation/authorize")
    assert (norway, authorize, kyiv, iri("graph/d1")) in dataset
    (statement,) = statements_of(dataset, norway)
    union = union_graph(dataset)
    assert union.value(statement, RDF.predicate) == authorize
    assert union.value(statement, RDF.object) == kyiv
    assert union.value(statement, KG.asserted).toPython() is True
    assert union.value(statement, KG.purpose) == Literal("to use weapons")
    # kg:confidence is calibrated by kind (kg.graph.admission): how often such plain edges were judged right
    assert union.value(statement, KG.confidence) == Literal(f"{CALIBRATED_CONFIDENCE['verb']:.3f}", datatype=XSD.decimal)
    sentence = union.value(statement, PROV.wasDerivedFrom)
    assert sentence == iri("document/d1#char=0,50")
    assert str(union.value(sentence, KG.text)) == "Norway and Finland authorized Kiev to use weapons."
    assert (union.value(sentence, KG.start).toPython(), union.value(sentence, KG.end).toPython()) == (0, 50)
    assert union.value(statement, KG.documentDate) == Literal("2024-06-21", datatype=XSD.date)
    assert union.value(authorize, RDFS.label) == Literal("authorize")
    assert (authorize, RDFS.subPropertyOf, KG.relatedTo) in union


def test_negated_attributed_modal_fact_is_a_statement_only(corpus):
    dataset = build(corpus)
    union = union_graph(dataset)
    us, ukraine = iri("country/united-states"), iri("country/ukraine")
    assert not list(union.triples((us, None, ukraine)))
    (statement,) = statements_of(dataset, us)
    assert union.value(statement, KG.negated).toPython() is True
    assert union.value(statement, KG.asserted).toPython() is False
    assert union.value(statement, KG.modality) == Literal("ask")
    assert union.value(statement, KG.assertedBy) == iri("person/mark-milley")
    assert union.value(statement, KG.speakerText) == Literal("Milley")
    assert union.value(statement, KG.reportingVerb) == Literal("say")
    assert union.value(statement, KG.time) == Literal("on Thursday")


@pytest.mark.parametrize("qualifier", [{"negated": True}, {"modality": "could"}, {"speaker": True}])
def test_each_of_negation_modality_attribution_alone_keeps_a_fact_off_the_direct_edges(qualifier):
    made = Corpus()
    russia = made.entity("country/russia", "Russia", "Country")
    uk = made.entity("country/united-kingdom", "United Kingdom", "Country")
    peskov = made.entity("person/dmitry-peskov", "Dmitry Peskov", "Person")
    document = made.article("d1", "Peskov said Russia could target the UK.")
    speaker = {"speaker": ("Peskov", peskov)} if qualifier.pop("speaker", False) else {}
    made.fact(document, ("Russia", russia), "target", ("the UK", uk), **qualifier, **speaker)
    union = union_graph(build(made))
    assert not list(union.triples((iri("country/russia"), iri("relation/target"), None)))
    assert len(list(union.subjects(RDF.type, KG.Statement))) == 1


def test_entities_are_described_once_in_the_entities_graph(corpus):
    dataset = build(corpus)
    entities = dataset.graph(iri("graph/entities"))
    kyiv = iri("location/kyiv")
    assert (kyiv, RDF.type, KG.Location) in entities
    assert (kyiv, RDFS.label, Literal("Kyiv")) in entities
    assert (kyiv, SKOS.altLabel, Literal("Kiev")) in entities
    assert (kyiv, OWL.sameAs, WD.Q1899) in entities
    assert (kyiv, KG.partOf, iri("country/ukraine")) in entities
    assert not list(dataset.graph(iri("graph/d1")).triples((kyiv, RDFS.label, None)))


def test_article_metadata(corpus):
    union = union_graph(build(corpus))
    article = iri("document/d1")
    assert (article, RDF.type, SCHEMA.NewsArticle) in union
    assert union.value(article, SCHEMA.headline) == Literal("Norway and Finland authorize Kiev", lang="en")
    assert union.value(article, SCHEMA.datePublished) == Literal("2024-06-21", datatype=XSD.date)
    assert union.value(article, SCHEMA.author) == Literal("A. Writer")
    assert union.value(article, SCHEMA.url) == Literal('https://news.example.com/a?id=1&x="q"', datatype=XSD.anyURI)


def test_build_is_a_prov_activity(corpus):
    union = union_graph(build(corpus, source_date_epoch=1718928000))  # 2024-06-21T00:00:00Z
    (activity,) = union.subjects(RDF.type, PROV.Activity)
    assert union.value(activity, PROV.startedAtTime).toPython().isoformat() == "2024-06-21T00:00:00+00:00"
    agent = union.value(activity, PROV.wasAssociatedWith)
    assert (agent, RDF.type, PROV.SoftwareAgent) in union
    assert {statement for statement in union.subjects(PROV.wasGeneratedBy, activity)} == set(
        union.subjects(RDF.type, KG.Statement))
    assert set(union.objects(activity, PROV.used)) == {iri("document/d1"), iri("document/d2")}


def test_build_time_without_source_date_epoch_is_the_newest_article_date(corpus, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")  # the front door reads it (kg.config); the graph stage never does
    union = union_graph(build(corpus))
    (activity,) = union.subjects(RDF.type, PROV.Activity)
    assert union.value(activity, PROV.endedAtTime).toPython().isoformat() == "2024-06-21T00:00:00+00:00"


def test_one_named_graph_per_article_and_dropping_one_removes_only_it():
    made = Corpus()
    norway = made.entity("country/norway", "Norway", "Country")
    kyiv = made.entity("location/kyiv", "Kyiv", "Location")
    finland = made.entity("country/finland", "Finland", "Country")
    first = made.article("d1", "Norway authorized Kyiv.")
    second = made.article("d2", "Norway authorized Kyiv again. Finland authorized Kyiv.")
    made.fact(first, ("Norway", norway), "authorize", ("Kyiv", kyiv))
    made.fact(second, ("Norway", norway), "authorize", ("Kyiv", kyiv))
    made.fact(second, ("Finland", finland), "authorize", ("Kyiv", kyiv))
    dataset = build(made)
    edge = (iri("country/norway"), iri("relation/authorize"), iri("location/kyiv"))
    union = union_graph(dataset)
    assert len(list(union.triples(edge))) == 1  # one edge ...
    assert len(statements_of(dataset, iri("country/norway"))) == 2  # ... with two provenances
    graphs = {str(graph.identifier) for graph in dataset.graphs()} - {"urn:x-rdflib:default"}
    assert graphs == {BASE + "graph/d1", BASE + "graph/d2", BASE + "graph/entities", BASE + "graph/counts"}
    dataset.remove_graph(dataset.graph(iri("graph/d2")))
    union = union_graph(dataset)
    assert len(list(union.triples(edge))) == 1
    assert not list(union.triples((iri("country/finland"), iri("relation/authorize"), None)))
    assert len(statements_of(dataset, iri("country/norway"))) == 1


def test_adding_an_article_changes_no_existing_triple(corpus):
    before = build(corpus, source_date_epoch=1718928000)
    russia = corpus.entity("country/russia", "Russia", "Country")
    third = corpus.article("d3", "Russia warned Norway.", date="2024-07-01")
    corpus.fact(third, ("Russia", russia), "warn", ("Norway", "country/norway"))
    after = build(corpus, source_date_epoch=1718928000)
    for name in ("graph/d1", "graph/d2"):
        assert set(before.graph(iri(name))) == set(after.graph(iri(name)))
    assert set(before.graph(iri("graph/entities"))) <= set(after.graph(iri("graph/entities")))


def test_facts_with_an_unresolved_subject_are_left_out():
    made = Corpus()
    ukraine = made.entity("country/ukraine", "Ukraine", "Country")
    document = made.article("d1", "He met Ukraine.")
    made.fact(document, ("He", None), "meet", ("Ukraine", ukraine))
    union = union_graph(build(made))
    assert not list(union.subjects(RDF.type, KG.Statement))
    assert (iri("document/d1"), SCHEMA.mentions, iri("country/ukraine")) in union  # still mentioned


def test_no_blank_nodes_and_only_absolute_iris(corpus):
    for s, p, o in union_graph(build(corpus)):
        for term in (s, p, o):
            assert not isinstance(term, BNode)
            if isinstance(term, URIRef):
                assert str(term).startswith(("https://", "http://")), term


def test_turtle_round_trips(corpus, tmp_path):
    dataset = build(corpus)
    turtle = to_turtle(dataset)
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), union_graph(dataset))
    path = tmp_path / "graph.ttl"
    path.write_text(turtle, encoding="utf-8")
    counts = _parse_everywhere(path)
    assert set(counts.values()) == {len(union_graph(dataset))}, counts


def test_turtle_is_byte_for_byte_deterministic(corpus):
    assert to_turtle(build(corpus)) == to_turtle(build(corpus))


def test_turtle_is_the_same_in_another_process_with_another_hash_seed(corpus, tmp_path):
    script = tmp_path / "build.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(os.path.dirname(__file__))!r})
        from handmade_corpus import sample_corpus
        from kg.graph import build_dataset, to_turtle
        made = sample_corpus()
        sys.stdout.write(to_turtle(build_dataset(made.documents, made.facts, made.resolution)))
    """), encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=environment,
                                check=True)
        outputs.add(result.stdout)
    assert len(outputs) == 1


SWEEP_ORPHANS = """
PREFIX kg: <https://example.org/kg/ontology#>
DELETE { GRAPH <https://example.org/kg/graph/entities> { ?entity ?p ?o } }
WHERE {
  GRAPH <https://example.org/kg/graph/entities> {
    ?entity a ?type ; ?p ?o .
    VALUES ?type { kg:Person kg:Organization kg:Country kg:Location kg:Group kg:Weapon kg:Event kg:Date kg:Concept }
    FILTER NOT EXISTS { ?part kg:partOf ?entity }
  }
  FILTER NOT EXISTS {
    GRAPH ?article { ?statement ?link ?entity }
    FILTER (?article NOT IN (<https://example.org/kg/graph/entities>, <https://example.org/kg/graph/counts>))
  }
}
"""


def test_removing_an_article_is_dropping_its_graph_then_sweeping_orphans(corpus):
    """The procedure docs/graph-model.md gives, run on Oxigraph."""
    store = pyoxigraph.Store()
    store.load(build(corpus).serialize(format="nquads").encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    store.update("DROP GRAPH <https://example.org/kg/graph/d2>")
    store.update(SWEEP_ORPHANS)
    left = {str(row["e"].value) for row in store.query(
        "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e a ?type } "
        "FILTER (STRSTARTS(STR(?type), STR(<https://example.org/kg/ontology#>))) }")}
    assert BASE + "person/mark-milley" not in left  # only the dropped article spoke of him
    assert BASE + "country/united-states" not in left
    assert {BASE + "country/norway", BASE + "location/kyiv", BASE + "country/ukraine"} <= left  # Kyiv is part of it
    statements = store.query("ASK { GRAPH ?g { ?s <https://example.org/kg/ontology#document> "
                             "<https://example.org/kg/document/d2> } }")
    assert not bool(statements)


def with_a_fact_in_two_articles(corpus: Corpus) -> Corpus:
    """The sample corpus plus d3 (twice) and d4, which state that the US supplied Ukraine, and d5, which denies it."""
    us, ukraine = "country/united-states", "country/ukraine"
    third = corpus.article("d3", "The U.S. supplied Ukraine. Then the U.S. supplied Ukraine again.", date="2024-02-01")
    corpus.fact(third, ("The U.S.", us), "supply", ("Ukraine", ukraine))
    corpus.fact(third, ("the U.S.", us), "supply", ("Ukraine", ukraine))
    corpus.fact(corpus.article("d4", "The U.S. supplied Ukraine."), ("The U.S.", us), "supply", ("Ukraine", ukraine))
    corpus.fact(corpus.article("d5", "The U.S. did not supply Ukraine.", date="2025-01-01"), ("The U.S.", us),
                "supply", ("Ukraine", ukraine), negated=True)
    return corpus


def test_a_fact_stated_in_more_than_one_article_is_counted_in_the_counts_graph(corpus):
    counts = build(with_a_fact_in_two_articles(corpus)).graph(URIRef(BASE + "graph/counts"))
    facts = sorted(set(counts.subjects(KG.articleCount, None)))
    assert len(facts) == 1 and str(facts[0]).startswith(BASE + "fact/")  # Norway's and Finland's: one article each
    fact = facts[0]
    assert counts.value(fact, KG.factSubject) == URIRef(BASE + "country/united-states")
    assert counts.value(fact, KG.factRelation) == Literal("supply")
    assert counts.value(fact, KG.factObject) == URIRef(BASE + "country/ukraine")
    assert counts.value(fact, KG.articleCount) == Literal(2)  # d3 (twice) and d4; not d5, which denies it
    assert counts.value(fact, KG.firstDate) == counts.value(fact, KG.lastDate) == Literal("2024-02-01",
                                                                                         datatype=XSD.date)
    again = build(with_a_fact_in_two_articles(sample_corpus())).graph(URIRef(BASE + "graph/counts"))
    assert again.value(fact, KG.articleCount) == Literal(2)  # the same IRI in another build


def test_the_sweep_of_orphans_is_not_held_back_by_the_counts_graph(corpus):
    store = pyoxigraph.Store()
    store.load(build(with_a_fact_in_two_articles(corpus)).serialize(format="nquads").encode("utf-8"),
               format=pyoxigraph.RdfFormat.N_QUADS)
    for doc_id in ("d2", "d3", "d4", "d5"):
        store.update(f"DROP GRAPH <https://example.org/kg/graph/{doc_id}>")
    store.update(SWEEP_ORPHANS)
    assert store.query("ASK { GRAPH <https://example.org/kg/graph/counts> { ?fact <https://example.org/kg/ontology#"
                       "factSubject> <https://example.org/kg/country/united-states> } }")
    assert not store.query("ASK { GRAPH <https://example.org/kg/graph/entities> { "
                           "<https://example.org/kg/country/united-states> ?p ?o } }")


def test_arguments_and_place_are_linked_to_entities():
    made = Corpus()
    ukraine = made.entity("country/ukraine", "Ukraine", "Country")
    weapons = made.entity("weapon/american-weapons", "American weapons", "Weapon")
    russia = made.entity("country/russia", "Russia", "Country")
    kharkiv = made.entity("location/kharkiv", "Kharkiv", "Location")
    document = made.article("d1", "Ukraine used American weapons against Russia near Kharkiv.")
    fact = made.fact(document, ("Ukraine", ukraine), "use", ("American weapons", weapons))
    made.facts[-1] = type(fact)(**{
        **fact.__dict__,
        "arguments": (Argument("against", made.mention(document, "Russia", russia)),
                      Argument("near", made.mention(document, "near Kharkiv", None))),
        "place": made.mention(document, "Kharkiv", kharkiv),
    })
    union = union_graph(build(made))
    (statement,) = union.subjects(RDF.type, KG.Statement)
    assert union.value(statement, KG.place) == iri("location/kharkiv")
    arguments = sorted(union.objects(statement, KG.argument))
    assert [str(argument).rsplit("/", 1)[1] for argument in arguments] == ["1", "2"]
    first, second = arguments
    assert (union.value(first, KG.role), union.value(first, KG.value)) == (Literal("against"), iri("country/russia"))
    assert union.value(second, KG.value) is None and union.value(second, KG.valueText) == Literal("near Kharkiv")


def test_articles_list_the_named_things_they_mention():
    made = Corpus()
    himars = made.entity("weapon/himars", "HIMARS", "Weapon")
    made.entity("concept/range", "range", "Concept")
    document = made.article("d1", "The city is within the range of HIMARS.")
    made.mention(document, "HIMARS", himars)
    made.mention(document, "range", "concept/range")
    dataset = build(made)
    assert (iri("document/d1"), SCHEMA.mentions, iri("weapon/himars")) in dataset.graph(iri("graph/d1"))
    assert (iri("weapon/himars"), RDF.type, KG.Weapon) in dataset.graph(iri("graph/entities"))
    assert not list(union_graph(dataset).triples((None, None, iri("concept/range"))))  # no fact uses it


def test_sentences_lose_surrounding_white_space_and_keep_true_offsets():
    made = Corpus()
    norway = made.entity("country/norway", "Norway", "Country")
    document = made.article("d1", "Title\n\n  Norway spoke. ")
    fact = made.fact(document, ("Norway", norway), "speak")
    made.facts[-1] = type(fact)(**{**fact.__dict__, "sentence": Sentence("d1", 0, 5, 22, document.text[5:22])})
    union = union_graph(build(made))
    (sentence,) = union.subjects(RDF.type, KG.Sentence)
    start, end = union.value(sentence, KG.start).toPython(), union.value(sentence, KG.end).toPython()
    assert str(union.value(sentence, KG.text)) == document.text[start:end] == "Norway spoke."
    assert str(sentence).endswith("#char=9,22")
