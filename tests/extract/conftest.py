"""Fixtures of the extraction tests: Docs built by hand from tables, and the real pipeline."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg import nlp as kg_nlp

VOCAB = spacy.blank("en").vocab


def build_doc(rows: list[tuple], ents: list[str] | None = None) -> Doc:
    """A parsed Doc from rows of (word, lemma, upos, head index, label); "ROOT" heads itself."""
    words = [row[0] for row in rows]
    return Doc(
        VOCAB,
        words=words,
        spaces=[index + 1 < len(rows) and rows[index + 1][0] not in (".", ",", "'s", "n't") for index in range(len(rows))],
        lemmas=[row[1] for row in rows],
        pos=[row[2] for row in rows],
        heads=[row[3] for row in rows],
        deps=[row[4] for row in rows],
        ents=ents,
    )


@pytest.fixture(scope="session")
def pipeline() -> Language:
    """kg's pipeline: $KG_SPACY_MODEL if set, else the shipped one."""
    return kg_nlp.load()
