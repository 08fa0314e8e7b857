"""How far the relation vocabulary gathers the verb forms of real text (issue 18's target).

    python -m bench.relations [--store DIR] [--top N] [--gum PATTERN] [--model NAME_OR_PATH]

Builds a corpus of about a hundred articles: kg's five seed articles and the GUM documents of every
genre in ../shared/data/gum (news, interviews, biographies, travel guides, academic writing, court
cases; GUM's test split is held out, bench.precision.held_out_gum), and counts, for every fact and
for the plain layer (the asserted edges), the distinct verb forms the extractor named (one
relation each before the vocabulary) and the distinct relations the graph writes (the canonical
relation, or the verb form where none claims it). The target: the plain layer's relations are at
most half its verb forms. Then the verb forms no relation claims, most frequent first: the next
candidates for kg/relations.toml. With --store, parses are kept there, so a second run after a
change to the vocabulary only rebuilds the graph (a change to the extractor re-parses).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

import kg
from bench.precision import write_corpus
from kg.api import TripleRow
from kg.graph import Schema

TARGET_SHARE = 0.5  # distinct plain relations / distinct plain verb forms


def gathering(rows: Iterable[TripleRow]) -> tuple[int, int]:
    """(distinct verb forms, distinct relations) of the rows."""
    rows = list(rows)
    return len({row.verb_form for row in rows}), len({row.relation for row in rows})


def unmapped(rows: Iterable[TripleRow], schema: Schema) -> Counter:
    """Facts per verb form that no relation of the schema claims."""
    return Counter(row.verb_form for row in rows if schema.relation(row.relation) is None)


def report(rows: list[TripleRow], schema: Schema, *, top: int = 30) -> Iterator[str]:
    plain = [row for row in rows if row.asserted]
    for name, chosen in (("all facts", rows), ("plain layer", plain)):
        forms, relations = gathering(chosen)
        share = relations / forms if forms else 0.0
        yield (f"{name:<12} {len(chosen):>6} facts  {forms:>5} verb forms -> {relations:>5} relations  "
               f"({share:.2f} of the verb forms; {len(chosen) - sum(unmapped(chosen, schema).values())} facts "
               f"under a canonical relation)")
    forms, relations = gathering(plain)
    met = forms and relations / forms <= TARGET_SHARE
    yield f"target: plain relations at most {TARGET_SHARE:.0%} of plain verb forms: {'met' if met else 'not met'}"
    canonical = Counter(row.relation for row in rows if schema.relation(row.relation) is not None)
    forms_of: dict[str, set[str]] = {}
    for row in rows:
        forms_of.setdefault(row.relation, set()).add(row.verb_form)
    yield ""
    yield "canonical relations, by facts (verb forms gathered)"
    for relation, count in canonical.most_common(top):
        yield f"  {relation:<24} {count:>5}  ({len(forms_of[relation])})"
    for name, chosen in (("all facts", rows), ("plain layer", plain)):
        yield ""
        yield f"verb forms no relation claims, {name} (facts)"
        for form, count in unmapped(chosen, schema).most_common(top):
            yield f"  {form:<32} {count:>5}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.relations", description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="keep the parses here between runs (kg.store)")
    parser.add_argument("--top", type=int, default=30, help="how many verb forms and relations to list")
    parser.add_argument("--gum", default="GUM_*", help="which GUM documents (a glob of their names)")
    parser.add_argument("--model", help="spaCy pipeline (default: kg's)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--schema", help="a user schema, as kg build's --schema")
    parser.add_argument("--rows", type=Path, help="also write every fact's row here (JSONL), for a closer look")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-relations-") as folder:
        articles = write_corpus(Path(folder), gum=options.gum)
        graph = kg.build([folder], model=options.model, workers=options.workers, schema=options.schema,
                         store=options.store)
    words = sum(len(document.text.split()) for document in graph.documents)
    print(f"articles: {len(articles)} ({len(graph.documents)} built), words: {words:,}")
    for line in report(graph.triples, graph.schema, top=options.top):
        print(line)
    if options.rows:
        options.rows.write_text("".join(json.dumps(asdict(row), ensure_ascii=False) + "\n" for row in graph.triples),
                                encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
