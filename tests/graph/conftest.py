"""Fixtures of the graph tests: a small corpus built by hand (tests/graph/handmade_corpus.py)."""

import pytest
from handmade_corpus import Corpus, sample_corpus


@pytest.fixture
def corpus() -> Corpus:
    return sample_corpus()
