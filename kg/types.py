"""Plain data passed between kg's stages: ingest -> nlp -> extract -> resolve -> graph.

Every record is a frozen dataclass so a stage can be tested alone, pickled to a worker
process and compared for determinism. Character offsets always refer to `Document.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One cleaned news article."""

    id: str  # stable, derived from the cleaned content ("d" + 16 hex digits)
    text: str  # cleaned body (boilerplate removed); offsets point into this
    title: str = ""
    date: str | None = None  # ISO 8601 date, "2024-06-21"
    author: str | None = None
    url: str | None = None
    source: str = ""  # where it came from: a path, or "path:line" for JSONL
    language: str = "en"  # ISO 639-1 code, told from the text (kg.ingest.detect_language)
    dateline: str | None = None  # "KYIV, Ukraine (AP)": blanked out of `text`, so offsets are unchanged
    byline: str | None = None  # "By Jane Doe, Associated Press", as written; taken out of `text`


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, with a one-line reason."""

    source: str
    reason: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, as the parser split it."""

    doc_id: str
    index: int  # 0-based position in the document
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A noun phrase or named entity as written in one document.

    `label` is the NER label (OntoNotes names: PERSON, ORG, GPE, LOC, NORP, EVENT,
    PRODUCT, DATE, ...) or "" for a plain noun phrase. `head` is the lemma of its
    syntactic head ("general" in "the top U.S. general"); `pronoun` marks he/she/it/they.
    """

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    label: str = ""
    head: str = ""
    pronoun: bool = False


@dataclass(frozen=True)
class Argument:
    """A further argument of a fact: an oblique/prepositional phrase, a complement, a purpose.

    `role` is the preposition ("against", "on", "to") or one of "complement", "purpose", "iobj".
    """

    role: str
    mention: Mention


@dataclass(frozen=True)
class Attribution:
    """Who asserted a fact, and how ("said", "claimed", "denied")."""

    speaker: Mention
    verb: str  # lemma of the reporting verb: say, claim, tell, warn, confirm, deny, ...


@dataclass(frozen=True)
class Fact:
    """One subject-relation-object statement found in one sentence.

    `relation` is normalised for the graph ("authorize", "ask_not_to_use"); `relation_text`
    keeps the words as written. A negated or attributed fact is a claim, not a fact of the
    world: the graph keeps it as a statement only.
    """

    doc_id: str
    sentence: Sentence
    subject: Mention
    relation: str
    relation_text: str
    object: Mention | None = None
    arguments: tuple[Argument, ...] = ()
    negated: bool = False
    modality: str | None = None  # can, could, would, will, should, may, must, want, ask, promise, ...
    attribution: Attribution | None = None
    time: str | None = None  # time expression as written ("on Thursday", "in February 2022")
    place: Mention | None = None
    purpose: str | None = None  # "to carry out long-range strikes on Russia"
    kind: str = "verb"  # verb | copula | apposition | role | passive | relative
    confidence: float = 0.5
    # What else keeps the article from stating it in its own voice: "question", "quote" (inside
    # quotation marks), "purpose" ("to strike Crimea"), "infinitive" ("a plan to strike Crimea").
    qualifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """What the extract stage finds in one parsed document: its facts, and every mention resolution
    needs (named entities, the phrases facts use, personal pronouns), sorted by offset."""

    facts: tuple[Fact, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Analysis:
    """One document after nlp and extraction: all that resolution and the graph need from it.

    Small and picklable, so worker processes and cluster nodes send these back, not spaCy Docs;
    the persistent store (kg.store) caches them so unchanged articles are never parsed again.
    """

    document: Document
    facts: tuple[Fact, ...] = ()
    mentions: tuple[Mention, ...] = ()
    sentences: int = 0  # how many sentences the parser found


@dataclass(frozen=True)
class Entity:
    """A real-world thing after resolution: one graph node."""

    key: str  # stable slug of the canonical name and type, used in IRIs
    name: str  # canonical name
    type: str  # one of kg.lexicon.ENTITY_TYPES: Person, Organization, Country, Location, Group, ...
    aliases: tuple[str, ...] = ()  # every surface form seen, sorted
    wikidata: str | None = None  # "Q212"
    part_of: str | None = None  # key of a country a metonym stands for (Kremlin -> Russia)
    # How specifically the articles name it: "name" (a proper name or an alias-table entry),
    # "role" (a title with what it belongs to: "Kremlin spokesman"), "qualified" (a description
    # with a name in it: "American weapons"), "description" (a bare noun phrase: "the team"),
    # "number" ("58", "25 percent") or "date".
    naming: str = "name"


@dataclass(frozen=True)
class Resolution:
    """Entities, and which entity each mention (doc_id, start, end) refers to."""

    entities: tuple[Entity, ...]
    mention_entity: dict[tuple[str, int, int], str] = field(default_factory=dict)  # -> Entity.key
