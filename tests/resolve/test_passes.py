"""kg.resolve.entities.PASSES: resolution as pure passes over frozen readings."""

from __future__ import annotations

import copy
import dataclasses
from collections import defaultdict

import pytest
from marked_text import make_fact, parse_marked

from kg.resolve.entities import PASSES, Corpus, read_document, resolve
from kg.resolve.names import MentionReader

ARTICLES = (
    "Senator [Jane Roe|PERSON] said [it|PRON] was [a provocation|~provocation]. "
    "[Roe|PERSON] added that [she|PRON] expected [a reply|~reply].",
    "[The top U.S. general|GPE~general], [Mark Milley|PERSON], met [Ukrainian officials|NORP~official]. "
    "[Milley|PERSON] said [they|PRON] spoke.",
)


def corpus_and_readings(aliases):
    documents, facts, readings = {}, [], {}
    for number, marked in enumerate(ARTICLES):
        document, mentions = parse_marked(marked, doc_id=f"d{number}")
        documents[document.id] = document
        reader = MentionReader(aliases, document)
        readings[document.id] = tuple(reading for mention in mentions if (reading := reader.read(mention)))
    facts.append(make_fact(documents["d0"], parse_marked(ARTICLES[0], "d0")[1], "it", "be", "a provocation",
                           speaker="Jane Roe"))
    by_document = defaultdict(list)
    for fact in facts:
        by_document[fact.doc_id].append(fact)
    corpus = Corpus(documents, {doc_id: MentionReader(aliases, document) for doc_id, document in documents.items()},
                    tuple(facts), {doc_id: tuple(found) for doc_id, found in by_document.items()})
    return corpus, readings


def test_each_pass_returns_new_readings_and_leaves_its_input_alone(aliases):
    corpus, readings = corpus_and_readings(aliases)
    changed = []
    for step in PASSES:
        before = copy.deepcopy(readings)  # deep: a vote table changed in place would show
        after = step(readings, corpus)
        assert readings == before, f"{step.__name__} changed its input"
        assert list(after) == list(readings) and all(len(after[d]) == len(readings[d]) for d in readings)
        if after != readings:
            changed.append(step.__name__)
        readings = after
    # The passes that have something to do on these articles did it: surnames, titles, pronouns.
    assert {"note_titles", "shorten_names", "coreference"} <= set(changed)
    (roe,) = {reading.identity for reading in readings["d0"] if reading.mention.text == "Roe"}
    assert roe.key == "jane roe" and roe.type == "Person"
    assert {reading.identity for reading in readings["d0"] if reading.mention.text == "she"} == {roe}


def test_readings_are_frozen(aliases):
    _, readings = corpus_and_readings(aliases)
    reading = readings["d0"][0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.kind = "coreferent"


def test_documents_read_alone_resolve_as_the_whole_corpus_does(aliases):
    """A build reads each article while others are parsed (kg.resolve.read_document), then resolves across
    the corpus: the same resolution as resolving everything at once, also with only some articles read."""
    corpus, _ = corpus_and_readings(aliases)
    documents = list(corpus.documents.values())
    mentions = {document.id: parse_marked(ARTICLES[number], document.id)[1] for number, document in enumerate(documents)}
    every_mention = [mention for found in mentions.values() for mention in found]
    at_once = resolve(documents, every_mention, corpus.facts, aliases=aliases)
    read = {document.id: read_document(document, mentions[document.id], corpus.facts_by_document.get(document.id, ()),
                                       aliases=aliases) for document in documents}
    assert resolve(documents, [], corpus.facts, aliases=aliases, read=read) == at_once
    assert resolve(documents, mentions["d1"], corpus.facts, aliases=aliases, read={"d0": read["d0"]}) == at_once
    assert {entity.name for entity in at_once.entities} >= {"Jane Roe", "Mark Milley"}
