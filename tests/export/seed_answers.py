"""What kg's own SPARQL queries answer on the seed graph: the yardstick for the property-graph engines."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_GRAPH = ROOT / "out" / "graph.ttl"
# The relations that say one party let another act (the same as queries/who-authorized-whom.sparql).
AUTHORIZING = "^(authori[sz]e|allow|permit|let|approve|greenlight|give_permission)(_|$)"


def sparql_rows(query_file: str, **params: str) -> list[dict[str, str]]:
    """The rows of a shipped query on the seed graph (Oxigraph, every row), as {variable: text}."""
    from rdflib import Literal

    from kg import query as sparql

    result = sparql.run((ROOT / "queries" / query_file).read_text(encoding="utf-8"), sparql.load(SEED_GRAPH),
                        params={name: Literal(value) for name, value in params.items()}, limit=0)
    return [{name: str(value) for name, value in zip(result.variables, row) if value is not None}
            for row in result.rows]


def who_authorised(name: str) -> set[tuple[str, str, str]]:
    """(authoriser, relation, negated) for everyone who-authorized-whom.sparql says authorised `name`."""
    return {(row["authorizerName"], row["relation"], row["negated"])
            for row in sparql_rows("who-authorized-whom.sparql") if row["authorizedName"] == name}


def statements_about(name: str) -> set[tuple[str, str, str, str]]:
    """(subject, relation, object, negated) of facts-about.sparql's statements between two entities."""
    return {(row["subjectName"], row["relation"], row["objectName"], row["negated"])
            for row in sparql_rows("facts-about.sparql", name=name) if row.get("objectName")}
