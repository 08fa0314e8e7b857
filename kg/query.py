"""Ask the graph: run SPARQL on a kg graph with Oxigraph (fast) or rdflib, parameters bound as terms.

    store = kg.query.load("out/graph.ttl")                       # or an Oxigraph store folder
    result = kg.query.run(Path("queries/statements-by.sparql").read_text(), store,
                          params={"speakerName": Literal("Dmitry Peskov")})

Parameters are never written into the query text: Oxigraph substitutes them (SPARQL-dev SEP-0007)
and rdflib pre-binds them (initBindings). SEP-0007 asks that a parameter be one of the query's
result variables, so kg checks that on both engines and the two agree. The default graph is the
union of all graphs (one per article), so a query does not need GRAPH to see every article.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal as Choice

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import KgError
from kg.graph import files
from kg.graph.ontology import PREFIXES

Engine = Choice["oxigraph", "rdflib"]
OxigraphTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
ENGINES: tuple[Engine, ...] = ("oxigraph", "rdflib")
OUTPUT_FORMATS = ("table", "csv", "json")
SPARQL_KEYWORDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "BASE")

# kg's prefix table: predeclared in every query (a query may redeclare), and used to shorten IRIs.
DEFAULT_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
_PREFIX_DECLARATION = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", re.IGNORECASE | re.MULTILINE)
_OXIGRAPH_LOCATION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"[+-]?(\d+|\d*\.\d+)")
_PARAM_NOT_PROJECTED = re.compile(r"variable \?(\w+) in its SELECT projection")
MAX_ERROR_CHARS = 240
_PLACEHOLDER = "urn:kg:parameter"


class QueryError(KgError, ValueError):
    """A query that cannot run (bad parameter, evaluation error); the message is one line."""


class QuerySyntaxError(QueryError):
    """A SPARQL syntax error, with its 1-based line and column in the query text."""

    def __init__(self, source: str, line: int, column: int, message: str) -> None:
        self.source, self.line, self.column = source, line, column
        super().__init__(f"{source}:{line}:{column}: SPARQL syntax error: {_shorten(message)}")


@dataclass(frozen=True)
class QueryResult:
    """Rows of rdflib terms (None where unbound). ASK gives `boolean`; CONSTRUCT gives s, p, o rows."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    boolean: bool | None = None


# --- graphs and queries -------------------------------------------------------------------------

def load(path: str | os.PathLike, *, engine: Engine = "oxigraph") -> ox.Store | Dataset:
    """The graph at `path` (Turtle, TriG, N-Triples, N-Quads, JSON-LD, or an Oxigraph store folder)."""
    if engine == "oxigraph":
        return files.open_store(path)
    if engine == "rdflib":
        return files.read_dataset(path)
    raise ValueError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")


def read_query(file_or_text: str) -> tuple[str, str]:
    """(query text, its source name): a .sparql/.rq file's text, or the argument itself as SPARQL."""
    path = Path(file_or_text)
    if "\n" not in file_or_text and len(file_or_text) < 4096 and path.is_file():
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as error:
            raise QueryError(f"{path}: cannot read query file: {error}") from None
    stripped = _without_comments(file_or_text).lstrip().upper()
    if stripped.startswith(SPARQL_KEYWORDS):
        return file_or_text, "query"
    raise QueryError(f"{file_or_text}: no such query file (and not SPARQL text)")


def run(
    query: str,
    graph: ox.Store | Dataset,
    *,
    params: Mapping[str, Node] | None = None,
    source: str = "query",
    limit: int | None = None,
) -> QueryResult:
    """Run `query` on a graph from `load`, with `params` bound to variables of the same name.

    `limit` sets the page size: every LIMIT of the query becomes LIMIT `limit` (0 drops them);
    a query without LIMIT keeps its first `limit` rows.
    """
    params = dict(params or {})
    paged = query
    if limit is not None:
        if limit < 0:
            raise QueryError(f"{source}: limit must be 0 (no limit) or more, not {limit}")
        paged = with_limit(query, limit)
    if isinstance(graph, ox.Store):
        result = _run_oxigraph(paged, graph, params, source)
    elif isinstance(graph, Dataset):
        result = _run_rdflib(paged, graph, params, source)
    else:
        raise TypeError(f"expected a pyoxigraph Store or an rdflib Dataset, got {type(graph).__name__}")
    if limit and paged == query and len(result.rows) > limit:
        result = QueryResult(variables=result.variables, rows=result.rows[:limit], boolean=result.boolean)
    return result


def with_limit(query: str, limit: int) -> str:
    """The query with every LIMIT clause set to `limit` (0: removed); unchanged if it has none."""
    for clause in reversed(list(_LIMIT_CLAUSE.finditer(_plain(query)))):
        query = query[:clause.start()] + (f"LIMIT {limit}" if limit else "") + query[clause.end():]
    return query


def _run_oxigraph(query: str, store: ox.Store, params: dict[str, Node], source: str) -> QueryResult:
    substitutions = {ox.Variable(name): files.to_oxigraph(value) for name, value in params.items()}
    try:
        answer = _query_oxigraph(query, store, substitutions)
    except SyntaxError as error:
        raise _oxigraph_syntax_error(error, source) from None
    except RuntimeError as error:
        missing = _PARAM_NOT_PROJECTED.search(str(error))
        if missing:
            raise _not_a_column(missing.group(1), source) from None
        raise QueryError(f"{source}: {_shorten(str(error))}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(variables=(), rows=(), boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        rows = tuple(tuple(files.to_rdflib(term) for term in (t.subject, t.predicate, t.object)) for t in answer)
        return QueryResult(variables=("subject", "predicate", "object"), rows=rows)
    variables = tuple(variable.value for variable in answer.variables)
    # A solution iterates its values in the order of `variables`. Names, dates and booleans repeat
    # from row to row, and making an rdflib term costs more than the query: each is made once.
    converted: dict[OxigraphTerm, Node] = {}

    def term(value: OxigraphTerm) -> Node:
        made = converted.get(value)
        if made is None:
            made = converted[value] = files.to_rdflib(value)
        return made

    rows = tuple(tuple(None if value is None else term(value) for value in solution) for solution in answer)
    return QueryResult(variables=variables, rows=rows)


def _query_oxigraph(query: str, store: ox.Store, substitutions: dict[ox.Variable, OxigraphTerm]):
    """Oxigraph's answer, the parameters also given to its planner as a VALUES block where the query allows.

    Oxigraph binds substitutions only when it evaluates a plan made without them, so a bound name
    does not steer the join order: a query anchored on it still scans every statement. The same
    terms as a VALUES block at the start of the WHERE group (and of each sub-select that projects
    them) are known to the planner, which starts from them (1,000 times faster on a million
    triples). The block is written from Oxigraph's own N-Triples serialisation of each term, never
    from command-line text, so a value cannot change the query; the substitutions are kept, so
    Oxigraph still checks that each is a result variable.
    Where the block cannot go (not a SELECT, a blank node, a parameter that is an aggregate's
    name), the query runs with substitutions alone.
    """
    bound = _with_values(query, substitutions) if substitutions else None
    if bound is not None:
        try:
            return store.query(bound, prefixes=DEFAULT_PREFIXES, use_default_graph_as_union=True,
                               substitutions=substitutions)
        except SyntaxError:
            pass  # e.g. `(COUNT(?x) AS ?param)`: the original query says what is wrong, or runs
    return store.query(query, prefixes=DEFAULT_PREFIXES, use_default_graph_as_union=True,
                       substitutions=substitutions or None)


# Tokens that may hold a brace or a parenthesis that is not SPARQL syntax.
_OPAQUE_TOKEN = re.compile(r'''
    \#[^\n]*                                          # comment
  | """(?:[^"\\]|\\.|"(?!""))*""" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'  # long strings
  | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'              # strings
  | <[^<>"{}|^`\\\x00-\x20]*>                          # IRI
''', re.VERBOSE)
_LIMIT_CLAUSE = re.compile(r"(?<![\w?$:])LIMIT\s+\d+", re.IGNORECASE)
_QUERY_FORM = re.compile(r"(?<![\w?$:])(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)


def _plain(query: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length), so that the braces,
    parentheses and keywords left are SPARQL's own, at their positions in the query."""
    return _OPAQUE_TOKEN.sub(lambda token: " " * len(token.group()), query)


def _with_values(query: str, substitutions: dict[ox.Variable, OxigraphTerm]) -> str | None:
    """The query with `VALUES (?a ?b) { (term term) }` opening its WHERE group and that of each sub-select
    that projects a parameter (both engines bind parameters inside sub-selects too); None if not a SELECT."""
    if not all(isinstance(term, (ox.NamedNode, ox.Literal)) for term in substitutions.values()):
        return None  # VALUES takes no blank nodes
    plain = _plain(query)
    forms = list(_QUERY_FORM.finditer(plain))
    if not forms or forms[0].group(1).upper() != "SELECT":
        return None
    insertions = []
    for number, form in enumerate(forms):
        if form.group(1).upper() != "SELECT":
            continue
        brace = _where_brace(plain, form.end())
        if brace is None:
            return None
        projection = plain[form.end():brace]
        bound = {variable: term for variable, term in substitutions.items()
                 if number == 0 or re.search(rf"[?$]{re.escape(variable.value)}\b", projection)}
        if bound:
            variables = " ".join(str(variable) for variable in bound)
            terms = " ".join(str(term) for term in bound.values())
            insertions.append((brace + 1, f" VALUES ({variables}) {{ ({terms}) }} "))
    for position, block in reversed(insertions):
        query = query[:position] + block + query[position:]
    return query


def _where_brace(plain: str, start: int) -> int | None:
    """The position of the `{` opening the WHERE group of the SELECT clause that ends at `start`."""
    depth = 0
    for position in range(start, len(plain)):
        if plain[position] == "(":
            depth += 1
        elif plain[position] == ")":
            depth -= 1
        elif plain[position] == "{" and depth == 0:
            return position
    return None


def _run_rdflib(query: str, dataset: Dataset, params: dict[str, Node], source: str) -> QueryResult:
    # rdflib's SPARQL parser takes a while to import and only the rdflib engine needs it.
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(query, initNs=DEFAULT_PREFIXES)
    except Exception as error:  # noqa: BLE001  ParseException, or a bare Exception for an undeclared prefix
        # Oxigraph's parser points at the offending token; rdflib's often at the enclosing group.
        _check_syntax(query, source)
        if isinstance(error, ParseException):
            raise QuerySyntaxError(source, error.lineno, error.col, error.msg) from None
        raise QueryError(f"{source}: {_shorten(str(error))}") from None
    if prepared.algebra.name == "SelectQuery":
        projected = {str(variable) for variable in prepared.algebra["PV"]}
        for name in params:
            if name not in projected:
                raise _not_a_column(name, source)
    # kg's default graph is the union of all graphs: a view of the caller's dataset that says so (the
    # dataset itself, e.g. KnowledgeGraph.rdf, is left as it is).
    union = Dataset(store=dataset.store, default_union=True)
    try:
        answer = union.query(prepared, initBindings={Variable(name): value for name, value in params.items()})
        if answer.type == "ASK":
            return QueryResult(variables=(), rows=(), boolean=bool(answer.askAnswer))
        if answer.type in {"CONSTRUCT", "DESCRIBE"}:
            return QueryResult(variables=("subject", "predicate", "object"), rows=tuple(answer.graph))
        variables = tuple(str(variable) for variable in answer.vars)
        return QueryResult(variables=variables, rows=tuple(tuple(row) for row in answer))
    except Exception as error:  # noqa: BLE001  rdflib's evaluator raises plain exceptions of many kinds
        raise QueryError(f"{source}: query failed: {_shorten(str(error))}") from None


def _check_syntax(query: str, source: str) -> None:
    """Raise Oxigraph's QuerySyntaxError if the query does not parse (run on an empty store)."""
    try:
        ox.Store().query(query, prefixes=DEFAULT_PREFIXES)
    except SyntaxError as error:
        raise _oxigraph_syntax_error(error, source) from None
    except RuntimeError:
        pass


def _oxigraph_syntax_error(error: SyntaxError, source: str) -> QueryError:
    text = str(error.msg if error.msg else error)
    located = _OXIGRAPH_LOCATION.search(text)
    if not located:
        return QueryError(f"{source}: SPARQL syntax error: {_shorten(text)}")
    message = located.group(3)
    if "Prefix not found" in message:
        message = "undeclared prefix"
    return QuerySyntaxError(source, int(located.group(1)), int(located.group(2)), message)


def _not_a_column(name: str, source: str) -> QueryError:
    return QueryError(f"{source}: parameter {name!r} is not a result variable of the query "
                      f"(kg binds parameters by substitution, so ?{name} must be in the SELECT clause)")


# --- parameters ---------------------------------------------------------------------------------

def prefixes_of(query: str) -> dict[str, str]:
    """The PREFIX declarations of a query, plus kg's prefixes it does not redefine."""
    declared = {prefix or "": namespace for prefix, namespace in _PREFIX_DECLARATION.findall(query)}
    return {**DEFAULT_PREFIXES, **declared}


def parse_param(assignment: str, prefixes: Mapping[str, str]) -> tuple[str, Node]:
    """`name=value` -> (name, RDF term); see parse_term for the value syntax."""
    name, equals, value = assignment.partition("=")
    name = name.strip().lstrip("?$")
    if not equals or not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise QueryError(f"--param {assignment!r}: expected name=value, e.g. speakerName=\"Dmitry Peskov\"")
    return name, parse_term(value, prefixes)


def parse_term(value: str, prefixes: Mapping[str, str]) -> Node:
    """An RDF term from command-line text.

    <IRI>, an absolute IRI (http://..., urn:...), or prefix:name with a prefix the query declares
    give an IRI; "text", "text"@en, "1"^^xsd:integer give that literal; 2024-06-01 gives an
    xsd:date, 42 and 0.5 give numbers, true/false booleans; anything else is a plain string.
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return _iri(text[1:-1], value)
    if text.startswith('"'):
        return _literal(text, prefixes, value)
    if _ISO_DATE.fullmatch(text):
        return Literal(text, datatype=XSD.date)
    if _NUMBER.fullmatch(text):
        return Literal(text, datatype=XSD.decimal if "." in text else XSD.integer)
    if text in {"true", "false"}:
        return Literal(text, datatype=XSD.boolean)
    prefix, colon, local = text.partition(":")
    if colon and prefix in prefixes and " " not in text:
        return _iri(prefixes[prefix] + local, value)
    if colon and (local.startswith("//") or prefix in {"urn", "mailto", "tag"}):
        return _iri(text, value)
    return Literal(value)


def _iri(text: str, original: str) -> URIRef:
    try:
        ox.NamedNode(text)
    except ValueError as error:
        raise QueryError(f"parameter value {original!r} is not a valid IRI: {error}") from None
    return URIRef(text)


def _literal(text: str, prefixes: Mapping[str, str], original: str) -> Literal:
    """A Turtle literal ("text", "text"@en, "1"^^xsd:integer), read by Oxigraph's strict parser."""
    declarations = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in prefixes.items())
    try:
        triples = list(ox.parse(f"{declarations}<{_PLACEHOLDER}> <{_PLACEHOLDER}> {text} .",
                                format=ox.RdfFormat.TURTLE))
    except SyntaxError as error:
        raise QueryError(f"parameter value {original!r} is not a valid RDF literal: {_shorten(str(error))}") from None
    # Only a single literal object may come out: anything else was not one term.
    if len(triples) != 1 or not isinstance(triples[0].object, ox.Literal) \
            or triples[0].subject != ox.NamedNode(_PLACEHOLDER):
        raise QueryError(f"parameter value {original!r} is not a single RDF literal")
    return files.to_rdflib(triples[0].object)


# --- output -------------------------------------------------------------------------------------

def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV (lexical values, CRLF line ends); ASK gives one `boolean` column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerows([["boolean"], [str(result.boolean).lower()]])
        return buffer.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else f"_:{term}" if isinstance(term, BNode) else str(term)
                         for term in row])
    return buffer.getvalue()


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
    bindings = [
        {name: _json_term(term) for name, term in zip(result.variables, row) if term is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    described = {"type": "literal", "value": str(term)}
    if term.language:
        described["xml:lang"] = term.language
    elif term.datatype is not None:
        described["datatype"] = str(term.datatype)
    return described


def cells(result: QueryResult, prefixes: Mapping[str, str]) -> list[list[str]]:
    """Rows as short display strings: IRIs as prefix:name where a prefix fits, literals as their text."""
    by_length = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    return [[_display(term, by_length) for term in row] for row in result.rows]


def _display(term: Node | None, prefixes: list[tuple[str, str]]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in prefixes:
            local = str(term)[len(namespace):]
            if namespace and str(term).startswith(namespace) and re.fullmatch(r"[\w.-]*", local):
                return f"{prefix}:{local}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _shorten(message: str) -> str:
    text = " ".join(message.split())
    return text if len(text) <= MAX_ERROR_CHARS else text[:MAX_ERROR_CHARS] + "..."
