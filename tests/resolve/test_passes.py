"""kg.resolve.entities.PASSES: resolution as pure passes over frozen readings."""

from __future__ import annotations

import copy
import dataclasses
from collections import defaultdict

import pytest
from marked_text import make_fact, parse_marked

from kg.resolve.entities import PASSES, Corpus
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
