"""Facts and entities as an RDF dataset: one named graph per article, statements, provenance.

    build_dataset(documents, facts, resolution, base_iri=DEFAULT_BASE_IRI) -> rdflib.Dataset
    kg.graph.quads: the same graph as a spool of sorted quads (big builds), and its Turtle

The model (docs/graph-model.md has a diagram and the Turtle of one fact):
- An entity is `<base><type>/<slug>`, typed `kg:<Type>`, with rdfs:label, skos:altLabel for
  every surface form seen, owl:sameAs to Wikidata where the alias table knows the id, and
  kg:partOf for metonyms and capitals. Entities live in the graph `<base>graph/entities`.
- Each fact is a statement node `<base>statement/<hash>` (kg:Statement, rdf:subject /
  rdf:predicate / rdf:object) with its qualifiers, derived (prov:wasDerivedFrom) from a
  kg:Sentence `<base>document/<id>#char=<start>,<end>` of a schema:NewsArticle.
- A statement's predicate, and its direct edge's, is `<base>relation/<name>`, named after the
  canonical relation its verb form belongs to (kg.graph.relations: authorize_to_use, permit_to_use
  -> rel:authorize); the verb form stays on the statement as kg:relation. A canonical relation
  is a kg:CanonicalRelation with its definition, inverse and Wikidata or schema.org equivalents.
- A fact the admission policy admits (kg.graph.admission) is also a direct
  edge `subject <base>relation/<name> object`. The same edge from several articles is one
  triple, in each article's graph, with one statement per article.
- An article lists the named things it mentions (schema:mentions), facts or not.
- Everything read from an article is in its own graph `<base>graph/<document id>`, so dropping
  that graph removes the article; the build is a prov:Activity in the entities graph, associated
  with kg and with the spaCy pipeline that parsed the articles (its name and version).
- `<base>graph/counts` holds each entity's and relation's number of statements (kg:statementCount,
  kg:factCount, kg:denialCount, kg:claimCount), each relation's name (skos:notation) and the verb
  forms its statements were written with (kg:verbForm), and a
  node `<base>fact/<hash>` for each fact (subject, relation, object) that more than one article
  reports, not negated, with its number of articles (kg:articleCount) and their first and last
  date; re-derived by every build, for the rankings.

IRIs are built from percent-encoded slugs and checked before use: IRIError for a bad one.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TypeVar
from urllib.parse import quote

import pyoxigraph
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import __version__
from kg.errors import KgError
from kg.graph import admission
from kg.graph.ontology import KG, SCHEMA, WD, bind_prefixes
from kg.graph.relations import Schema, default_schema
from kg.graph.sink import QuadSink
from kg.types import Document, Fact, Mention, Resolution

DEFAULT_BASE_IRI = "https://example.org/kg/"
ENTITIES_GRAPH = "graph/entities"
COUNTS_GRAPH = "graph/counts"
# The predicates of the counts graph: numbers derived from every statement, a relation's name, and
# what a reported fact is.
COUNTS = frozenset({KG.statementCount, KG.factCount, KG.denialCount, KG.claimCount, SKOS.notation, KG.verbForm,
                    KG.factSubject, KG.factRelation, KG.factObject, KG.articleCount, KG.firstDate, KG.lastDate})
TOOL_NAME = "kg"
# An IRI kg writes: absolute, ASCII, and only characters no Turtle, N-Triples or SPARQL parser
# (rdflib, Oxigraph, raptor, serd, RDF4J) treats specially; everything else is percent-encoded.
SAFE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~%!$&()*+,;=:@/?#]+$")
BASE_IRI = re.compile(
    r"^(?:https?://[A-Za-z0-9.-]+(?::[0-9]+)?/(?:[A-Za-z0-9\-._~%!$&()*+,;=:@/]*)[/#]"  # http(s): host, port, path
    r"|urn:[A-Za-z0-9\-._~%:]+[:/#])$"
)
RELATION_SLUG = re.compile(r"[^\w-]+")
# Entities an article mentions are listed (schema:mentions) unless they are of these types,
# which every noun phrase has: they are nodes only when a fact uses them.
UNNAMED_TYPES = {"Concept", "Date"}
RELATION_PREFIX = "rel"  # bound to <base>relation/ in every dataset kg builds
RECENT_LITERALS = 100_000  # literals the builder keeps for reuse (about 20 MB), forgotten all at once beyond


class GraphError(KgError, ValueError):
    """A graph that cannot be built as asked; the message is one line saying why."""


class IRIError(GraphError):
    """A base IRI, or an IRI made from it, that parsers or importers would reject."""


def check_base_iri(base_iri: str) -> str:
    """Return base_iri if it can prefix kg's IRIs: absolute http(s) or urn, ending in / or #."""
    if not BASE_IRI.match(base_iri or ""):
        raise IRIError(
            f"base IRI {base_iri!r} is not usable: give an absolute http(s):// or urn: IRI of ASCII "
            f"letters, digits and -._~%/:@ that ends in '/' or '#' (e.g. {DEFAULT_BASE_IRI})"
        )
    return base_iri


def make_iri(base_iri: str, *segments: str, fragment: str | None = None) -> URIRef:
    """`base_iri` plus percent-encoded path segments (any script, spaces, quotes), checked."""
    path = "/".join(quote(segment, safe="") for segment in segments)
    iri = base_iri + path + (f"#{quote(fragment, safe='=,')}" if fragment is not None else "")
    return checked(iri)


def checked(iri: str) -> URIRef:
    """An IRI that passed both kg's conservative pattern and Oxigraph's RFC 3987 parser."""
    if not SAFE_IRI.match(iri):
        raise IRIError(f"refusing to write IRI {iri!r}: it has characters parsers reject")
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as error:
        raise IRIError(f"refusing to write IRI {iri!r}: {error}") from None
    return URIRef(iri)


def relation_slug(relation: str) -> str:
    """A relation as a predicate name: "ask not to use" -> "ask_not_to_use"."""
    return RELATION_SLUG.sub("_", relation.strip().casefold()).strip("_") or "related_to"


def build_time(documents: Iterable[Document], source_date_epoch: int | None = None) -> datetime:
    """When the build happened, as recorded: `source_date_epoch` (seconds since 1970) if given, else the
    newest article date. Never the wall clock, so that the same articles always give the same bytes.
    """
    if source_date_epoch is not None:
        return datetime.fromtimestamp(source_date_epoch, tz=UTC)
    dates = [parsed for document in documents if (parsed := _iso_date(document.date))]
    newest = max(dates, default=date(1970, 1, 1))
    return datetime(newest.year, newest.month, newest.day, tzinfo=UTC)


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class _Builder:
    def __init__(self, dataset: QuadSink, documents: list[Document], resolution: Resolution, base_iri: str,
                 min_confidence: float = 0.0, schema: Schema | None = None) -> None:
        self.base = check_base_iri(base_iri)
        self.min_confidence = min_confidence
        self.schema = schema or default_schema()
        self.documents = {document.id: document for document in documents}
        self.resolution = resolution
        self.entities = {entity.key: entity for entity in resolution.entities}
        self.dataset = dataset  # an rdflib Dataset, or a kg.graph.QuadSpool for big graphs
        bind_prefixes(self.dataset)
        self.dataset.bind(RELATION_PREFIX, self.base + "relation/", override=True, replace=True)
        self.shared = self.dataset.graph(make_iri(self.base, *ENTITIES_GRAPH.split("/")))
        self.used: set[str] = set()
        self.relations: dict[str, set[str]] = {}  # predicate name -> the verb forms written with it
        # (entity or relation, count property) -> statements, written to a graph of their own that
        # every build re-derives (the entities graph only ever grows): the queries that rank by
        # these counts then need not count every statement (docs/graph-model.md).
        self.counts: Counter[tuple[URIRef, URIRef]] = Counter()
        # (subject key, relation, object key) of each fact stated (not negated) -> the id of the one
        # article that states it, or the set of them once a second one does: sets only for the facts
        # that get a node (more than one article), so memory stays one small entry per fact.
        self.reports: dict[tuple[str, str, str], str | set[str]] = {}
        self.counted = self.dataset.graph(make_iri(self.base, *COUNTS_GRAPH.split("/")))
        self._iris: dict[tuple[str, ...], URIRef] = {}
        self._literals: dict[tuple, Literal] = {}

    def literal(self, value: str | int | bool, *, lang: str | None = None, datatype: URIRef | None = None) -> Literal:
        """Literal(value, lang=lang, datatype=datatype), made once while it recurs: names, relations, flags,
        numbers and a sentence's text come back in fact after fact (a Literal costs a few µs to make)."""
        key = (type(value), value, lang, datatype)
        found = self._literals.get(key)
        if found is None:
            if len(self._literals) >= RECENT_LITERALS:
                self._literals.clear()
            found = self._literals[key] = Literal(value, lang=lang, datatype=datatype)
        return found

    def iri(self, *segments: str) -> URIRef:
        """make_iri(base, *segments), made once a build: entities, articles and relations recur in many facts."""
        found = self._iris.get(segments)
        if found is None:
            found = self._iris[segments] = make_iri(self.base, *segments)
        return found

    def entity_iri(self, key: str) -> URIRef:
        return self.iri(*key.split("/"))

    def document_iri(self, doc_id: str) -> URIRef:
        return self.iri("document", doc_id)

    def entity_key(self, mention: Mention | None) -> str | None:
        if mention is None:
            return None
        key = self.resolution.mention_entity.get((mention.doc_id, mention.start, mention.end))
        if key is None or key not in self.entities:
            return None
        self.used.add(key)
        return key

    def entity_of(self, mention: Mention | None) -> URIRef | None:
        key = self.entity_key(mention)
        return None if key is None else self.entity_iri(key)

    def add_document(self, document: Document) -> Graph:
        graph = self.dataset.graph(make_iri(self.base, "graph", document.id))
        article = self.document_iri(document.id)
        graph.add((article, RDF.type, SCHEMA.NewsArticle))
        graph.add((article, SCHEMA.identifier, Literal(document.id)))
        if document.title:
            graph.add((article, SCHEMA.headline, Literal(document.title, lang=document.language)))
        published = _iso_date(document.date)
        if published is not None:
            graph.add((article, SCHEMA.datePublished, Literal(published.isoformat(), datatype=XSD.date)))
        if document.author:
            graph.add((article, SCHEMA.author, Literal(document.author)))
        if document.url:
            # Untrusted text: a literal, never an IRI that could break a parser.
            graph.add((article, SCHEMA.url, Literal(document.url, datatype=XSD.anyURI)))
        if document.source:
            graph.add((article, KG.source, Literal(document.source)))
        return graph

    def add_fact(self, graph: Graph, fact: Fact, activity: URIRef) -> bool:
        """Write one fact; False if its subject refers to nothing (an unresolved pronoun)."""
        subject_key = self.entity_key(fact.subject)
        if subject_key is None:
            return False
        subject = self.entity_iri(subject_key)
        document = self.documents[fact.doc_id]
        article = self.document_iri(document.id)
        statement_id = _statement_id(fact)
        statement = make_iri(self.base, "statement", statement_id)
        object_key = self.entity_key(fact.object)
        obj_entity = None if object_key is None else self.entities[object_key]
        relation = self.schema.canonical(fact.relation, admission.object_types(obj_entity))
        predicate = self.relation_iri(relation, fact.relation)
        # The parser's sentence may begin or end with white space; the graph keeps the words only.
        text = fact.sentence.text.strip()
        start = fact.sentence.start + (len(fact.sentence.text) - len(fact.sentence.text.lstrip()))
        end = start + len(text)
        sentence = make_iri(self.base, "document", document.id, fragment=f"char={start},{end}")
        graph.add((sentence, RDF.type, KG.Sentence))
        graph.add((sentence, KG.document, article))
        graph.add((sentence, KG.text, self.literal(text, lang=document.language)))  # the article's language
        graph.add((sentence, KG.start, self.literal(start)))
        graph.add((sentence, KG.end, self.literal(end)))

        graph.add((statement, RDF.type, KG.Statement))
        graph.add((statement, RDF.subject, subject))
        graph.add((statement, RDF.predicate, predicate))
        graph.add((statement, KG.relation, self.literal(fact.relation)))
        graph.add((statement, KG.relationText, self.literal(fact.relation_text)))
        graph.add((statement, KG.subjectText, self.literal(fact.subject.text)))
        obj = None if object_key is None else self.entity_iri(object_key)
        if obj is not None:
            graph.add((statement, RDF.object, obj))
        if fact.object is not None:
            graph.add((statement, KG.objectText, self.literal(fact.object.text)))
        graph.add((statement, KG.negated, self.literal(fact.negated)))
        if fact.modality:
            graph.add((statement, KG.modality, self.literal(fact.modality)))
        speaker = None
        if fact.attribution is not None:
            speaker = self.entity_of(fact.attribution.speaker)
            if speaker is not None:
                graph.add((statement, KG.assertedBy, speaker))
            graph.add((statement, KG.speakerText, self.literal(fact.attribution.speaker.text)))
            graph.add((statement, KG.reportingVerb, self.literal(fact.attribution.verb)))
        if fact.time:
            graph.add((statement, KG.time, self.literal(fact.time)))
        place = self.entity_of(fact.place)
        if place is not None:
            graph.add((statement, KG.place, place))
        if fact.purpose:
            graph.add((statement, KG.purpose, self.literal(fact.purpose)))
        graph.add((statement, KG.confidence, self.literal(f"{admission.confidence(fact):.3f}", datatype=XSD.decimal)))
        graph.add((statement, KG.kind, self.literal(fact.kind)))
        for number, argument in enumerate(fact.arguments, start=1):
            node = make_iri(self.base, "statement", statement_id, "argument", str(number))
            graph.add((statement, KG.argument, node))
            graph.add((node, RDF.type, KG.Argument))
            graph.add((node, KG.role, self.literal(argument.role)))
            graph.add((node, KG.valueText, self.literal(argument.mention.text)))
            value = self.entity_of(argument.mention)
            if value is not None:
                graph.add((node, KG.value, value))
        graph.add((statement, KG.sentence, sentence))
        graph.add((statement, KG.document, article))
        published = _iso_date(document.date)
        if published is not None:
            graph.add((statement, KG.documentDate, self.literal(published.isoformat(), datatype=XSD.date)))
        graph.add((statement, PROV.wasDerivedFrom, sentence))
        graph.add((statement, PROV.wasGeneratedBy, activity))
        reason = admission.withheld(fact, self.entities[subject_key], obj_entity, min_confidence=self.min_confidence,
                                    schema=self.schema)
        asserted = reason is None
        graph.add((statement, KG.asserted, self.literal(asserted)))
        if reason is not None:
            graph.add((statement, KG.withheldBecause, self.literal(reason)))
        for qualifier in fact.qualifiers:
            graph.add((statement, KG.qualifier, self.literal(qualifier)))
        if asserted:
            graph.add((subject, predicate, obj))
        for node in {subject, obj} - {None}:
            self.counts[node, KG.statementCount] += 1
            self.counts[node, KG.factCount] += asserted
        for count, counted in ((KG.statementCount, True), (KG.factCount, asserted), (KG.denialCount, fact.negated),
                               (KG.claimCount, speaker is not None)):
            self.counts[predicate, count] += counted
        if obj is not None and not fact.negated:
            self.report(subject_key, relation, object_key, document.id)
        return True

    def report(self, subject: str, relation: str, obj: str, doc_id: str) -> None:
        """Note that article doc_id states the fact subject-relation-object."""
        key = (subject, relation, obj)
        articles = self.reports.setdefault(key, doc_id)
        if isinstance(articles, set):
            articles.add(doc_id)
        elif articles != doc_id:
            self.reports[key] = {articles, doc_id}

    def add_reported_facts(self) -> None:
        """A node in the counts graph for each fact more than one article states: what it is, in how many
        articles, and their first and last date (multi-source-facts reads a page of them)."""
        for (subject, relation, obj), articles in self.reports.items():
            if not isinstance(articles, set):
                continue
            node = make_iri(self.base, "fact", _fact_id(subject, relation, obj))
            self.counted.add((node, KG.factSubject, self.entity_iri(subject)))
            self.counted.add((node, KG.factRelation, Literal(relation)))
            self.counted.add((node, KG.factObject, self.entity_iri(obj)))
            self.counted.add((node, KG.articleCount, Literal(len(articles))))
            dates = [published for doc_id in articles if (published := _iso_date(self.documents[doc_id].date))]
            if dates:
                self.counted.add((node, KG.firstDate, Literal(min(dates).isoformat(), datatype=XSD.date)))
                self.counted.add((node, KG.lastDate, Literal(max(dates).isoformat(), datatype=XSD.date)))

    def add_mentions(self, graphs: dict[str, Graph]) -> None:
        """`article schema:mentions entity` for every named thing an article mentions, fact or not."""
        for (doc_id, _, _), key in sorted(self.resolution.mention_entity.items()):
            entity = self.entities.get(key)
            if doc_id in graphs and entity is not None and entity.type not in UNNAMED_TYPES:
                graphs[doc_id].add((self.document_iri(doc_id), SCHEMA.mentions, self.entity_iri(key)))
                self.used.add(key)

    def relation_iri(self, relation: str, verb_form: str) -> URIRef:
        name = relation_slug(relation)
        self.relations.setdefault(name, set()).add(verb_form)
        return self.iri("relation", name)

    def add_shared(self, activity: URIRef, when: datetime, version: str, pipelines: Iterable[str]) -> None:
        shared = self.shared
        for key in sorted(self._with_parents(self.used)):
            entity = self.entities[key]
            node = self.entity_iri(key)
            shared.add((node, RDF.type, KG[entity.type]))
            shared.add((node, RDFS.label, Literal(entity.name)))
            for alias in entity.aliases:
                shared.add((node, SKOS.altLabel, Literal(alias)))
            if entity.wikidata:
                shared.add((node, OWL.sameAs, WD[entity.wikidata]))
            if entity.part_of and entity.part_of in self.entities:
                shared.add((node, KG.partOf, self.entity_iri(entity.part_of)))
            self._add_counts(node, (KG.statementCount, KG.factCount))
        for name, verb_forms in sorted(self.relations.items()):
            predicate = self.iri("relation", name)
            shared.add((predicate, RDF.type, KG.Relation))
            shared.add((predicate, RDF.type, OWL.ObjectProperty))
            shared.add((predicate, RDFS.subPropertyOf, KG.relatedTo))
            shared.add((predicate, RDFS.label, Literal(name.replace("_", " "))))
            canonical = self.schema.relation(name)
            if canonical is not None:
                self.add_canonical(predicate, canonical)
            self.counted.add((predicate, SKOS.notation, Literal(name)))
            for verb_form in sorted(verb_forms):
                self.counted.add((predicate, KG.verbForm, Literal(verb_form)))
            self._add_counts(predicate, (KG.statementCount, KG.factCount, KG.denialCount, KG.claimCount))
        agent = make_iri(self.base, "software", f"{TOOL_NAME}-{version}")
        shared.add((agent, RDF.type, PROV.SoftwareAgent))
        shared.add((agent, RDFS.label, Literal(f"{TOOL_NAME} {version}")))
        shared.add((agent, SCHEMA.softwareVersion, Literal(version)))
        shared.add((activity, RDF.type, PROV.Activity))
        shared.add((activity, RDFS.label, Literal(f"{TOOL_NAME} build")))
        stamp = Literal(when.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime)
        shared.add((activity, PROV.startedAtTime, stamp))
        shared.add((activity, PROV.endedAtTime, stamp))
        shared.add((activity, PROV.wasAssociatedWith, agent))
        for pipeline in pipelines:  # the spaCy pipelines that parsed the articles: facts differ with them
            name, _, pipeline_version = pipeline.partition(" ")
            parser = make_iri(self.base, "software", pipeline.replace(" ", "-"))
            shared.add((parser, RDF.type, PROV.SoftwareAgent))
            shared.add((parser, RDFS.label, Literal(f"spaCy pipeline {pipeline}")))
            shared.add((parser, SCHEMA.name, Literal(name)))
            if pipeline_version:
                shared.add((parser, SCHEMA.softwareVersion, Literal(pipeline_version)))
            shared.add((activity, PROV.wasAssociatedWith, parser))
        for doc_id in sorted(self.documents):
            shared.add((activity, PROV.used, self.document_iri(doc_id)))

    def add_canonical(self, predicate: URIRef, relation) -> None:
        """What the vocabulary says of a canonical relation: its meaning, inverse and standard equivalents."""
        shared = self.shared
        shared.add((predicate, RDF.type, KG.CanonicalRelation))
        shared.add((predicate, SKOS.prefLabel, Literal(relation.label or relation.name.replace("_", " "))))
        if relation.description:
            shared.add((predicate, SKOS.definition, Literal(relation.description)))
        if relation.inverse:
            inverse = self.schema.renames.get(relation.inverse, relation.inverse)
            shared.add((predicate, OWL.inverseOf, self.iri("relation", relation_slug(inverse))))
        for iri in relation.equivalent:
            shared.add((predicate, OWL.equivalentProperty, checked(iri)))
        for iri in relation.close:
            shared.add((predicate, SKOS.closeMatch, checked(iri)))

    def _add_counts(self, node: URIRef, counts: tuple[URIRef, ...]) -> None:
        for count in counts:
            if self.counts[node, count]:
                self.counted.add((node, count, Literal(self.counts[node, count])))

    def _with_parents(self, keys: set[str]) -> set[str]:
        found, pending = set(), list(keys)
        while pending:
            key = pending.pop()
            if key in found or key not in self.entities:
                continue
            found.add(key)
            if self.entities[key].part_of:
                pending.append(self.entities[key].part_of)
        return found


def _statement_id(fact: Fact) -> str:
    """A content hash of the fact in its article: stable whatever else is in the build."""
    speaker = fact.attribution.speaker if fact.attribution else None
    parts = [
        fact.doc_id, fact.sentence.start, fact.subject.start, fact.subject.end, fact.relation,
        fact.object.start if fact.object else "", fact.object.end if fact.object else "",
        fact.negated, fact.modality or "", speaker.start if speaker else "", fact.kind,
    ]
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def _fact_id(subject: str, relation: str, obj: str) -> str:
    """A hash of what a fact says (its entities' keys and its relation): the same in every build."""
    return hashlib.sha1(f"{subject}\x1f{relation}\x1f{obj}".encode()).hexdigest()[:16]


def build_dataset(
    documents: Iterable[Document], facts: Iterable[Fact], resolution: Resolution, *,
    base_iri: str = DEFAULT_BASE_IRI, min_confidence: float = 0.0, schema: Schema | None = None,
    pipelines: Iterable[str] = (), source_date_epoch: int | None = None,
) -> Dataset:
    """The RDF dataset of a build. Raises IRIError for an unusable base IRI.
    Facts below `min_confidence` are statements only, never plain edges (kg.graph.admission); `schema`
    (default: kg's vocabulary) names the relations and may narrow the plain layer (kg.graph.relations);
    `pipelines` name the spaCy pipelines that parsed the articles, with their versions ("en_kg 0.1.0");
    `source_date_epoch` is the build time recorded (build_time)."""
    return fill_dataset(Dataset(), documents, facts, resolution, base_iri=base_iri, min_confidence=min_confidence,
                        schema=schema, pipelines=pipelines, source_date_epoch=source_date_epoch)


Sink = TypeVar("Sink", bound=QuadSink)


def fill_dataset(dataset: Sink, documents: Iterable[Document], facts: Iterable[Fact], resolution: Resolution, *,
                 base_iri: str, min_confidence: float, schema: Schema | None, pipelines: Iterable[str],
                 source_date_epoch: int | None) -> Sink:
    """Add the graph of a build to `dataset` (a QuadSink: an rdflib Dataset or a QuadSpool) and return it;
    the options are build_dataset's."""
    documents = list(documents)
    builder = _Builder(dataset, documents, resolution, base_iri, min_confidence, schema)
    when = build_time(documents, source_date_epoch)
    activity = make_iri(builder.base, "build", f"{TOOL_NAME}-{__version__}-{when.strftime('%Y%m%dT%H%M%SZ')}")
    graphs = {document.id: builder.add_document(document) for document in documents}
    for fact in facts:
        if fact.doc_id in graphs:
            builder.add_fact(graphs[fact.doc_id], fact, activity)
    builder.add_mentions(graphs)
    builder.add_shared(activity, when, __version__, pipelines)
    builder.add_reported_facts()
    return builder.dataset


def union_graph(dataset: Dataset) -> Graph:
    """Every graph's triples in one Graph, with kg's prefixes bound."""
    union = Graph(bind_namespaces="none")
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace, override=True, replace=True)
    bind_prefixes(union)
    for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
        union.add((subject, predicate, obj))
    return union
