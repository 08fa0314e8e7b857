"""Entity resolution on hand-made mentions: typing, canonical names, merging, coreference."""

from __future__ import annotations

import pytest
from marked_text import make_fact, parse_marked

from kg.resolve import resolve


def resolve_marked(aliases, *marked: str, facts=None):
    """Resolve documents written in bracket markup; returns the resolution and the mentions."""
    documents, mentions = [], []
    for number, text in enumerate(marked):
        document, found = parse_marked(text, doc_id=f"d{number}")
        documents.append(document)
        mentions.extend(found)
    made = facts(documents, mentions) if facts else []
    return resolve(documents, mentions, made, aliases=aliases), mentions


def resolved(aliases, *marked: str, facts=None):
    """Resolve documents written in bracket markup; returns (resolution, {mention text: entity})."""
    resolution, mentions = resolve_marked(aliases, *marked, facts=facts)
    entities = {entity.key: entity for entity in resolution.entities}
    by_text = {}
    for mention in mentions:
        key = resolution.mention_entity.get((mention.doc_id, mention.start, mention.end))
        by_text.setdefault(mention.text, entities.get(key))
    return resolution, by_text


# (markup, mention as written, expected canonical name, expected type)
CANONICAL = [
    ("[Zelenskiy|PERSON] spoke.", "Zelenskiy", "Volodymyr Zelensky", "Person"),
    ("[Zelenskyy|PERSON] spoke.", "Zelenskyy", "Volodymyr Zelensky", "Person"),
    ("[Vladimir Zelensky|PERSON] spoke.", "Vladimir Zelensky", "Volodymyr Zelensky", "Person"),
    ("[Kiev|GPE] said.", "Kiev", "Kyiv", "Location"),
    ("Near [Kharkov|GPE].", "Kharkov", "Kharkiv", "Location"),
    ("In [Kharkov Region|LOC].", "Kharkov Region", "Kharkiv Oblast", "Location"),
    ("[The U.S.|GPE] said.", "The U.S.", "United States", "Country"),
    ("[US|GPE] officials.", "US", "United States", "Country"),
    ("[America|GPE] said.", "America", "United States", "Country"),
    ("[United States|GPE] said.", "United States", "United States", "Country"),
    ("[NATO|ORG] said.", "NATO", "NATO", "Organization"),
    ("[the North Atlantic Treaty Organization|ORG] said.", "the North Atlantic Treaty Organization", "NATO",
     "Organization"),
    # Metonyms stay organisations of their own, linked to their country.
    ("[The Kremlin|ORG] said.", "The Kremlin", "Kremlin", "Organization"),
    ("[The Pentagon|FAC] said.", "The Pentagon", "US Department of Defense", "Organization"),
    ("[The White House|ORG] said.", "The White House", "White House", "Organization"),
    ("[The State Department|ORG] said.", "The State Department", "US Department of State", "Organization"),
    # The curated type wins over a wrong NER label.
    ("[HIMARS|ORG] launchers.", "HIMARS", "HIMARS", "Weapon"),
    ("[Peskov|GPE] said.", "Peskov", "Dmitry Peskov", "Person"),
    # Demonyms: an adjective or "the <plural>" denotes the country; a bare plural is a group.
    ("[American|NORP] weapons.", "American", "United States", "Country"),
    ("We asked [the Ukrainians|NORP] not to.", "the Ukrainians", "Ukraine", "Country"),
    ("We asked the [Ukrainians|NORP] not to.", "Ukrainians", "Ukraine", "Country"),  # "the" left outside
    ("Groups made up of [Russians|NORP].", "Russians", "Russians", "Group"),
    # Descriptions: typed by their head, origin words canonical.
    ("[U.S.-made weapons|~weapon] were used.", "U.S.-made weapons", "American weapons", "Weapon"),
    ("[US-provided weapons|~weapon] were used.", "US-provided weapons", "American weapons", "Weapon"),
    ("[American-made weapons|~weapon] were used.", "American-made weapons", "American weapons", "Weapon"),
    ("[Western-supplied weapons|~weapon] were used.", "Western-supplied weapons", "Western weapons", "Weapon"),
    ("[long-range ATACMS missiles|~missile] were used.", "long-range ATACMS missiles", "ATACMS", "Weapon"),
    ("[U.S.-made F-16 fighter jets|~jet] flew.", "U.S.-made F-16 fighter jets", "F-16", "Weapon"),
    ("[US armored vehicles|~vehicle] were used.", "US armored vehicles", "American armored vehicles", "Weapon"),
    ("[Ukrainian officials|~official] said.", "Ukrainian officials", "Ukrainian officials", "Group"),
    ("[Russian territory|~territory] was hit.", "Russian territory", "Russia", "Country"),
    ("[Russian forces|~force] advanced.", "Russian forces", "Russian Armed Forces", "Organization"),
    ("In [Russia's Belgorod oblast|~oblast].", "Russia's Belgorod oblast", "Belgorod Oblast", "Location"),
    ("[the restriction|~restriction] stays.", "the restriction", "restriction", "Concept"),
    ("On [Thursday|DATE] it rained.", "Thursday", "Thursday", "Date"),
    # Names outside the table keep their NER type; titles inside a PERSON span are not the name.
    ("[President Jane Doe|PERSON] spoke.", "President Jane Doe", "Jane Doe", "Person"),
    # ... nor inside a span the NER tagged otherwise, when a name follows the title.
    ("[US President Jane Doe|ORG] spoke.", "US President Jane Doe", "Jane Doe", "Person"),
    ("[Ukrainian President Jane Doe|NORP] spoke.", "Ukrainian President Jane Doe", "Jane Doe", "Person"),
    ("[Defense Secretary Jane Doe|ORG] spoke.", "Defense Secretary Jane Doe", "Jane Doe", "Person"),
    ("[US President|ORG] spoke.", "US President", "American President", "Person"),  # a role
    ("[Acme Corp|ORG] said.", "Acme Corp", "Acme Corp", "Organization"),
    # A span that runs on into lower-case words ends at the name.
    ("[Finland became|PERSON] the latest.", "Finland became", "Finland", "Country"),
    # Phrases as kg.extract gives them: the label of a name inside, the head lemma.
    ("[U.S.-made weapons|GPE~weapon] were used.", "U.S.-made weapons", "American weapons", "Weapon"),
    ("[NATO members Norway|GPE~Norway] agreed.", "NATO members Norway", "Norway", "Country"),
    ("[Kremlin spokesman Dmitry Peskov|PERSON~Peskov] said.", "Kremlin spokesman Dmitry Peskov", "Dmitry Peskov",
     "Person"),
    ("[Army General Jim Holloway|PERSON~Holloway] said.", "Army General Jim Holloway", "Jim Holloway", "Person"),
    ("[the Russian region of Belgorod|NORP~region] was hit.", "the Russian region of Belgorod", "Belgorod Oblast",
     "Location"),
    ("[the Ukrainian city of Zolochiv|NORP~city] was hit.", "the Ukrainian city of Zolochiv", "Zolochiv", "Location"),
    ("[Ukrainian President|NORP~President] spoke.", "Ukrainian President", "Ukrainian President", "Person"),
    ("[a $375 million batch|MONEY~batch] of aid.", "a $375 million batch", "375 million batch", "Concept"),
    ("[a war between NATO and Russia|ORG~war] it is not.", "a war between NATO and Russia", "war", "Concept"),
    ("Guidance [from President Jane Doe|PERSON~Doe] came.", "from President Jane Doe", "Jane Doe", "Person"),
    ("It came [after the invasion|~invasion].", "after the invasion", "invasion", "Concept"),
    ("On May [16|PERSON~16] it came.", "16", "16", "Concept"),
]


@pytest.mark.parametrize(("marked", "written", "name", "kind"), CANONICAL)
def test_canonical_name_and_type(aliases, marked, written, name, kind):
    _, by_text = resolved(aliases, marked)
    entity = by_text[written]
    assert entity is not None, f"{written!r} resolved to nothing"
    assert (entity.name, entity.type) == (name, kind)


def test_variants_across_articles_are_one_entity(aliases):
    resolution, by_text = resolved(
        aliases,
        "[Ukrainian President Volodymyr Zelenskiy|PERSON] said.",
        "[Volodymyr Zelensky|PERSON] met [Biden|PERSON] in [Kiev|GPE].",
        "[Zelenskyy|PERSON] visited [Kyiv|GPE] and [the U.S.|GPE], then [US|GPE] officials.",
    )
    zelensky = [entity for entity in resolution.entities if entity.name == "Volodymyr Zelensky"]
    assert len(zelensky) == 1
    assert {"Volodymyr Zelensky", "Zelenskyy"} <= set(zelensky[0].aliases) | {zelensky[0].name}
    assert zelensky[0].wikidata == "Q3881739"
    assert by_text["Kiev"] == by_text["Kyiv"]
    assert by_text["the U.S."] == by_text["US"]
    assert by_text["Kiev"].part_of == by_text["Kiev"].part_of == "country/ukraine"


def test_metonym_and_capital_link_their_country(aliases):
    resolution, by_text = resolved(aliases, "[The Kremlin|ORG] and [Moscow|GPE] and [Russia|GPE].")
    keys = {entity.key for entity in resolution.entities}
    assert by_text["The Kremlin"].key != by_text["Russia"].key
    assert by_text["The Kremlin"].part_of == by_text["Russia"].key
    assert by_text["Moscow"].part_of == by_text["Russia"].key
    assert "country/russia" in keys


def test_country_of_a_metonym_is_an_entity_even_if_not_mentioned(aliases):
    resolution, _ = resolved(aliases, "[The Pentagon|ORG] said.")
    assert "country/united-states" in {entity.key for entity in resolution.entities}


# Within-document name shortening: (markup, short form, expected name or None for "not merged").
SHORTENING = [
    ("[Army General Jim Holloway|PERSON] spoke. Later [Holloway|PERSON] said.", "Holloway", "Jim Holloway"),
    ("[Jim Holloway|PERSON] spoke. [Holloway|GPE] said.", "Holloway", "Jim Holloway"),  # wrong NER label
    ("[Holloway|PERSON] said it first. Then [Jim Holloway|PERSON] spoke.", "Holloway", "Jim Holloway"),
    # A place by its label, before any person of that surname is named, is the place.
    ("[Coron|GPE] is in Palawan. [Penon de Coron|PERSON] spoke.", "Coron", "Coron"),
    ("[Jim Holloway|PERSON] and [Ann Holloway|PERSON] met. [Holloway|PERSON] said.", "Holloway", "Holloway"),
    ("[The Washington Post|PERSON] reported. According to the [Post|GPE], it was so.", "Post", "The Washington Post"),
    ("[Globex Industries|ORG] grew. The [Industries|ORG] hired.", "Industries", "Globex Industries"),
    # Without "the", an organisation's last word is a name of its own ("Scientology", the town of "Coron").
    ("The [Church of Scientology|ORG] grew. [Scientology|ORG] spread.", "Scientology", "Scientology"),
    # The NER cut the name short, and the text goes on with the rest of it.
    ("[Jim Holloway|PERSON] spoke. Army spokesman [Jim|PERSON] Holloway said.", "Jim", "Jim Holloway"),
    ("[Jim Holloway|PERSON] spoke. Then [Jim|PERSON] Smith said.", "Jim", "Jim"),
    ("[The New York Times|ORG] wrote. The New [York Times|ORG] said.", "York Times", "The New York Times"),
    ("He went to Saudi [Arabia|GPE].", "Arabia", "Saudi Arabia"),
    ("The [Institute|ORG] for the Study of War said.", "Institute", "Institute for the Study of War"),
    ("[Volodymyr Zelenskiy|PERSON] said. President [Volodymyr|PERSON] Zelenskiy said.", "Volodymyr",
     "Volodymyr Zelensky"),
    ("The New [York|GPE] Times said.", "York", "The New York Times"),
    ("He told The [Hill|ORG].", "Hill", "The Hill"),
    ("Then President [Joe|GPE] Biden said.", "Joe", "Joe Biden"),
    # Below the headline, a surname alone before the full name is someone else's: the son, not the mother.
    ("Profile\n[Hiester|PERSON] was born in 1749, the son of Daniel and [Catherine Shuller Hiester|PERSON].",
     "Hiester", "Hiester"),
    # A name without its middle name is the same person, and no second person "Holt" could shorten.
    ("[Brock Holt|PERSON]\n[Brock Wyatt Holt|PERSON] played. [Holt|PERSON] scored.", "Holt", "Brock Wyatt Holt"),
    ("[Brock Holt|PERSON]\n[Brock Wyatt Holt|PERSON] played.", "Brock Holt", "Brock Wyatt Holt"),
    # "The Hill" is the newspaper only with its article; "Hill" alone is a surname.
    ("At Vitoria, [Hill|PERSON] corps held.", "Hill", "Hill"),
]


@pytest.mark.parametrize(("marked", "short", "name"), SHORTENING)
def test_within_document_name_shortening(aliases, marked, short, name):
    _, by_text = resolved(aliases, marked)
    assert by_text[short].name == name


def test_shortening_stays_within_its_document(aliases):
    _, by_text = resolved(aliases, "[Jim Holloway|PERSON] spoke.", "[Holloway|ORG] said.")
    assert by_text["Holloway"].name == "Holloway"
    assert by_text["Holloway"].type == "Organization"


def test_same_name_different_type_stays_apart(aliases):
    resolution, _ = resolved(aliases, "[Paris Hilton|PERSON] sang. [Hilton|PERSON] left.", "[Hilton|ORG] said.")
    hiltons = sorted((entity.type, entity.name) for entity in resolution.entities)
    assert hiltons == [("Organization", "Hilton"), ("Person", "Paris Hilton")]


def test_a_person_named_like_a_country_is_a_person_in_context(aliases):
    _, by_text = resolved(aliases, "[Michael Jordan|PERSON] played. [Jordan|PERSON] scored.", "[Jordan|GPE] said.")
    assert (by_text["Jordan"].type, by_text["Jordan"].name) == ("Person", "Michael Jordan")
    _, by_text = resolved(aliases, "[Jordan|GPE] said.")
    assert by_text["Jordan"].type == "Country"


def test_one_type_per_name_within_a_document(aliases):
    _, by_text = resolved(aliases, "[Acme|ORG] said. [Acme|PERSON] hired. [Acme|ORG] grew.")
    assert by_text["Acme"].type == "Organization"


def test_capitalised_phrase_takes_type_from_elsewhere(aliases):
    _, by_text = resolved(aliases, "[Globex Industries|ORG] said.", "[Globex Industries] hired.")
    assert by_text["Globex Industries"].type == "Organization"


# Coreference: (markup, mention as written, expected name, or None: resolves to nothing).
COREFERENCE = [
    ("US General [Mark Milley|PERSON~Milley] spoke. [The top U.S. general|GPE~general] said more.",
     "The top U.S. general", "Mark Milley"),
    ("[Ukraine's president|GPE~president], [Volodymyr Zelenskyy|PERSON~Zelenskyy], visited Qatar.",
     "Ukraine's president", "Volodymyr Zelensky"),
    # A definite description names the one titled person of the document.
    ("US General [Mark Milley|PERSON] spoke. [The top U.S. general|~general] said more.",
     "The top U.S. general", "Mark Milley"),
    ("[Ukraine's president|~president], [Volodymyr Zelenskyy|PERSON], visited Qatar.",
     "Ukraine's president", "Volodymyr Zelensky"),
    ("[Dmitry Peskov|PERSON], [a spokesman for [the Kremlin|ORG]|~spokesman], said so.",
     "a spokesman for the Kremlin", "Dmitry Peskov"),
    ("[Kremlin spokesman [Dmitry Peskov|PERSON]|~Peskov] said so.", "Kremlin spokesman Dmitry Peskov", "Dmitry Peskov"),
    ("[US General|GPE] [Mark Milley|PERSON] urged Ukraine.", "US General", "Mark Milley"),
    ("[The general|~general] spoke before US General [Mark Milley|PERSON] did.", "The general", "Mark Milley"),
    # An affiliation written on the title wins; else a title without one will do.
    ("President [Joe Biden|PERSON] and Russian President [Vladimir Putin|PERSON] met. [The Russian president|"
     "~president] spoke.", "The Russian president", "Vladimir Putin"),
    ("President [Joe Biden|PERSON] met [Vladimir Putin|PERSON]. [The US president|~president] spoke.",
     "The US president", "Joe Biden"),
    ("[Qatar's ruling emir|~emir], Sheikh [Tamim bin Hamad Al Thani|PERSON], met him.", "Qatar's ruling emir",
     "Tamim bin Hamad Al Thani"),
    # Pronouns: the one person of the same or previous sentence.
    ("NATO Secretary-General [Jens Stoltenberg|PERSON] urged allies. [He|PRON] told reporters.", "He",
     "Jens Stoltenberg"),
    ("Republican Sen. [Mike Rounds|PERSON] did not say how [he|PRON] was briefed.", "he", "Mike Rounds"),
    # Gender from titles: "she" is not the spokesman.
    ("Spokesman [Jim Doe|PERSON] met spokeswoman [Ann Roe|PERSON]. [She|PRON] left.", "She", "Ann Roe"),
]


@pytest.mark.parametrize(("marked", "written", "name"), COREFERENCE)
def test_coreference(aliases, marked, written, name):
    _, by_text = resolved(aliases, marked)
    assert by_text[written] is not None and by_text[written].name == name


NO_ANTECEDENT = [
    ("[He|PRON] said it was fine.", "He"),  # nobody before it
    ("[Biden|PERSON] said [Zelenskiy|PERSON] promised [he|PRON] would not.", "he"),  # two people: unclear
    ("[Jim Doe|PERSON] spoke. Nothing happened. Nor more. Nor else. Then [he|PRON] left.", "he"),  # too far back
    ("[We|PRON] asked them.", "We"),
    ("[The Kremlin|ORG] said [it|PRON] knew.", "it"),  # "it" only through an attributed fact
]


@pytest.mark.parametrize(("marked", "written"), NO_ANTECEDENT)
def test_unclear_pronouns_stay_unresolved(aliases, marked, written):
    resolution, by_text = resolved(aliases, marked)
    assert by_text[written] is None
    assert not any(entity.name.casefold() == written.casefold() for entity in resolution.entities)


def test_pronoun_subject_of_attributed_fact_is_the_speaker(aliases):
    def facts(documents, mentions):
        return [make_fact(documents[0], mentions, "it", "know", None, speaker="The Kremlin")]

    _, by_text = resolved(aliases, "[The Kremlin|ORG] said [it|PRON] knew.", facts=facts)
    assert by_text["it"].name == "Kremlin"


def test_a_source_is_not_the_antecedent_of_they(aliases):
    def facts(documents, mentions):
        fact = make_fact(documents[0], mentions, "they", "ask_for", "intelligence", speaker="The New York Times")
        return [type(fact)(**{**fact.__dict__, "attribution": type(fact.attribution)(fact.attribution.speaker,
                                                                                       "according_to")})]

    _, by_text = resolved(aliases, "According to [The New York Times|ORG], [they|PRON] ask for [intelligence].",
                          facts=facts)
    assert by_text["they"] is None


def test_first_person_in_a_quote_is_its_speaker(aliases):
    def facts(documents, mentions):
        return [make_fact(documents[0], mentions, "I", "have", "no problem", speaker="he")]

    _, by_text = resolved(
        aliases, "Sen. [Mike Rounds|PERSON] agreed. “[I|PRON] have [no problem],” [he|PRON] said.", facts=facts
    )
    assert by_text["he"].name == "Mike Rounds"
    assert by_text["I"].name == "Mike Rounds"


def test_we_in_a_quote_is_the_speakers_country(aliases):
    def facts(documents, mentions):
        return [make_fact(documents[0], mentions, "Mark Milley", "tell", "reporters"),
                make_fact(documents[0], mentions, "I", "say"),
                make_fact(documents[0], mentions, "we", "ask", "the Ukrainians", speaker="I")]

    _, by_text = resolved(
        aliases, "US General [Mark Milley|PERSON] told [reporters|~reporter].\n“[I|PRON] can say that [we|PRON] "
        "asked [the Ukrainians|NORP] not to.”", facts=facts)
    assert by_text["I"].name == "Mark Milley"
    assert by_text["we"].name == "United States"
    assert by_text["the Ukrainians"].name == "Ukraine"


def test_we_stays_unresolved_without_an_affiliation(aliases):
    def facts(documents, mentions):
        return [make_fact(documents[0], mentions, "we", "ask", "them", speaker="Jim Doe")]

    _, by_text = resolved(aliases, "[Jim Doe|PERSON] said [we|PRON] asked [them|PRON].", facts=facts)
    assert by_text["we"] is None


def test_a_person_of_unknown_sex_in_the_same_sentence_keeps_he_unresolved(aliases):
    _, by_text = resolved(
        aliases, "[Rounds|PERSON] agreed with [[Biden|PERSON]'s decision|~decision] and [he|PRON] said so.")
    assert by_text["he"] is None  # Rounds, whose sex the text does not say, may be "he" as well as Joe Biden


def test_unmatched_descriptions_are_people_of_their_own_document(aliases):
    resolution, mentions = resolve_marked(
        aliases,
        "[A Western official|~official] said. [The official|~official] was not authorized.",
        "[A Western official|~official] said.",
    )
    first, again, other = (resolution.mention_entity[(m.doc_id, m.start, m.end)] for m in mentions)
    assert first == again != other
    assert {entity.type for entity in resolution.entities} == {"Person"}


def test_no_entity_is_made_of_a_pronoun_or_relative_word(aliases):
    resolution, _ = resolved(aliases, "[He|PRON] said [that|~that] [they|PRON] and [which] and [it|PRON] left.")
    assert resolution.entities == ()
    assert resolution.mention_entity == {}


def test_keys_are_stable_when_articles_are_added(aliases):
    first = "[Zelensky|PERSON] met [Acme Corp|ORG] in [Kyiv|GPE]. [U.S. weapons|~weapon] arrived."
    alone, _ = resolved(aliases, first)
    more, _ = resolved(aliases, first, "[Zelenskiy|PERSON] and [Acme Corp|ORG] and [Jane Roe|PERSON].")
    assert {k: v for k, v in more.mention_entity.items() if k[0] == "d0"} == alone.mention_entity
    assert {entity.key for entity in alone.entities} <= {entity.key for entity in more.entities}


def test_non_latin_names_keep_their_letters(aliases):
    _, by_text = resolved(aliases, "[Володимир Зеленський|PERSON] заявив.")
    assert by_text["Володимир Зеленський"].key == "person/володимир-зеленський"


ROLES = [
    # (markup, subject, role as written, fact kind, expected role name)
    ("[Dmitry Peskov|PERSON], [a spokesman for [the Kremlin|ORG]|~spokesman], said so.", "Dmitry Peskov",
     "a spokesman for the Kremlin", "apposition", "Kremlin spokesman"),
    ("[Kremlin spokesman|~spokesman] [Dmitry Peskov|PERSON] said so.", "Dmitry Peskov", "Kremlin spokesman", "role",
     "Kremlin spokesman"),
    ("[Dmitry Peskov|PERSON] is [a spokesman for [the Kremlin|ORG]|~spokesman].", "Dmitry Peskov",
     "a spokesman for the Kremlin", "copula", "Kremlin spokesman"),
    ("[Ukrainian President|~president] [Volodymyr Zelenskiy|PERSON] said.", "Volodymyr Zelenskiy",
     "Ukrainian President", "role", "Ukrainian President"),
]


@pytest.mark.parametrize(("marked", "subject", "role", "kind", "name"), ROLES)
def test_the_object_of_a_role_fact_is_the_role(aliases, marked, subject, role, kind, name):
    def facts(documents, mentions):
        return [make_fact(documents[0], mentions, subject, "be", role, kind=kind)]

    resolution, by_text = resolved(aliases, marked, facts=facts)
    entity = by_text[role]
    assert (entity.name, entity.type) == (name, "Concept")
    assert by_text[subject].type == "Person"
    parent = next(item for item in resolution.entities if item.key == entity.part_of)
    assert parent.name in ("Kremlin", "Ukraine")


def test_table_names_the_ner_missed_are_found(aliases):
    text = "Ukraine struck with the High Mobility Artillery Rocket System, or HIMARS."
    resolution, _ = resolved(aliases, text)  # no mentions given at all
    (entity,) = resolution.entities
    assert (entity.name, entity.type) == ("HIMARS", "Weapon")
    spans = sorted(text[start:end] for (_, start, end) in resolution.mention_entity)
    assert spans == ["HIMARS", "High Mobility Artillery Rocket System"]
