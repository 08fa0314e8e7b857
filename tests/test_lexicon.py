"""kg.lexicon: the tables agree with each other, so a word added to one is not silently ignored by another."""

import gender_guesser.detector

from kg import lexicon
from kg.lexicon import (
    ENTITY_TYPES,
    FEMALE_TITLES,
    HEAD_OFFICES,
    HONORIFICS,
    LABEL_TYPES,
    MALE_TITLES,
    NAME_LABELS,
    NUMBER_LABELS,
    PERSON_TITLES,
    PERSONAL_PRONOUNS,
    PLACE_LABELS,
    TIME_LABELS,
    TITLE_ABBREVIATIONS,
    fold,
    title_form,
)


def test_every_ner_label_has_an_entity_type():
    assert NAME_LABELS | NUMBER_LABELS | TIME_LABELS | PLACE_LABELS == set(LABEL_TYPES)
    assert set(LABEL_TYPES.values()) <= set(ENTITY_TYPES)
    assert not NAME_LABELS & (NUMBER_LABELS | TIME_LABELS)


def test_titles_are_written_as_title_form_gives_them():
    for word in PERSON_TITLES | HONORIFICS | set(TITLE_ABBREVIATIONS.values()):
        assert title_form(word) == word
    assert title_form("Sen.") == "sen" and title_form("“President”") == "president"


def test_title_tables_name_person_titles():
    assert set(TITLE_ABBREVIATIONS) <= PERSON_TITLES
    assert set(TITLE_ABBREVIATIONS.values()) <= PERSON_TITLES
    assert HEAD_OFFICES | FEMALE_TITLES | MALE_TITLES <= PERSON_TITLES
    assert not FEMALE_TITLES & MALE_TITLES


def test_pronouns_are_folded_words():
    assert all(fold(word) == word and " " not in word for word in PERSONAL_PRONOUNS)
    assert {"hers", "theirs", "yourselves"} <= PERSONAL_PRONOUNS


def test_first_names_table_is_gender_guessers_own():
    """kg reads gender-guesser's table at once, not a line at a time: the same names, genders and country values."""
    own = gender_guesser.detector.Detector(case_sensitive=False)
    assert lexicon.first_name_genders().names == own.names
    assert len(own.names) > 40_000
    assert lexicon.first_name_genders().get_gender("Maria") == own.get_gender("Maria") == "female"
