"""Fixtures of the extraction tests: Docs built by hand from tables, and the real pipeline."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg import nlp as kg_nlp

VOCAB = spacy.blank("en").vocab
GLUED = frozenset({".", ",", "'s", "n't"})  # written without a space before them


def build_doc(rows: list[tuple], ents: list[str] | None = None) -> Doc:
    """A parsed Doc from rows of (word, lemma, upos, head index, label); "ROOT" heads itself."""
    words = [row[0] for row in rows]
    return Doc(
        VOCAB,
        words=words,
        spaces=[index + 1 < len(rows) and rows[index + 1][0] not in GLUED for index in range(len(rows))],
        lemmas=[row[1] for row in rows],
        pos=[row[2] for row in rows],
        heads=[row[3] for row in rows],
        deps=[row[4] for row in rows],
        ents=ents,
    )


def from_conll(table: str) -> Doc:
    """A Doc from CoNLL-U-like lines `word lemma UPOS XPOS head label [ENTITY]`, heads 1-based, 0 = root.

    Words are separated by spaces in the text. ENTITY is an OntoNotes label starting an entity ("GPE") or an
    IOB tag ("B-PERSON", "I-PERSON") for entities of several words.
    """
    rows, ents = [], []
    for line in table.strip().splitlines():
        word, lemma, upos, xpos, head, label, *entity = line.split()
        position = len(rows)
        root = head == "0"
        rows.append((word, lemma, upos, position if root else int(head) - 1, "ROOT" if root else label, xpos))
        ents.append(("" if "-" in entity[0] else "B-") + entity[0] if entity else "O")
    return Doc(VOCAB, words=[row[0] for row in rows], lemmas=[row[1] for row in rows], pos=[row[2] for row in rows],
               tags=[row[5] for row in rows], heads=[row[3] for row in rows], deps=[row[4] for row in rows], ents=ents)


@pytest.fixture(scope="session")
def pipeline() -> Language:
    """kg's pipeline: $KG_SPACY_MODEL if set, else the shipped one."""
    return kg_nlp.load()
