"""GraphDB: the TriG (one context per article), a repository config and the curl commands that load it.

The repository uses the "empty" ruleset and ignores owl:sameAs, so loading adds no inferred
triples (kg links entities to Wikidata with owl:sameAs; with sameAs reasoning on, GraphDB would
merge them). Data goes through the RDF4J REST API, `POST /repositories/{id}/statements` with
`Content-Type: application/trig`, which keeps each article's named graph as a context.
"""

from __future__ import annotations

from rdflib import Dataset

from kg.export import rdf

REPOSITORY_ID = "kg"

REPOSITORY_CONFIG = f"""\
# GraphDB 10 repository for kg: no inference, context index on (one context per article).
# Create it with load.sh, or in the Workbench: Setup > Repositories > Create > Import from file.
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rep: <http://www.openrdf.org/config/repository#> .
@prefix sr: <http://www.openrdf.org/config/repository/sail#> .
@prefix sail: <http://www.openrdf.org/config/sail#> .
@prefix graphdb: <http://www.ontotext.com/config/graphdb#> .

[] a rep:Repository ;
    rep:repositoryID "{REPOSITORY_ID}" ;
    rdfs:label "kg: knowledge graph of news articles" ;
    rep:repositoryImpl [
        rep:repositoryType "graphdb:SailRepository" ;
        sr:sailImpl [
            sail:sailType "graphdb:Sail" ;
            graphdb:ruleset "empty" ;
            graphdb:disable-sameAs "true" ;
            graphdb:enable-context-index "true" ;
            graphdb:enablePredicateList "true" ;
            graphdb:enable-literal-index "true" ;
            graphdb:in-memory-literal-properties "true" ;
            graphdb:check-for-inconsistencies "false" ;
            graphdb:entity-id-size "32" ;
            graphdb:entity-index-size "10000000" ;
            graphdb:query-timeout "0" ;
            graphdb:read-only "false"
        ]
    ] .
"""

LOAD_SCRIPT = f"""\
#!/bin/sh
# Load kg's graph into GraphDB through its REST API.
#   GRAPHDB_URL  server (default http://localhost:7200)
#   GRAPHDB_AUTH user:password when security is on (optional)
# Run from anywhere: sh graphdb/load.sh
set -eu
cd "$(dirname "$0")"
url="${{GRAPHDB_URL:-http://localhost:7200}}"
call() {{
  if [ -n "${{GRAPHDB_AUTH:-}}" ]; then curl -fsS -u "$GRAPHDB_AUTH" "$@"; else curl -fsS "$@"; fi
}}

# 1. Create the repository "{REPOSITORY_ID}" from repo-config.ttl, unless it exists.
if call -o /dev/null "$url/rest/repositories/{REPOSITORY_ID}" 2>/dev/null; then
  echo "repository {REPOSITORY_ID} exists"
else
  call -X POST "$url/rest/repositories" -F "config=@repo-config.ttl"
fi

# 2. Add the statements: TriG, so each article lands in its own context (named graph).
call -X POST "$url/repositories/{REPOSITORY_ID}/statements" \\
     -H "Content-Type: application/trig" --data-binary @graph.trig

# 3. Check: the number of statements now in the repository.
call "$url/repositories/{REPOSITORY_ID}/size"
echo
"""


def export_graphdb(dataset: Dataset) -> dict[str, str]:
    """graphdb/: graph.trig, repo-config.ttl and load.sh."""
    return {
        "graphdb/graph.trig": rdf.serialize(rdf.by_article(dataset), "trig"),
        "graphdb/repo-config.ttl": REPOSITORY_CONFIG,
        "graphdb/load.sh": LOAD_SCRIPT,
    }
