"""kg.resolve.names: how one mention is read on its own, and the title written before a name."""

from __future__ import annotations

import pytest
from marked_text import parse_marked

from kg.resolve.names import MentionReader, clean, fold, is_proper, title_before

ARTICLE = (
    "[The top U.S. general|GPE~general] met [Ukrainian officials|NORP~official] on [Thursday|DATE]. "
    "[He|PRON] praised [Defense Secretary Lloyd Austin|PERSON] and [Jane Roe|PERSON]. "
    "[That|~that] was [58|CARDINAL] days after [the talks|~talk]."
)


@pytest.fixture(scope="module")
def read(aliases):
    document, mentions = parse_marked(ARTICLE)
    reader = MentionReader(aliases, document)
    return {mention.text: reader.read(mention) for mention in mentions}, reader, document


def test_pronouns_refer_only_through_coreference(read):
    readings, _, _ = read
    assert readings["He"].kind == "pronoun" and readings["He"].identity is None


def test_words_that_refer_through_context_are_no_reading(read):
    readings, _, _ = read
    assert readings["That"] is None


def test_a_description_is_typed_by_its_head_and_names_its_role(read):
    readings, _, _ = read
    general = readings["The top U.S. general"]
    assert general.kind == "description" and general.identity.type == "Person" and general.definite
    assert general.role.head == "general" and general.role.affiliation.key == "united states"
    officials = readings["Ukrainian officials"]
    assert officials.kind == "description" and officials.plural


def test_names_dates_and_numbers(read):
    readings, reader, _ = read
    roe = readings["Jane Roe"]
    assert (roe.kind, roe.identity.type, roe.identity.key, dict(roe.votes)) == ("name", "Person", "jane roe",
                                                                                 {"Person": 1})
    assert readings["Thursday"].identity.type == "Date" and reader.naming(readings["Thursday"]) == "date"
    assert reader.naming(readings["58"]) == "number"
    assert reader.naming(roe) == "name"


def test_a_title_before_a_name_is_read_with_its_affiliation(read):
    readings, reader, document = read
    austin = readings["Defense Secretary Lloyd Austin"]
    assert austin.identity.key == "lloyd austin" and austin.identity.type == "Person"  # the title is not the name
    name_start = document.text.index("Jane Roe")
    assert title_before(document.text, name_start, reader) is None  # "and" is no title
    title = title_before("Ukrainian President Volodymyr Zelensky", len("Ukrainian President "), reader)
    assert title.head == "president" and title.affiliation.key == "ukraine"


@pytest.mark.parametrize(("text", "cleaned"), [("“Peskov’s”", "Peskov"), (" the Kremlin, ", "the Kremlin")])
def test_clean_drops_quotes_punctuation_and_a_possessive(text, cleaned):
    assert clean(text) == cleaned


def test_is_proper_and_fold():
    assert is_proper(["Church", "of", "Scientology"]) and not is_proper(["the", "church"])
    assert fold(" “The  Kremlin.” ") == "the kremlin"
