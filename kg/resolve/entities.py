"""Entity resolution: one entity per real-world thing, and the entity of every mention.

    resolve(documents, mentions, facts, aliases=load_aliases()) -> Resolution

Reading the mentions, then passes over the readings (PASSES), per document and then across the
corpus; each pass is a function that takes the readings and returns new ones (a Reading is frozen):
1. Read each mention (kg.resolve.names): pronoun, a name of the alias table, a name as the NER
   tagged it, or a description typed by its head noun; titles before names are noted. The
   table's distinctive names the NER missed ("HIMARS", "Dmitry Peskov") are mentions too.
2. Within a document: a surname alone is the one person of the document with that surname
   ("Milley" -> Mark Milley), a last word the one organisation ("the Post"), a name the NER cut
   short the name the text goes on with ("President Joe| Biden"); a noun phrase ending in a
   name is that name ("Kremlin spokesman Dmitry Peskov"); each name gets one type, by vote of
   its mentions' NER labels and titles.
3. Across the corpus: capitalised phrases the NER missed take the type of the same name
   elsewhere; mentions merge on normalised name plus type (two things may share a name).
4. Coreference (kg.resolve.coref): role descriptions, then pronouns, conservatively.

An entity's key is "<type>/<slug of its normalised name>" (plus a scope for things known
only in one document), so it depends on nothing but the name: adding an article never
changes the key of an entity found before.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from kg.lexicon import BEFORE_A_PLACE, ENTITY_TYPES, PLACE_TYPES
from kg.resolve.aliases import LEADING_ARTICLE, AliasTable, name_key
from kg.resolve.coref import resolve_descriptions, resolve_pronouns, roles_by_identity
from kg.resolve.names import (
    DESCRIPTION_BREAKS,
    NAME_CONNECTORS,
    Identity,
    MentionReader,
    Reading,
    Role,
    entry_identity,
    title_after,
    title_before,
    tokens,
)
from kg.types import Document, Entity, Fact, Mention, Resolution

# Facts whose object says what the subject is: "Peskov, a spokesman ...", "Kremlin spokesman Peskov".
PREDICATIVE_KINDS = {"role", "apposition", "copula"}
# A title before a name counts this many NER votes for Person.
TITLE_VOTES = 2
# When the votes for a name's type tie, the earlier type here wins.
TYPE_PRIORITY = {kind: rank for rank, kind in enumerate(ENTITY_TYPES)}


Readings = Mapping[str, tuple[Reading, ...]]  # each document's readings in text order, by document id


@dataclass(frozen=True)
class Corpus:
    """What the passes read besides the readings: the articles, their mention readers, the facts."""

    documents: Mapping[str, Document]  # by id, in input order
    readers: Mapping[str, MentionReader]  # by document id
    facts: tuple[Fact, ...]
    facts_by_document: Mapping[str, tuple[Fact, ...]]


def resolve(
    documents: Iterable[Document], mentions: Iterable[Mention], facts: Iterable[Fact], *, aliases: AliasTable,
    read: Mapping[str, tuple[Reading, ...]] | None = None,
) -> Resolution:
    """Entities of the corpus, and the entity key of every mention that refers to one.

    `read`: documents' readings already made by read_document (by document id), with the same aliases."""
    documents = list(documents)
    facts = list(facts)
    corpus = _corpus(documents, facts, aliases)
    read = read or {}
    unread = _read_documents([document for document in documents if document.id not in read], list(mentions), corpus)
    readings: Readings = {document.id: read[document.id] if document.id in read else unread[document.id]
                          for document in documents}
    for step in CORPUS_PASSES:
        readings = step(readings, corpus)
    everything = [reading for found in readings.values() for reading in found]
    readers = corpus.readers
    resolution = _entities(everything, aliases, lambda reading: readers[reading.mention.doc_id].naming(reading))
    return _seats_of_power(resolution, facts, aliases)


def read_document(document: Document, mentions: Iterable[Mention], facts: Iterable[Fact], *,
                  aliases: AliasTable) -> tuple[Reading, ...]:
    """One document's readings after the passes that read it alone (DOCUMENT_PASSES): resolve()'s work on
    each document before it looks across the corpus, which a build does while other articles are parsed."""
    facts = list(facts)
    return _read_documents([document], list(mentions), _corpus([document], facts, aliases))[document.id]


def _corpus(documents: list[Document], facts: list[Fact], aliases: AliasTable) -> Corpus:
    facts_by_document: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        facts_by_document[fact.doc_id].append(fact)
    return Corpus({document.id: document for document in documents},
                  {document.id: MentionReader(aliases, document) for document in documents}, tuple(facts),
                  {doc_id: tuple(found) for doc_id, found in facts_by_document.items()})


def _read_documents(documents: list[Document], mentions: list[Mention], corpus: Corpus) -> Readings:
    """The readings of `documents` (of the corpus) after DOCUMENT_PASSES: their mentions (facts' arguments and
    the table's names the NER missed included), each read by its document's reader."""
    if not documents:
        return {}
    wanted = {document.id: document for document in documents}
    facts = [fact for fact in corpus.facts if fact.doc_id in wanted]
    mentions = [mention for mention in mentions if mention.doc_id in wanted]
    aliases = corpus.readers[documents[0].id].aliases
    by_document = _mentions_by_document([*mentions, *_table_mentions(wanted, mentions, facts, aliases)], facts)
    readings: Readings = {
        document.id: tuple(reading for mention in by_document.get(document.id, ())
                           if (reading := corpus.readers[document.id].read(mention)))
        for document in documents
    }
    for step in DOCUMENT_PASSES:
        readings = step(readings, corpus)
    return readings


# --- the passes: readings in, new readings out -----------------------------------------------------

def note_titles(readings: Readings, corpus: Corpus) -> Readings:
    """Titles written before names; a title is evidence that the name is a person's."""
    return {doc_id: _note_titles(corpus.documents[doc_id], found, corpus.readers[doc_id])
            for doc_id, found in readings.items()}


def shorten_names(readings: Readings, corpus: Corpus) -> Readings:
    """A surname alone is the one person of its document so named; likewise an organisation's last word."""
    return {doc_id: _shorten_names(found, corpus.readers[doc_id]) for doc_id, found in readings.items()}


def inner_names(readings: Readings, corpus: Corpus) -> Readings:
    """A phrase that ends in a name denotes what the name does ("Kremlin spokesman Dmitry Peskov")."""
    return {doc_id: _inner_names(found) for doc_id, found in readings.items()}


def vote_types(readings: Readings, corpus: Corpus) -> Readings:
    """Within a document one name is one thing: its type is the vote of all its mentions."""
    return {doc_id: _vote_types(found) for doc_id, found in readings.items()}


def acronyms(readings: Readings, corpus: Corpus) -> Readings:
    """An acronym is the name whose expansion its document writes beside it."""
    return {doc_id: _acronyms(corpus.documents[doc_id], found) for doc_id, found in readings.items()}


def name_roles(readings: Readings, corpus: Corpus) -> Readings:
    """The object of a role, apposition or copular fact is the role itself ("a spokesman for the Kremlin")."""
    spans = {
        (fact.doc_id, fact.object.start, fact.object.end)
        for fact in corpus.facts if fact.object is not None and fact.kind in PREDICATIVE_KINDS
    }
    return {doc_id: tuple(_named_role(reading, spans) for reading in found) for doc_id, found in readings.items()}


def type_capitalised(readings: Readings, corpus: Corpus) -> Readings:
    """A capitalised phrase without NER evidence takes the type the same name has elsewhere."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for found in readings.values():
        for reading in found:
            if reading.kind == "name" and reading.votes:
                votes[reading.identity.key].update(reading.votes)
    return {doc_id: tuple(_typed_by_corpus(reading, votes) for reading in found) for doc_id, found in readings.items()}


def coreference(readings: Readings, corpus: Corpus) -> Readings:
    """Role descriptions, then pronouns, document by document (kg.resolve.coref), with every person's titles."""
    roles = roles_by_identity([reading for found in readings.values() for reading in found])
    genders = _genders(roles)
    resolved = {}
    for doc_id, found in readings.items():
        document = corpus.documents[doc_id]
        described = resolve_descriptions(document, found, roles)
        resolved[doc_id] = tuple(resolve_pronouns(document, described, corpus.facts_by_document.get(doc_id, ()),
                                                  genders, roles))
    return resolved


DOCUMENT_PASSES: tuple[Callable[[Readings, Corpus], Readings], ...] = (  # each document on its own
    note_titles, shorten_names, inner_names, vote_types, acronyms)
CORPUS_PASSES: tuple[Callable[[Readings, Corpus], Readings], ...] = (  # across the corpus
    name_roles, type_capitalised, coreference)
PASSES = DOCUMENT_PASSES + CORPUS_PASSES


def slug(key: str) -> str:
    """A name key as a path segment: "mark milley" -> "mark-milley" (letters of any script kept)."""
    return "-".join(key.split())


def entity_key(identity: Identity) -> str:
    key = f"{identity.type.lower()}/{slug(identity.key)}"
    if identity.scope:
        # Scoped things (one document's "a U.S. senator") must not collide with the unscoped.
        key += "--" + hashlib.sha1(identity.scope.encode("utf-8")).hexdigest()[:10]
    return key


def _table_mentions(
    documents: dict[str, Document], mentions: list[Mention], facts: list[Fact], aliases: AliasTable
) -> list[Mention]:
    """Mentions of the table's distinctive names that the NER missed ("HIMARS", "Dmitry Peskov").

    Each goes into the sentence of the nearest known mention or fact before it.
    """
    starts: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for mention in mentions:
        starts[mention.doc_id].append((mention.start, mention.sentence))
    for fact in facts:
        starts[fact.doc_id].append((fact.sentence.start, fact.sentence.index))
    found = []
    for doc_id, document in documents.items():
        known = sorted(starts[doc_id])
        for start, end, _ in aliases.find_names(document.text, document_id=doc_id, document_source=document.source):
            before = bisect.bisect_right(known, (start, float("inf"))) - 1
            found.append(Mention(doc_id=doc_id, sentence=known[before][1] if before >= 0 else 0, start=start,
                                 end=end, text=document.text[start:end]))
    return found


def _mentions_by_document(mentions: Iterable[Mention], facts: list[Fact]) -> dict[str, list[Mention]]:
    """Every mention once per span (facts' arguments included), labelled if any copy is, in text order."""
    spans: dict[tuple[str, int, int], Mention] = {}

    def add(mention: Mention | None) -> None:
        if mention is None or mention.end <= mention.start:
            return
        span = (mention.doc_id, mention.start, mention.end)
        known = spans.get(span)
        if known is None:
            spans[span] = mention
        elif (mention.label and not known.label) or (mention.pronoun and not known.pronoun):
            spans[span] = Mention(
                doc_id=known.doc_id, sentence=known.sentence, start=known.start, end=known.end, text=known.text,
                label=known.label or mention.label, head=known.head or mention.head,
                pronoun=known.pronoun or mention.pronoun,
            )

    for mention in mentions:
        add(mention)
    for fact in facts:
        for mention in (fact.subject, fact.object, fact.place, *(argument.mention for argument in fact.arguments)):
            add(mention)
        if fact.attribution is not None:
            add(fact.attribution.speaker)
    grouped: dict[str, list[Mention]] = defaultdict(list)
    for span in sorted(spans, key=lambda item: (item[0], item[1], -item[2])):
        grouped[span[0]].append(spans[span])
    return grouped


def _note_titles(document: Document, readings: Sequence[Reading], reader: MentionReader) -> tuple[Reading, ...]:
    noted = list(readings)
    for index, reading in enumerate(noted):
        if reading.kind not in ("entry", "name"):
            continue
        if reading.kind == "entry" and reading.identity.type != "Person":
            continue
        title = title_before(document.text, reading.mention.start, reader) or title_after(
            document.text, reading.mention.end, reader)
        if title is not None:
            votes = reading.votes
            if reading.kind == "name":
                votes = {**votes, "Person": votes.get("Person", 0) + TITLE_VOTES}
            noted[index] = replace(reading, title=title, votes=votes)
    return tuple(noted)


def _named_type(reading: Reading) -> str | None:
    """The type a name reading has so far (before the document's vote), or None for non-names."""
    if reading.kind == "entry":
        return reading.identity.type
    if reading.kind == "name" and reading.votes:
        return _winner(reading.votes)
    return None


def _shorten_names(readings: Sequence[Reading], reader: MentionReader) -> tuple[Reading, ...]:
    """A surname (or any final part of a name) alone is the one person of the document so named.

    Likewise a last word alone for the one organisation ("the Post" -> The Washington Post). A
    name the NER tagged PERSON that is no such short form but is in the alias table as
    something else ("Finland", "Washington Post") is read as the table says.
    """
    def short_forms(readings: Sequence[Reading]) -> list[Reading]:
        readings = list(readings)
        full_names = _full_names(readings)
        by_word = _by_word(full_names)
        text = reader.document.text
        headline_end = len(reader.document.title) if text.startswith(reader.document.title) else 0
        first_named = {}
        for reading in readings:
            first_named.setdefault(reading.identity, reading.mention.start)
        for index, reading in enumerate(readings):
            mention = reading.mention
            if reading.kind == "name" and reading.identity.type != "Date" and reading.name[:1].isupper():
                after = [name_key(word) for word in tokens(text[mention.end:mention.end + 80])]
                name_goes_on = re.match(r"[ \t]+[A-Z]", text[mention.end:mention.end + 3]) is not None
                match = _short_form_of(reading, full_names, by_word, _words_before(text, mention), after,
                                       name_goes_on=name_goes_on)
                if match is not None and first_named[match] > mention.start and (
                        mention.label != "PERSON" or mention.start >= headline_end):
                    # "Coron", no person's name to the NER, before "Penon de Coron" was named; "Hiester
                    # was born ..., the son of ... Catherine Shuller Hiester": only a headline names a
                    # person by surname before the article gives the full name.
                    match = None
            elif reading.kind == "entry" and reading.identity.type in PLACE_TYPES:
                match = _surname_not_place(reading, full_names, by_word, _words_before(text, mention), first_named)
            else:
                continue
            if match is not None:
                readings[index] = replace(reading, identity=match, kind="coreferent", votes={}, fallback=None)
        return readings

    readings = short_forms(readings)  # first against the names that are surely names, then against all
    readings = [
        reader.entry_reading(reading.mention, reading.fallback, reading.surface)
        if reading.kind == "name" and reading.fallback is not None else reading
        for reading in readings
    ]
    return tuple(short_forms(readings))


def _words_before(text: str, mention: Mention) -> list[str]:
    """The name keys of the words just before a mention (80 characters' worth)."""
    return [name_key(word) for word in tokens(text[max(0, mention.start - 80):mention.start])]


def _full_names(readings: Sequence[Reading]) -> FullNames:
    """Names of two or more words (identity and name keys, every way written), with their type so far."""
    full_names = {}
    for reading in readings:
        if reading.kind in ("entry", "name") and reading.fallback is None:  # "Washington Post" tagged PERSON: not yet
            # As written ("Volodymyr Zelenskiy"), for a name the NER cut short is cut from that.
            words = [name_key(word) for word in tokens(reading.surface or reading.name)]
            if len(words) >= 2:
                full_names[(reading.identity, tuple(words))] = _named_type(reading)
    # "Brock Holt" beside "Brock Wyatt Holt" is the one person without the middle name: not a second
    # full name "Holt" might shorten.
    longer = {(full[0], full[-1]) for (_, full), kind in full_names.items() if kind == "Person" and len(full) > 2}
    return {(identity, full): kind for (identity, full), kind in full_names.items()
            if not (kind == "Person" and len(full) == 2 and full in longer)}


FullNames = dict[tuple[Identity, tuple[str, ...]], str | None]


def _by_word(full_names: FullNames) -> dict[str, list[tuple[tuple[Identity, tuple[str, ...]], str | None]]]:
    """The full names that hold each word, in the order of `full_names`."""
    index: dict[str, list[tuple[tuple[Identity, tuple[str, ...]], str | None]]] = defaultdict(list)
    for item in full_names.items():
        for word in dict.fromkeys(item[0][1]):
            index[word].append(item)
    return index


def _short_form_of(
    reading: Reading, full_names: FullNames, by_word: Mapping[str, list[tuple[tuple[Identity, tuple[str, ...]],
                                                                            str | None]]],
    before: list[str], after: list[str], *, name_goes_on: bool,
) -> Identity | None:
    """The one full name `reading` shortens, or None.

    A person's final part ("Milley"), first and last names ("Mark Milley" for "Mark A.
    Milley") or first name ("Daniel" for Daniel Bernoulli, when the NER tagged it a person); an
    organisation's last word ("the Post"); and any name the NER cut short, where
    the text goes on with the rest of it ("Kremlin spokesman Dmitry| Peskov", "New |York Times").
    """
    words = [name_key(word) for word in tokens(reading.name)]
    person = reading.mention.label in ("PERSON", "")

    def shortens(kind: str | None, full: tuple[str, ...]) -> bool:
        if len(words) >= len(full):
            return False
        for start in range(len(full) - len(words) + 1):  # the text around the mention goes on with the name
            end = start + len(words)
            if list(full[start:end]) == words and before[len(before) - start:] == list(full[:start]) and (
                    after[:len(full) - end] == list(full[end:])):
                return True
        full = full[1:] if full[0] == "the" else full
        if kind == "Person":
            return list(full[-len(words):]) == words or [full[0], full[-1]] == words
        # "the Post" is The Washington Post; "Coron" is no "Peñon de Coron", nor "Scientology" its Church.
        return kind == "Organization" and len(words) == 1 and not person and full[-1] == words[0] and (
            before[-1:] == ["the"])

    def first_name_of(kind: str | None, full: tuple[str, ...]) -> bool:
        """A first name the NER tagged a person, of a name of two or three words ("Daniel" Bernoulli)."""
        return kind == "Person" and reading.mention.label == "PERSON" and len(words) == 1 and not name_goes_on and (
            2 <= len(full) <= 3 and full[0] == words[0] and "s" not in full)

    # Either rule holds only for a full name with the name's last word in it: look at those alone.
    candidates = by_word.get(words[-1], ()) if words else full_names.items()
    for rule in (shortens, first_name_of):  # a surname first: "Fillmore" is no first name of "Fillmore's Lectures"
        matches = {identity for (identity, full), kind in candidates
                   if identity != reading.identity and rule(kind, full)}
        if matches:
            return matches.pop() if len(matches) == 1 else None
    return None


def _surname_not_place(
    reading: Reading, full_names: FullNames, by_word: Mapping[str, list[tuple[tuple[Identity, tuple[str, ...]],
                                                                         str | None]]],
    before: list[str], first_named: Mapping[Identity, int],
) -> Identity | None:
    """The one person named earlier whose surname a place name alone is ("Valeska Paris" ... "Paris claims").

    News calls people by surname; where the place is meant, a preposition says so ("moved to Paris").
    """
    words = [name_key(word) for word in tokens(reading.surface or reading.name)]
    if len(words) != 1 or (before and before[-1] in BEFORE_A_PLACE):
        return None
    matches = sorted((first_named[identity], identity) for (identity, full), kind in by_word.get(words[0], ())
                     if kind == "Person" and len(full) >= 2 and full[-1] == words[0]
                     and first_named.get(identity, reading.mention.start) < reading.mention.start)
    # One name the document's vote has not yet typed the same everywhere is still one person.
    return matches[0][1] if len({identity.key for _, identity in matches}) == 1 else None


def _inner_names(readings: Sequence[Reading]) -> tuple[Reading, ...]:
    readings = list(readings)
    names = sorted((reading for reading in readings if reading.kind in ("entry", "name")),
                   key=lambda name: name.mention.start)  # stable: the order of the readings among equals
    starts = [name.mention.start for name in names]
    for index, reading in enumerate(readings):
        if reading.kind != "description":
            continue
        mention = reading.mention
        text_end = mention.start + len(mention.text.rstrip(" ,.;:'\"’”"))
        inner = [
            name for name in names[bisect.bisect_left(starts, mention.start):bisect.bisect_left(starts, mention.end)]
            if name is not reading and name.mention.end <= mention.end
            and (name.mention.end == text_end or _holds_head(name, mention))
            and _in_core(mention.text[:name.mention.start - mention.start])
        ]
        if inner:
            chosen = max(inner, key=lambda name: (name.mention.end, name.mention.end - name.mention.start))
            readings[index] = replace(reading, identity=chosen.identity, kind="coreferent", entry=chosen.entry,
                                      role=None)
    return tuple(readings)


def _in_core(before: str) -> bool:
    """Whether a name after `before` is still in the description proper, not in a modifier of it."""
    return not re.search(r"[,;:()]", before) and not any(
        word.casefold() in DESCRIPTION_BREAKS for word in tokens(before)
    )


def _holds_head(name: Reading, mention: Mention) -> bool:
    if not mention.head:
        return False
    head = mention.head.casefold()
    return any(word.casefold() == head for word in tokens(name.mention.text))


def _winner(votes: dict[str, int]) -> str:
    return min(votes, key=lambda kind: (-votes[kind], TYPE_PRIORITY[kind]))


def _vote_types(readings: Sequence[Reading]) -> tuple[Reading, ...]:
    readings = list(readings)
    groups: dict[str, list[int]] = defaultdict(list)
    for index, reading in enumerate(readings):
        if reading.kind == "name" and not reading.identity.scope:
            groups[reading.identity.key].append(index)
    voted: dict[Identity, Identity] = {}
    for group in groups.values():
        votes: Counter[str] = Counter()
        for index in group:
            votes.update(readings[index].votes)
        if not votes:
            continue  # only capitalised phrases the NER missed: the corpus decides
        kind = _winner(dict(votes))
        for index in group:
            reading = readings[index]
            voted[reading.identity] = Identity(kind, reading.identity.key)
            readings[index] = replace(reading, identity=voted[reading.identity], votes={kind: sum(votes.values())})
    # A short form read before the vote ("Paris" for Valeska Paris) follows its name's type.
    return tuple(replace(reading, identity=voted[reading.identity])
                 if reading.kind == "coreferent" and reading.identity in voted else reading for reading in readings)


# "The Union of Rationalist Atheists and Agnostics (UAAR)", "CEI (Italian Episcopal Conference)".
NAME_WITH_ACRONYM = re.compile(r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:of|and|for|the|de|on|[A-Z][\w'’.-]*))*)\s*"
                               r"\((?P<acronym>[A-Z][A-Z0-9&]{1,7})\)")
ACRONYM_WITH_NAME = re.compile(r"\b(?P<acronym>[A-Z][A-Z0-9&]{1,7})\s*\((?P<name>[A-Z][^()]{3,80})\)")


def initials(name: str) -> str:
    """ "Union of Rationalist Atheists and Agnostics" -> "URAA"; "the" and "of" do not count."""
    return "".join(word[0].upper() for word in tokens(name)
                   if word[:1].isalpha() and word.casefold() not in NAME_CONNECTORS | {"on"})


def _expands(acronym: str, name: str) -> bool:
    """Whether a name is the acronym's own expansion: its initials spell it, in order or, for a name
    translated from another language, in another order (UAAR: Union of Rationalist Atheists and Agnostics)."""
    letters = initials(name)
    return len(letters) == len(acronym) and sorted(letters) == sorted(acronym)


def _acronyms(document: Document, readings: Sequence[Reading]) -> tuple[Reading, ...]:
    """An acronym is one name with its own expansion written beside it in the document, and with nothing else."""
    pairs: dict[str, str] = {}
    for pattern in (NAME_WITH_ACRONYM, ACRONYM_WITH_NAME):
        for match in pattern.finditer(document.text):
            acronym, name = match["acronym"], LEADING_ARTICLE.sub("", match["name"].strip())
            if pattern is NAME_WITH_ACRONYM:  # the name is the longest run of capitalised words before
                words = name.split()
                while words and not _expands(acronym, " ".join(words)) and len(words) > 1:
                    words = words[1:]
                name = " ".join(words)
            if _expands(acronym, name):
                pairs.setdefault(acronym, name)
    if not pairs:
        return tuple(readings)
    readings = list(readings)
    expansions = {name_key(name): acronym for acronym, name in pairs.items()}
    named: dict[str, int] = {}  # acronym -> index of the reading of its expansion
    for index, reading in enumerate(readings):
        if reading.kind in ("entry", "name") and reading.identity is not None:
            acronym = expansions.get(reading.identity.key)
            if acronym is not None:
                named.setdefault(acronym, index)
    for index, reading in enumerate(readings):
        if reading.kind in ("entry", "name") and reading.name in named and index != named[reading.name]:
            target = readings[named[reading.name]]
            readings[index] = replace(reading, identity=target.identity, kind="coreferent", entry=target.entry)
    return tuple(readings)


def _named_role(reading: Reading, spans: set[tuple[str, int, int]]) -> Reading:
    """In "Dmitry Peskov, a spokesman for the Kremlin" the description names a role, not a person.

    The object of a role, apposition or copular fact (one of `spans`) is the role itself: a Concept
    named with its affiliation ("Kremlin spokesman"), part of what it is affiliated to, never coreferent.
    """
    mention = reading.mention
    if reading.role is None or (mention.doc_id, mention.start, mention.end) not in spans:
        return reading
    name = reading.role.name or reading.name
    return replace(reading, identity=Identity("Concept", name_key(name)), name=name,
                   part_of=reading.role.affiliation, role=None, kind="role")


def _typed_by_corpus(reading: Reading, votes: Mapping[str, Counter[str]]) -> Reading:
    if reading.kind != "name" or reading.votes:
        return reading
    found = votes.get(reading.identity.key)
    kind = _winner(dict(found)) if found else "Concept"
    return replace(reading, identity=Identity(kind, reading.identity.key))


def _genders(roles: dict[Identity, set[Role]]) -> dict[Identity, str]:
    genders = {}
    for identity, titles in roles.items():
        said = {role.gender for role in titles if role.gender}
        if len(said) == 1:
            genders[identity] = said.pop()
    return genders


# Acts of a state: a capital that does them stands for its country ("Washington lifted the
# restrictions", "Moscow denied it"), while "Kyiv came under attack" is the city.
POLITICAL_VERBS = frozenset({
    "say", "state", "announce", "decide", "approve", "authorize", "authorise", "ask", "demand", "lift", "impose",
    "sanction", "supply", "send", "provide", "deliver", "give", "warn", "accuse", "deny", "reject", "agree", "sign",
    "allow", "permit", "ban", "urge", "support", "oppose", "recognize", "recognise", "expel", "summon", "threaten",
    "refuse", "insist", "order", "veto", "condemn", "blame", "respond", "retaliate", "negotiate", "pledge", "promise",
    "offer", "request", "call", "claim", "confirm", "declare", "recall", "restrict", "permit", "insist", "block",
})
METONYM_KINDS = frozenset({"verb", "relative"})


def _seats_of_power(resolution: Resolution, facts: list[Fact], aliases: AliasTable) -> Resolution:
    """The capital a political act is done by (subject or speaker) is its country: Washington -> United States."""
    entities = {entity.key: entity for entity in resolution.entities}
    mention_entity = dict(resolution.mention_entity)
    for fact in facts:
        speakers = [fact.attribution.speaker] if fact.attribution is not None else []
        actors = speakers + ([fact.subject] if fact.kind in METONYM_KINDS
                             and fact.relation.split("_", 1)[0] in POLITICAL_VERBS else [])
        for mention in actors:
            span = (mention.doc_id, mention.start, mention.end)
            entity = entities.get(mention_entity.get(span, ""))
            if entity is None or entity.type != "Location" or entity.part_of is None:
                continue
            entry = aliases.entry(entity.name)
            country = entities.get(entity.part_of)
            if entry is not None and entry.type == "Location" and country is not None and country.type == "Country":
                mention_entity[span] = country.key
    return Resolution(entities=resolution.entities, mention_entity=mention_entity)


# From the most specific naming to the least: an entity is named as specifically as its best mention.
NAMINGS = ("name", "role", "qualified", "description", "number", "date")


def _entities(readings: list[Reading], aliases: AliasTable, naming: Callable[[Reading], str]) -> Resolution:
    members: dict[Identity, list[Reading]] = defaultdict(list)
    for reading in readings:
        if reading.identity is not None:
            members[reading.identity].append(reading)
    # A metonym's or capital's country is a node too, mentioned or not.
    pending = [reading.part_of for group in members.values() for reading in group if reading.part_of]
    entries = {entry_identity(entry): entry for entry in aliases.entries}
    while pending:
        identity = pending.pop()
        if identity in members:
            continue
        members[identity] = []
        entry = entries.get(identity)
        if entry is not None and entry.part_of:
            parent = aliases.entry(entry.part_of)
            if parent is not None:
                pending.append(entry_identity(parent))
    entities = []
    mention_entity: dict[tuple[str, int, int], str] = {}
    for identity, group in members.items():
        key = entity_key(identity)
        entry = entries.get(identity) or next((reading.entry for reading in group if reading.entry), None)
        part_of = next((reading.part_of for reading in group if reading.part_of), None)
        if entry is not None and entry.part_of:
            parent = aliases.entry(entry.part_of)
            part_of = entry_identity(parent) if parent is not None else part_of
        entities.append(Entity(
            key=key,
            name=entry.name if entry is not None and name_key(entry.name) == identity.key else _best_name(group),
            type=identity.type,
            aliases=_surface_forms(group, entry.name if entry else ""),
            wikidata=entry.wikidata if entry is not None and name_key(entry.name) == identity.key else None,
            part_of=entity_key(part_of) if part_of is not None and part_of != identity else None,
            naming=_naming(identity, entry, group, naming),
        ))
        for reading in group:
            mention = reading.mention
            mention_entity[(mention.doc_id, mention.start, mention.end)] = key
    entities.sort(key=lambda entity: entity.key)
    return Resolution(entities=tuple(entities), mention_entity=mention_entity)


def _naming(identity: Identity, entry, group: list[Reading], naming: Callable[[Reading], str]) -> str:
    if identity.type == "Date":
        return "date"
    if entry is not None or not group:  # the alias table's, or a country only a metonym brought in
        return "name"
    found = {naming(reading) for reading in group}
    return next((kind for kind in NAMINGS if kind in found), "description")


def _best_name(group: list[Reading]) -> str:
    """The most frequent way of writing the name; ties go to the longest, then alphabetically."""
    names = Counter(reading.name for reading in group if reading.kind in ("name", "entry", "description", "role"))
    if not names:
        names = Counter(reading.name for reading in group)
    return min(names, key=lambda name: (-names[name], -len(name), name))


def _surface_forms(group: list[Reading], canonical: str) -> tuple[str, ...]:
    """Every way the name was written (names only: not pronouns or descriptions)."""
    forms = {LEADING_ARTICLE.sub("", reading.surface) for reading in group if reading.surface}
    return tuple(sorted(form for form in forms if form and form != canonical))
