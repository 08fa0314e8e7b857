"""Fixtures of the resolution tests; hand-made documents are written with tests/resolve/marked_text.py."""

import pytest

from kg.resolve import load_aliases


@pytest.fixture(scope="session")
def aliases():
    return load_aliases()
