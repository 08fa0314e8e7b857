"""An acronym is one thing with its own expansion written beside it, and with nothing else."""

import pytest

import kg
from kg.resolve.entities import _expands, initials


@pytest.mark.parametrize(
    ("acronym", "name", "expands"),
    [
        ("NASA", "National Aeronautics and Space Administration", True),
        ("UAAR", "Union of Rationalist Atheists and Agnostics", True),  # from the Italian name's order
        ("CEI", "Italian Episcopal Conference", True),
        ("UN", "United States", False),
        ("NSC", "Security Council", False),
    ],
)
def test_an_acronym_expands_to_its_own_initials_only(acronym, name, expands):
    assert _expands(acronym, name) is expands


def test_initials_skip_connectors():
    assert initials("the Union of Rationalist Atheists and Agnostics") == "URAA"


def test_acronyms_are_their_expansions_in_the_document(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Atheists launch petition\n\nThe Union of Rationalist Atheists and Agnostics (UAAR) has launched a petition. "
        "UAAR criticised the Italian government on Monday. CEI (Italian Episcopal Conference) attacked the UAAR.\n",
        encoding="utf-8")
    (tmp_path / "b.txt").write_text("Other news\n\nThe CEI met on Monday in Rome.\n", encoding="utf-8")
    graph = kg.build([tmp_path])
    names = {entity.name for entity in graph.resolution.entities}
    assert "UAAR" not in names
    rows = {(row.subject, row.relation, row.object) for row in graph.triples}
    assert ("Italian Episcopal Conference", "attack", "Union of Rationalist Atheists and Agnostics") in rows
    # Without its expansion beside it, another article's acronym stays what it is.
    assert "CEI" in names
