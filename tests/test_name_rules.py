"""kg_name_rules, on the shipped pipeline (whose NER, trained on little news, leaves many names untagged):
capitalised phrases ending in an organisation's head word are ORG; untagged proper nouns opening with a
first name given to one sex are a PERSON."""

from __future__ import annotations

import pytest

from kg import nlp


@pytest.fixture(scope="module")
def pipeline():
    return nlp.load()


def entities(pipeline, text: str) -> set[tuple[str, str]]:
    return {(entity.text, entity.label_) for entity in pipeline(text).ents}


@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    # The name with its "of ..." part; entities strictly inside give way.
    ("Kristin Wilkins, curator at the University of Southern Indiana, spoke.",
     {("University of Southern Indiana", "ORG")}, {("Indiana", "GPE")}),
    ("According to the Saudi Interior Ministry, 345 pilgrims died.", {("Saudi Interior Ministry", "ORG")}, set()),
    ("The Andy Warhol Foundation for the Visual Arts donated them.",
     {("Andy Warhol Foundation for the Visual Arts", "ORG")}, {("Andy Warhol", "PERSON")}),
    # "and" goes on inside a name, not into the next one.
    ("The Union of Rationalist Atheists and Agnostics (UAAR) launched a petition.",
     {("Union of Rationalist Atheists and Agnostics", "ORG")}, set()),
    ("Massachusetts Institute of Technology and Colorado State University agreed.",
     {("Massachusetts Institute of Technology", "ORG")}, set()),
    # A person's name the NER ran on into the party's is two names.
    ("Two veteran politicians Lee Cheuk-yan of the Labour Party and Frederick Fung were defeated.",
     {("Lee Cheuk-yan", "PERSON"), ("Labour Party", "ORG")}, {("Lee Cheuk-yan of the Labour Party", "PERSON")}),
    # After "the", a list of place names may open an organisation's name; not a list of names, nor of first words.
    ("Tom Bradley joined the London, Midland and Scottish Railway Company in 1941.",
     {("London, Midland and Scottish Railway Company", "ORG")}, {("London", "GPE")}),
    ("He thanked the Labour Party, Green Party and Reform UK.", {("Labour Party", "ORG"), ("Green Party", "ORG")},
     set()),
    ("Voters backed the Democratic, Republican and Green Party candidates.", set(),
     {("Democratic, Republican and Green Party", "ORG")}),
    ("He visited London, Paris and the Scottish Railway Company.", {("London", "GPE")}, set()),
    # A head word alone is no name; a date is no part of one.
    ("Police said the attack was over.", set(), {("Police", "ORG")}),
])
def test_organisation_names(pipeline, text, wanted, unwanted):
    found = entities(pipeline, text)
    assert wanted <= found, found
    assert not unwanted & found, found


@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    ("Civic Party's Jeremy Tam was elected.", {("Jeremy Tam", "PERSON"), ("Civic Party", "ORG")}, set()),
    ("Claudia Mo of Civic Party", {("Claudia Mo", "PERSON"), ("Civic Party", "ORG")}, set()),
    # Things named after people, a river, a hyphenated word: no person.
    ("She won the César Award for Best Actress for Les Amants.", set(),
     {("César Award", "PERSON"), ("Les Amants", "PERSON")}),
    ("Boats sailed down the Jordan River.", set(), {("Jordan River", "PERSON")}),
    ("Pro-Beijing New People Party's Regina Ip was re-elected.", {("New People Party", "ORG")},
     {("Beijing New People Party", "ORG")}),
    # A person's name the NER cut short runs on, to a hyphenated word's end and over a proper noun of the name.
    ("Pan-democracy camp councillor Wu Chi-wai of the Democratic Party was elected.", {("Wu Chi-wai", "PERSON")},
     {("Wu Chi-", "PERSON")}),
    ('"Everyone else is going to catch up" with Nissan\'s innovative designs, says A. Rama Krishna, auto analyst '
     "at First Boston.", {("A. Rama Krishna", "PERSON")}, {("A. Rama", "PERSON")}),
])
def test_person_names(pipeline, text, wanted, unwanted):
    found = entities(pipeline, text)
    assert wanted <= found, found
    assert not unwanted & found, found


def test_every_pipeline_kg_loads_has_it(pipeline):
    assert pipeline.pipe_names[-1] == nlp.NAME_RULES
