"""A hand-made story in kg's plain data (Documents, Facts, a Resolution), built by kg.graph.build_dataset.

So the query tests run on exactly the model kg writes, without the spaCy pipeline, and know the
answers: who authorized whom, what Peskov claimed, what was denied, which fact two articles
report, and which claim one source makes and another denies.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rdflib import Dataset

from kg.graph import build_dataset
from kg.types import Argument, Attribution, Document, Entity, Fact, Mention, Resolution, Sentence

# key: (canonical name, type, aliases, wikidata id, part of)
ENTITIES = {
    "person/joe-biden": ("Joe Biden", "Person", ("Biden", "President Joe Biden"), "Q6279", None),
    "person/dmitry-peskov": ("Dmitry Peskov", "Person", ("Kremlin spokesman Dmitry Peskov", "Peskov"), "", None),
    "person/mark-milley": ("Mark Milley", "Person", ("The top U.S. general Mark Milley",), "", None),
    "country/ukraine": ("Ukraine", "Country", ("Kyiv",), "Q212", None),
    "country/russia": ("Russia", "Country", ("Russian territory",), "Q159", None),
    "country/united-states": ("United States", "Country", ("the United States", "U.S."), "Q30", None),
    "country/norway": ("Norway", "Country", (), "Q20", None),
    "country/finland": ("Finland", "Country", (), "Q33", None),
    "organization/kremlin": ("Kremlin", "Organization", ("the Kremlin",), "", "country/russia"),
    "weapon/us-weapons": ("US weapons", "Weapon", ("U.S. weapons",), "", None),
    "location/kharkiv": ("Kharkiv", "Location", ("Kharkov",), "Q42515", None),
    "concept/biden-s-decision": ("Biden's decision", "Concept", (), "", None),
}
# The text of a mention -> its entity.
MENTIONS = {
    "The top U.S. general Mark Milley": "person/mark-milley", "Mark Milley": "person/mark-milley",
    "the United States": "country/united-states", "Ukraine": "country/ukraine", "Russia": "country/russia",
    "US weapons": "weapon/us-weapons", "Russian territory": "country/russia",
    "Kremlin spokesman Dmitry Peskov": "person/dmitry-peskov", "Peskov": "person/dmitry-peskov",
    "Dmitry Peskov": "person/dmitry-peskov", "the Kremlin": "organization/kremlin",
    "Biden's decision": "concept/biden-s-decision", "Joe Biden": "person/joe-biden",
    "President Joe Biden": "person/joe-biden", "Kharkiv": "location/kharkiv", "Norway": "country/norway",
    "Finland": "country/finland",
}


@dataclass(frozen=True)
class Said:
    """One fact, by the words of its sentence: `subject` and `object` are texts found in it."""

    sentence: int
    subject: str
    relation: str
    relation_text: str
    object: str | None
    negated: bool = False
    modality: str | None = None
    speaker: str | None = None
    verb: str = "say"
    time: str | None = None
    place: str | None = None
    purpose: str | None = None
    arguments: tuple[tuple[str, str], ...] = ()  # (role, text)
    kind: str = "verb"
    confidence: float = 0.8


# (id, title, date, sentences, facts)
ARTICLES = [
    ("d0000000000000001", "Milley urges Ukraine not to use US weapons inside Russia", "2023-05-25", [
        "The top U.S. general Mark Milley said the United States asked Ukraine not to use US weapons inside Russia.",
        "Ukraine said it would not use US weapons against Russian territory.",
    ], [
        Said(0, "the United States", "ask_not_to_use", "asked not to use", "Ukraine",
             speaker="The top U.S. general Mark Milley"),
        Said(1, "Ukraine", "use", "would not use", "US weapons", negated=True, modality="will", speaker="Ukraine",
             arguments=(("against", "Russian territory"),)),
    ]),
    ("d0000000000000002", "Kremlin says US weapons already used to strike Russian territory", "2024-05-31", [
        "Kremlin spokesman Dmitry Peskov said Ukraine is already using US weapons against Russia.",
        "Peskov claimed the Kremlin does not know about Biden's decision.",
        "Dmitry Peskov is a spokesman for the Kremlin.",
        "Joe Biden authorized Ukraine to strike Russian territory.",
    ], [
        Said(0, "Ukraine", "use", "is already using", "US weapons", speaker="Kremlin spokesman Dmitry Peskov",
             arguments=(("against", "Russia"),), confidence=0.72),
        Said(1, "the Kremlin", "know_about", "does not know about", "Biden's decision", negated=True,
             speaker="Peskov", verb="claim", confidence=0.6),
        Said(2, "Dmitry Peskov", "spokesman_for", "a spokesman for", "the Kremlin", kind="role", confidence=0.9),
        Said(3, "Joe Biden", "authorize", "authorized", "Ukraine", purpose="to strike Russian territory"),
    ]),
    ("d0000000000000003", "Biden authorizes Ukraine to strike inside Russia near Kharkiv", "2024-05-30", [
        "President Joe Biden authorized Ukraine to use US weapons near Kharkiv.",
        "Russia attacked Kharkiv in May.",
    ], [
        Said(0, "President Joe Biden", "authorize", "authorized", "Ukraine", purpose="to use US weapons near Kharkiv",
             place="Kharkiv", confidence=0.88),
        Said(1, "Russia", "attack", "attacked", "Kharkiv", time="in May"),
    ]),
    ("d0000000000000004", "Norway and Finland allow Ukraine to use their weapons against Russia", "2024-06-20", [
        "Norway authorized Ukraine to use Norwegian weapons against Russia.",
        "Finland authorized Ukraine to use Finnish weapons against Russia.",
        "Ukraine could strike Russia with these weapons.",
    ], [
        Said(0, "Norway", "authorize", "authorized", "Ukraine", purpose="to use Norwegian weapons against Russia"),
        Said(1, "Finland", "authorize", "authorized", "Ukraine", purpose="to use Finnish weapons against Russia"),
        Said(2, "Ukraine", "strike", "could strike", "Russia", modality="can", confidence=0.66),
    ]),
]


def mention(words: str | None, sentence: Sentence, mention_entity: dict) -> Mention | None:
    """The mention of `words` in the sentence, recorded with its entity in `mention_entity`."""
    if words is None:
        return None
    start = sentence.start + sentence.text.index(words)
    found = Mention(sentence.doc_id, sentence.index, start, start + len(words), words)
    mention_entity[(sentence.doc_id, found.start, found.end)] = MENTIONS[words]
    return found


def story() -> tuple[list[Document], list[Fact], Resolution]:
    documents, facts, mention_entity = [], [], {}
    for doc_id, title, date, sentences, said in ARTICLES:
        text = " ".join(sentences)
        document = Document(id=doc_id, text=text, title=title, date=date, source=f"story/{doc_id}.txt")
        documents.append(document)
        starts = [text.index(sentence) for sentence in sentences]
        bounds = [Sentence(doc_id, index, start, start + len(sentence), sentence)
                  for index, (start, sentence) in enumerate(zip(starts, sentences))]
        for item in said:
            sentence = bounds[item.sentence]
            at = partial(mention, sentence=sentence, mention_entity=mention_entity)
            speaker = at(item.speaker)
            facts.append(Fact(
                doc_id=doc_id, sentence=sentence, subject=at(item.subject), relation=item.relation,
                relation_text=item.relation_text, object=at(item.object),
                arguments=tuple(Argument(role, at(words)) for role, words in item.arguments),
                negated=item.negated, modality=item.modality,
                attribution=Attribution(speaker, item.verb) if speaker else None,
                time=item.time, place=at(item.place), purpose=item.purpose, kind=item.kind,
                confidence=item.confidence,
            ))
    entities = tuple(
        Entity(key=key, name=name, type=kind, aliases=tuple(sorted(aliases)), wikidata=wikidata or None,
               part_of=part_of)
        for key, (name, kind, aliases, wikidata, part_of) in sorted(ENTITIES.items())
    )
    return documents, facts, Resolution(entities=entities, mention_entity=mention_entity)


def story_dataset() -> Dataset:
    documents, facts, resolution = story()
    return build_dataset(documents, facts, resolution)
