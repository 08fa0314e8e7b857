"""Mentions' entity lookups, indexed once per Doc, answer as a scan of doc.ents does."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.extract import mentions

WORDS = ["Norway", "and", "New", "York", "City", "told", "Vladimir", "Putin", "on", "Monday", "in", "Kyiv", "."]
ENTS = ["B-GPE", "O", "B-GPE", "I-GPE", "I-GPE", "O", "B-PERSON", "I-PERSON", "O", "B-DATE", "O", "B-GPE", "O"]


def _doc() -> Doc:
    return Doc(spacy.blank("en").vocab, words=WORDS, ents=ENTS)


def _first_entity_inside(doc: Doc, start: int, end: int) -> str:
    """The lookup as a scan: the first entity, in order, within the characters [start, end)."""
    return next((entity.label_ for entity in doc.ents if entity.start_char >= start and entity.end_char <= end), "")


def test_entity_label_of_every_span_is_the_first_entity_inside_it():
    doc = _doc()
    outside = doc[1]  # "and": no entity at the head, so the label comes from the span
    bounds = sorted({0, len(doc.text)} | {token.idx for token in doc} | {token.idx + len(token) for token in doc})
    for start in bounds:
        for end in bounds:
            if start < end:
                assert mentions.entity_label(doc, start, end, outside) == _first_entity_inside(doc, start, end), \
                    doc.text[start:end]


def test_entity_label_is_the_heads_when_it_has_one():
    doc = _doc()
    assert mentions.entity_label(doc, 0, len(doc.text), doc[7]) == "PERSON"


def test_entity_at_each_token_is_the_entity_covering_it():
    doc = _doc()
    for token in doc:
        found = mentions.entity_at(token)
        covering = [entity for entity in doc.ents if entity.start <= token.i < entity.end]
        assert (found.start, found.end, found.label_) == (covering[0].start, covering[0].end, covering[0].label_) \
            if covering else found is None, token.text


def test_a_new_doc_is_indexed_anew():
    first, second = _doc(), Doc(spacy.blank("en").vocab, words=["Paris", "."], ents=["B-GPE", "O"])
    assert mentions.entity_at(first[0]).text == "Norway"
    assert mentions.entity_at(second[0]).text == "Paris"
    assert mentions.entity_label(second, 0, 5, second[1]) == "GPE"
