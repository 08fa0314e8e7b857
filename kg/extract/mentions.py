"""Mentions: the spans of a document that resolution links to entities.

Every named entity the NER found, every noun phrase a fact uses, and every personal pronoun,
each with its NER label (when an entity covers it or lies inside it) and its head lemma.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from kg.extract.phrases import Phrase, contiguous, is_name_conjunction, mention_phrase
from kg.lexicon import GEOGRAPHIC_HEADS, LANGUAGES, NOT_NAME_LABELS, PERSON_TITLES, PERSONAL_PRONOUNS, title_form
from kg.types import Document, Mention

# Where a noun phrase stands as an argument of its own, not as a modifier of another noun.
ARGUMENT_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "obl", "xcomp", "appos", "nmod", "root", "ROOT"})
# Determiners that make a people of a language word: "the Japanese", "a Greek".
PEOPLE_DETERMINERS = frozenset({"the", "a", "an"})
# How the words of one name hang together ("Rounds" is `flat` under "Mike").
NAME_PART_DEPS = frozenset({"flat", "flat:name", "compound"})


class SentenceIndex:
    """Which sentence (0-based, in parser order) a token belongs to."""

    def __init__(self, doc: Doc) -> None:
        self._starts = [sent.start for sent in doc.sents]

    def of(self, token: Token) -> int:
        low, high = 0, len(self._starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self._starts[middle] <= token.i:
                low = middle
            else:
                high = middle - 1
        return low


def is_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" and token.lower_ in PERSONAL_PRONOUNS


class _EntityIndex:
    """The named entities of one Doc, looked up by token or by character offset.

    `doc.ents` makes every Span anew on each access, and a document has a mention per few words:
    scanning it per mention made extraction quadratic in the length of an article.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.entities = doc.ents  # sorted and non-overlapping
        self.start_chars = [entity.start_char for entity in self.entities]
        self.at_token: list[Span | None] = [None] * len(doc)
        for entity in self.entities:
            self.at_token[entity.start:entity.end] = [entity] * len(entity)

    def first_inside(self, start: int, end: int) -> Span | None:
        """The first entity within the characters [start, end)."""
        # Entities do not overlap, so the first one starting at or after `start` ends first too.
        i = bisect_left(self.start_chars, start)
        if i < len(self.entities) and self.entities[i].end_char <= end:
            return self.entities[i]
        return None


_last_index: _EntityIndex | None = None  # of the last Doc asked about (holding it keeps its id unique)


def _entities(doc: Doc) -> _EntityIndex:
    global _last_index
    if _last_index is None or _last_index.doc is not doc:
        _last_index = _EntityIndex(doc)
    return _last_index


def entity_label(doc: Doc, start: int, end: int, head: Token) -> str:
    """The NER label of the entity at the head, else of the first entity inside the span."""
    if head.ent_type_:
        return head.ent_type_
    entity = _entities(doc).first_inside(start, end)
    return entity.label_ if entity is not None else ""


def _head_lemma(token: Token) -> str:
    return token.lemma_ or token.text


def from_phrase(document: Document, sentences: SentenceIndex, phrase: Phrase) -> Mention:
    """The mention a fact uses for a phrase: the named entity its head belongs to, else the words
    of its short noun phrase that the phrase has ("Vladimir Putin" of "President Vladimir Putin"
    in a role fact), as one span of the text."""
    if phrase.as_written:
        return _mention(document, sentences, phrase.head.doc, phrase.start, phrase.end, phrase.head)
    inside = {token.i for token in phrase.tokens}
    top = next((token for token in phrase.tokens if token.head.i not in inside or token.head == token), phrase.head)
    short = mention_phrase(top)
    entity = entity_at(short.head)
    if entity is not None and short.start <= entity.start_char and entity.end_char <= short.end and all(
            token.i in inside for token in entity):
        tokens = _whole_name(entity, inside)  # "NATO members Norway" -> "Norway"
    elif entity is not None and entity.start == short.head.i and is_name_conjunction(short.head):
        tokens = list(entity)  # "the London, Midland and Scottish Railway Company", parsed as a list
    else:
        tokens = contiguous([token for token in short.tokens if token.i in inside], top) or list(short.tokens)
    head = short.head
    last = tokens[-1]
    if title_form(last.text) in PERSON_TITLES and last.i + 1 < last.sent.end:
        # "met Chinese President| Xi Jinping", the name hung elsewhere by the parser: the titled person.
        name = name_after_title(last.nbor())
        tokens, head = (tokens + name, name[-1]) if name else (tokens, head)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return _mention(document, sentences, head.doc, start, end, head)


def name_after_title(first: Token) -> list[Token]:
    """The person's name that starts at `first`: the NER's person there, else a run of two or more proper
    nouns, however the NER tagged them ("Suella Braverman" missed, "Vladimir| Putin" a place; not "Queen Creek")."""
    if first.ent_type_ == "PERSON" and first.ent_iob_ == "B":
        entity = entity_at(first)
        return list(entity) if entity is not None else [first]
    run = []
    for token in first.doc[first.i:first.sent.end]:
        if token.pos_ != "PROPN" or not token.text[:1].isupper() or token.ent_type_ in NOT_NAME_LABELS or (
                title_form(token.text) in PERSON_TITLES):
            break
        run.append(token)
    if len(run) < 2 or run[-1].lower_ in GEOGRAPHIC_HEADS:
        return []
    return run


def _whole_name(entity: Span, inside: set[int]) -> list[Token]:
    """The entity's words, plus the name parts the NER left out ("Mike" tagged, "Rounds" not)."""
    doc = entity.doc
    start, end = entity.start, entity.end - 1
    while end + 1 < len(doc) and end + 1 in inside and _name_part_of(doc[end + 1], doc[end]):
        end += 1
    while start - 1 >= 0 and start - 1 in inside and _name_part_of(doc[start - 1], doc[start]):
        start -= 1
    return [doc[i] for i in range(start, end + 1)]


def _name_part_of(token: Token, neighbour: Token) -> bool:
    """`token` continues the name of `neighbour`: a proper noun joined to it by flat or compound,
    not a title ("President")."""
    joined = ((token.head == neighbour and token.dep_ in NAME_PART_DEPS)
              or (neighbour.head == token and neighbour.dep_ in NAME_PART_DEPS))
    return joined and token.pos_ == "PROPN" and title_form(token.text) not in PERSON_TITLES


# The rest of a hyphenated word a span stops inside: "keung" after "Wai-", "-Wook" after "Shin".
HYPHENATED_TAIL = re.compile(r"(?:(?<=-)[^\W_]+|(?<=[^\W_])-[^\W_]+)*")


def entity_at(token: Token) -> Span | None:
    """The named entity a token is part of (from the Doc's index, not a scan of doc.ents)."""
    if not token.ent_type_:
        return None
    return _entities(token.doc).at_token[token.i]


def name_span(token: Token) -> Span:
    """The named entity a token is part of, or the token alone."""
    return entity_at(token) or token.doc[token.i:token.i + 1]


def from_entity(document: Document, sentences: SentenceIndex, entity: Span) -> Mention:
    return _mention(document, sentences, entity.doc, entity.start_char, entity.end_char, entity.root)


def from_pronoun(document: Document, sentences: SentenceIndex, token: Token) -> Mention:
    return _mention(document, sentences, token.doc, token.idx, token.idx + len(token), token)


def is_language(token: Token) -> bool:
    """ "taught himself Japanese", "learned Latin and some Greek", "Spanish is spoken": a language
    word standing as a noun phrase of its own, not a people's adjective ("Japanese officials")."""
    if not token.text[:1].isupper() or token.text.casefold() not in LANGUAGES:
        return False
    if any(child.dep_ == "det" and child.text.casefold() in PEOPLE_DETERMINERS for child in token.children):
        return False
    top = token
    while top.dep_ == "conj" and top.head != top:
        top = top.head
    return top.dep_ in ARGUMENT_DEPS


def _mention(document: Document, sentences: SentenceIndex, doc: Doc, start: int, end: int, head: Token) -> Mention:
    label = "LANGUAGE" if end - start == len(head) and is_language(head) else entity_label(doc, start, end, head)
    if label == "PERSON":  # a hyphenated given name the tokenizer split: "Kwok Wai-|keung", "Kim Shin|-Wook"
        end = HYPHENATED_TAIL.match(document.text, end).end()
    return Mention(
        doc_id=document.id,
        sentence=sentences.of(head),
        start=start,
        end=end,
        text=document.text[start:end],
        label=label,
        head=_head_lemma(head),
        pronoun=is_pronoun(head),
    )
