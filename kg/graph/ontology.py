"""kg's own vocabulary, and the one prefix table bound on every graph kg writes.

The terms are a `DefinedNamespace` with `_fail = True`, so a typo in a term is an error at
import time rather than a silently minted IRI. `kg/ontology.ttl` describes the same terms
for people and reasoners; tests/graph/test_ontology.py keeps the two in step.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from kg.lexicon import ENTITY_TYPES

KG_NAMESPACE = "https://example.org/kg/ontology#"


class KG(DefinedNamespace):
    """kg's ontology: entity types, statements (reified facts) and their qualifiers."""

    _fail = True
    _NS = Namespace(KG_NAMESPACE)

    # Entity types: every graph node is exactly one of these.
    Entity: URIRef  # anything an article talks about; superclass of the types below
    Person: URIRef
    Organization: URIRef
    Country: URIRef
    Location: URIRef
    Group: URIRef  # nationalities and other groups of people ("Russians", "the West")
    Weapon: URIRef  # weapon systems and military equipment
    Event: URIRef
    Date: URIRef
    Concept: URIRef  # any other noun phrase a fact is about

    # Facts.
    Statement: URIRef  # one fact as found in one sentence of one article
    Argument: URIRef  # a further argument of a statement (a prepositional phrase, a complement)
    Sentence: URIRef  # a sentence of an article, with its character offsets
    Relation: URIRef  # class of the direct-edge predicates kg mints from normalised relations
    CanonicalRelation: URIRef  # a Relation of kg's vocabulary or the user's schema (kg/relations.toml)
    relatedTo: URIRef  # super-property of every minted relation predicate

    # Statement qualifiers.
    relation: URIRef  # the normalised relation ("authorize", "ask_not_to_use")
    relationText: URIRef  # the relation as written ("became the latest nations to authorize")
    negated: URIRef  # polarity: true when the sentence denies the fact
    modality: URIRef  # can, could, would, will, should, may, must, want, ask, promise, ...
    asserted: URIRef  # true when the fact is also a plain direct edge (kg.graph.admission)
    withheldBecause: URIRef  # why a statement is not a plain edge ("attributed", "generic object", ...)
    qualifier: URIRef  # what else keeps the sentence from stating it outright: question, quote, purpose, infinitive
    assertedBy: URIRef  # the entity the fact is attributed to ("Peskov said ...")
    speakerText: URIRef  # the speaker as written, also when it resolves to no entity
    reportingVerb: URIRef  # lemma of the reporting verb: say, claim, tell, deny, ...
    time: URIRef  # time expression as written ("on Thursday")
    place: URIRef  # the entity where it happened
    purpose: URIRef  # purpose clause as written ("to carry out long-range attacks")
    confidence: URIRef  # the extractor's confidence in [0, 1]
    kind: URIRef  # verb | copula | apposition | role | passive | relative
    subjectText: URIRef  # subject as written
    objectText: URIRef  # object as written
    argument: URIRef  # links a statement to one of its Arguments
    role: URIRef  # an Argument's preposition, or complement | purpose | iobj
    value: URIRef  # the entity an Argument refers to
    valueText: URIRef  # an Argument as written
    sentence: URIRef  # the Sentence a statement was read from
    document: URIRef  # the article a statement or sentence belongs to
    documentDate: URIRef  # the article's publication date, copied onto each statement

    # Sentences and articles.
    text: URIRef  # sentence text, exactly as in the cleaned article
    start: URIRef  # character offset of the first character in the cleaned article text
    end: URIRef  # character offset just past the last character
    source: URIRef  # where an article was read from (path, or path:line for JSONL)

    # Entities.
    partOf: URIRef  # what it belongs to: a metonym or capital its country (Kremlin -> Russia), a role its organisation

    # Counts, written with the entities and relations so that rankings need not count statements.
    statementCount: URIRef  # statements an entity is the subject or object of, or of a relation
    factCount: URIRef  # those of them that are asserted (plain facts)
    denialCount: URIRef  # a relation's negated statements
    claimCount: URIRef  # a relation's statements attributed to a speaker entity
    verbForm: URIRef  # a verb form (kg:relation) a relation's statements were written with

    # A fact more than one article states (a node <base>fact/<hash> of the counts graph).
    factSubject: URIRef  # its subject entity
    factRelation: URIRef  # its relation, as the skos:notation of its predicate (canonical)
    factObject: URIRef  # its object entity
    articleCount: URIRef  # the articles with a statement of it that is not negated
    firstDate: URIRef  # the earliest publication date among them
    lastDate: URIRef  # the latest


# Each term also as a plain class attribute: rdflib otherwise answers every KG.x by searching the
# annotations and making a new URIRef, and a build reads a few terms per triple. A term not
# declared above still fails (_fail).
for _term in KG.__annotations__:
    setattr(KG, _term, KG._NS[_term])
del _term

SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

# The one prefix table: bound on every graph kg builds, so every output abbreviates alike.
PREFIXES: dict[str, Namespace | str] = {
    "kg": KG_NAMESPACE,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "wd": WD,
    "wdt": WDT,
    "xsd": XSD,
}


def bind_prefixes(graph) -> None:
    """Bind kg's prefix table on an rdflib Graph or Dataset, replacing rdflib's defaults."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


__all__ = ["ENTITY_TYPES", "KG", "KG_NAMESPACE", "PREFIXES", "SCHEMA", "WD", "WDT", "bind_prefixes"]
