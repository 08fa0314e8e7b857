"""Conservative coreference: pronouns and descriptions, only where the antecedent is clear.

Measured against GUM's gold chains by `python -m bench.coref` (docs/graph-model.md has the figures).

- "he"/"she" (and forms): the person who reports it ("Paris claims that she was kept ..."), unless
  another who may be "she" stands between; else the one person of that sex in the same or the
  previous sentence, else in the two sentences before those. The sex is a title's ("spokeswoman",
  "Mr") or a first name's (gender-guesser: "Gloria" female, "Thomas" male); a person whose sex is
  not said is never the antecedent, and blocks when in the pronoun's sentence. A description that
  names no one but says a sex ("my mum", "her ex-husband") may be the one, so it blocks too; in a
  quote, its speaker is never "he" or "she". No subject tie-break: two candidates, no antecedent.
- "it"/"they": only in "X said it ...": the speaker of the fact the pronoun is the subject of,
  when that speaker is an organisation or country ("it"), or a group or plural ("they"); never
  "it is time ..." ("it" with "be").
- "I"/"me": the speaker a quoted fact is attributed to, else the one person who spoke in the
  same or previous sentence ("Milley told a news conference: ... “I can say ...”").
- "we"/"us": that speaker's country or organisation, if their titles name exactly one
  ("we've asked the Ukrainians", said by US General Mark Milley: the United States).
- "the top U.S. general", "Ukraine's president": the one person of the document whose title
  (anywhere in the corpus) has that role and affiliation; "a U.S. senator" and unmatched
  descriptions stand for a person of their own, known only in their document.
- "the church", "the station": the one organisation, place or event named before it in the
  document whose name has that head ("Church of Scientology").

A pronoun that finds no antecedent stays unresolved: no entity is ever made of a pronoun.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace

from kg.lexicon import (
    FEMALE_PRONOUNS,
    FIRST_PERSON_PLURAL,
    FIRST_PERSON_SINGULAR,
    HEAD_OFFICES,
    MALE_PRONOUNS,
    NEUTER_PRONOUNS,
    PERSONAL_PRONOUNS,
    PLURAL_PRONOUNS,
    first_name_genders,
    fold,
)
from kg.resolve.names import Identity, Reading, Role
from kg.types import Document, Fact

FIRST_PERSON = FIRST_PERSON_SINGULAR | FIRST_PERSON_PLURAL
# Facts whose subject is a speaker ("Milley told a news conference, “I can't ..."), by normalised relation.
REPORTING_RELATIONS = {
    "say", "tell", "add", "state", "claim", "stress", "warn", "argue", "note", "write", "explain", "insist", "deny",
    "confirm", "announce", "admit", "assert", "declare", "report", "reply", "respond", "acknowledge", "complain",
}
# A description with the head on the left also names people whose title is on the right.
ROLE_EQUIVALENTS = {
    "leader": {"leader"} | HEAD_OFFICES,
    "senator": {"senator", "lawmaker"},
}


def roles_by_identity(readings: list[Reading]) -> dict[Identity, set[Role]]:
    """Every title the corpus gives each named person."""
    roles: dict[Identity, set[Role]] = defaultdict(set)
    for reading in readings:
        if reading.title is not None and reading.identity is not None and reading.identity.type == "Person":
            roles[reading.identity].add(reading.title)
    return roles


def resolve_descriptions(document: Document, readings: Sequence[Reading],
                         roles: dict[Identity, set[Role]]) -> list[Reading]:
    """Point person descriptions at the titled person they describe, or at a person of their own.

    A definite description ("the top U.S. general") may name any person of the document; an
    indefinite one ("a spokesman for the Kremlin") only the person it is in apposition to.
    Returns the document's readings, those changed new.
    """
    readings = list(readings)
    named = [
        reading for reading in readings
        if reading.kind in ("entry", "name", "coreferent") and reading.identity is not None
        and reading.identity.type == "Person" and reading.surface
    ]
    earlier: dict[str, Identity] = {}
    for index, reading in enumerate(readings):
        if reading.kind != "description" or reading.role is None or reading.plural:
            continue
        people = {
            person.identity for person in named
            if reading.definite or _in_apposition(document.text, person, reading)
        }
        matches = _titled(reading.role, people, roles)
        if len(matches) == 1:
            readings[index] = replace(reading, identity=matches[0], kind="coreferent")
        elif reading.definite and reading.role.head in earlier:
            readings[index] = replace(reading, identity=earlier[reading.role.head], kind="coreferent")
        else:
            readings[index] = replace(reading, identity=replace(reading.identity, scope=document.id))
            earlier.setdefault(reading.role.head, readings[index].identity)
    return resolve_organisations(readings)


def resolve_organisations(readings: Sequence[Reading]) -> list[Reading]:
    """ "the ministry", "the church": the one organisation, place or event named before it in the document whose
    name has that head ("the Ministry of Defence", "the Church of Scientology", "Chiang Kai-shek Memorial Hall
    Station"); a description that says more ("the center of the Zeitgeist") is not a short name."""
    readings = list(readings)
    for index, reading in enumerate(readings):
        if (reading.kind != "description" or reading.plural or reading.qualified or reading.identity is None
                or reading.identity.type not in ("Organization", "Concept")):
            continue
        words = fold(reading.mention.text).split()
        if len(words) != 2 or words[0] != "the":  # "this court" in a hearing is not the one named before
            continue
        found = {
            other.identity for other in readings
            if other.kind in ("entry", "name") and other.identity is not None
            and other.identity.type in SHORT_NAMED_TYPES and other.mention.end <= reading.mention.start
            and _name_head(other.identity.key) == words[1]
        }
        if len(found) == 1:
            readings[index] = replace(reading, identity=found.pop(), kind="coreferent")
    return readings


SHORT_NAMED_TYPES = {"Organization", "Location", "Event"}


def _name_head(key: str) -> str:
    """The head noun of a name: "church of scientology" -> church, "labour party" -> party."""
    words = key.split()
    return words[words.index("of") - 1] if "of" in words[1:] else words[-1]


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
    document: Document, readings: Sequence[Reading], facts: Sequence[Fact], genders: dict[Identity, str],
    roles: dict[Identity, set[Role]],
) -> list[Reading]:
    """Resolve pronouns in text order; each resolved one can be the antecedent of the next.
    Returns the document's readings, those resolved new."""
    readings = list(readings)
    context = _Context(document, readings, facts, genders)
    # "I" and "we" last: their speaker may itself be a pronoun ("“I have no problem,” he said").
    pronouns = sorted(
        ((index, reading) for index, reading in enumerate(readings) if reading.kind == "pronoun"),
        key=lambda item: (fold(item[1].mention.text) in FIRST_PERSON, item[1].mention.start),
    )
    for index, reading in pronouns:
        word = fold(reading.mention.text)
        if word in FIRST_PERSON:
            antecedent = _speaker(reading, context.attributed_to(reading), context.by_span, person=True)
            if antecedent is None:
                antecedent = context.person_before(reading, None, only=context.speakers)
            if antecedent is not None and word in FIRST_PERSON_PLURAL:
                antecedent = _affiliation(antecedent, roles)  # "we" said by a US general: the US
        elif word in NEUTER_PRONOUNS:
            antecedent = _speaker(reading, context.attributed_to(reading), context.by_span, person=False)
        elif word in MALE_PRONOUNS | FEMALE_PRONOUNS:
            gender = "male" if word in MALE_PRONOUNS else "female"
            antecedent = context.reporter(reading, gender) or context.person_before(reading, gender)
        else:
            antecedent = None  # you: whom it means is not written down
        if antecedent is not None:
            readings[index] = replace(reading, identity=antecedent, kind="coreferent")
            context.resolved(reading, readings[index])
    return readings


def load_tables() -> None:
    """Read the first names' table now (0.2 s), e.g. while the build's workers parse, rather than at the first name."""
    first_name_genders()


def first_name_gender(identity: Identity) -> str | None:
    """ "male" or "female" when a person's first name is (almost) only given to one sex ("Gloria Thomas")."""
    return _first_name_gender(identity.key) if identity.type == "Person" and not identity.scope else None


def _first_name_gender(name: str) -> str | None:
    found = first_name_genders().get_gender(name.split()[0]) if name else "unknown"
    return found if found in NAME_GENDERS else None


NAME_GENDERS = {"male", "female"}


class Quotations:
    """Where a text's quotations are, read in one pass: `offset in quotations` says whether the offset
    is inside a quotation of its paragraph (a line break closes any quotation left open)."""

    def __init__(self, text: str) -> None:
        self.marks: list[int] = []  # offsets of line breaks and quotation marks, in order
        self.inside: list[bool] = []  # whether the text after each mark is quoted
        depth, straight = 0, False
        for offset, char in enumerate(text):
            if char not in "\n“”\"":
                continue
            if char == "\n":
                depth, straight = 0, False
            elif char == "“":
                depth += 1
            elif char == "”":
                depth = max(0, depth - 1)
            else:
                straight = not straight
            self.marks.append(offset)
            self.inside.append(depth > 0 or straight)

    def __contains__(self, offset: int) -> bool:
        last = bisect_left(self.marks, offset) - 1  # the last mark before the offset
        return last >= 0 and self.inside[last]


class _Context:
    """What pronoun resolution knows about one document: people's sex, who speaks where, quotes."""

    def __init__(self, document: Document, readings: list[Reading], facts: Sequence[Fact],
                 genders: dict[Identity, str]) -> None:
        self.document = document
        self.genders = {**{reading.identity: gender for reading in readings if reading.identity is not None
                           and (gender := first_name_gender(reading.identity))}, **genders}  # titles say more
        self.speakers = {_span(fact.attribution.speaker) for fact in facts if fact.attribution}
        self.speakers |= {_span(fact.subject) for fact in facts if fact.relation in REPORTING_RELATIONS}
        self.by_span = {_span(reading.mention): reading for reading in readings}
        self.subjects = {_span(fact.subject) for fact in facts}
        self.quotations = Quotations(document.text)
        self.named_people = [reading for reading in readings if reading.kind in ("name", "entry", "coreferent")
                             and not reading.mention.pronoun and fold(reading.mention.text) not in PERSONAL_PRONOUNS
                             and reading.identity is not None and reading.identity.type == "Person"]
        self.by_sentence: dict[int, list[Reading]] = defaultdict(list)
        for reading in readings:
            self.by_sentence[reading.mention.sentence].append(reading)
        # The attributed facts of each subject, in order: a pronoun looks only at its own (linear, not quadratic).
        self.attributed: dict[tuple[int, int], list[Fact]] = defaultdict(list)
        for fact in facts:
            if fact.attribution is not None:
                self.attributed[_span(fact.subject)].append(fact)
        # Who speaks in each sentence (outside quotes): the "I" of its quotes, never their "he".
        self.speakers_in: dict[int, set[Identity]] = defaultdict(set)
        for reading in readings:
            if (_span(reading.mention) in self.speakers and reading.identity is not None
                    and reading.mention.start not in self.quotations):
                self.speakers_in[reading.mention.sentence].add(reading.identity)

    def resolved(self, pronoun: Reading, reading: Reading) -> None:
        """From now on `reading` (the pronoun resolved) stands where `pronoun` stood."""
        span = _span(pronoun.mention)
        if self.by_span.get(span) is pronoun:
            self.by_span[span] = reading
        found = self.by_sentence[pronoun.mention.sentence]
        found[next(index for index, other in enumerate(found) if other is pronoun)] = reading

    def in_sentences(self, first: int, last: int) -> Iterator[Reading]:
        """The readings of sentences `first` to `last`: the only ones a pronoun's rules look at."""
        for sentence in range(max(first, 0), last + 1):
            yield from self.by_sentence.get(sentence, ())

    def attributed_to(self, reading: Reading) -> list[Fact]:
        """The facts with a speaker whose subject is the reading's mention."""
        return self.attributed.get(_span(reading.mention), [])

    def reporter(self, reading: Reading, gender: str) -> Identity | None:
        """ "Memon also said she believed ...", "Paris claims that she was kept ...": the one who reports it,
        unless another person who may be "she" stands between them."""
        if reading.mention.start in self.quotations:
            return None  # in a quote, the speaker is "I"
        for fact in self.attributed_to(reading):
            if (fact.attribution.verb not in REPORTING_RELATIONS
                    or fact.attribution.speaker.end > reading.mention.start):
                continue
            speaker = self.by_span.get(_span(fact.attribution.speaker))
            if speaker is None or speaker.identity is None or speaker.identity.type != "Person" or (
                    self.genders.get(speaker.identity, gender) != gender):
                continue
            between = [
                other for other in self.in_sentences(speaker.mention.sentence, reading.mention.sentence)
                if speaker.mention.end <= other.mention.start and other.mention.end <= reading.mention.start
                and other.identity not in (None, speaker.identity)
                and self._person(other, gender, reading.mention.sentence) is not None
            ]
            if not between:
                return speaker.identity
        return None

    def person_before(self, reading: Reading, gender: str | None, *, only: set | None = None) -> Identity | None:
        """The one person (of `gender`, among mentions at the spans `only`) named in this or the previous
        sentence, else, for "he"/"she", in the two sentences before those; None if that person has no name.
        Pronouns resolved before are no antecedents: one wrong "he" would carry on down the chain."""
        sentence = reading.mention.sentence
        quoting = set()
        if reading.mention.start in self.quotations:
            quoting = self.speakers_in[sentence] | self.speakers_in[sentence + 1]
        for first, last in ((sentence - 1, sentence), (sentence - 1 - FAR, sentence - 2)):
            found: dict[Identity, bool] = {}
            for other in self.in_sentences(first, last):
                if (other is reading
                        or fold(other.mention.text) in PERSONAL_PRONOUNS  # an error must not spread along a chain
                        or other.mention.end > reading.mention.start
                        or (only is not None and _span(other.mention) not in only)):
                    continue
                candidate = self._person(other, gender, sentence)
                if candidate is not None and candidate[0] not in quoting:
                    found[candidate[0]] = found.get(candidate[0], False) or candidate[1]
            if len(found) == 1:
                identity, named = found.popitem()
                return identity if named else None
            if len(found) > 1 and gender is not None and first == sentence - 1:
                return self.continued_subject(reading, found)
            if found or gender is None:
                return None
        return None if quoting else self.protagonist(reading, gender)

    def continued_subject(self, reading: Reading, found: dict[Identity, bool]) -> Identity | None:
        """ "Montalvo contacted members who put him in touch with Devocht. He traveled to Florida": a "he" that
        opens its sentence as its subject goes on with the subject that opened the sentence before."""
        sentence = reading.mention.sentence
        if reading.mention.start in self.quotations or _span(reading.mention) not in self.subjects or min(
                other.mention.start for other in self.by_sentence[sentence]) != reading.mention.start:
            return None
        before = self.by_sentence.get(sentence - 1, ())
        if not before:
            return None
        opening = min(before, key=lambda other: other.mention.start)
        if _span(opening.mention) not in self.subjects or opening.mention.start in self.quotations or (
                not found.get(opening.identity)):
            return None
        return opening.identity

    def protagonist(self, reading: Reading, gender: str) -> Identity | None:
        """With no one nearby, "he" or "she" is the article's protagonist of that sex: the person named most
        often before it, at least PROTAGONIST_MENTIONS times and twice as often as anyone else who may be
        "he" or "she" (a person whose sex the text does not say counts against)."""
        counts: Counter[Identity] = Counter(
            other.identity for other in self.named_people if other.mention.start < reading.mention.start)
        candidates = [(count, identity) for identity, count in counts.items()
                      if self.genders.get(identity, gender) == gender]
        if not candidates:
            return None
        count, identity = max(candidates, key=lambda item: (item[0], item[1].key))
        rivals = [other for other, number in counts.items() if other != identity and number * 2 > count
                  and self.genders.get(other, gender) == gender]
        if count < PROTAGONIST_MENTIONS or rivals or self.genders.get(identity) != gender:
            return None
        return identity

    def _person(self, reading: Reading, gender: str | None, sentence: int) -> tuple[Identity, bool] | None:
        """The person a mention names and whether it may be an antecedent, if it is one of `gender`:
        a person of that gender, or a description that names none ("my mum", "her ex-husband") and
        only keeps others from being the one."""
        identity = reading.identity
        if identity is None:
            return None
        said = self.genders.get(identity)
        if reading.kind == "description" and not said:
            said = GENDERED_NOUNS.get(fold(reading.name.split()[-1]) if reading.name else "")
            if said and identity.type != "Person" and gender is not None:
                return (identity, False) if said == gender and not self._beside_name(reading) else None
        if identity.type != "Person":
            # "Hillary Clinton", untagged and typed a thing: her first name still says she may be the one.
            if (reading.kind == "name" and not reading.mention.label and gender is not None
                    and _first_name_gender(identity.key) == gender):
                return identity, False
            return None
        if gender is None or said == gender:
            return identity, True
        if said is None and reading.mention.sentence == sentence:
            return identity, False  # "Wong Yeung-tat was defeated and resigned his ...": may be the one
        return None  # a person whose sex the text does not say, further back: too often wrong

    def _beside_name(self, description: Reading) -> bool:
        """ "Valeska Paris, an Australian woman": the description is the named person's."""
        return any(_in_apposition(self.document.text, other, description)
                   for other in self.by_sentence.get(description.mention.sentence, ())
                   if other.kind in ("entry", "name"))


# Nouns that say a person's sex: a phrase headed by one may be what "he" or "she" stands for.
GENDERED_NOUNS = {
    **dict.fromkeys(("mother", "mum", "mom", "wife", "daughter", "sister", "woman", "girl", "grandmother", "aunt",
                     "niece", "widow", "girlfriend", "lady", "actress", "granddaughter", "stepmother"), "female"),
    **dict.fromkeys(("father", "dad", "husband", "son", "brother", "man", "boy", "grandfather", "uncle", "nephew",
                     "widower", "boyfriend", "grandson", "stepfather", "ex-husband"), "male"),
    "ex-wife": "female",
}
# When no person of the pronoun's sex is in its sentence or the one before, the two before those.
FAR = 2
# How often a person must be named to be the article's protagonist (coref.protagonist).
PROTAGONIST_MENTIONS = 3


def _span(mention) -> tuple[int, int]:
    return mention.start, mention.end


def _affiliation(person: Identity, roles: dict[Identity, set[Role]]) -> Identity | None:
    """The one country or organisation a person's titles name, if they name exactly one."""
    affiliations = {role.affiliation for role in roles.get(person, ()) if role.affiliation is not None}
    return affiliations.pop() if len(affiliations) == 1 else None


def _speaker(reading: Reading, attributed: list[Fact], by_span: dict, *, person: bool) -> Identity | None:
    """The speaker of the facts said of the reading (`attributed`: those whose subject it is)."""
    plural = fold(reading.mention.text) in PLURAL_PRONOUNS
    for fact in attributed:
        if fact.attribution.verb not in REPORTING_RELATIONS:
            continue  # "according to The New York Times, they are asking": the source is not "they"
        speaker = fact.attribution.speaker
        if person is False and speaker.start > reading.mention.start:
            continue  # "it" must follow the speaker it stands for
        if not person and fact.relation == "be" and not plural:
            continue  # "Microsoft announced that it is time ...": that "it" stands for nothing
        found = by_span.get((speaker.start, speaker.end))
        if found is None or found.identity is None or (found.identity.type == "Person") != person:
            continue
        if not person and not _agrees(found, plural):
            continue
        return found.identity
    return None


def _agrees(speaker: Reading, plural: bool) -> bool:
    """Whether "they" (plural) or "it" can stand for the speaker: "Scientology officials ... they",
    "North Korea ... it"; not "Australia ... they"."""
    if plural:
        return speaker.plural or speaker.identity.type == "Group"
    return not speaker.plural and speaker.identity.type in ("Organization", "Country")
