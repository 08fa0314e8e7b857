"""Clause rules on UD trees written by hand (no model): each construction the extractor handles."""

from __future__ import annotations

import pytest
from conftest import from_conll

from kg.extract.clauses import Proposition, find_propositions
from kg.extract import extract
from kg.extract.output import carb_tuples
from kg.types import Document

NORWAY = """
NATO NATO PROPN NNP 2 compound ORG
members member NOUN NNS 3 compound
Norway Norway PROPN NNP 6 nsubj GPE
and and CCONJ CC 5 cc
Finland Finland PROPN NNP 3 conj GPE
became become VERB VBD 0 root
the the DET DT 9 det
latest late ADJ JJS 9 amod
nations nation NOUN NNS 6 xcomp
to to PART TO 11 mark
authorize authorize VERB VB 9 acl
Kiev Kiev PROPN NNP 11 obj GPE
to to PART TO 14 mark
use use VERB VB 11 xcomp
Western-supplied Western-supplied ADJ JJ 16 amod
weapons weapon NOUN NNS 14 obj
against against ADP IN 18 case
Russia Russia PROPN NNP 14 obl GPE
. . PUNCT . 6 punct
"""
MILLEY = """
we we PRON PRP 3 nsubj
've have AUX VBP 3 aux
asked ask VERB VBN 0 root
the the DET DT 5 det
Ukrainians Ukrainians PROPN NNPS 3 obj NORP
not not PART RB 8 advmod
to to PART TO 8 mark
use use VERB VB 3 xcomp
U.S.-made U.S.-made ADJ JJ 10 amod
weapons weapon NOUN NNS 8 obj
to to PART TO 12 mark
attack attack VERB VB 8 advcl
Russia Russia PROPN NNP 12 obj GPE
directly directly ADV RB 12 advmod
, , PUNCT , 17 punct
Milley Milley PROPN NNP 17 nsubj PERSON
said say VERB VBD 3 parataxis
. . PUNCT . 3 punct
"""
PESKOV = """
Dmitry Dmitry PROPN NNP 10 nsubj B-PERSON
Peskov Peskov PROPN NNP 1 flat I-PERSON
, , PUNCT , 5 punct
a a DET DT 5 det
spokesman spokesman NOUN NN 1 appos
for for ADP IN 8 case
the the DET DT 8 det
Kremlin Kremlin PROPN NNP 5 nmod ORG
, , PUNCT , 5 punct
said say VERB VBD 0 root
the the DET DT 13 det
United United PROPN NNP 13 compound B-GPE
States States PROPN NNP 15 nsubj I-GPE
was be AUX VBD 15 aux
escalating escalate VERB VBG 10 ccomp
the the DET DT 17 det
conflict conflict NOUN NN 15 obj
. . PUNCT . 10 punct
"""
TITLE = """
Kremlin Kremlin PROPN NNP 2 compound ORG
spokesman spokesman NOUN NN 3 compound
Dmitry Dmitry PROPN NNP 5 nsubj B-PERSON
Peskov Peskov PROPN NNP 3 flat I-PERSON
denied deny VERB VBD 0 root
the the DET DT 7 det
reports report NOUN NNS 5 obj
. . PUNCT . 5 punct
"""
PASSIVE = """
On on ADP IN 2 case
Thursday Thursday PROPN NNP 7 obl DATE
, , PUNCT , 2 punct
the the DET DT 5 det
strikes strike NOUN NNS 7 nsubj:pass
were be AUX VBD 7 aux:pass
carried carry VERB VBN 0 root
out out ADP RP 7 compound:prt
by by ADP IN 11 case
Ukrainian Ukrainian ADJ JJ 11 amod NORP
forces force NOUN NNS 7 obl:agent
. . PUNCT . 7 punct
"""
RELATIVE = """
Ukraine Ukraine PROPN NNP 2 nsubj GPE
used use VERB VBD 0 root
ATACMS ATACMS PROPN NNP 4 compound PRODUCT
missiles missile NOUN NNS 2 obj
, , PUNCT , 9 punct
which which PRON WDT 9 obj
the the DET DT 8 det
US US PROPN NNP 9 nsubj GPE
supplied supply VERB VBD 4 acl:relcl
last last ADJ JJ 11 amod B-DATE
year year NOUN NN 9 obl:unmarked I-DATE
. . PUNCT . 2 punct
"""
PARTICIPLE = """
Russia Russia PROPN NNP 2 nsubj GPE
attacked attack VERB VBD 0 root
troops troop NOUN NNS 2 obj
trained train VERB VBN 3 acl
by by ADP IN 6 case
Britain Britain PROPN NNP 4 obl:agent GPE
. . PUNCT . 2 punct
"""
CONDITIONAL = """
If if SCONJ IN 3 mark
Kiev Kiev PROPN NNP 3 nsubj GPE
uses use VERB VBZ 9 advcl
the the DET DT 5 det
missiles missile NOUN NNS 3 obj
, , PUNCT , 3 punct
Moscow Moscow PROPN NNP 9 nsubj GPE
will will AUX MD 9 aux
respond respond VERB VB 0 root
. . PUNCT . 9 punct
"""
NOT_CONFIRMED = """
Blinken Blinken PROPN NNP 4 nsubj PERSON
did do AUX VBD 4 aux
not not PART RB 4 advmod
confirm confirm VERB VB 0 root
that that SCONJ IN 9 mark
the the DET DT 7 det
weapons weapon NOUN NNS 9 nsubj:pass
were be AUX VBD 9 aux:pass
used use VERB VBN 4 ccomp
in in ADP IN 11 case
Russia Russia PROPN NNP 9 obl GPE
. . PUNCT . 4 punct
"""
ACCORDING = """
According accord VERB VBG 4 case
to to ADP IN 1 fixed
the the DET DT 4 det
Pentagon Pentagon PROPN NNP 7 obl ORG
, , PUNCT , 4 punct
Ukraine Ukraine PROPN NNP 7 nsubj GPE
struck strike VERB VBD 0 root
a a DET DT 9 det
depot depot NOUN NN 7 obj
in in ADP IN 11 case
Belgorod Belgorod PROPN NNP 7 obl GPE
. . PUNCT . 7 punct
"""
WANTS = """
Ukraine Ukraine PROPN NNP 2 nsubj GPE
wants want VERB VBZ 0 root
to to PART TO 4 mark
buy buy VERB VB 2 xcomp
more more ADJ JJR 6 amod
F-16s F-16 NOUN NNS 4 obj PRODUCT
. . PUNCT . 2 punct
"""
PARENTHETICAL = """
The the DET DT 2 det
US US PROPN NNP 4 nsubj GPE
is be AUX VBZ 4 aux
escalating escalate VERB VBG 0 root
the the DET DT 6 det
war war NOUN NN 4 obj
, , PUNCT , 9 punct
Peskov Peskov PROPN NNP 9 nsubj PERSON
said say VERB VBD 4 parataxis
. . PUNCT . 4 punct
"""
COORDINATED = """
Germany Germany PROPN NNP 4 nsubj GPE
will will AUX MD 4 aux
not not PART RB 4 advmod
send send VERB VB 0 root
Taurus Taurus PROPN NNP 6 compound PRODUCT
missiles missile NOUN NNS 4 obj
or or CCONJ CC 8 cc
train train VERB VB 4 conj
Ukrainian Ukrainian ADJ JJ 10 amod NORP
pilots pilot NOUN NNS 8 obj
. . PUNCT . 4 punct
"""
COPULA = """
Peskov Peskov PROPN NNP 4 nsubj PERSON
is be AUX VBZ 4 cop
a a DET DT 4 det
spokesman spokesman NOUN NN 0 root
for for ADP IN 7 case
the the DET DT 7 det
Kremlin Kremlin PROPN NNP 4 nmod ORG
. . PUNCT . 4 punct
"""

PROMISED = """
Ukraine Ukraine PROPN NNP 4 nsubj GPE
wo will AUX MD 4 aux
n't not PART RB 4 advmod
use use VERB VB 0 root
the the DET DT 6 det
weapons weapon NOUN NNS 4 obj
that that PRON WDT 12 obj
the the DET DT 9 det
US US PROPN NNP 10 nsubj GPE
promised promise VERB VBD 6 acl:relcl
to to PART TO 12 mark
give give VERB VB 10 xcomp
it it PRON PRP 12 iobj
. . PUNCT . 4 punct
"""
QUESTION = """
who who PRON WP 2 nsubj
did do VERB VBD 0 root
what what PRON WP 2 obj
to to ADP IN 5 case
whom whom PRON WP 2 obl
"""

# Light-verb frames: the noun joins the relation, what it is aimed at becomes the object.
PERMISSION = """
The the DET DT 2 det
Pentagon Pentagon PROPN NNP 3 nsubj ORG
gave give VERB VBD 0 root
Ukraine Ukraine PROPN NNP 3 iobj GPE
permission permission NOUN NN 3 obj
to to PART TO 7 mark
use use VERB VB 5 acl
ATACMS ATACMS PROPN NNP 9 compound PRODUCT
missiles missile NOUN NNS 7 obj
. . PUNCT . 3 punct
"""
TALKS = """
Scholz Scholz PROPN NNP 2 nsubj PERSON
held hold VERB VBD 0 root
talks talk NOUN NNS 2 obj
with with ADP IN 5 case
Macron Macron PROPN NNP 2 obl PERSON
in in ADP IN 7 case
Paris Paris PROPN NNP 2 obl GPE
. . PUNCT . 2 punct
"""
STRIKES = """
Russia Russia PROPN NNP 2 nsubj GPE
carried carry VERB VBD 0 root
out out ADP RP 2 compound:prt
missile missile NOUN NN 5 compound
strikes strike NOUN NNS 2 obj
on on ADP IN 7 case
Odesa Odesa PROPN NNP 5 nmod GPE
. . PUNCT . 2 punct
"""
TANKS = """
Germany Germany PROPN NNP 2 nsubj GPE
provided provide VERB VBD 0 root
tanks tank NOUN NNS 2 obj
to to ADP IN 5 case
Ukraine Ukraine PROPN NNP 2 obl GPE
. . PUNCT . 2 punct
"""
DECISION = """
The the DET DT 2 det
government government NOUN NN 5 nsubj
did do AUX VBD 5 aux
not not PART RB 5 advmod
make make VERB VB 0 root
a a DET DT 7 det
decision decision NOUN NN 5 obj
to to PART TO 9 mark
close close VERB VB 7 acl
the the DET DT 11 det
border border NOUN NN 9 obj
. . PUNCT . 5 punct
"""
# A symbol and a number the parser gave a subject and an object: "(M = 7.64)", "Sweden 1 – 0 Korea".
SYMBOLS = """
M M NOUN NN 2 nsubj
= = SYM SYM 0 root
7.64 7.64 NUM CD 2 obj
; ; PUNCT : 2 punct
Sweden Sweden PROPN NNP 6 nsubj GPE
1 1 NUM CD 2 parataxis
– – SYM SYM 8 case
Korea Korea PROPN NNP 6 obl GPE
"""


def propositions(table: str) -> list[Proposition]:
    doc = from_conll(table)
    return [p for sent in doc.sents for p in find_propositions(sent)]


def find(found: list[Proposition], subject: str, relation: str, obj: str | None = None) -> Proposition:
    matches = [p for p in found if p.subject.text == subject and p.relation == relation
               and (obj is None or (p.object is not None and p.object.text == obj))]
    seen = [(p.subject.text, p.relation, p.object and p.object.text) for p in found]
    assert matches, f"no ({subject}, {relation}, {obj}) in {seen}"
    return matches[0]


def test_light_verb_and_object_control_split_over_conjoined_subjects():
    found = propositions(NORWAY)
    for country in ("NATO members Norway", "Finland"):
        authorize = find(found, country, "authorize_to_use", "Kiev")
        assert not authorize.negated and authorize.modality is None
        assert [(role, phrase.text) for role, phrase in authorize.arguments] == [
            ("complement", "Western-supplied weapons"), ("against", "Russia")]
    use = find(found, "Kiev", "use", "Western-supplied weapons")
    assert use.modality == "authorize"  # permitted, not done


def test_asked_not_to_use_is_never_a_plain_use_fact():
    found = propositions(MILLEY)
    ask = find(found, "we", "ask_not_to_use", "the Ukrainians")
    assert ask.report is not None and ask.report.speaker.text == "Milley"
    assert ask.purpose is not None and ask.purpose.text == "to attack Russia directly"
    use = find(found, "the Ukrainians", "use", "U.S.-made weapons")
    assert use.negated and use.modality == "ask"
    assert not [p for p in found if p.relation == "attack"]  # a purpose, not an event


def test_apposition_gives_a_role_and_the_reported_clause_stays_attributed():
    found = propositions(PESKOV)
    role = find(found, "Dmitry Peskov", "be", "a spokesman for the Kremlin")
    assert role.kind == "apposition"
    escalate = find(found, "the United States", "escalate", "the conflict")
    assert (escalate.report.speaker.text, escalate.report.verb) == ("Dmitry Peskov", "say")


def test_title_before_a_name_gives_a_role():
    found = propositions(TITLE)
    assert find(found, "Dmitry Peskov", "be", "Kremlin spokesman").kind == "role"
    assert find(found, "Kremlin spokesman Dmitry Peskov", "deny", "the reports").report is None


def test_passive_with_agent_turns_active_and_keeps_time():
    found = propositions(PASSIVE)
    strike = find(found, "Ukrainian forces", "carry_out", "the strikes")
    assert strike.kind == "passive" and strike.time.text == "On Thursday"
    assert carb_tuples(from_conll(PASSIVE))[0][1:] == (
        "were carried out by", ["the strikes", "Ukrainian forces", "On Thursday"])


def test_relative_clause_object_is_its_antecedent():
    found = propositions(RELATIVE)
    supply = find(found, "the US", "supply", "ATACMS missiles")
    assert supply.kind == "relative" and supply.time.text == "last year"


def test_participial_modifier_with_agent():
    assert find(propositions(PARTICIPLE), "Britain", "train", "troops").kind == "passive"


def test_conditional_clause_is_hypothetical():
    found = propositions(CONDITIONAL)
    assert find(found, "Kiev", "use", "the missiles").modality == "if"
    assert find(found, "Moscow", "respond").modality == "will"


def test_negated_reporting_verb():
    found = propositions(NOT_CONFIRMED)
    report = find(found, "Blinken", "confirm")
    assert report.kind == "report" and report.negated and report.relation_text == "did not confirm"
    used = find(found, "the weapons", "be_used_in", "Russia")
    assert (used.report.speaker.text, used.report.verb) == ("Blinken", "not_confirm")


def test_according_to_attributes_and_place_is_kept():
    struck = find(propositions(ACCORDING), "Ukraine", "strike", "a depot")
    assert (struck.report.speaker.text, struck.report.verb) == ("the Pentagon", "according_to")
    assert struck.place.text == "Belgorod"


def test_subject_control_gives_a_modal_fact():
    found = propositions(WANTS)
    buy = find(found, "Ukraine", "buy", "more F-16s")
    assert buy.modality == "want" and buy.relation_text == "wants to buy"
    assert not [p for p in found if p.relation == "want"]


def test_reporting_parenthetical_attributes_the_clause():
    escalate = find(propositions(PARENTHETICAL), "The US", "escalate", "the war")
    assert (escalate.report.speaker.text, escalate.report.verb) == ("Peskov", "say")


def test_coordinated_verbs_share_negation_and_modal():
    found = propositions(COORDINATED)
    for relation, obj in (("send", "Taurus missiles"), ("train", "Ukrainian pilots")):
        fact = find(found, "Germany", relation, obj)
        assert fact.negated and fact.modality == "will"


def test_copula():
    assert find(propositions(COPULA), "Peskov", "be", "a spokesman for the Kremlin").kind == "copula"


@pytest.mark.parametrize("table", [NORWAY, MILLEY, PESKOV, TITLE, PASSIVE, RELATIVE, PARTICIPLE, CONDITIONAL,
                                   NOT_CONFIRMED, ACCORDING, WANTS, PARENTHETICAL, COORDINATED, COPULA, PROMISED])
def test_facts_are_well_formed(table):
    doc = from_conll(table)
    document = Document(id="d0", text=doc.text)
    extraction = extract(document, doc)
    assert extraction.facts
    spans = {(m.start, m.end) for m in extraction.mentions}
    for fact in extraction.facts:
        assert 0.0 <= fact.confidence <= 1.0
        assert fact.relation and fact.relation_text
        for mention in [fact.subject, fact.object, fact.place, fact.attribution and fact.attribution.speaker,
                        *(argument.mention for argument in fact.arguments)]:
            if mention:
                assert document.text[mention.start:mention.end] == mention.text
                assert (mention.start, mention.end) in spans  # resolution sees every fact mention
    assert sorted(spans) == [(m.start, m.end) for m in extraction.mentions]


def test_fact_mentions_use_entity_spans_and_labels():
    doc = from_conll(NORWAY)
    facts = extract(Document(id="d0", text=doc.text), doc).facts
    subjects = {(f.subject.text, f.subject.label) for f in facts if f.relation == "authorize_to_use"}
    assert subjects == {("Norway", "GPE"), ("Finland", "GPE")}


def test_relative_pronoun_deep_in_the_clause_stands_for_its_antecedent():
    found = propositions(PROMISED)
    give = find(found, "the US", "give", "the weapons")
    assert give.modality == "promise" and give.kind == "verb"
    use = find(found, "Ukraine", "use", "the weapons that the US promised to give it")
    assert use.negated and use.modality == "will"


def test_question_words_give_no_facts():
    doc = from_conll(QUESTION)
    assert propositions(QUESTION)  # the clause is found ...
    assert not extract(Document(id="d0", text=doc.text), doc).facts  # ... but names nothing



HEDGED = """
The the DET DT 2 det
Pentagon Pentagon PROPN NNP 4 nsubj ORG
reportedly reportedly ADV RB 4 advmod
opposes oppose VERB VBZ 0 root
the the DET DT 6 det
plan plan NOUN NN 4 obj
. . PUNCT . 4 punct
"""


def test_hedging_adverb_is_modality():
    assert find(propositions(HEDGED), "The Pentagon", "oppose", "the plan").modality == "reportedly"


def test_light_verb_frame_with_a_to_clause_makes_the_one_permitted_the_object():
    give = find(propositions(PERMISSION), "The Pentagon", "give_permission_to_use", "Ukraine")
    assert [(role, phrase.text) for role, phrase in give.arguments] == [("complement", "ATACMS missiles")]
    assert give.relation_text == "gave permission to use" and give.purpose is None and not give.qualifiers


def test_light_verb_frame_takes_the_object_of_its_preposition():
    talks = find(propositions(TALKS), "Scholz", "hold_talk_with", "Macron")
    assert talks.place.text == "Paris" and talks.relation_text == "held talks with"
    strikes = find(propositions(STRIKES), "Russia", "carry_out_strike_on", "Odesa")
    assert strikes.relation_text == "carried out missile strikes on"


def test_a_noun_that_names_a_thing_stays_the_object():
    provide = find(propositions(TANKS), "Germany", "provide", "tanks")
    assert [(role, phrase.text) for role, phrase in provide.arguments] == [("to", "Ukraine")]


def test_a_decision_to_act_is_the_act_with_decide_as_its_modality():
    # "did not make a decision to close the border" says what "did not decide to close" says.
    found = propositions(DECISION)
    close = find(found, "The government", "close", "the border")
    assert close.modality == "decide" and close.negated and close.kind == "verb" and not close.qualifiers
    assert [p.relation for p in found] == ["close"]  # no empty `make` fact


def test_a_symbol_or_a_number_is_never_a_verb():
    assert propositions(SYMBOLS) == []
