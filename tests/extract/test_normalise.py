"""ClearNLP-labelled parses (spaCy's en_core_web_*) become UD parses, and extract the same facts."""

from __future__ import annotations

import pytest
from conftest import build_doc

from kg.extract.clauses import find_propositions
from kg.extract.deps import is_clearnlp, normalise

# (sentence, UD rows, ClearNLP rows); a row is (word, lemma, upos, head, label).
PAIRS = [
    (
        "copula with a prepositional modifier",
        [("Peskov", "Peskov", "PROPN", 3, "nsubj"),
         ("is", "be", "AUX", 3, "cop"),
         ("a", "a", "DET", 3, "det"),
         ("spokesman", "spokesman", "NOUN", 3, "ROOT"),
         ("for", "for", "ADP", 6, "case"),
         ("the", "the", "DET", 6, "det"),
         ("Kremlin", "Kremlin", "PROPN", 3, "nmod"),
         (".", ".", "PUNCT", 3, "punct")],
        [("Peskov", "Peskov", "PROPN", 1, "nsubj"),
         ("is", "be", "AUX", 1, "ROOT"),
         ("a", "a", "DET", 3, "det"),
         ("spokesman", "spokesman", "NOUN", 1, "attr"),
         ("for", "for", "ADP", 3, "prep"),
         ("the", "the", "DET", 6, "det"),
         ("Kremlin", "Kremlin", "PROPN", 4, "pobj"),
         (".", ".", "PUNCT", 1, "punct")],
    ),
    (
        "passive with an agent",
        [("The", "the", "DET", 1, "det"),
         ("weapons", "weapon", "NOUN", 3, "nsubj:pass"),
         ("were", "be", "AUX", 3, "aux:pass"),
         ("supplied", "supply", "VERB", 3, "ROOT"),
         ("by", "by", "ADP", 5, "case"),
         ("Norway", "Norway", "PROPN", 3, "obl:agent"),
         (".", ".", "PUNCT", 3, "punct")],
        [("The", "the", "DET", 1, "det"),
         ("weapons", "weapon", "NOUN", 3, "nsubjpass"),
         ("were", "be", "AUX", 3, "auxpass"),
         ("supplied", "supply", "VERB", 3, "ROOT"),
         ("by", "by", "ADP", 3, "agent"),
         ("Norway", "Norway", "PROPN", 4, "pobj"),
         (".", ".", "PUNCT", 3, "punct")],
    ),
    (
        "object control with a negated complement",
        [("The", "the", "DET", 1, "det"),
         ("US", "US", "PROPN", 2, "nsubj"),
         ("asked", "ask", "VERB", 2, "ROOT"),
         ("Ukraine", "Ukraine", "PROPN", 2, "obj"),
         ("not", "not", "PART", 6, "advmod"),
         ("to", "to", "PART", 6, "mark"),
         ("use", "use", "VERB", 2, "xcomp"),
         ("the", "the", "DET", 8, "det"),
         ("weapons", "weapon", "NOUN", 6, "obj"),
         ("against", "against", "ADP", 10, "case"),
         ("Russia", "Russia", "PROPN", 6, "obl"),
         (".", ".", "PUNCT", 2, "punct")],
        [("The", "the", "DET", 1, "det"),
         ("US", "US", "PROPN", 2, "nsubj"),
         ("asked", "ask", "VERB", 2, "ROOT"),
         ("Ukraine", "Ukraine", "PROPN", 2, "dobj"),
         ("not", "not", "PART", 6, "neg"),
         ("to", "to", "PART", 6, "aux"),
         ("use", "use", "VERB", 2, "xcomp"),
         ("the", "the", "DET", 8, "det"),
         ("weapons", "weapon", "NOUN", 6, "dobj"),
         ("against", "against", "ADP", 6, "prep"),
         ("Russia", "Russia", "PROPN", 9, "pobj"),
         (".", ".", "PUNCT", 2, "punct")],
    ),
    (
        "reported clause with conjoined subjects and a dative",
        [("Peskov", "Peskov", "PROPN", 1, "nsubj"),
         ("said", "say", "VERB", 1, "ROOT"),
         ("Norway", "Norway", "PROPN", 5, "nsubj"),
         ("and", "and", "CCONJ", 4, "cc"),
         ("Finland", "Finland", "PROPN", 2, "conj"),
         ("sent", "send", "VERB", 1, "ccomp"),
         ("weapons", "weapon", "NOUN", 5, "obj"),
         ("to", "to", "ADP", 8, "case"),
         ("Ukraine", "Ukraine", "PROPN", 5, "obl"),
         (".", ".", "PUNCT", 1, "punct")],
        [("Peskov", "Peskov", "PROPN", 1, "nsubj"),
         ("said", "say", "VERB", 1, "ROOT"),
         ("Norway", "Norway", "PROPN", 5, "nsubj"),
         ("and", "and", "CCONJ", 2, "cc"),
         ("Finland", "Finland", "PROPN", 2, "conj"),
         ("sent", "send", "VERB", 1, "ccomp"),
         ("weapons", "weapon", "NOUN", 5, "dobj"),
         ("to", "to", "ADP", 5, "dative"),
         ("Ukraine", "Ukraine", "PROPN", 7, "pobj"),
         (".", ".", "PUNCT", 1, "punct")],
    ),
    (
        "be with a prepositional predicate",
        [("He", "he", "PRON", 3, "nsubj"),
         ("was", "be", "AUX", 3, "cop"),
         ("in", "in", "ADP", 3, "case"),
         ("Moscow", "Moscow", "PROPN", 3, "ROOT"),
         (".", ".", "PUNCT", 3, "punct")],
        [("He", "he", "PRON", 1, "nsubj"),
         ("was", "be", "AUX", 1, "ROOT"),
         ("in", "in", "ADP", 1, "prep"),
         ("Moscow", "Moscow", "PROPN", 2, "pobj"),
         (".", ".", "PUNCT", 1, "punct")],
    ),
]
IDS = [pair[0] for pair in PAIRS]


def tree(doc) -> list[tuple[str, str, int]]:
    return [(token.text, token.dep_, token.head.i) for token in doc]


def summary(doc) -> list[tuple]:
    return [
        (p.subject.text, p.relation, p.object.text if p.object else None,
         tuple((role, phrase.text) for role, phrase in p.arguments), p.negated, p.modality,
         p.report.speaker.text if p.report else None, p.kind)
        for sent in doc.sents for p in find_propositions(sent)
    ]


@pytest.mark.parametrize(("name", "ud", "clearnlp"), PAIRS, ids=IDS)
def test_clearnlp_parse_becomes_the_ud_parse(name, ud, clearnlp):
    ud_doc, clear_doc = build_doc(ud), build_doc(clearnlp)
    assert is_clearnlp(clear_doc) and not is_clearnlp(ud_doc)
    assert tree(normalise(clear_doc)) == tree(ud_doc)


@pytest.mark.parametrize(("name", "ud", "clearnlp"), PAIRS, ids=IDS)
def test_both_label_sets_give_the_same_propositions(name, ud, clearnlp):
    expected = summary(build_doc(ud))
    assert expected, "the UD parse gives propositions"
    assert summary(normalise(build_doc(clearnlp))) == expected


def test_ud_doc_is_returned_unchanged():
    doc = build_doc(PAIRS[0][1])
    assert normalise(doc) is doc


def test_normalised_copy_keeps_text_offsets_lemmas_and_entities():
    rows = PAIRS[1][2]
    doc = build_doc(rows, ents=["O", "O", "O", "O", "O", "B-GPE", "O"])
    copy = normalise(doc)
    assert copy is not doc
    assert copy.text == doc.text
    assert [token.idx for token in copy] == [token.idx for token in doc]
    assert [token.lemma_ for token in copy] == [row[1] for row in rows]
    assert [(entity.text, entity.label_) for entity in copy.ents] == [("Norway", "GPE")]


def test_expected_facts_of_the_pairs():
    """What the shared analysis says, so the equality above is about the right thing."""
    assert summary(build_doc(PAIRS[2][1])) == [
        ("The US", "ask_not_to_use", "Ukraine", (("complement", "the weapons"), ("against", "Russia")),
         False, None, None, "verb"),
        ("Ukraine", "use", "the weapons", (("against", "Russia"),), True, "ask", None, "verb"),
    ]
    assert summary(build_doc(PAIRS[3][1])) == [
        ("Peskov", "say", "Norway and Finland sent weapons to Ukraine", (), False, None, None, "report"),
        ("Norway", "send", "weapons", (("to", "Ukraine"),), False, None, "Peskov", "verb"),
        ("Finland", "send", "weapons", (("to", "Ukraine"),), False, None, "Peskov", "verb"),
    ]
