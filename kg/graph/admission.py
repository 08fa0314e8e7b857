"""Which facts become plain edges: kg's admission policy, in one place (docs/graph-model.md).

A plain edge (`subject rel:x object`, `kg:asserted true`, a solid line in graph.html, a row of
triples.csv) is a promise to the reader that the article states it, in its own voice, about two
specific things. Every other fact stays a statement node with its qualifiers: queryable, drawn as
a claim or denial, never lost. `withheld` says why a fact is not a plain edge, or None if it is.
"""

from __future__ import annotations

from kg.graph.relations import Schema
from kg.lexicon import HEAD_OFFICES, ORGANISATION_HEADS, PERSON_TITLES, PLACE_TYPES, PREDICATE_NOUNS, title_form
from kg.types import Entity, Fact

# Relations that say nothing on their own: "X has Y", "X did Y", "X got Y".
EMPTY_RELATIONS = frozenset({"have", "do", "get", "make", "take", "give", "go", "come", "be_become"})
# Verbs whose point is a complement the edge cannot hold: "described X as ...", "said on X ...".
INCOMPLETE_VERBS = frozenset({
    "say", "tell", "describe", "call", "rate", "consider", "regard", "see", "view", "label", "term", "dub",
    "name", "find", "deem", "put", "keep", "render", "hold",
})
# Verbs of permitting and enabling say little without what was permitted: "allowing American
# arms" is half of "allowing American arms to be used inside Russia" (allow_to_use is whole).
BARE_CONTROL_VERBS = frozenset({"allow", "permit", "let", "enable", "help", "ask", "urge"})
# Copulas: "X is Y" is a fact only as a role with what it belongs to ("Peskov is the Kremlin
# spokesman") or a place ("X is in Kharkiv").
COPULAS = frozenset({"be", "become", "remain"})
# Verbs that give a person a role as a copula does: "served as President of the Linguistic Society",
# "was appointed Defence Secretary".
ROLE_VERBS = frozenset({"serve_as", "be_appointed", "be_appointed_as", "be_named", "be_elected"})
# How a role is named: as the role of a copula or apposition, or as a description of a role verb's object.
ROLE_NAMINGS = frozenset({"role", "qualified"})
ROLE_VERB_NAMINGS = frozenset({"role", "description"})
PLACE_COPULAS = frozenset({"be_in", "be_near", "be_at", "be_from", "be_outside", "be_inside", "be_located_in",
                           "be_based_in"})
# Ends a reader can hold on to. "qualified" descriptions ("American weapons") only where the
# description names a kind of thing a graph tracks on its own (weapons, events, groups, bodies).
SPECIFIC_NAMINGS = frozenset({"name"})
QUALIFIED_TYPES = frozenset({"Weapon", "Event", "Group", "Organization", "Location"})
# Titles that name an office alone, without what it belongs to: "President Biden".
OFFICES = HEAD_OFFICES | {"prime minister"}


# kg:confidence of a fact: the share of plain edges of its kind judged OK on the dev pool, smoothed
# ((OK + 1) / (judged + 2)); `python -m bench.precision --fit` prints the counts to refit it. The
# extractor's own score (Fact.confidence) ranks extractions for CaRB; this one says how often a
# fact like it is right, so a --min-confidence threshold means what it says.
CALIBRATED_CONFIDENCE = {"role": 0.92, "apposition": 0.94, "copula": 0.85, "affiliation": 0.96, "verb": 0.91,
                         "relative": 0.62, "passive": 0.74}
UNCALIBRATED_KIND_CONFIDENCE = 0.5


def confidence(fact: Fact) -> float:
    """How often a plain edge like this fact was judged right on the dev pool (docs/graph-model.md)."""
    return CALIBRATED_CONFIDENCE.get(fact.kind, UNCALIBRATED_KIND_CONFIDENCE)


def specific(entity: Entity) -> bool:
    """Whether an entity can stand alone as the end of a plain edge. A bare lower-case word never can,
    however named elsewhere ("games", "magic": a description merged with a capitalised namesake)."""
    if entity.name.islower() and len(entity.name.split()) == 1:
        return False
    if entity.naming in SPECIFIC_NAMINGS:
        return True
    return entity.naming == "qualified" and entity.type in QUALIFIED_TYPES


def _names_role(entity: Entity, namings: frozenset[str] = ROLE_NAMINGS) -> bool:
    """A title with what it belongs to: "Kremlin spokesman" (part of the Kremlin), "Foreign Secretary",
    "Panama coach"; or a head of state's office ("President"). Not "chief financial officer", "woman"."""
    words = entity.name.split()
    if entity.naming not in namings or not words or title_form(words[-1]) not in PERSON_TITLES:
        return False
    if entity.part_of is not None or any(word[:1].isupper() for word in words[:-1]):
        return True
    return title_form(entity.name) in OFFICES


def _given_role(subject: Entity, obj: Entity) -> bool:
    """Whether a role verb's object is a role of a named organisation ("served as President of the Linguistic
    Society"; not "Director of Media and Communications"), held by a specific person."""
    return (subject.type == "Person" and specific(subject) and obj.type == "Person"
            and _names_role(obj, ROLE_VERB_NAMINGS)
            and (obj.part_of is not None or any(word in ORGANISATION_HEADS for word in obj.name.split())))


def object_types(obj: Entity | None) -> frozenset[str]:
    """What a relation of the vocabulary may ask of a fact's object: its type, and "Role" if it names one."""
    if obj is None:
        return frozenset()
    # A role as a copula names it ("the Kremlin spokesman") or as a role verb's object describes it ("served as
    # President of the Linguistic Society of America"): the admission reads both as roles (_given_role).
    named = _names_role(obj) or _names_role(obj, ROLE_VERB_NAMINGS)
    return frozenset({obj.type, "Role"}) if named else frozenset({obj.type})


def withheld(fact: Fact, subject: Entity | None, obj: Entity | None, *, min_confidence: float = 0.0,
             schema: Schema | None = None) -> str | None:
    """Why `fact` (its ends resolved to `subject` and `obj`) is not a plain edge; None if it is one.
    A user's `schema` may narrow the plain layer to some relations and entity types."""
    if subject is None:
        return "unresolved subject"
    if obj is None:
        return "no object entity"
    if fact.negated:
        return "negated"
    if fact.attribution is not None:
        return "attributed"
    if fact.modality:
        return f"modality {fact.modality}"
    if fact.qualifiers:
        return fact.qualifiers[0]
    if subject.key == obj.key:
        return "self-loop"
    if confidence(fact) < min_confidence:
        return "below the confidence threshold"
    relation = fact.relation
    if relation in ROLE_VERBS and _given_role(subject, obj):
        return _outside(schema, fact, subject, obj)  # "served as President of the Linguistic Society"
    if relation in COPULAS:
        if not (_names_role(obj) and subject.type == "Person" and specific(subject)):
            return "copula without a role"
        return _outside(schema, fact, subject, obj)
    if relation in PLACE_COPULAS and obj.type not in PLACE_TYPES:
        return "copula without a place"
    if relation in EMPTY_RELATIONS:
        return "empty relation"
    words = relation.split("_")
    noun_frame = len(words) > 1 and words[1] in PREDICATE_NOUNS  # "held talks with Xi" (hold_talk_with) is whole
    if (words[0] in INCOMPLETE_VERBS and not noun_frame) or relation in BARE_CONTROL_VERBS or words[-1] == "between":
        # "located between" holds between two things; the edge can hold only one of them
        return "incomplete relation"
    if not specific(subject) or _namesake(fact.subject.text, subject):
        return "generic subject"
    if not specific(obj) or (fact.object is not None and _namesake(fact.object.text, obj)):
        return "generic object"
    return _outside(schema, fact, subject, obj)


def _namesake(written: str, entity: Entity) -> bool:
    """A lower-case word the sentence writes ("in after-hours trade") merged with a name of another article
    that is only spelt the same ("Trade"): no name here."""
    return written.islower() and written != entity.name and written == entity.name.casefold()


def _outside(schema: Schema | None, fact: Fact, subject: Entity, obj: Entity) -> str | None:
    """Why a fact the policy admits is left out by the user's schema ([plain] of docs/schema.md), or None."""
    if schema is None:
        return None
    if not (schema.plain_type(subject.type) and schema.plain_type(obj.type)):
        return "entity type not in the schema"
    if not schema.plain(schema.canonical(fact.relation, object_types(obj))):
        return "relation not in the schema"
    return None
