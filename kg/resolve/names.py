"""Reading one mention on its own: what kind of thing it names, and under which name.

A mention is read as a pronoun (resolved later, never an entity of its own), a name (from
the alias table, or as the NER tagged it), or a description ("the top U.S. general",
"US-made weapons", "Ukrainian officials") typed by its head noun. Descriptions get a
canonical wording: origin words are replaced by their country's adjective ("U.S.-made",
"US", "American-provided" -> "American"), determiners and quantifiers are dropped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import takewhile

from kg.lexicon import (
    FEMALE_TITLES,
    HONORIFICS,
    LABEL_TYPES,
    LANGUAGES,
    MALE_TITLES,
    MONTHS,
    NAME_LABELS,
    NAMED_PLACE_HEADS,
    NUMBER_LABELS,
    PERSON_TITLES,
    PERSONAL_PRONOUNS,
    QUOTES,
    RANK_QUALIFIERS,
    TITLE_ABBREVIATIONS,
    TITLE_WORDS,
    WEEKDAYS,
    fold,
    title_form,
)
from kg.resolve.aliases import AliasEntry, AliasTable, name_key
from kg.types import Document, Mention

# "Rochester, New York", "Seattle, Washington": after a place and a comma, the state, not the city.
STATES_AFTER_PLACE = {"new york": "New York State", "washington": "Washington State"}
PLACE_COMMA = re.compile(r"[A-Z][\w.'-]*, $")

# Words that refer only through their context: never an entity.
# Words that label what follows their colon: a caption's ("Image:"), a language's ("Persian:").
COLON_LABELS = frozenset({"image", "photo", "picture", "video", "audio", "credit", "source", "file",
                          "caption"}) | LANGUAGES
NON_REFERRING = {
    "this", "that", "these", "those", "which", "who", "whom", "whose", "what", "whatever", "where",
    "when", "there", "here", "something", "anything", "nothing", "everything", "someone", "somebody",
    "anyone", "anybody", "everyone", "everybody", "nobody", "none", "one", "ones", "all", "both",
    "each", "either", "neither", "some", "many", "much", "more", "most", "few", "several", "others",
    "another", "other", "such", "same", "way", "thing", "things", "lot",
}
DETERMINERS = {
    "the", "a", "an", "this", "that", "these", "those", "some", "any", "more", "most", "other",
    "another", "such", "all", "both", "each", "every", "many", "much", "several", "few", "no",
    "my", "your", "his", "her", "its", "our", "their", "further", "same", "certain", "various",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds",
}
DEFINITE_DETERMINERS = {"the", "this", "that", "these", "those"}
# A description ends at its first preposition, relative word or clause: the rest modifies it.
DESCRIPTION_BREAKS = {
    "of", "for", "from", "to", "in", "on", "at", "by", "with", "against", "into", "onto", "about",
    "over", "under", "across", "after", "before", "since", "during", "inside", "outside", "near",
    "that", "which", "who", "whom", "whose", "where", "when", "while", "as", "like", "than", "and", "or",
    "made", "used", "based", "known", "called", "including", "such", "familiar", "responsible",
    "between", "among", "amid", "through", "toward", "towards", "via", "per", "beyond", "within", "without",
}
# "spokesman for the Kremlin", "president of Ukraine": the preposition introduces an affiliation.
AFFILIATION_PREPOSITIONS = {"for", "of", "at"}
# Participles that say where a thing comes from: "US-made", "Western-supplied".
ORIGIN_PARTICIPLES = {"made", "provided", "supplied", "built", "produced", "donated", "funded", "backed", "led"}
# Lower-case words no name starts with: it was cut out of a longer phrase.
CUT_OPENINGS = {"of", "for", "and", "to", "at", "in"}
# Plural names of a party's members, which act as a body: "Democrats blocked the bill".
PARTY_MEMBERS = {"democrats", "republicans", "tories", "conservatives", "socialists", "communists", "greens"}
# Nouns for people that stand before a name without being a title: "Texas student Ahmed Mohamed".
PERSON_NOUNS = {
    "student", "defender", "striker", "midfielder", "goalkeeper", "forward", "player", "veteran", "artist",
    "singer", "actor", "actress", "author", "boy", "girl", "man", "woman", "teenager", "resident", "citizen",
    "worker", "photographer", "musician", "rapper", "comedian", "novelist", "poet", "designer", "engineer",
    "entrepreneur", "businessman", "businesswoman", "billionaire", "athlete", "champion", "winger", "rival",
}
ORGANIZATION_HEADS = {
    "government", "ministry", "military", "army", "navy", "forces", "troops", "administration",
    "parliament", "embassy", "agency", "party", "committee", "council", "department", "office",
    "court", "company", "militia", "militias", "police", "service", "services", "institute", "delegation",
}
WEAPON_HEADS = {
    "weapon", "weapons", "weaponry", "arms", "missile", "missiles", "rocket", "rockets", "munition",
    "munitions", "ammunition", "artillery", "bomb", "bombs", "drone", "drones", "jet", "jets",
    "fighter", "fighters", "tank", "tanks", "howitzer", "howitzers", "launcher", "launchers", "shell",
    "shells", "warhead", "warheads", "armament", "armaments",
}
# Heads that are weapons only with a military word before them ("armored vehicles").
MILITARY_HEADS = {"vehicle", "vehicles", "system", "systems", "equipment", "truck", "trucks", "battery", "aircraft"}
MILITARY_WORDS = {"military", "armored", "armoured", "missile", "defense", "defence", "combat", "rocket", "artillery"}
# "Russian territory" denotes Russia.
TERRITORY_HEADS = {"territory", "soil", "land", "mainland", "airspace"}
PLACE_HEADS = {"region", "oblast", "province", "district", "city", "town", "village", "state", "county"}
PLACE_HEAD_SYNONYMS = {"oblast": "region"}
PLACE_NOUN_VOTES = 3  # "the city of Zolochiv" says more than the NER labels of "Zolochiv" (a title counts 2)

ORIGIN_TYPES = {"Country", "Location", "Group", "Organization"}
# Head nouns that make a phrase a description even when the NER tagged it as a name.
DESCRIPTION_HEADS = (
    {"official", "officials", "lawmakers", "officers", "reporters", "journalists", "generals", "leaders"}
    | TERRITORY_HEADS | PLACE_HEADS | WEAPON_HEADS | {"military", "forces", "troops", "government", "ministry"}
)
# Days and months are dates whatever the NER says ("Thursday" tagged GPE).
DATE_NAME = re.compile(
    r"^(?:(?:" + "|".join(WEEKDAYS) + r")"
    r"|(?:" + "|".join(MONTHS) + r")"
    r"(?:\s+\d{1,2}(?:,?\s+\d{4})?|,?\s+\d{4})"  # a month alone may be a name (Theresa May)
    r"|\d{1,2}\s+(?:" + "|".join(MONTHS) + r")"
    r"(?:,?\s+\d{4})?)$",
    re.IGNORECASE,
)
WEAPON_DESIGNATOR = re.compile(r"^[A-Z]{1,4}-?\d{1,4}[A-Z]?(?:/\d+)?$")

TOKEN = re.compile(r"[\w][\w.'’&/-]*")
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True)
class Identity:
    """What a reading denotes: equal identities are one entity."""

    type: str
    key: str  # name_key of the canonical name
    scope: str = ""  # "": everywhere; else a document id or an alias entry's documents


@dataclass(frozen=True)
class Role:
    """A person's title as the text gives it: "Kremlin spokesman" -> spokesman, Kremlin."""

    head: str
    qualifiers: frozenset[str] = frozenset()
    affiliation: Identity | None = None
    gender: str | None = None  # "male" | "female" when the title says
    name: str = field(default="", compare=False)  # the role as a thing: "Kremlin spokesman"


@dataclass(frozen=True)
class Reading:
    """How one mention was read. `identity` None: it refers only through coreference.

    Frozen: a resolution pass (kg.resolve.entities.PASSES) gives a changed reading as a new one.
    """

    mention: Mention
    kind: str  # pronoun | entry | name | description | coreferent
    identity: Identity | None = None
    name: str = ""  # canonical name candidate
    surface: str = ""  # as written, kept as an alias (names only)
    entry: AliasEntry | None = None
    role: Role | None = None  # person descriptions: the role they name
    title: Role | None = None  # names: the title written before them
    definite: bool = False
    plural: bool = False
    part_of: Identity | None = None
    votes: Mapping[str, int] = field(default_factory=dict)  # NER evidence for a name's type, read-only
    fallback: AliasEntry | None = None  # the table's reading of a name the NER tagged PERSON
    qualified: bool = False  # a description with a name in it: "American weapons", "the USI art gallery"


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def clean(text: str) -> str:
    """Text without surrounding quotes, punctuation and a final possessive."""
    text = " ".join(text.split()).strip(QUOTES + " ,;:!?()[]")
    return POSSESSIVE.sub("", text).strip(QUOTES + " ")


def entry_identity(entry: AliasEntry) -> Identity:
    scope = "|".join(sorted(entry.documents))
    return Identity(type=entry.type, key=name_key(entry.name), scope=scope)


NAME_CONNECTORS = {"of", "the", "and", "for", "de", "von", "der", "al", "bin"}


def is_proper(words: list[str]) -> bool:
    """Written as a name: every word capitalised (connectors like "of" aside)."""
    content = [word for word in words if word.lower() not in NAME_CONNECTORS]
    return bool(content) and all(word[:1].isupper() or word[:1].isdigit() for word in content)


def description_segment(text: str) -> list[str]:
    """The words of a description up to its first comma, colon or bracket."""
    return tokens(re.split(r"[,;:()\[\]—–]", text, maxsplit=1)[0])


def description_words(text: str) -> tuple[list[str], list[str]]:
    """The words of a description proper, which ends at its first comma or bracket and before its first
    preposition or relative word, and the affiliation after "of"/"for"... ("spokesman for the Kremlin")."""
    words = description_segment(text)
    for index, word in enumerate(words):
        folded = fold(word)
        if index and folded in DESCRIPTION_BREAKS:
            affiliation = words[index + 1:] if folded in AFFILIATION_PREPOSITIONS else []
            if folded == "of":
                affiliation = _body_after_at(affiliation)
            return words[:index], affiliation
    return words, []


def _body_after_at(affiliation: list[str]) -> list[str]:
    """ "professor of linguistics at the University of California": the body is after "at", the
    "of" names a field (a bare noun: "curator of the exhibition at the University" keeps the exhibition)."""
    if affiliation[:1] and fold(affiliation[0]) in DETERMINERS:
        return affiliation
    at = next((index for index, word in enumerate(affiliation) if fold(word) == "at"), None)
    body = affiliation[at + 1:] if at is not None else []
    if body[:1] and fold(body[0]) == "the":
        body = body[1:]
    return body if body[:1] and body[0][:1].isupper() else affiliation


class MentionReader:
    """Reads mentions of one document against the alias table."""

    def __init__(self, aliases: AliasTable, document: Document) -> None:
        self.aliases = aliases
        self.document = document
        self.document_id = document.id
        self.document_source = document.source
        self._endings: dict[str, frozenset[int]] = {}
        self._entries: dict[str, AliasEntry | None] = {}  # lookup()'s, by text

    def starts_sentence(self, mention: Mention) -> bool:
        """Whether the mention opens a sentence or a line (where any word is capitalised)."""
        before = self.document.text[max(0, mention.start - 6):mention.start].rstrip(" \t" + QUOTES + "(")
        return not before or before[-1] in ".!?:;\n—–-"

    def cut_short(self, reading: Reading) -> bool:
        """A name the text goes on with: "Counter|-Strike", "Budweiser Man| of the Match" (not a person's
        "Kirby of the White House")."""
        after = self.document.text[reading.mention.end:reading.mention.end + 12]
        if re.match(r"-[^\W\d_]", after):
            return True
        return reading.identity is not None and reading.identity.type != "Person" and bool(
            re.match(r" of (?:the )?[A-Z]", after))

    def _capitalised_noun(self, mention: Mention, words: list[str]) -> bool:
        """One capitalised word the tagger read as a common noun and the NER left alone, and no surname
        of the article ("Senator Mike Rounds" ... "Rounds"): a caption's "Image"; no name."""
        return len(words) == 1 and not mention.label and mention.head.islower() and not (
            self._name_endings(words[0]) - {mention.end})

    def _name_endings(self, word: str) -> frozenset[int]:
        """Where the article writes `word` after a capitalised word ("Mike Rounds"): found once per word,
        not once per mention (a scan of the whole text each)."""
        if word not in self._endings:
            self._endings[word] = frozenset(
                match.end() for match in re.finditer(rf"[A-Z][\w'’-]+ {re.escape(word)}\b", self.document.text))
        return self._endings[word]

    def bare_plural_group(self, reading: Reading) -> bool:
        """ "Muslims", "Russians" with no article: some of a people, not a body (a party's members are one)."""
        words = tokens(reading.mention.text)
        return (reading.identity is not None and reading.identity.type == "Group" and len(words) == 1
                and fold(words[0]).endswith("s") and not self.follows_article(reading.mention)
                and fold(words[0]) not in PARTY_MEMBERS)

    @staticmethod
    def _indefinite(reading: Reading) -> bool:
        """ "an Armenian Quarter called Jolfa", "a centuries-old Maya city": one of many, no node of its own
        (a kind of weapon excepted: "a US-made missile" is of the kind "American weapons")."""
        return fold(reading.mention.text).startswith(("a ", "an ")) and (
            reading.identity is None or reading.identity.type != "Weapon")

    def naming(self, reading: Reading) -> str:
        """How specifically the reading names its thing (see kg.types.Entity.naming)."""
        if reading.kind == "entry":
            return "date" if reading.identity is not None and reading.identity.type == "Date" else "name"
        if reading.kind == "name":
            if reading.identity is not None and reading.identity.type == "Date":
                return "date"
            if (reading.mention.label in NUMBER_LABELS or not any(char.isalpha() for char in reading.name)
                    or reading.name[:1].isdigit()):
                return "number"
            if (self.cut_short(reading) or self.bare_plural_group(reading) or tokens(reading.name)[0] in CUT_OPENINGS
                    or self._indefinite(reading)):
                return "description"  # ... or cut from a title: "of Education Stefania Giannini"
            # A capitalised word the NER did not tag, opening a sentence: "Parents", "Typical treatments".
            if not reading.mention.label and self.starts_sentence(reading.mention) and (
                    len(tokens(reading.name)) == 1 or not is_proper(tokens(reading.name)[1:])):
                return "description"
            return "name"
        if reading.kind == "role":
            return "role"
        if reading.kind == "description":
            return "qualified" if reading.qualified and not self._indefinite(reading) else "description"
        return ""

    def _after_place(self, mention: Mention) -> bool:
        """Whether a capitalised word and a comma stand just before the mention ("Rochester, |New York"),
        and it is no possessive ("In Brussels, Washington's envoy")."""
        text = self.document.text
        return (PLACE_COMMA.search(text, max(0, mention.start - 40), mention.start) is not None
                and text[mention.end:mention.end + 1] not in ("'", "’"))

    def follows_article(self, mention: Mention) -> bool:
        """Whether "the" stands just before the mention (the extractor may leave it out)."""
        return self.document.text[max(0, mention.start - 4):mention.start].casefold() == "the "

    def lookup(self, text: str) -> AliasEntry | None:
        if text in self._entries:  # a document looks its names up again and again
            return self._entries[text]
        entry = self.aliases.lookup(text, document_id=self.document_id, document_source=self.document_source)
        if entry is None and fold(text).endswith("s"):
            plural = self.aliases.lookup(text.rstrip("sS"), document_id=self.document_id,
                                         document_source=self.document_source)
            entry = plural if plural is not None and plural.type == "Weapon" else None
        self._entries[text] = entry
        return entry

    def read(self, mention: Mention) -> Reading | None:
        """A reading of the mention, or None when it refers to nothing (a relative pronoun, "that")."""
        folded = fold(mention.text)
        text = clean(mention.text)
        capitals = len(text) > 1 and text.replace(".", "").isupper()  # "US" is not "us"
        if (mention.pronoun or folded in PERSONAL_PRONOUNS) and not capitals:
            return Reading(mention, "pronoun")
        if not name_key(text) or folded in NON_REFERRING:
            return None
        if folded in COLON_LABELS and self.document.text[mention.end:mention.end + 1] == ":":
            return None  # "Image: Twitter / NASA", a caption's label; "(Persian: Esfahan)", a language's
        label = mention.label if mention.label in LABEL_TYPES else ""
        if label in ("DATE", "TIME") or DATE_NAME.match(text):  # "Thursday" tagged GPE is still a date
            return self._name(mention, text, "Date")
        if label == "LANGUAGE":  # "taught himself Japanese": the language, not Japan
            return self._name(mention, text, "Concept")
        state = STATES_AFTER_PLACE.get(fold(text))
        entry = self.lookup(state if state is not None and self._after_place(mention) else text)
        if entry is not None and (label != "PERSON" or entry.type == "Person"):
            return self.entry_reading(mention, entry, text)
        if (label in NAME_LABELS or not label) and self.aliases.demonym(text) and len(tokens(text)) - (
                fold(text).startswith("the ")) == 1:
            return self._demonym(mention, text)
        person = self._person_after_noun(mention, text)
        if person is not None:
            return person
        head = self._head_word(mention, text)
        words = tokens(text)
        if label == "PERSON" and head is not None and words[0] == head and title_form(head) in PERSON_TITLES and (
                len(words) >= 3 and is_proper(words[1:])):
            return self._named(mention, text, label, entry)  # "Lawyer Louise Christian": a title, then the name
        if head is not None and (not head[:1].isupper() or title_form(head) in PERSON_TITLES | DESCRIPTION_HEADS):
            # A common noun heads it: the label, if any, is of a name inside ("the top U.S. general").
            return self.describe(mention, text)
        if label == "NORP" and not any(title_form(word) in PERSON_TITLES for word in tokens(text)):
            return self._name(mention, text, "Group")  # with a title it is a titled name: "Ukrainian President X"
        if label in NAME_LABELS and any(char.isalpha() for char in text):
            return self._named(mention, text, label, entry)
        if label:  # numbers, money, quantities, and "16" tagged PERSON
            return self._name(mention, text, "Concept" if label in NAME_LABELS else LABEL_TYPES[label])
        if head is not None and is_proper(tokens(text)) and not self._capitalised_noun(mention, tokens(text)):
            return self._named(mention, text, "", entry)  # a name the NER missed: its type is decided later
        return self.describe(mention, text)

    def _person_after_noun(self, mention: Mention, text: str) -> Reading | None:
        """ "English captain Harry Kane", "Texas student Ahmed Mohamed": a person's full name after a noun
        for people, read as that person (the NER may have tagged the phrase, or only its origin)."""
        words, _ = description_words(text)
        lower = [index for index, word in enumerate(words) if not word[:1].isupper() and fold(word) not in NAME_CONNECTORS]
        if not lower or mention.label not in ("", "NORP", "GPE", "ORG", "PERSON"):
            return None
        noun, name = words[lower[-1]], words[lower[-1] + 1:]
        singular = title_form(noun)
        if len(name) < 2 or not is_proper(name) or (singular not in PERSON_TITLES and singular not in PERSON_NOUNS):
            return None
        written = self._span_text(text, name)
        entry = self.lookup(written)
        if entry is not None:
            return self.entry_reading(mention, entry, written)
        return self._name(mention, written, "Person", votes={"Person": 2})

    @staticmethod
    def _head_word(mention: Mention, text: str) -> str | None:
        """The word of the text that is the mention's head (its lemma given), or None if unknown."""
        lemma = mention.head.casefold()
        if not lemma:
            return None
        forms = {lemma, lemma + "s", lemma + "es", lemma[:-1] + "ies" if lemma.endswith("y") else lemma}
        # The head may end a hyphenated word: "part-time" is headed by "time".
        found = [word for word in tokens(text) if fold(word) in forms or fold(word.rsplit("-", 1)[-1]) in forms
                 or name_key(word) == name_key(lemma)]
        return found[-1] if found else None

    def entry_reading(self, mention: Mention, entry: AliasEntry, surface: str) -> Reading:
        """A mention that names an entry of the alias table."""
        part_of = self.lookup(entry.part_of) if entry.part_of else None
        return Reading(
            mention, "entry", identity=entry_identity(entry), name=entry.name, surface=surface, entry=entry,
            part_of=entry_identity(part_of) if part_of else None,
        )

    def _name(self, mention: Mention, text: str, kind: str, *, votes: dict[str, int] | None = None) -> Reading:
        return Reading(mention, "name", identity=Identity(kind, name_key(text)), name=text, surface=text,
                       votes=votes if votes is not None else {kind: 1})

    def _demonym(self, mention: Mention, text: str) -> Reading:
        """ "Ukrainian" and "the Ukrainians" denote Ukraine; bare "Russians" are a group of people."""
        entry = self.aliases.demonym(text)
        definite = fold(mention.text).startswith("the ") or self.follows_article(mention)
        if entry is not None and (not entry.is_plural_demonym(text) or definite):
            return self.entry_reading(mention, entry, "")  # "American" is no name of the United States
        part_of = entry_identity(entry) if entry is not None and entry.type == "Country" else None
        return replace(self._name(mention, text, "Group"), part_of=part_of, surface=text)

    def _named(self, mention: Mention, text: str, label: str, entry: AliasEntry | None) -> Reading | None:
        """A named entity; `entry` is the table's reading of a text tagged PERSON ("Jordan", "Finland")."""
        written, words = text, tokens(text)
        while len(words) > 1 and not words[0][:1].isupper() and fold(words[0]) in DESCRIPTION_BREAKS | DETERMINERS:
            words = words[1:]  # "from President Joe Biden"
        # A span that runs on into lower-case words ("Ukraine on", "Minister Ross Finnie and scientists") ends at
        # the last capital.
        while len(words) > 1 and not words[-1][:1].isupper() and not words[-1][:1].isdigit():
            words = words[:-1]
        text = self._span_text(text, words)
        head = self._head_word(mention, text)
        if head is not None and head in words:
            # "NATO members Norway", "Kremlin spokesman Dmitry Peskov": the known name that ends at the head.
            last = len(words) - 1 - words[::-1].index(head)
            for begin in range(1, last + 1):
                before = words[begin - 1]
                if before[:1].isupper() and title_form(before) not in PERSON_TITLES and not self._is_origin(before):
                    continue  # "National |Security Council" is no name of the UN's Security Council
                known = self.lookup(" ".join(words[begin:last + 1]))
                if known is not None and (label != "PERSON" or known.type == "Person"):
                    return self.entry_reading(mention, known, self._span_text(text, words[begin:last + 1]))
        titled = [index for index, word in enumerate(words) if title_form(word) in PERSON_TITLES]
        title_stripped = False
        if titled:
            # A title inside a name span ("President Joe Biden", "Defense Secretary Lloyd Austin")
            # is not part of the name; a span of titles only ("US President") is a role.
            leading = 0
            while leading < len(words) and (title_form(words[leading]) in TITLE_WORDS
                                             or self._is_origin(words[leading])):
                leading += 1
            rest = words[titled[-1] + 1:] if titled[-1] < leading else []
            # Tagged otherwise, the span is still a titled person when two or more capitalised words
            # follow the title: "US President Joe Biden" tagged ORG.
            person_follows = len(rest) >= 2 and all(word[:1].isupper() for word in rest)
            if not rest and label in ("PERSON", "") and len(words) - titled[-1] > 2 and is_proper(words):
                # "Home Secretary Suella Braverman" untagged, "Tory MP Boris Johnson" tagged a person: a title of
                # capitalised words, then the name.
                rest = words[titled[-1] + 1:]
            if label in ("PERSON", "") or self._name_goes_on(mention) or person_follows:
                if rest:
                    words, title_stripped = rest, True
                elif titled[-1] < leading:
                    return self.describe(mention, text)
        if all(title_form(word) in TITLE_WORDS or self._is_origin(word) for word in words) and (
                title_form(words[-1]) in TITLE_WORDS):
            return self.describe(mention, text)  # "Secretary", "US General" tagged GPE: a role
        heads = [index for index, word in enumerate(words) if fold(word) in DESCRIPTION_HEADS]
        if heads and (heads[-1] == len(words) - 1 or not words[heads[-1]][:1].isupper()):
            # "Kiev officials", "Russian territory", "Kharkiv region": the NER tagged a description.
            return self.describe(mention, text)
        # "U.S.-made F-16"; but "Tom Bradley" tagged a person is no Bradley fighting vehicle.
        system, written = self._weapon_system(words) if label != "PERSON" else (None, "")
        if system is not None:
            return self.entry_reading(mention, system, written)
        name = text if len(words) == len(tokens(text)) else self._span_text(text, words)
        trimmed = self.lookup(name) if name != written else None
        if trimmed is not None and (label != "PERSON" or trimmed.type == "Person"):
            return self.entry_reading(mention, trimmed, name)
        if len(words) == 1 and self.aliases.demonym(name):
            return self._demonym(mention, name)
        kind = "Person" if title_stripped else LABEL_TYPES.get(label, "Concept")
        if label == "PRODUCT" and (WEAPON_DESIGNATOR.match(name) or fold(words[-1]) in WEAPON_HEADS):
            kind = "Weapon"
        # Untagged: the corpus decides its type, unless a title said it is a person's name.
        votes = {kind: 1} if label or title_stripped else {}
        # "Jordan" tagged PERSON: a person if the document names one so, else the country.
        return replace(self._name(mention, name, kind, votes=votes), fallback=entry or trimmed)

    def _is_origin(self, word: str) -> bool:
        return bool(self.aliases.demonym(word) or self.lookup(POSSESSIVE.sub("", word)))

    def _name_goes_on(self, mention: Mention) -> bool:
        """Whether a capitalised word follows the mention: the NER cut the name ("President Joe| Biden")."""
        return bool(re.match(r" [A-Z][\w'’-]+", self.document.text[mention.end:mention.end + 40]))

    @staticmethod
    def _span_text(text: str, words: list[str]) -> str:
        start = text.find(words[0])
        end = text.rfind(words[-1]) + len(words[-1])
        return text[start:end]

    def _of_inside_name(self, mention: Mention, text: str, words: list[str], after_of: list[str]) -> bool:
        """Whether the "of" after a description's first words is inside a name: the head noun comes
        after it ("the Budweiser Man of the Match award"), or a name goes on through it ("Ministry of
        Defence"; not a title's "President of Ukraine")."""
        head_word = self._head_word(mention, text)
        if head_word is not None and head_word[:1].islower() and head_word not in words:
            return True
        named = [word for word in after_of if fold(word) not in DETERMINERS]
        return bool(words and is_proper(words[-1:]) and title_form(words[-1]) not in PERSON_TITLES
                    and named and is_proper(named[:1]))

    def _place_named_after_of(self, words: list[str], segment: list[str], complement: list[str]) -> str:
        """The name in "the Russian city of Belgorod", "the port of Odesa on Friday"; "" if the phrase is no
        such ("the Green Country region of Oklahoma" is in Oklahoma)."""
        if not (words and complement and fold(words[-1]) in NAMED_PLACE_HEADS and fold(segment[len(words)]) == "of"):
            return ""
        if any(word[:1].isupper() and not self._is_origin(word) and fold(word) not in DETERMINERS for word in words[:-1]):
            return ""
        name = list(itertools.takewhile(lambda word: word[:1].isupper() or fold(word) in NAME_CONNECTORS, complement))
        while name and not name[-1][:1].isupper():
            name.pop()
        return " ".join(name) if name and name[0][:1].isupper() else ""

    def describe(self, mention: Mention, text: str) -> Reading | None:
        """Read a noun phrase that is not a name, by its head noun and its origin words."""
        words, complement = description_words(text)
        segment = description_segment(text)
        if segment[len(words):][:1] == ["of"] and self._of_inside_name(mention, text, words, segment[len(words) + 1:]):
            # "the Player of the Tournament award" is an award, not "Player"; "the Ministry of Defence in
            # London" is the ministry.
            end = next((index for index in range(len(words) + 1, len(segment))
                        if fold(segment[index]) in DESCRIPTION_BREAKS and segment[index].islower()), len(segment))
            words, complement = segment[:end], []
        place_name = self._place_named_after_of(words, segment, complement)
        if place_name:  # "the Russian city of Belgorod" is Belgorod; "the region of Belgorod", Belgorod Oblast
            head = fold(words[-1])
            entry = self.lookup(f"{place_name} {PLACE_HEAD_SYNONYMS.get(head, head)}") or self.lookup(place_name)
            if entry is not None:
                return self.entry_reading(mention, entry, place_name)
            return self._name(mention, place_name, "Location", votes={"Location": PLACE_NOUN_VOTES})
        lowered = [fold(word) for word in words]
        while len(lowered) > 1 and lowered[0] in DESCRIPTION_BREAKS:  # "after Russia's invasion"
            words, lowered = words[1:], lowered[1:]
        definite = bool(lowered) and (lowered[0] in DEFINITE_DETERMINERS or lowered[0].endswith(("'s", "’s"))
                                      or self.follows_article(mention))
        while lowered and lowered[0] in DETERMINERS:
            words, lowered = words[1:], lowered[1:]
        if not words:
            return None
        core = self._span_text(text, words)
        entry = self.lookup(core)
        if entry is not None:
            return self.entry_reading(mention, entry, core)
        if is_proper(words) and title_form(words[-1]) not in PERSON_TITLES and not self._capitalised_noun(mention, words):
            # A capitalised phrase the NER did not tag ("Ukrainian President" is a role): a name whose type
            # other mentions decide.
            return self._name(mention, core, "Concept", votes={})
        origin, rest, origin_at = self._origin(words)
        head = fold(rest[-1]) if rest else fold(words[-1])
        plural = head.endswith("s") and not head.endswith("ss")
        origin_is_country = origin is not None and origin.type == "Country"
        if head in TERRITORY_HEADS and origin_is_country:
            return self.entry_reading(mention, origin, "")
        kind = self._head_type(head, [fold(word) for word in rest])
        if kind == "Weapon":
            system, written = self._weapon_system(words)
            if system is not None:
                return self.entry_reading(mention, system, written)
        wording = " ".join(rest[:origin_at] + [self._origin_word(origin)] + rest[origin_at:] if origin else rest)
        if head in PLACE_HEADS and rest[:-1] and is_proper(rest[:-1]):
            wording = " ".join(rest[:-1] + [PLACE_HEAD_SYNONYMS.get(head, head)])
            entry = self.lookup(wording)
            if entry is not None:
                return self.entry_reading(mention, entry, core)
            kind = "Location"
        # A name among the modifiers ("American weapons", "USI art gallery"), not a capital that opens a sentence.
        named_modifier = origin is not None or any(
            word[:1].isupper() and (index or not self.starts_sentence(mention)) for index, word in enumerate(rest[:-1]))
        role = None
        if kind == "Person":
            qualifiers = frozenset(fold(word) for word in rest[:-1] if fold(word) in RANK_QUALIFIERS)
            affiliation, unit = (origin, "") if origin else self._affiliation(complement)
            if unit and re.search(r'["“”]', text):
                unit = ""  # a title in quotes, not a body: 'curator of "Andy Warhol: Photographs"'
            if unit:  # "spokesman for the Indonesian military": the military's, not Indonesia's
                wording = f"{unit} {wording}"
            elif affiliation and not origin:
                wording = f"{self._origin_word(affiliation)} {wording}"
            role = Role(head[:-1] if plural else head, qualifiers,
                        entry_identity(affiliation) if affiliation else None, _gender(head), wording)
            if plural:
                kind = "Group"
        return Reading(
            mention, "description", identity=Identity(kind, name_key(wording)), name=wording, role=role,
            definite=definite, plural=plural, qualified=named_modifier,
            part_of=entry_identity(origin) if origin_is_country and kind == "Organization" else None,
        )

    def _origin(self, words: list[str]) -> tuple[AliasEntry | None, list[str], int]:
        """Find origin words before the head ("top U.S. general", "US-made weapons").

        Returns the origin, the other words, and where the origin stood among them.
        """
        for begin in range(len(words) - 1):
            for size in (1, 2, 3):  # "U.S. military weapons": the country, not the U.S. military
                if begin + size >= len(words):
                    continue
                candidate = words[begin:begin + size]
                last = candidate[-1]
                if "-" in last and fold(last.rsplit("-", 1)[1]) in ORIGIN_PARTICIPLES:
                    last = last.rsplit("-", 1)[0]
                phrase = POSSESSIVE.sub("", " ".join(candidate[:-1] + [last]))
                entry = self.lookup(phrase) or self.aliases.demonym(phrase)
                if entry is None or entry.type not in ORIGIN_TYPES:
                    continue
                rest = words[begin + size:]
                if rest and fold(rest[0]) in ORIGIN_PARTICIPLES:
                    rest = rest[1:]
                return entry, words[:begin] + rest, begin
        return None, words, 0

    def _affiliation(self, words: list[str]) -> tuple[AliasEntry | None, str]:
        """The named thing a complement starts with ("for the Kremlin" -> Kremlin), or, when a country's
        adjective only qualifies it, the body as written ("for the Indonesian military" -> Indonesian
        military, which is no name of Indonesia)."""
        while words and fold(words[0]) in DETERMINERS:
            words = words[1:]
        for size in range(min(len(words), 4), 0, -1):
            written = " ".join(words[:size])
            entry = self.lookup(written)
            if entry is not None and size < len(words) and fold(words[size]) in BODY_NOUNS:
                return None, f"{written} {words[size]}"  # "of the Kremlin administration": not the Kremlin's
            if entry is not None:
                return entry, ""
            entry = self.aliases.demonym(written)
            if entry is not None:
                # "the British Chambers of Commerce" goes on over "of"; "the Indonesian military" ends at a break
                body = words[size:_name_end(words, size)] or list(
                    takewhile(lambda word: fold(word) not in DESCRIPTION_BREAKS, words[size:]))
                return (None, " ".join(words[:size] + body)) if body else (entry, "")
        end = _name_end(words, 0)  # a body the table does not know: "of CEI", "of the University of Arkansas"
        if end < len(words) and fold(words[end]) not in DESCRIPTION_BREAKS | {"all"}:
            return None, ""  # the name only qualifies a noun: "of the National Iodine Nutrition study"
        return None, " ".join(words[:end])

    @staticmethod
    def _origin_word(entry: AliasEntry) -> str:
        return entry.demonyms[0] if entry.demonyms else entry.name

    def _weapon_system(self, words: list[str]) -> tuple[AliasEntry | None, str]:
        """The longest run of words naming a known weapon system, and those words.

        "long-range ATACMS missiles" -> ATACMS, "ATACMS missiles" (a name of it, kept as an alias).
        """
        for size in range(len(words), 0, -1):
            for start in range(0, len(words) - size + 1):
                written = " ".join(words[start:start + size])
                entry = self.lookup(written)
                if entry is not None and entry.type == "Weapon":
                    return entry, written
        return None, ""

    @staticmethod
    def _head_type(head: str, words: list[str]) -> str:
        if head in WEAPON_HEADS or (head in MILITARY_HEADS and MILITARY_WORDS & set(words[:-1])):
            return "Weapon"
        singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
        if head in PERSON_TITLES or singular in PERSON_TITLES or singular in {"person", "people", "man", "woman"}:
            return "Person"
        if head in ORGANIZATION_HEADS:
            return "Organization"
        if head in PLACE_HEADS:
            return "Location"
        return "Concept"


TITLE_WINDOW = 80


TITLE_COMPLEMENT_WORDS = frozenset({"of", "the", "for", "at"})
# Bodies a name may qualify: the head of "the Kremlin administration" heads that, not the Kremlin.
BODY_NOUNS = frozenset({"administration", "government", "board", "team", "office", "department", "ministry",
                        "committee", "council", "delegation", "army", "military", "navy", "police", "embassy",
                        "campaign", "cabinet", "parliament", "staff", "service", "unit", "division", "branch",
                        "bureau", "club", "squad", "side"})


def title_before(text: str, start: int, reader: MentionReader) -> Role | None:
    """The title written just before a name: "Kremlin spokesman Dmitry Peskov" -> spokesman (Kremlin).

    Also "Ukraine's president, Volodymyr Zelenskyy". Reads back within the line, over title
    words, their fillers and capitalised affiliations, and stops at anything else.
    """
    window = text[max(0, start - TITLE_WINDOW):start]
    window = window.rsplit("\n", 1)[-1].rstrip()
    window = window.removesuffix(",").rstrip()
    words = re.findall(r"[\w.’'-]+|[^\w\s]", window)
    collected: list[str] = []
    for word in reversed(words):
        lowered = title_form(word)
        bare = POSSESSIVE.sub("", word)
        if lowered in TITLE_WORDS:
            collected.append(word)
        elif bare[:1].isupper() and (reader.lookup(bare) or reader.aliases.demonym(bare)) and collected:
            collected.append(word)
        elif bare[:1].isupper() and collected and title_form(bare) not in DESCRIPTION_BREAKS:
            collected.append(word)  # part of an affiliation: "White House", "Servant of the People"
        else:
            break
    collected.reverse()
    heads = [index for index, word in enumerate(collected) if title_form(word) in PERSON_TITLES]
    if not heads or title_form(collected[-1]) in TITLE_COMPLEMENT_WORDS:
        return None  # "President of the| Linguistic Society": the name is what the title is of, not its holder
    head_index = heads[-1]
    head = title_form(collected[head_index])
    head = TITLE_ABBREVIATIONS.get(head, head)
    if head in HONORIFICS and head_index == 0 and len(collected) == 1:
        return Role(head, gender=_gender(head))
    qualifiers = frozenset(fold(word) for word in collected[:head_index] if fold(word) in RANK_QUALIFIERS)
    affiliation = None
    modifiers = [POSSESSIVE.sub("", word) for word in collected[:head_index]]
    for size in range(len(modifiers), 0, -1):
        for begin in range(0, len(modifiers) - size + 1):
            phrase = " ".join(modifiers[begin:begin + size])
            entry = reader.lookup(phrase) or reader.aliases.demonym(phrase)
            if entry is not None and affiliation is None:
                affiliation = entry_identity(entry)
    return Role(head, qualifiers, affiliation, _gender(head))


APPOSITION = re.compile(r"^\s*,\s*(?:(?:a|an|the)\s+)?(?P<role>[^,;:()]{1,80}?)\s*(?:[,;:()]|$)")


def title_after(text: str, end: int, reader: MentionReader) -> Role | None:
    """The role an apposition gives a name: "Dmitry Peskov, a spokesman for the Kremlin"."""
    line = text[end:end + TITLE_WINDOW * 2].split("\n", 1)[0]
    match = APPOSITION.match(line)
    if match is None:
        return None
    offset = end + match.start("role")
    mention = Mention(doc_id=reader.document_id, sentence=0, start=offset, end=offset + len(match["role"]),
                      text=match["role"])  # "a spokesman ...": the article is inside it
    reading = reader.describe(mention, match["role"])
    return reading.role if reading is not None and not reading.plural else None


def _gender(head: str) -> str | None:
    return "female" if head in FEMALE_TITLES else "male" if head in MALE_TITLES else None


def _name_end(words: list[str], start: int) -> int:
    """Where a run of capitalised words from `start` ends, going on over "of"/"and" between capitals."""
    end = start
    while end < len(words) and (words[end][:1].isupper() or (
            fold(words[end]) in NAME_CONNECTORS and end + 1 < len(words) and words[end + 1][:1].isupper())):
        end += 1
    return end
