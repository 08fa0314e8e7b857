"""Phrases over a UD tree: the words of a noun phrase, conjunct splitting, and their text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract import deps

# A mention stops at these: they start a new phrase or a new fact of their own.
MENTION_EXCLUDED_DEPS = (
    deps.CONJUNCT_DEPS | deps.COORDINATOR_DEPS | deps.APPOSITION_DEPS | deps.RELATIVE_CLAUSE_DEPS
    | deps.CLAUSAL_MODIFIER_DEPS | deps.PARATAXIS_DEPS | deps.ADVERBIAL_CLAUSE_DEPS
    | deps.CLAUSAL_COMPLEMENT_DEPS | frozenset({"list", "dep", "discourse", "vocative", "orphan", "reparandum"})
)
# Dependents that belong to the clause, not to the noun phrase of a copular predicate.
CLAUSE_LEVEL_DEPS = (
    deps.SUBJECT_DEPS | deps.COPULA_DEPS | deps.AUXILIARY_DEPS | deps.OBLIQUE_DEPS | deps.ADVERBIAL_CLAUSE_DEPS
    | deps.CLAUSAL_COMPLEMENT_DEPS | deps.MARKER_DEPS | deps.PARATAXIS_DEPS | deps.CONJUNCT_DEPS
    | deps.COORDINATOR_DEPS | deps.EXPLETIVE_DEPS | deps.CASE_DEPS | deps.ADVERB_DEPS | deps.OPEN_COMPLEMENT_DEPS
    | deps.OBJECT_DEPS | deps.INDIRECT_OBJECT_DEPS | frozenset({"discourse", "punct"})
)
OPENING = {"``": "''", "(": ")", "“": "”", "‘": "’", "[": "]", "-LRB-": "-RRB-"}
CLOSING = {closing: opening for opening, closing in OPENING.items()}
SYMMETRIC_QUOTES = frozenset({'"', "'"})
CLAUSE_DEPS = (deps.RELATIVE_CLAUSE_DEPS | deps.CLAUSAL_MODIFIER_DEPS | deps.ADVERBIAL_CLAUSE_DEPS
               | deps.CLAUSAL_COMPLEMENT_DEPS | deps.PARATAXIS_DEPS | deps.APPOSITION_DEPS)
# An argument as a reader quotes it keeps its relative clauses and appositions, not its conjuncts.
ARGUMENT_EXCLUDED_DEPS = deps.CONJUNCT_DEPS | deps.COORDINATOR_DEPS | deps.PARATAXIS_DEPS | frozenset({"list"})


@dataclass(frozen=True)
class Phrase:
    """Some words of one sentence (sorted by position) and the word that heads them."""

    head: Token
    tokens: tuple[Token, ...]
    as_written: bool = False  # read from the words, not the parse: a mention of exactly these words

    @property
    def text(self) -> str:
        return join(self.tokens)

    @property
    def start(self) -> int:
        return self.tokens[0].idx

    @property
    def end(self) -> int:
        return self.tokens[-1].idx + len(self.tokens[-1])

    @property
    def indices(self) -> frozenset[int]:
        return frozenset(token.i for token in self.tokens)


def join(tokens: Iterable[Token]) -> str:
    """Words as written: original spacing between neighbours, one space across a gap."""
    parts: list[str] = []
    previous: Token | None = None
    for token in tokens:
        if previous is not None:
            parts.append(previous.whitespace_ if token.i == previous.i + 1 else " ")
        parts.append(token.text)
        previous = token
    return "".join(parts).strip()


def subtree(head: Token, excluded: frozenset[str], *, deep: frozenset[str] = frozenset(),
            stop: frozenset[int] = frozenset()) -> list[Token]:
    """`head` and its dependents, not entering `head`'s children labelled `excluded`, any
    lower dependents labelled `deep`, or tokens indexed in `stop`."""
    found = [head]
    pending = [child for child in head.children if child.dep_ not in excluded and child.i not in stop]
    while pending:
        token = pending.pop()
        found.append(token)
        pending.extend(child for child in token.children if child.dep_ not in deep and child.i not in stop)
    return sorted(found, key=lambda token: token.i)


def trim(tokens: list[Token]) -> list[Token]:
    """Drop punctuation and coordinators left at either edge ("the Kremlin ," -> "the Kremlin"),
    but keep quotes and brackets that pair with one inside ("`` A New Oath ''")."""
    start, end = 0, len(tokens)
    while start < end and _is_edge(tokens[start]) and not _pairs_inside(tokens[start], tokens[start + 1:end]):
        start += 1
    while end > start and _is_edge(tokens[end - 1]) and not _pairs_inside(tokens[end - 1], tokens[start:end - 1]):
        end -= 1
    kept = tokens[start:end]
    if kept and kept[-1].i + 1 < len(kept[-1].doc):
        following = kept[-1].doc[kept[-1].i + 1]
        if following.text in CLOSING.keys() | SYMMETRIC_QUOTES and _pairs_inside(following, kept):
            kept.append(following)  # the parser hung the closing quote elsewhere
    return kept


def _pairs_inside(mark: Token, others: list[Token]) -> bool:
    """Whether a quote or bracket has its partner among `others`."""
    if mark.text in OPENING:
        return any(other.text == OPENING[mark.text] for other in others if other.i > mark.i)
    if mark.text in CLOSING:
        return any(other.text == CLOSING[mark.text] for other in others if other.i < mark.i)
    if mark.text in SYMMETRIC_QUOTES:
        return any(other.text == mark.text for other in others)
    return False


def _is_edge(token: Token) -> bool:
    if token.dep_ in deps.MARKER_DEPS:
        return token.lower_ != "to"  # "that the firm ..." -> "the firm ..."; "to carry out" stays
    if token.dep_ in deps.COORDINATOR_DEPS or token.is_space:
        return True
    return (token.is_punct or token.pos_ == "PUNCT") and token.text not in ("%", "$")


def contiguous(tokens: list[Token], head: Token) -> list[Token]:
    """The unbroken run of `tokens` that contains `head` (mentions need one character span)."""
    positions = {token.i for token in tokens}
    start = end = head.i
    while start - 1 in positions:
        start -= 1
    while end + 1 in positions:
        end += 1
    return [token for token in tokens if start <= token.i <= end]


def phrase(head: Token, excluded: frozenset[str] = ARGUMENT_EXCLUDED_DEPS, *, deep: frozenset[str] = frozenset(),
           stop: frozenset[int] = frozenset(), without_case: bool = False) -> Phrase:
    """The phrase headed by `head`; `without_case` drops its own preposition ("in Kyiv" -> "Kyiv")."""
    if without_case:
        excluded = excluded | deps.CASE_DEPS
    tokens = trim(subtree(head, excluded, deep=deep, stop=stop)) or [head]
    return Phrase(head, tuple(tokens))


def mention_phrase(head: Token) -> Phrase:
    """The short noun phrase a mention covers: no clauses, appositions or conjuncts, one span."""
    tokens = trim(subtree(head, MENTION_EXCLUDED_DEPS | CLAUSE_LEVEL_DEPS, deep=CLAUSE_DEPS)) or [head]
    tokens = trim(contiguous(tokens, head)) or [head]
    return Phrase(head, tuple(tokens))


def conjuncts(head: Token) -> list[Token]:
    """`head` and the words conjoined to it ("Norway and Finland" -> Norway, Finland)."""
    found = [head]
    pending = [child for child in head.children if child.dep_ in deps.CONJUNCT_DEPS]
    while pending:
        token = pending.pop(0)
        found.append(token)
        pending.extend(child for child in token.children if child.dep_ in deps.CONJUNCT_DEPS)
    return found


def is_name_conjunction(head: Token) -> bool:
    """"Bosnia and Herzegovina": one named entity spans the conjunction, so it is not split."""
    if not head.ent_type_:
        return False
    entity_end = head.i
    doc = head.doc
    while entity_end + 1 < len(doc) and doc[entity_end + 1].ent_iob_ == "I":
        entity_end += 1
    return any(child.dep_ in deps.CONJUNCT_DEPS and child.i <= entity_end for child in head.children)


def split_conjuncts(head: Token) -> list[Token]:
    """The conjuncts of a nominal head, unless a single name covers them. A "conjunct" that runs straight
    on into the next one, with no comma or coordinator between, is a misparsed modifier ("Padalecki and
    Supernatural| co-stars Jensen Ackles": the co-stars of Supernatural), not one of the list."""
    if is_name_conjunction(head):
        return [head]
    members = conjuncts(head)
    if len(members) > 1 and not any(token.dep_ in deps.COORDINATOR_DEPS
                                    for member in members[1:] for token in member.subtree):
        return [head]  # "a line from Alcand Street, St Kilda": no coordinator, no list
    indices = {token.i for token in members}
    return [token for token in members if token == head or (
        token.pos_ not in ("VERB", "AUX") and _own_end(token, indices) + 1 not in indices)]


def _own_end(token: Token, conjunct_indices: set[int]) -> int:
    """The last word of a conjunct's own phrase, without the conjuncts that hang on it."""
    end = token.i
    for word in token.subtree:
        node = word
        while node != token and node.i not in conjunct_indices:
            node = node.head
        if node == token:
            end = max(end, word.i)
    return end
