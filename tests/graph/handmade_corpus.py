"""Hand-made documents, facts and resolutions for the graph tests (no pipeline needed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.types import Attribution, Document, Entity, Fact, Mention, Resolution, Sentence


@dataclass
class Corpus:
    """Builds articles one sentence at a time; every mention refers to the entity named for it."""

    documents: list[Document] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    mention_entity: dict[tuple[str, int, int], str] = field(default_factory=dict)

    def entity(self, key: str, name: str, kind: str, **extra) -> str:
        self.entities[key] = Entity(key=key, name=name, type=kind, **extra)
        return key

    def article(self, doc_id: str, text: str, **metadata) -> Document:
        document = Document(id=doc_id, text=text, **metadata)
        self.documents.append(document)
        return document

    def mention(self, document: Document, written: str, key: str | None, *, after: int = 0) -> Mention:
        start = document.text.index(written, after)
        mention = Mention(doc_id=document.id, sentence=0, start=start, end=start + len(written), text=written)
        if key is not None:
            self.mention_entity[(document.id, mention.start, mention.end)] = key
        return mention

    def fact(self, document: Document, subject: tuple[str, str | None], relation: str,
             obj: tuple[str, str | None] | None = None, *, speaker: tuple[str, str | None] | None = None,
             **qualifiers) -> Fact:
        subject_mention = self.mention(document, *subject)
        end = document.text.find(".", subject_mention.start)
        end = len(document.text) if end < 0 else end + 1
        start = document.text.rfind(". ", 0, subject_mention.start)
        start = 0 if start < 0 else start + 2
        fact = Fact(
            doc_id=document.id,
            sentence=Sentence(document.id, 0, start, end, document.text[start:end]),
            subject=subject_mention,
            relation=relation,
            relation_text=qualifiers.pop("relation_text", relation),
            object=self.mention(document, *obj) if obj else None,
            attribution=Attribution(self.mention(document, *speaker), "say") if speaker else None,
            **qualifiers,
        )
        self.facts.append(fact)
        return fact

    @property
    def resolution(self) -> Resolution:
        return Resolution(entities=tuple(self.entities.values()), mention_entity=dict(self.mention_entity))


def sample_corpus() -> Corpus:
    """Two articles: Norway and Finland authorize Kyiv; Milley says the US asked Ukraine not to use weapons."""
    made = Corpus()
    norway = made.entity("country/norway", "Norway", "Country", wikidata="Q20")
    finland = made.entity("country/finland", "Finland", "Country", wikidata="Q33")
    ukraine = made.entity("country/ukraine", "Ukraine", "Country", wikidata="Q212")
    kyiv = made.entity("location/kyiv", "Kyiv", "Location", aliases=("Kiev",), wikidata="Q1899",
                       part_of="country/ukraine")
    us = made.entity("country/united-states", "United States", "Country", aliases=("U.S.", "US"))
    milley = made.entity("person/mark-milley", "Mark Milley", "Person", aliases=("Milley",))
    first = made.article("d1", "Norway and Finland authorized Kiev to use weapons. Nothing else.",
                         title="Norway and Finland authorize Kiev", date="2024-06-21", author="A. Writer",
                         url="https://news.example.com/a?id=1&x=\"q\"", source="seeds/a.txt")
    made.fact(first, ("Norway", norway), "authorize", ("Kiev", kyiv), confidence=0.9, purpose="to use weapons")
    made.fact(first, ("Finland", finland), "authorize", ("Kiev", kyiv), confidence=0.9)
    second = made.article("d2", "Milley said the U.S. asked Ukraine not to use weapons.", date="2023-05-25")
    made.fact(second, ("the U.S.", us), "ask_not_to_use", ("Ukraine", ukraine), speaker=("Milley", milley),
              negated=True, modality="ask", confidence=0.7, time="on Thursday")
    return made
