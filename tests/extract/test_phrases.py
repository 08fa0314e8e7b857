"""kg.extract.phrases: the words of an argument and of a mention, conjuncts, and their text, on hand-made parses."""

from __future__ import annotations

from conftest import from_conll

from kg.extract.phrases import contiguous, join, mention_phrase, phrase, split_conjuncts, trim

# "Norway and Finland authorized Kyiv to use the weapons that the US supplied in Crimea ."
NORWAY = """
Norway Norway PROPN NNP 4 nsubj GPE
and and CCONJ CC 3 cc
Finland Finland PROPN NNP 1 conj GPE
authorized authorize VERB VBD 0 root
Kyiv Kyiv PROPN NNP 4 obj GPE
to to PART TO 7 mark
use use VERB VB 4 xcomp
the the DET DT 9 det
weapons weapon NOUN NNS 7 obj
that that PRON WDT 13 obj
the the DET DT 12 det
US US PROPN NNP 13 nsubj GPE
supplied supply VERB VBD 9 acl:relcl
in in ADP IN 15 case
Crimea Crimea PROPN NNP 7 obl GPE
. . PUNCT . 4 punct
"""

# "Bosnia and Herzegovina , a country , joined ."
BOSNIA = """
Bosnia Bosnia PROPN NNP 7 nsubj B-GPE
and and CCONJ CC 3 cc I-GPE
Herzegovina Herzegovina PROPN NNP 1 conj I-GPE
, , PUNCT , 6 punct
a a DET DT 6 det
country country NOUN NN 1 appos
joined join VERB VBD 0 root
. . PUNCT . 7 punct
"""

# `` A New Oath '' was signed .
QUOTED = """
`` `` PUNCT `` 4 punct
A a DET DT 4 det
New new ADJ JJ 4 amod
Oath oath NOUN NN 7 nsubj:pass
'' '' PUNCT '' 4 punct
was be AUX VBD 7 aux:pass
signed sign VERB VBN 0 root
. . PUNCT . 7 punct
"""


def test_an_argument_keeps_its_relative_clause_but_not_its_conjuncts():
    doc = from_conll(NORWAY)
    assert phrase(doc[8]).text == "the weapons that the US supplied"
    assert phrase(doc[0]).text == "Norway"  # "and Finland" is a fact of its own


def test_without_case_drops_the_preposition():
    doc = from_conll(NORWAY)
    assert phrase(doc[14]).text == "in Crimea"
    assert phrase(doc[14], without_case=True).text == "Crimea"


def test_a_mention_is_the_short_noun_phrase_in_one_span():
    doc = from_conll(NORWAY)
    mention = mention_phrase(doc[8])
    assert mention.text == "the weapons" and mention.head == doc[8]
    assert (mention.start, mention.end) == (doc[7].idx, doc[8].idx + len(doc[8]))
    assert mention_phrase(doc[0]).text == "Norway"
    bosnia = from_conll(BOSNIA)  # conjuncts and appositions stay out (a name's whole span is kg.extract.mentions')
    assert (mention_phrase(bosnia[0]).text, mention_phrase(bosnia[5]).text) == ("Bosnia", "a country")


def test_conjuncts_split_unless_one_name_spans_them():
    assert [token.text for token in split_conjuncts(from_conll(NORWAY)[0])] == ["Norway", "Finland"]
    assert [token.text for token in split_conjuncts(from_conll(BOSNIA)[0])] == ["Bosnia"]


def test_trim_drops_edge_punctuation_but_keeps_paired_quotes():
    doc = from_conll(QUOTED)
    assert [token.text for token in trim(list(doc[0:5]))] == ["``", "A", "New", "Oath", "''"]
    assert [token.text for token in trim(list(doc[1:5]))] == ["A", "New", "Oath"]
    bosnia = from_conll(BOSNIA)
    assert [token.text for token in trim(list(bosnia[3:6]))] == ["a", "country"]


def test_join_keeps_the_spacing_as_written_and_one_space_across_a_gap():
    doc = from_conll(NORWAY)
    assert join(doc[7:9]) == "the weapons"
    assert join([doc[0], doc[3], doc[4]]) == "Norway authorized Kyiv"


def test_contiguous_is_the_run_around_the_head():
    doc = from_conll(NORWAY)
    tokens = [doc[0], doc[1], doc[2], doc[7], doc[8]]
    assert contiguous(tokens, doc[8]) == [doc[7], doc[8]]
    assert contiguous(tokens, doc[1]) == [doc[0], doc[1], doc[2]]
