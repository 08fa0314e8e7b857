"""The networkx view of kg's RDF dataset: what the HTML view and the exporters build on.

    to_networkx(quads) -> networkx.MultiDiGraph   # quads: a QuadSpool or an rdflib Dataset (a QuadSource)

The contract (built from the RDF alone; nodes and edges are added in sorted order):

Nodes: one per entity of the graph (used by a statement, or a named thing an article
mentions); node id = the entity IRI (str). Attributes:
    label     str        canonical name ("Volodymyr Zelensky")
    type      str        Person | Organization | Country | Location | Group | Weapon | Event | Date | Concept
    aliases   list[str]  every other surface form seen, sorted ("Zelenskiy", "Zelenskyy")
    wikidata  str        Wikidata id ("Q3881739") or ""
    part_of   str        IRI of the country a metonym or capital belongs to, or "" (extra)

Edges: one per statement whose subject and object are both entities, from subject to
object; edge key = the statement IRI (str). Statements of the same fact from several
articles are parallel edges with the same `relation`: a view may aggregate them.
Attributes:
    relation       str         the relation of the statement's predicate: canonical where kg's
                               vocabulary or the user's schema has one ("authorize" for
                               authorize_to_use and permit_to_use), else the verb form
    verb           str         the verb form, kg:relation ("authorize_to_use") (extra)
    label          str         the relation as written ("became the latest nations to authorize")
    negated        bool        the sentence denies it
    modality       str         "can", "would", "ask", ... or ""
    attributed_to  list[str]   who asserted it (entity labels, or the speaker as written)
    confidence     float       in [0, 1]
    sources        list[dict]  where it was read: one dict per statement with
                               document (article id), title, date ("" if unknown),
                               sentence (its text), start, end (character offsets of the
                               sentence in the cleaned article), url ("" if unknown)
    asserted       bool        also a plain direct edge in the RDF (not negated, attributed
                               or modal) (extra)
    kind           str         verb | copula | apposition | role | passive | relative (extra)
    time, purpose  str         as written, or "" (extra)

Statements without an object entity (intransitive facts, unresolved objects) have no edge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.graph.ontology import ENTITY_TYPES, KG, SCHEMA, WD
from kg.graph.quads import QuadSpool
from kg.graph.sink import ALL, QuadSource

ENTITY_CLASSES = {KG[name]: name for name in ENTITY_TYPES}


def to_networkx(
    dataset: QuadSource, *, choose: Callable[[nx.MultiDiGraph], tuple[Sequence[str], Sequence[str]]] | None = None
) -> nx.MultiDiGraph:
    """The entities and statements of the dataset (a QuadSpool or rdflib Dataset) as a MultiDiGraph (see the
    module docstring).

    With `choose`, only some entities and the statements between them: a first reading makes an
    outline of the graph (entities with label, type and aliases; statements with their speakers
    and `sources` holding only the article id, no text), `choose(outline)` returns the node ids to
    keep and those it leaves out (in the order to name them), and the second reading keeps nothing
    else, so the view of a big archive costs memory by what it shows. The graph's attributes then
    say what was left out: `left_out` (labels) and `total_facts`.
    """
    wanted = _chosen(dataset, choose) if choose is not None else None  # None: all of it
    about: dict[URIRef, dict[URIRef, list]] = defaultdict(lambda: defaultdict(list))
    for subject, predicate, obj, _ in dataset.quads(ALL):
        if wanted is not None and subject not in wanted.nodes:
            continue
        values = about[subject][predicate]
        if obj not in values:
            values.append(obj)

    def one(node, predicate, default=""):
        values = about.get(node, {}).get(predicate)
        return min(values).toPython() if values else default

    graph = nx.MultiDiGraph()
    if wanted is not None:
        graph.graph.update(left_out=wanted.left_out, total_facts=wanted.total_facts)
    entities = (node for node, facts in about.items() if any(t in ENTITY_CLASSES for t in facts.get(RDF.type, ()))
                and (wanted is None or node in wanted.entities))
    for node in sorted(entities):
        facts = about[node]
        kind = next(ENTITY_CLASSES[t] for t in sorted(facts[RDF.type]) if t in ENTITY_CLASSES)
        same_as = [str(iri) for iri in facts.get(OWL.sameAs, ()) if str(iri).startswith(str(WD))]
        graph.add_node(
            str(node),
            label=str(one(node, RDFS.label, str(node))),
            type=kind,
            aliases=sorted(str(alias) for alias in facts.get(SKOS.altLabel, ())),
            wikidata=min(same_as)[len(str(WD)):] if same_as else "",
            part_of=str(min(facts[KG.partOf])) if facts.get(KG.partOf) else "",
        )

    statements = sorted(node for node, facts in about.items() if KG.Statement in facts.get(RDF.type, ()))
    for statement in statements:
        facts = about[statement]
        subject, obj = one(statement, RDF.subject, None), one(statement, RDF.object, None)
        if subject is None or obj is None or str(subject) not in graph or str(obj) not in graph:
            continue
        speakers = [str(one(speaker, RDFS.label, speaker)) for speaker in sorted(facts.get(KG.assertedBy, ()))]
        if not speakers:
            speakers = sorted(str(text) for text in facts.get(KG.speakerText, ()))
        graph.add_edge(
            str(subject), str(obj), key=str(statement),
            relation=_relation_name(one(statement, RDF.predicate, "")),
            verb=str(one(statement, KG.relation)),
            label=str(one(statement, KG.relationText)),
            negated=bool(one(statement, KG.negated, False)),
            modality=str(one(statement, KG.modality)),
            attributed_to=speakers,
            confidence=float(one(statement, KG.confidence, 0.0)),
            sources=[_source(about, sentence) for sentence in sorted(facts.get(KG.sentence, ()))],
            asserted=bool(one(statement, KG.asserted, False)),
            kind=str(one(statement, KG.kind)),
            time=str(one(statement, KG.time)),
            purpose=str(one(statement, KG.purpose)),
        )
    return graph


def count_entities(dataset: QuadSource) -> int:
    """The entities of a graph: its nodes typed with one of kg's entity classes, the nodes of to_networkx and of
    every export (a statement uses them, or an article names them, or they hold a part of one)."""
    if isinstance(dataset, QuadSpool):
        return dataset.count_subjects(RDF.type, ENTITY_CLASSES)
    return len({subject for subject, predicate, obj, _ in dataset.quads(ALL)
                if predicate == RDF.type and obj in ENTITY_CLASSES})


@dataclass(frozen=True)
class _Wanted:
    entities: frozenset  # the entities drawn
    nodes: frozenset  # every node whose triples the view reads: entities, statements, sentences, articles, speakers
    left_out: tuple[str, ...]
    total_facts: int


def _chosen(dataset: QuadSource, choose) -> _Wanted | None:
    """First reading: the outline of the graph, the entities `choose` keeps, and what their view reads;
    None if it keeps every entity."""
    outline = nx.MultiDiGraph()
    labels: dict[URIRef, list] = defaultdict(list)
    aliases: dict[URIRef, list] = defaultdict(list)
    ends: dict[URIRef, list] = defaultdict(lambda: [None, None])
    reads: dict[URIRef, list] = defaultdict(list)  # statement -> its sentences and speakers
    speakers: dict[URIRef, list] = defaultdict(list)  # statement -> speaker entities, or speakers as written
    articles: dict[URIRef, list] = defaultdict(list)  # statement -> its article
    identifiers: dict[URIRef, str] = {}
    types: dict[URIRef, str] = {}
    for subject, predicate, obj, _ in dataset.quads(ALL):
        if predicate == RDF.type and obj in ENTITY_CLASSES:
            types[subject] = min(types.get(subject, ENTITY_CLASSES[obj]), ENTITY_CLASSES[obj])
        elif predicate == RDFS.label:
            labels[subject].append(str(obj))
        elif predicate == SKOS.altLabel:
            aliases[subject].append(str(obj))
        elif predicate == RDF.subject:
            ends[subject][0] = obj
        elif predicate == RDF.object:
            ends[subject][1] = obj
        elif predicate in (KG.sentence, KG.assertedBy):
            reads[subject].append(obj)
            if predicate == KG.assertedBy:
                speakers[subject].append(obj)
        elif predicate == KG.speakerText:
            speakers[subject].append(obj)
        elif predicate == KG.document:
            articles[subject].append(obj)
        elif predicate == SCHEMA.identifier:
            identifiers[subject] = str(obj)
    for node in sorted(types):
        outline.add_node(str(node), label=min(labels[node], default=str(node)), type=types[node],
                         aliases=sorted(set(aliases[node])))
    edges = sorted((statement, pair) for statement, pair in ends.items() if pair[0] in types and pair[1] in types)
    for statement, (subject, obj) in edges:
        said_by = speakers.get(statement, [])
        named = [min(labels[speaker], default=str(speaker)) for speaker in said_by if isinstance(speaker, URIRef)]
        outline.add_edge(str(subject), str(obj), key=str(statement),
                         attributed_to=sorted(named or map(str, said_by)),
                         sources=[{"document": identifiers.get(article, str(article))}
                                  for article in sorted(set(articles.get(statement, ())))])
    kept, left_out = choose(outline)
    if len(kept) == outline.number_of_nodes():
        return None
    chosen = frozenset(URIRef(node) for node in kept)
    statements = [statement for statement, (subject, obj) in edges if subject in chosen and obj in chosen]
    nodes = set(chosen) | set(statements) | set(identifiers)
    nodes.update(node for statement in statements for node in reads.get(statement, ()))
    return _Wanted(entities=chosen, nodes=frozenset(nodes), total_facts=len(edges),
                   left_out=tuple(outline.nodes[node]["label"] for node in left_out))


def _relation_name(predicate) -> str:
    """A predicate <base>relation/<name> as its name (the last segment of every relation IRI kg mints)."""
    return unquote(str(predicate).rsplit("/", 1)[-1])


def _source(about: dict, sentence: URIRef) -> dict:
    facts = about.get(sentence, {})
    article = min(facts.get(KG.document, [URIRef("")]))
    document = about.get(article, {})

    def text(values, default="") -> str:
        return str(min(values)) if values else default

    def number(values) -> int:
        return int(min(values).toPython()) if values and isinstance(min(values), Literal) else 0

    return {
        "document": text(document.get(SCHEMA.identifier, ())),
        "title": text(document.get(SCHEMA.headline, ())),
        "date": text(document.get(SCHEMA.datePublished, ())),
        "sentence": text(facts.get(KG.text, ())),
        "start": number(facts.get(KG.start, ())),
        "end": number(facts.get(KG.end, ())),
        "url": text(document.get(SCHEMA.url, ())),
    }
