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
    relation       str         normalised relation ("authorize", "ask_not_to_use")
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

from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.graph.ontology import ENTITY_TYPES, KG, SCHEMA, WD
from kg.graph.quads import BLANK, QuadSpool, node_key, spool_of, term
from kg.graph.sink import ALL, QuadSource

ENTITY_CLASSES = {KG[name]: name for name in ENTITY_TYPES}
# The view reads the graph as the spool's text records and makes rdflib terms only of the values it
# uses: making a term for each of a big graph's quads cost more than the rest of the view.
_ENTITY_CLASS_N3 = frozenset(iri.n3() for iri in ENTITY_CLASSES)
_STATEMENT_N3 = KG.Statement.n3()
_TYPE, _LABEL, _SUBJECT, _OBJECT = str(RDF.type), str(RDFS.label), str(RDF.subject), str(RDF.object)
_READS = frozenset({str(KG.sentence), str(KG.assertedBy)})  # what a statement's view reads besides its ends
_DOCUMENT = str(KG.document)


def to_networkx(dataset: QuadSource, *, max_entities: int | None = None) -> nx.MultiDiGraph:
    """The entities and statements of the dataset (a QuadSpool or rdflib Dataset) as a MultiDiGraph (see the
    module docstring).

    With `max_entities`, only the entities in the most statements and the statements between
    them: the dataset is read twice and nothing else is kept, so the view of a big archive costs
    memory by what it shows. The graph's attributes then say what was left out: `left_out`
    (labels of the other entities, most connected first) and `total_facts`.
    """
    spool = spool_of(dataset)
    wanted = _most_connected(spool, max_entities) if max_entities is not None else None  # None: all of it
    about = _About()
    for subject, predicate, n3, _, tag, lexical in spool.records():
        if wanted is not None and subject not in wanted.nodes:
            continue
        values = about.records[subject][predicate]
        if (n3, tag, lexical) not in values:
            values.append((n3, tag, lexical))
    records, values = about.records, about.values
    sources: dict[str, dict] = {}  # sentence -> where it was read: many statements share a sentence

    def source(sentence: URIRef) -> dict:
        if sentence not in sources:
            sources[sentence] = _source(about, sentence)
        return dict(sources[sentence])

    def one(node, predicate, default=""):
        found = values(node, predicate)
        return min(found).toPython() if found else default

    graph = nx.MultiDiGraph()
    if wanted is not None:
        graph.graph.update(left_out=wanted.left_out, total_facts=wanted.total_facts)
    entities = (node for node, facts in records.items()
                if any(n3 in _ENTITY_CLASS_N3 for n3, _, _ in facts.get(_TYPE, ()))
                and (wanted is None or node in wanted.entities))
    for node in sorted(entities):
        kind = next(ENTITY_CLASSES[t] for t in sorted(values(node, RDF.type)) if t in ENTITY_CLASSES)
        same_as = [str(iri) for iri in values(node, OWL.sameAs) if str(iri).startswith(str(WD))]
        part_of = values(node, KG.partOf)
        graph.add_node(
            _name(node),
            label=str(one(node, RDFS.label, _name(node))),
            type=kind,
            aliases=sorted(str(alias) for alias in values(node, SKOS.altLabel)),
            wikidata=min(same_as)[len(str(WD)):] if same_as else "",
            part_of=str(min(part_of)) if part_of else "",
        )

    statements = sorted(node for node, facts in records.items()
                        if any(n3 == _STATEMENT_N3 for n3, _, _ in facts.get(_TYPE, ())))
    for statement in statements:
        subject, obj = one(statement, RDF.subject, None), one(statement, RDF.object, None)
        if subject is None or obj is None or str(subject) not in graph or str(obj) not in graph:
            continue
        speakers = [str(one(speaker, RDFS.label, speaker)) for speaker in sorted(values(statement, KG.assertedBy))]
        if not speakers:
            speakers = sorted(str(text) for text in values(statement, KG.speakerText))
        graph.add_edge(
            str(subject), str(obj), key=_name(statement),
            relation=str(one(statement, KG.relation)),
            label=str(one(statement, KG.relationText)),
            negated=bool(one(statement, KG.negated, False)),
            modality=str(one(statement, KG.modality)),
            attributed_to=speakers,
            confidence=float(one(statement, KG.confidence, 0.0)),
            sources=[source(sentence) for sentence in sorted(values(statement, KG.sentence))],
            asserted=bool(one(statement, KG.asserted, False)),
            kind=str(one(statement, KG.kind)),
            time=str(one(statement, KG.time)),
            purpose=str(one(statement, KG.purpose)),
        )
    return graph


class _About:
    """What the view read about each node: per subject (str) and predicate (str), the distinct objects as
    records (N3, datatype or @language, lexical form), in the order read."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, list[tuple[str, str, str]]]] = defaultdict(lambda: defaultdict(list))

    def values(self, node, predicate: URIRef) -> list[URIRef | BNode | Literal]:
        """The objects of (node, predicate) as rdflib terms; node as the records name it, or a term."""
        facts = self.records.get(BLANK + node if isinstance(node, BNode) else str(node))
        return [term(*record) for record in facts.get(str(predicate), ())] if facts else []


def _name(node: str) -> str:
    """str() of the term the records name `node` (a blank node's id without its _:)."""
    return node.removeprefix(BLANK)


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


def _most_connected(spool: QuadSpool, max_entities: int) -> _Wanted | None:
    """First reading: the `max_entities` entities in the most statements, and what their view reads;
    None if there are no more entities than that."""
    entities: set = set()
    names: dict[str, str] = {}
    ends: dict[str, list] = defaultdict(lambda: [None, None])
    reads: dict[str, list] = defaultdict(list)  # statement -> its sentences and speakers
    articles: set = set()
    for subject, predicate, n3, _, _, lexical in spool.records():
        if predicate == _TYPE:
            if n3 in _ENTITY_CLASS_N3:
                entities.add(subject)
        elif predicate == _LABEL:
            name = node_key(n3, lexical)
            names[subject] = min(names.get(subject, name), name)
        elif predicate == _SUBJECT:
            ends[subject][0] = node_key(n3, lexical)
        elif predicate == _OBJECT:
            ends[subject][1] = node_key(n3, lexical)
        elif predicate in _READS:
            reads[subject].append(node_key(n3, lexical))
        elif predicate == _DOCUMENT:
            articles.add(node_key(n3, lexical))
    if len(entities) <= max_entities:
        return None
    labels = {node: names.get(node, node) for node in entities}
    edges = [(statement, pair) for statement, pair in ends.items() if pair[0] in entities and pair[1] in entities]
    degree: Counter = Counter(node for _, pair in edges for node in pair)
    ranked = sorted(entities, key=lambda node: (-degree[node], labels[node], node))
    chosen = frozenset(ranked[:max_entities])
    kept = [statement for statement, (subject, obj) in edges if subject in chosen and obj in chosen]
    nodes = set(chosen) | set(kept) | articles
    nodes.update(node for statement in kept for node in reads.get(statement, ()))
    return _Wanted(entities=chosen, nodes=frozenset(nodes), left_out=tuple(labels[node] for node in ranked[max_entities:]),
                   total_facts=len(edges))


def _source(about: _About, sentence: URIRef) -> dict:
    article = min(about.values(sentence, KG.document) or [URIRef("")])

    def text(values, default="") -> str:
        return str(min(values)) if values else default

    def number(values) -> int:
        return int(min(values).toPython()) if values and isinstance(min(values), Literal) else 0

    return {
        "document": text(about.values(article, SCHEMA.identifier)),
        "title": text(about.values(article, SCHEMA.headline)),
        "date": text(about.values(article, SCHEMA.datePublished)),
        "sentence": text(about.values(sentence, KG.text)),
        "start": number(about.values(sentence, KG.start)),
        "end": number(about.values(sentence, KG.end)),
        "url": text(about.values(article, SCHEMA.url)),
    }
