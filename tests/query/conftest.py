"""The hand-made story (story.py) as files and loaded graphs, for both query engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from story import story_dataset

from kg import query
from kg.export import rdf


@pytest.fixture(scope="session")
def story_files(tmp_path_factory) -> dict[str, Path]:
    """The story as TriG (one graph per article) and as flat Turtle, like `kg build` writes it."""
    folder = tmp_path_factory.mktemp("story")
    dataset = story_dataset()
    files = {"trig": folder / "story.trig", "turtle": folder / "story.ttl"}
    files["trig"].write_text(rdf.serialize(dataset, "trig"), encoding="utf-8")
    files["turtle"].write_text(rdf.serialize(dataset, "turtle"), encoding="utf-8")
    return files


@pytest.fixture(scope="session")
def engines(story_files):
    """engine name -> the story loaded for it (from the TriG, named graphs and all)."""
    return {engine: query.load(story_files["trig"], engine=engine) for engine in query.ENGINES}
