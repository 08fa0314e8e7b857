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

from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg import deferred
from kg.graph.ontology import ENTITY_TYPES, KG, SCHEMA, WD
from kg.graph.quads import BLANK, QuadSpool, object_node, spool_of, term, term_text
from kg.graph.sink import ALL, QuadSource

nx = deferred("networkx")  # imported on first use (kg.DEFERRED_MODULES)

ENTITY_CLASSES = {KG[name]: name for name in ENTITY_TYPES}
# The view reads the spool's text records, and makes an rdflib term only to compare several values of
# one property or to read a typed literal: a term for every quad of a big graph cost more than the page.
_CLASS_NAMES = {f"<{iri}>": name for iri, name in ENTITY_CLASSES.items()}
_STATEMENT = f"<{KG.Statement}>"
_TYPE, _LABEL, _ALIAS, _SUBJECT, _OBJECT = map(str, (RDF.type, RDFS.label, SKOS.altLabel, RDF.subject, RDF.object))
_SENTENCE, _ASSERTED_BY, _SPEAKER_TEXT, _DOCUMENT = map(str, (KG.sentence, KG.assertedBy, KG.speakerText,
                                                               KG.document))
# The article's properties the page reads for every sentence (an rdflib Namespace makes a new term on each read).
_IDENTIFIER, _HEADLINE, _PUBLISHED, _URL = map(str, (SCHEMA.identifier, SCHEMA.headline, SCHEMA.datePublished,
                                                    SCHEMA.url))
_STRING, _BOOLEAN, _INTEGER = str(XSD.string), str(XSD.boolean), str(XSD.integer)

# What the first reading of a capped view reads.
_OUTLINE = (RDF.type, RDFS.label, SKOS.altLabel, RDF.subject, RDF.object, KG.sentence, KG.assertedBy, KG.speakerText,
            KG.document, SCHEMA.identifier)

Record = tuple[str, str, str]  # an object as the spool holds it: N3, datatype or @language, lexical form


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
    spool = spool_of(dataset)
    try:
        wanted = _chosen(spool, choose) if choose is not None else None  # None: all of it
        about = _About(spool, None if wanted is None else wanted.nodes)
    finally:
        if spool is not dataset:
            spool.close()

    graph = nx.MultiDiGraph()
    if wanted is not None:
        graph.graph.update(left_out=wanted.left_out, total_facts=wanted.total_facts)
    entities = (node for node, facts in about.facts.items()
                if any(n3 in _CLASS_NAMES for n3, _, _ in facts.get(_TYPE, ()))
                and (wanted is None or node in wanted.entities))
    for node in sorted(entities, key=_node_order):
        kind = min((term_text(n3, ""), _CLASS_NAMES[n3]) for n3, _, _ in about.objects(node, _TYPE)
                   if n3 in _CLASS_NAMES)[1]
        same_as = [text for text in about.texts(node, OWL.sameAs) if text.startswith(str(WD))]
        graph.add_node(
            _node_id(node),
            label=about.string(node, RDFS.label, _node_id(node)),
            type=kind,
            aliases=sorted(about.texts(node, SKOS.altLabel)),
            wikidata=min(same_as)[len(str(WD)):] if same_as else "",
            part_of=about.text(node, KG.partOf),
        )

    statements = sorted((node for node, facts in about.facts.items()
                         if any(n3 == _STATEMENT for n3, _, _ in facts.get(_TYPE, ()))), key=_node_order)
    for statement in statements:
        subject, obj = about.value(statement, RDF.subject, None), about.value(statement, RDF.object, None)
        if subject is None or obj is None or str(subject) not in graph or str(obj) not in graph:
            continue
        speakers = [about.string(object_node(speaker[0]), RDFS.label, term_text(speaker[0], speaker[2]))
                    for speaker in about.sorted_objects(statement, KG.assertedBy)]
        if not speakers:
            speakers = sorted(about.texts(statement, KG.speakerText))
        graph.add_edge(
            str(subject), str(obj), key=_node_id(statement),
            relation=_relation_name(about.string(statement, RDF.predicate)),
            verb=about.string(statement, KG.relation),
            label=about.string(statement, KG.relationText),
            negated=bool(about.value(statement, KG.negated, False)),
            modality=about.string(statement, KG.modality),
            attributed_to=speakers,
            confidence=float(about.value(statement, KG.confidence, 0.0)),
            sources=[_source(about, sentence) for sentence in about.sorted_objects(statement, KG.sentence)],
            asserted=bool(about.value(statement, KG.asserted, False)),
            kind=about.string(statement, KG.kind),
            time=about.string(statement, KG.time),
            purpose=about.string(statement, KG.purpose),
        )
    return graph


def count_entities(dataset: QuadSource) -> int:
    """The entities of a graph: its nodes typed with one of kg's entity classes, the nodes of to_networkx and of
    every export (a statement uses them, or an article names them, or they hold a part of one)."""
    if isinstance(dataset, QuadSpool):
        return dataset.count_subjects(RDF.type, ENTITY_CLASSES)
    return len({subject for subject, predicate, obj, _ in dataset.quads(ALL)
                if predicate == RDF.type and obj in ENTITY_CLASSES})


class _About:
    """What the view read about each node: per subject and predicate (as text: an IRI, or _:id for a blank
    node), the distinct objects as records, in the order read; only the subjects in `nodes`, if given."""

    def __init__(self, spool: QuadSpool, nodes: frozenset[str] | None) -> None:
        self.facts: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
        for subject, predicate, n3, _, tag, lexical in spool.records(subjects=nodes):
            values = self.facts[subject][predicate]
            if (n3, tag, lexical) not in values:
                values.append((n3, tag, lexical))

    def objects(self, node: str | None, predicate) -> list[Record]:
        facts = self.facts.get(node) if node is not None else None
        return facts.get(str(predicate), []) if facts else []

    def texts(self, node: str | None, predicate) -> list[str]:
        """str() of each object."""
        return [term_text(n3, lexical) for n3, _, lexical in self.objects(node, predicate)]

    def sorted_objects(self, node: str | None, predicate) -> list[Record]:
        """The objects in rdflib's order of their terms."""
        return _in_term_order(self.objects(node, predicate))

    def least(self, node: str | None, predicate) -> Record | None:
        """The least object in rdflib's order, or None."""
        found = self.sorted_objects(node, predicate)
        return found[0] if found else None

    def text(self, node: str | None, predicate, default: str = "") -> str:
        """str() of the least object, or `default` if there is none."""
        least = self.least(node, predicate)
        return default if least is None else term_text(least[0], least[2])

    def value(self, node: str | None, predicate, default=None):
        """The least object's Python value (rdflib's toPython, a resource as its str), or `default`."""
        least = self.least(node, predicate)
        return default if least is None else _python(least)

    def string(self, node: str | None, predicate, default: str = "") -> str:
        return str(self.value(node, predicate, default))


def _python(record: Record):
    """rdflib's toPython() of a record's term, a resource as its str; a term made only for typed literals."""
    n3, tag, lexical = record
    if n3.startswith("<") or n3.startswith(BLANK) or not tag or tag.startswith("@") or tag == _STRING:
        return term_text(n3, lexical)
    if tag == _BOOLEAN and lexical in ("true", "false"):
        return lexical == "true"
    if tag == _INTEGER and lexical.isascii() and lexical.removeprefix("-").isdigit():
        return int(lexical)  # as rdflib's, without making a Literal (the page reads two per sentence)
    return term(n3, tag, lexical).toPython()


def _in_term_order(records: list[Record]) -> list[Record]:
    """Records sorted as rdflib sorts their terms (terms made only when that is not the order of their IRIs)."""
    if len(records) < 2:
        return records
    if all(n3.startswith("<") for n3, _, _ in records):
        return sorted(records, key=lambda record: term_text(record[0], ""))
    terms = [term(*record) for record in records]
    return [records[index] for index in sorted(range(len(records)), key=terms.__getitem__)]


def _node_id(node: str) -> str:
    """A subject's node id in the view: str() of its term (a blank node's id without _:)."""
    return node[len(BLANK):] if node.startswith(BLANK) else node


def _node_order(node: str) -> tuple[bool, str]:
    """rdflib's order of subject terms: blank nodes first, then IRIs."""
    return not node.startswith(BLANK), _node_id(node)


@dataclass(frozen=True)
class _Wanted:
    entities: frozenset[str]  # the entities drawn
    nodes: frozenset[str]  # every node the view reads: entities, statements, sentences, articles, speakers
    left_out: tuple[str, ...]
    total_facts: int


def _chosen(spool: QuadSpool, choose) -> _Wanted | None:
    """First reading: the outline of the graph, the entities `choose` keeps, and what their view reads;
    None if it keeps every entity."""
    outline = nx.MultiDiGraph()
    labels: dict[str, list[str]] = defaultdict(list)
    aliases: dict[str, list[str]] = defaultdict(list)
    ends: dict[str, list] = defaultdict(lambda: [None, None])
    reads: dict[str, list[str]] = defaultdict(list)  # statement -> its sentences and speakers
    speakers: dict[str, list[Record]] = defaultdict(list)  # statement -> speaker entities, or speakers as written
    articles: dict[str, list[Record]] = defaultdict(list)  # statement -> its article
    identifiers: dict[str, str] = {}
    types: dict[str, str] = {}
    for subject, predicate, n3, _, tag, lexical in spool.records(predicates=_OUTLINE):
        if predicate == _TYPE:
            name = _CLASS_NAMES.get(n3)
            if name is not None:
                types[subject] = min(types.get(subject, name), name)
        elif predicate == _LABEL:
            labels[subject].append(term_text(n3, lexical))
        elif predicate == _ALIAS:
            aliases[subject].append(term_text(n3, lexical))
        elif predicate == _SUBJECT:
            ends[subject][0] = object_node(n3)
        elif predicate == _OBJECT:
            ends[subject][1] = object_node(n3)
        elif predicate in (_SENTENCE, _ASSERTED_BY):
            node = object_node(n3)
            if node is not None:
                reads[subject].append(node)
            if predicate == _ASSERTED_BY:
                speakers[subject].append((n3, tag, lexical))
        elif predicate == _SPEAKER_TEXT:
            speakers[subject].append((n3, tag, lexical))
        elif predicate == _DOCUMENT:
            articles[subject].append((n3, tag, lexical))
        elif predicate == _IDENTIFIER:
            identifiers[subject] = term_text(n3, lexical)
    ids = {}  # node id -> subject
    for node in sorted(types, key=_node_order):
        ids[_node_id(node)] = node
        outline.add_node(_node_id(node), label=min(labels[node], default=_node_id(node)), type=types[node],
                         aliases=sorted(set(aliases[node])))
    edges = sorted(((statement, pair) for statement, pair in ends.items() if pair[0] in types and pair[1] in types),
                   key=lambda edge: _node_order(edge[0]))
    for statement, (subject, obj) in edges:
        said_by = speakers.get(statement, [])
        named = [min(labels.get(object_node(n3), ()), default=term_text(n3, lexical))
                 for n3, _, lexical in said_by if n3.startswith("<")]
        outline.add_edge(_node_id(subject), _node_id(obj), key=_node_id(statement),
                         attributed_to=sorted(named or (term_text(n3, lexical) for n3, _, lexical in said_by)),
                         sources=[{"document": _identifier(identifiers, article)}
                                  for article in _in_term_order(list(dict.fromkeys(articles.get(statement, ()))))])
    kept, left_out = choose(outline)
    if len(kept) == outline.number_of_nodes():
        return None
    chosen = frozenset(ids[node] for node in kept)
    statements = [statement for statement, (subject, obj) in edges if subject in chosen and obj in chosen]
    nodes = set(chosen) | set(statements) | set(identifiers)
    nodes.update(node for statement in statements for node in reads.get(statement, ()))
    return _Wanted(entities=chosen, nodes=frozenset(nodes), total_facts=len(edges),
                   left_out=tuple(outline.nodes[node]["label"] for node in left_out))


def _identifier(identifiers: dict[str, str], article: Record) -> str:
    """An article's schema:identifier, or str() of the article if it has none."""
    node = object_node(article[0])
    return identifiers[node] if node in identifiers else term_text(article[0], article[2])


def _relation_name(predicate: str) -> str:
    """A predicate <base>relation/<name> as its name (the last segment of every relation IRI kg mints)."""
    return unquote(predicate.rsplit("/", 1)[-1])


def _source(about: _About, sentence: Record) -> dict:
    node = object_node(sentence[0])
    article = about.least(node, KG.document)
    document = object_node(article[0]) if article else None

    def number(predicate) -> int:
        least = about.least(node, predicate)
        return int(_python(least)) if least is not None and object_node(least[0]) is None else 0

    return {
        "document": about.text(document, _IDENTIFIER),
        "title": about.text(document, _HEADLINE),
        "date": about.text(document, _PUBLISHED),
        "sentence": about.text(node, KG.text),
        "start": number(KG.start),
        "end": number(KG.end),
        "url": about.text(document, _URL),
    }
