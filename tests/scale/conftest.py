"""Fixtures of the scale tests: copies of the seed articles, and the graph of a plain one-process build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A private copy of the five seed articles (tests may edit or delete them)."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def reference_build():
    """The seeds built the plain way: one process, no store."""
    return kg.build([SEEDS], workers=1)
