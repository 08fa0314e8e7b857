"""kg/ontology.ttl and the KG DefinedNamespace describe the same terms, and the file parses everywhere."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

import kg
from kg.graph import KG, PREFIXES
from kg.graph.ontology import KG_NAMESPACE
from kg.lexicon import ENTITY_TYPES

ONTOLOGY = Path(kg.__file__).parent / "ontology.ttl"


def defined_terms() -> set[str]:
    return {name for name in KG.__annotations__ if not name.startswith("_")}


def test_ontology_file_and_namespace_agree():
    graph = Graph().parse(ONTOLOGY, format="turtle")
    described = {str(s)[len(KG_NAMESPACE):] for s in graph.subjects() if str(s).startswith(KG_NAMESPACE)}
    assert described == defined_terms()
    for term in defined_terms():
        assert graph.value(URIRef(KG_NAMESPACE + term), RDFS.label) is not None, term


def test_every_entity_type_is_a_class():
    for name in ENTITY_TYPES:
        assert str(KG[name]) == KG_NAMESPACE + name


def test_a_typo_is_an_error():
    with pytest.raises(AttributeError):
        KG.Persn  # noqa: B018


def test_prefix_table_has_kg():
    assert str(PREFIXES["kg"]) == KG_NAMESPACE


@pytest.mark.parametrize("tool", ["rapper", "serdi"])
def test_ontology_parses_in_other_parsers(tool):
    path = shutil.which(tool)
    assert path, f"{tool} is installed by .ci/run"
    command = [path, "-q", "-i", "turtle", "-o", "ntriples", str(ONTOLOGY)] if tool == "rapper" else \
        [path, "-i", "turtle", "-o", "ntriples", str(ONTOLOGY)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert len(re.findall(r" \.\n", result.stdout)) == len(Graph().parse(ONTOLOGY, format="turtle"))
    assert sum(1 for _ in pyoxigraph.parse(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE)) == len(
        Graph().parse(ONTOLOGY, format="turtle"))
