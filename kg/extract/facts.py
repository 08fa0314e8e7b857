"""Facts and mentions of a parsed document: the extract stage's public function.

    extraction = extract(document, doc)  # Extraction(facts, mentions), one pass over the Doc
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract import mentions as mention_rules
from kg.extract.clauses import FACT_KINDS, Proposition, find_propositions
from kg.extract.deps import normalise
from kg.types import Argument, Attribution, Document, Extraction, Fact, Mention, Sentence

# What an implicit relation (apposition, title, possessive) reads as.
IMPLICIT_RELATION_TEXT = {"be": "is", "be_in": "is in", "have": "has"}
# Pronouns that name nothing a graph could hold (relative pronouns left unresolved, question words).
REFERENCELESS_WORDS = frozenset({"what", "who", "whom", "which", "whatever", "whoever", "whichever", "that"})
OPENING_QUOTES = frozenset({"“", "``", "«", "„"})
CLOSING_QUOTES = frozenset({"”", "''", "»"})


def extract(document: Document, doc: Doc) -> Extraction:
    """The facts of one parsed document, sentence by sentence, in reading order, and its mentions:
    named entities, the noun phrases facts use, and personal pronouns, sorted by offset."""
    ud = normalise(doc)
    sentences = mention_rules.SentenceIndex(ud)
    # A sentence ends before the line break that closes its paragraph.
    records = [Sentence(doc_id=document.id, index=i, start=sent.start_char,
                        end=sent.start_char + len(sent.text.rstrip()), text=sent.text.rstrip())
               for i, sent in enumerate(ud.sents)]
    facts: list[Fact] = []
    used: dict[tuple[int, int], Mention] = {}
    quoted = quoted_tokens(ud)
    for index, sent in enumerate(ud.sents):
        for proposition in find_propositions(sent):
            if proposition.kind in FACT_KINDS and not _refers_to_nothing(proposition):
                fact = to_fact(document, records[index], sentences, proposition,
                               quoted=proposition.predicate.i in quoted)
                facts.append(fact)
                for mention in _fact_mentions(fact):
                    used.setdefault((mention.start, mention.end), mention)
    for entity in ud.ents:
        used.setdefault((entity.start_char, entity.end_char), mention_rules.from_entity(document, sentences, entity))
    for token in ud:
        if mention_rules.is_pronoun(token):
            used.setdefault((token.idx, token.idx + len(token)), mention_rules.from_pronoun(document, sentences, token))
    return Extraction(tuple(facts), tuple(used[key] for key in sorted(used)))


def _refers_to_nothing(proposition: Proposition) -> bool:
    """"who did what to whom": a question word or unresolved relative pronoun names nothing."""
    heads = [proposition.subject.head] + ([proposition.object.head] if proposition.object else [])
    return any(head.lower_ in REFERENCELESS_WORDS and head.pos_ == "PRON" for head in heads)


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens inside quotation marks; a quote left open runs to its paragraph's end."""
    inside, quoted = False, set()
    for token in doc:
        text = token.text
        if "\n" in text:
            inside = False
        elif text in OPENING_QUOTES:
            inside = True
        elif text in CLOSING_QUOTES:
            inside = False
        elif text == '"':
            inside = not inside
        elif inside:
            quoted.add(token.i)
    return frozenset(quoted)


def to_fact(document: Document, sentence: Sentence, sentences: mention_rules.SentenceIndex,
            proposition: Proposition, *, quoted: bool = False) -> Fact:
    """A proposition as the graph's plain record: mentions instead of token spans."""
    def mention(phrase) -> Mention:
        return mention_rules.from_phrase(document, sentences, phrase)

    arguments = [Argument(role=role, mention=mention(phrase)) for role, phrase in proposition.arguments
                 if phrase is not proposition.place]
    report = proposition.report
    return Fact(
        doc_id=document.id,
        sentence=sentence,
        subject=mention(proposition.subject),
        relation=proposition.relation,
        relation_text=proposition.relation_text or IMPLICIT_RELATION_TEXT.get(proposition.relation,
                                                                              proposition.relation),
        object=mention(proposition.object) if proposition.object else None,
        arguments=tuple(arguments),
        negated=proposition.negated,
        modality=proposition.modality,
        attribution=Attribution(speaker=mention(report.speaker), verb=report.verb) if report else None,
        time=proposition.time.text if proposition.time else None,
        place=mention(proposition.place) if proposition.place else None,
        purpose=proposition.purpose.text if proposition.purpose else None,
        kind=proposition.kind,
        confidence=proposition.confidence,
        qualifiers=proposition.qualifiers + (("quote",) if quoted else ()),
    )


def _fact_mentions(fact: Fact) -> list[Mention]:
    found = [fact.subject]
    if fact.object:
        found.append(fact.object)
    found.extend(argument.mention for argument in fact.arguments)
    if fact.place:
        found.append(fact.place)
    if fact.attribution:
        found.append(fact.attribution.speaker)
    return found
