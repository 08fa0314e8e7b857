"""Conservative coreference: pronouns and role descriptions, only where the antecedent is clear.

- "he"/"she" (and forms): the one person of compatible gender mentioned in the same or the
  previous sentence before it; if there are several, the one of them that is a subject there;
  else nothing.
- "it"/"they": only in "X said it ...": the speaker of the fact the pronoun is the subject of,
  when that speaker is not a person.
- "I"/"me": the speaker a quoted fact is attributed to, else the one person who spoke in the
  same or previous sentence ("Milley told a news conference: ... “I can say ...”").
- "we"/"us": that speaker's country or organisation, if their titles name exactly one
  ("we've asked the Ukrainians", said by US General Mark Milley: the United States).
- "the top U.S. general", "Ukraine's president": the one person of the document whose title
  (anywhere in the corpus) has that role and affiliation; "a U.S. senator" and unmatched
  descriptions stand for a person of their own, known only in their document.

A pronoun that finds no antecedent stays unresolved: no entity is ever made of a pronoun.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from kg.resolve.names import (
    FEMALE_PRONOUNS,
    FIRST_PERSON_PLURAL,
    FIRST_PERSON_SINGULAR,
    MALE_PRONOUNS,
    NEUTER_PRONOUNS,
    Identity,
    Reading,
    Role,
    fold,
)
from kg.types import Document, Fact

FIRST_PERSON = FIRST_PERSON_SINGULAR | FIRST_PERSON_PLURAL
# Facts whose subject is a speaker ("Milley told a news conference, “I can't ..."), by normalised relation.
REPORTING_RELATIONS = {
    "say", "tell", "add", "state", "claim", "stress", "warn", "argue", "note", "write", "explain", "insist", "deny",
    "confirm", "announce", "admit", "assert", "declare", "report", "reply", "respond", "acknowledge", "complain",
}
# A description with the head on the left also names people whose title is on the right.
ROLE_EQUIVALENTS = {
    "leader": {"leader", "president", "premier", "chancellor", "king", "queen", "emir"},
    "senator": {"senator", "lawmaker"},
}


def roles_by_identity(readings: list[Reading]) -> dict[Identity, set[Role]]:
    """Every title the corpus gives each named person."""
    roles: dict[Identity, set[Role]] = defaultdict(set)
    for reading in readings:
        if reading.title is not None and reading.identity is not None and reading.identity.type == "Person":
            roles[reading.identity].add(reading.title)
    return roles


def resolve_descriptions(document: Document, readings: list[Reading], roles: dict[Identity, set[Role]]) -> None:
    """Point person descriptions at the titled person they describe, or at a person of their own.

    A definite description ("the top U.S. general") may name any person of the document; an
    indefinite one ("a spokesman for the Kremlin") only the person it is in apposition to.
    """
    named = [
        reading for reading in readings
        if reading.kind in ("entry", "name", "coreferent") and reading.identity is not None
        and reading.identity.type == "Person" and reading.surface
    ]
    earlier: dict[str, Identity] = {}
    for reading in readings:
        if reading.kind != "description" or reading.role is None or reading.plural:
            continue
        people = {
            person.identity for person in named
            if reading.definite or _in_apposition(document.text, person, reading)
        }
        matches = _titled(reading.role, people, roles)
        if len(matches) == 1:
            reading.identity = matches[0]
            reading.kind = "coreferent"
        elif reading.definite and reading.role.head in earlier:
            reading.identity = earlier[reading.role.head]
            reading.kind = "coreferent"
        else:
            reading.identity = replace(reading.identity, scope=document.id)
            earlier.setdefault(reading.role.head, reading.identity)


def _in_apposition(text: str, person: Reading, description: Reading) -> bool:
    """ "Peskov, a spokesman ...", "a spokesman, Peskov", or a title right before the name ("US General Milley")."""
    if description.mention.start <= person.mention.start:
        return text[description.mention.end:person.mention.start].strip() in ("", ",")
    return text[person.mention.end:description.mention.start].strip() == ","


def _titled(description: Role, people: set[Identity], roles: dict[Identity, set[Role]]) -> list[Identity]:
    """The people whose title is the description's role: with the same affiliation if any has it,
    else with no affiliation written ("President Joe Biden" for "the US president")."""
    def accepts(role: Role, tier: int) -> bool:
        if not _same_role(description, role):
            return False
        return description.affiliation is None or role.affiliation == description.affiliation or (
            tier == 1 and role.affiliation is None)

    for tier in (0, 1):
        found = sorted((person for person in people if any(accepts(role, tier) for role in roles.get(person, ()))),
                       key=lambda identity: identity.key)
        if found:
            return found
    return []


def _same_role(description: Role, title: Role) -> bool:
    heads = ROLE_EQUIVALENTS.get(description.head, {description.head})
    if title.head not in heads or description.qualifiers != title.qualifiers:
        return False
    # "the leader" alone says too little.
    return description.affiliation is not None or description.head not in ROLE_EQUIVALENTS


def resolve_pronouns(
    readings: list[Reading], facts: list[Fact], genders: dict[Identity, str], roles: dict[Identity, set[Role]]
) -> None:
    """Resolve pronouns in text order; each resolved one can be the antecedent of the next."""
    subjects = {(fact.subject.start, fact.subject.end) for fact in facts}
    subjects |= {(fact.attribution.speaker.start, fact.attribution.speaker.end) for fact in facts if fact.attribution}
    speakers = {(fact.attribution.speaker.start, fact.attribution.speaker.end) for fact in facts if fact.attribution}
    speakers |= {(fact.subject.start, fact.subject.end) for fact in facts if fact.relation in REPORTING_RELATIONS}
    by_span = {(reading.mention.start, reading.mention.end): reading for reading in readings}
    # "I" and "we" last: their speaker may itself be a pronoun ("“I have no problem,” he said").
    pronouns = sorted(
        (reading for reading in readings if reading.kind == "pronoun"),
        key=lambda item: (fold(item.mention.text) in FIRST_PERSON, item.mention.start),
    )
    for reading in pronouns:
        word = fold(reading.mention.text)
        if word in FIRST_PERSON:
            antecedent = _speaker(reading, facts, by_span, person=True) or _person_before(
                reading, readings, speakers, genders, None, only=speakers)
            if antecedent is not None and word in FIRST_PERSON_PLURAL:
                antecedent = _affiliation(antecedent, roles)  # "we" said by a US general: the US
        elif word in NEUTER_PRONOUNS:
            antecedent = _speaker(reading, facts, by_span, person=False)
        elif word in MALE_PRONOUNS | FEMALE_PRONOUNS:
            gender = "male" if word in MALE_PRONOUNS else "female"
            antecedent = _person_before(reading, readings, subjects, genders, gender)
        else:
            antecedent = None  # you: whom it means is not written down
        if antecedent is not None:
            reading.identity = antecedent
            reading.kind = "coreferent"


def _affiliation(person: Identity, roles: dict[Identity, set[Role]]) -> Identity | None:
    """The one country or organisation a person's titles name, if they name exactly one."""
    affiliations = {role.affiliation for role in roles.get(person, ()) if role.affiliation is not None}
    return affiliations.pop() if len(affiliations) == 1 else None


def _speaker(reading: Reading, facts: list[Fact], by_span: dict, *, person: bool) -> Identity | None:
    span = (reading.mention.start, reading.mention.end)
    for fact in facts:
        if fact.attribution is None or (fact.subject.start, fact.subject.end) != span:
            continue
        if fact.attribution.verb not in REPORTING_RELATIONS:
            continue  # "according to The New York Times, they are asking": the source is not "they"
        speaker = fact.attribution.speaker
        if person is False and speaker.start > reading.mention.start:
            continue  # "it" must follow the speaker it stands for
        found = by_span.get((speaker.start, speaker.end))
        if found is not None and found.identity is not None and (found.identity.type == "Person") == person:
            return found.identity
    return None


def _person_before(
    reading: Reading, readings: list[Reading], subjects: set, genders: dict[Identity, str], gender: str | None,
    *, only: set | None = None,
) -> Identity | None:
    """The one person (of `gender`, among mentions at the spans `only`) in this or the previous sentence."""
    sentence = reading.mention.sentence
    window = [
        other for other in readings
        if other is not reading
        and other.identity is not None
        and other.identity.type == "Person"
        and sentence - 1 <= other.mention.sentence <= sentence
        and other.mention.end <= reading.mention.start
        and (gender is None or genders.get(other.identity, gender) == gender)
        and (only is None or (other.mention.start, other.mention.end) in only)
    ]
    candidates = {other.identity for other in window}
    if len(candidates) == 1:
        return candidates.pop()
    in_subject = {other.identity for other in window if (other.mention.start, other.mention.end) in subjects}
    return in_subject.pop() if len(in_subject) == 1 else None
