"""Seed sentences through the real pipeline: the facts a careful reader finds, and none they would not.

A "plain" fact is asserted by the article itself: not negated, not modal, not attributed to anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kg.extract import extract
from kg.types import Document, Fact


@dataclass(frozen=True)
class Want:
    """A fact pattern: words the subject/object contain, the relation's start, and flags to check."""

    subject: str
    relation: str
    object: str | None = None
    negated: bool | None = None
    modality: str | None = None
    attributed_to: str | None = None
    time: str | None = None
    kind: str | None = None

    def matches(self, fact: Fact) -> bool:
        return (self.subject in fact.subject.text and fact.relation.startswith(self.relation)
                and (self.object is None or (fact.object is not None and self.object in fact.object.text))
                and (self.negated is None or fact.negated == self.negated)
                and (self.modality is None or fact.modality == self.modality)
                and (self.attributed_to is None or (fact.attribution is not None
                                                    and self.attributed_to in fact.attribution.speaker.text))
                and (self.time is None or (fact.time or "") == self.time)
                and (self.kind is None or fact.kind == self.kind))


def is_plain(fact: Fact) -> bool:
    return not fact.negated and fact.modality is None and fact.attribution is None


PESKOV = ("When asked about the use of U.S.-made equipment by the rebels, Dmitry Peskov, a spokesman for the Kremlin, "
          "told reporters on Wednesday that it was no secret that more and more equipment was being sent to the "
          "Ukrainian military.")
# (sentence from the seeds, facts it must give, plain facts it must not give)
SEEDS = [
    (
        "On Friday, NATO members Norway and Finland became the latest nations to authorize Kiev to use "
        "Western-supplied weapons to carry out long-range attacks against Russia.",
        [Want("Norway", "authorize", "Kiev"), Want("Finland", "authorize", "Kiev")],
        [Want("Kiev", "use")],
    ),
    (
        "“I can’t say that for sure right now, but I can say that we’ve asked the Ukrainians not to use U.S.-made "
        "weapons to attack Russia directly.”",
        [Want("we", "ask_not_to_use", "Ukrainians")],
        [Want("Ukrainians", "use"), Want("Ukrainians", "attack")],
    ),
    pytest.param(
        PESKOV,
        [Want("Peskov", "be", "spokesman", kind="apposition"), Want("equipment", "be_sent", attributed_to="Peskov")],
        [Want("equipment", "be_sent")],
        marks=pytest.mark.xfail(reason="parser: 'Dmitry Peskov' and 'a spokesman' hang on 'asked' (dep), "
                                       "so 'told' has no subject"),
    ),
    (
        "Asked to comment on Biden’s decision, Peskov stated that the Kremlin “doesn’t know anything about this "
        "particular decision”, but claimed that “attempts are already being made to strike Russian territory with "
        "American-made weapons”.",
        [Want("Kremlin", "know", negated=True, attributed_to="Peskov")],
        [Want("Kremlin", "know"), Want("attempts", "be_made")],
    ),
    (
        "Ukraine has said in the past that it won’t use the longer-range weapons that the US has promised to give it "
        "to hit Russian territory.",
        [Want("it", "use", "weapons", negated=True, attributed_to="Ukraine")],
        [Want("it", "use")],
    ),
    pytest.param(
        "Russia summoned the British ambassador to Moscow and said if Ukraine used British missiles on Russian "
        "territory, Russian forces could target UK military sites inside Ukraine and “beyond.”",
        [Want("Russia", "summon", "ambassador"),
         Want("Ukraine", "use", "missiles", modality="if", attributed_to="Russia"),
         Want("Russian forces", "target", "sites", modality="could", attributed_to="Russia")],
        [Want("Ukraine", "use"), Want("Russian forces", "target")],
        marks=pytest.mark.xfail(reason="parser: 'target' is the root and 'Russia summoned ... and said' its "
                                       "adverbial clause, so nothing is attributed to Russia"),
    ),
    (
        "Moscow is aware that US-made weapons are already being used in attempted strikes on Russian territory, "
        "Kremlin spokesman Dmitry Peskov told journalists on Friday.",
        [Want("Peskov", "be", "spokesman", kind="role")],
        [Want("weapons", "be_used")],
    ),
    (
        "Media reports have claimed that Biden’s permission came with the condition that Kiev would not use ATACMS "
        "missiles.",
        [Want("permission", "come", attributed_to="Media reports")],
        [Want("permission", "come"), Want("Kiev", "use")],
    ),
    pytest.param(
        "The Belgorod raid was claimed by two armed anti-Kremlin groups made up of Russians, some of whom are "
        "far-right figures.",
        [Want("groups", "claim", "raid", kind="passive")],
        [],
        marks=pytest.mark.xfail(reason="parser: 'raid' is read as a verb and 'groups made up of Russians' "
                                       "as a clause"),
    ),
    (
        "WASHINGTON: Ukraine has used U.S. weapons to strike inside Russia in recent days, according to a U.S. "
        "senator and a Western official familiar with the matter.",
        [Want("Ukraine", "use", "weapons", attributed_to="senator")],
        [Want("Ukraine", "use")],
    ),
    (
        "On Tuesday, White House national security spokesman John Kirby told reporters he could not confirm that "
        "Ukraine had used U.S. weapons at targets in Russia.",
        [Want("Ukraine", "use", "weapons", attributed_to="he")],
        [Want("Ukraine", "use")],
    ),
    (
        "Zelenskyy met with Qatar’s ruling emir, Sheikh Tamim bin Hamad Al Thani.",
        [Want("Zelenskyy", "meet", "emir")],
        [],
    ),
    (
        "President Vladimir Putin stressed Kiev has already been striking Russia’s Belgorod Region and has ignored "
        "Moscow’s warnings.",
        [Want("Kiev", "strike", "Belgorod", attributed_to="Putin"),
         Want("Kiev", "ignore", "warnings", attributed_to="Putin"),
         Want("Putin", "be", "President", kind="role")],
        [Want("Kiev", "strike"), Want("Kiev", "ignore")],
    ),
    (
        "Vladimir Zelensky is expected to bring up the issue of restrictions on long-range attacks into Russian "
        "territory when he meets with US President Joe Biden later this week.",
        [Want("Zelensky", "bring_up", "issue", modality="expect")],
        [Want("Zelensky", "bring_up")],
    ),
]


def _id(seed) -> str:
    return (seed.values[0] if hasattr(seed, "values") else seed[0])[:40]


def facts_of(pipeline, sentence: str) -> list[Fact]:
    document = Document(id="d0000000000000000", text=sentence)
    return list(extract(document, pipeline(sentence)).facts)


def show(facts: list[Fact]) -> str:
    return "\n".join(
        f"({f.subject.text}) {f.relation} ({f.object.text if f.object else ''}) neg={f.negated} mod={f.modality} "
        f"by={f.attribution.speaker.text if f.attribution else None} time={f.time} kind={f.kind}" for f in facts)


@pytest.mark.slow
@pytest.mark.parametrize(("sentence", "wanted", "forbidden"), SEEDS, ids=[_id(seed) for seed in SEEDS])
def test_seed_sentence(pipeline, sentence, wanted, forbidden):
    facts = facts_of(pipeline, sentence)
    for want in wanted:
        assert any(want.matches(fact) for fact in facts), f"missing {want}\n{show(facts)}"
    for unwanted in forbidden:
        plain = [fact for fact in facts if unwanted.matches(fact) and is_plain(fact)]
        assert not plain, f"plain fact that the text does not assert: {unwanted}\n{show(facts)}"


@pytest.mark.slow
def test_mentions_cover_entities_fact_arguments_and_pronouns(pipeline):
    sentence = PESKOV
    document = Document(id="d0000000000000000", text=sentence)
    doc = pipeline(sentence)
    extraction = extract(document, doc)
    mentions = extraction.mentions
    spans = {(m.start, m.end) for m in mentions}
    assert {(e.start_char, e.end_char) for e in doc.ents} <= spans
    for fact in extraction.facts:
        assert (fact.subject.start, fact.subject.end) in spans
    it = [m for m in mentions if m.text == "it"]
    assert it and it[0].pronoun and it[0].head == "it"
    for entity in doc.ents:  # a mention that is or contains an entity carries its label
        for mention in mentions:
            if mention.start <= entity.start_char and entity.end_char <= mention.end and mention.head:
                assert mention.label, mention
    assert all(sentence[m.start:m.end] == m.text for m in mentions)
