"""Property tests: extraction, resolution and the graph never raise on hostile text, and the
Turtle they give always parses (in rdflib and in Oxigraph's strict parser)."""

from __future__ import annotations

import string

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import extract, graph, ingest, nlp, resolve
from kg.types import Document

# Each example runs the real pipeline: fewer examples than the ingest properties.
PROPERTY_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NEWS_WORDS = ["Russia", "Ukraine", "Kyiv", "Biden", "Peskov", "said", "denied", "not", "will", "used", "U.S.",
              "weapons", "ATACMS", "on", "Thursday", "the", "he", "she", "they", "it", "\u201cwe\u201d", "'s",
              "Zelensky", "authorized", "attack", "Belgorod", "Norway", "and", "but", "who", "which", ",", ".",
              "\u2014", ":", ";", "(", ")", "\"", "'", "?", "!", "Mr.", "Dr.", "2024", "June 21", "%", "&", "<b>",
              "http://x.y/?a=<b>&c=\"d\"", "\\", "\\u0000", "@prefix", "<https://e.org/>", "\"\"\"", "#", "^^"]
AWKWARD = ["\u00a0", "\u200b", "\u202e", "\ufeff", "\u2028", "\U0001f680", "\u0301", "\x0b", "\x1b", "\ufffd",
           "\t", "Ω", "İ", "ß", "ﬁ", "ǅ", "\u05d0\u05d1", "\u0627\u0644", "\u4e2d\u6587", "\U00010348"]
token = st.one_of(st.sampled_from(NEWS_WORDS), st.sampled_from(AWKWARD), st.text(string.printable, max_size=8),
                  st.characters(blacklist_categories=("Cs",)))
sentence = st.lists(token, min_size=1, max_size=40).map(" ".join)
long_sentence = st.lists(st.sampled_from(NEWS_WORDS[:20]), min_size=200, max_size=600).map(" ".join)
article = st.lists(st.one_of(sentence, sentence, long_sentence), min_size=1, max_size=4).map("\n".join)


@pytest.fixture(scope="module")
def pipeline():
    return nlp.load()


@pytest.fixture(scope="module")
def aliases():
    return resolve.load_aliases(None)


def graph_of(pipeline, aliases, texts: list[str]) -> str:
    documents = []
    for number, raw in enumerate(texts):
        text, title, date, author = ingest.clean(raw)
        if text:
            documents.append(Document(id=ingest.document_id(f"{number}{text}"), text=text, title=title, date=date,
                                      author=author, source=f"article-{number}.txt"))
    facts, mentions = [], []
    for document, doc in nlp.parse(pipeline, documents, batch_size=len(documents)):
        extraction = extract.extract(document, doc)
        facts += extraction.facts
        mentions += extraction.mentions
        assert all(0 <= m.start <= m.end <= len(document.text) for m in mentions if m.doc_id == document.id)
    resolution = resolve.resolve(documents, mentions, facts, aliases=aliases)
    return graph.to_turtle(graph.build_dataset(documents, facts, resolution))


def assert_valid_turtle(turtle: str) -> None:
    parsed = rdflib.Graph().parse(data=turtle, format="turtle")
    strict = list(ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == len(set(strict))


@PROPERTY_SETTINGS
@given(texts=st.lists(article, min_size=1, max_size=2))
def test_hostile_articles_give_valid_turtle(pipeline, aliases, texts):
    assert_valid_turtle(graph_of(pipeline, aliases, texts))


@pytest.mark.parametrize("text", [
    "",
    " \n\t\u00a0\u3000 ",
    "Peskov said \"\"\" @prefix x: <y> . and <script>alert(1)</script> \\u0022 were used.",
    "Kyiv " * 5000,  # one sentence of 5,000 words, no punctuation
    "He said she said they said it.",
    "\x00\x01\x02 Russia\x7f denied\x1b[31m it.",
], ids=["empty", "whitespace", "turtle-and-html-syntax", "5000-word-sentence", "pronouns", "control-characters"])
def test_edge_case_articles_give_valid_turtle(pipeline, aliases, text):
    assert_valid_turtle(graph_of(pipeline, aliases, [text, "Norway authorized Kyiv to use the weapons."]))
