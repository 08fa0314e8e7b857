"""The renderings of `kg extract` (kg.api.extract runs the pipeline): facts as JSON lines or CSV, or Open IE
tuples in CaRB's tab format.

CaRB format (Bhardwaj et al., 2019), one extraction a line, for sentences given one a line:
`sentence<TAB>confidence<TAB>relation<TAB>arg1<TAB>arg2...`, the first column repeating the
input line exactly. Negation and modals stay in the relation ("did not confirm").
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg import ingest
from kg.extract.clauses import Proposition, case_words, find_propositions
from kg.extract.deps import normalise
from kg.extract.facts import IMPLICIT_RELATION_TEXT
from kg.extract.phrases import Phrase, join
from kg.types import Fact

FORMATS = ("jsonl", "csv", "carb")
CSV_COLUMNS = (
    "document", "sentence_index", "subject", "relation", "relation_text", "object", "negated", "modality",
    "attributed_to", "attribution_verb", "time", "place", "purpose", "arguments", "kind", "confidence", "sentence",
)
CONTEXT_PREFIX = "C:"  # how CaRB's gold marks the context of a tuple


def sentence_lines(paths: Iterable[str | os.PathLike]) -> Iterator[str]:
    """Non-blank lines of the given text files (folders: their *.txt files, sorted)."""
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(path.rglob("*.txt"))
        elif path.is_file():
            files = [path]
        else:
            raise ingest.InputError(f"{path}: no such file or folder")
        for file in files:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise ingest.InputError(f"{file}: cannot read as UTF-8 text ({error})") from None
            yield from (line.rstrip("\r") for line in text.split("\n") if line.strip())


def parse_lines(pipeline: Language, lines: list[str], *, batch_size: int, tokenized: bool = False,
                workers: int = 1) -> Iterator[Doc]:
    """Parse one sentence a line; `tokenized` lines keep their space-separated words as tokens."""
    texts: Iterable[str | Doc] = lines
    if tokenized:
        texts = (Doc(pipeline.vocab, words=line.split()) for line in lines)
    return pipeline.pipe(texts, batch_size=batch_size, n_process=workers)


def carb_text(lines: list[str], docs: Iterable[Doc]) -> str:
    """Extractions of each line (one sentence, parsed as `docs`) in CaRB's tab format."""
    out = io.StringIO()
    for line, doc in zip(lines, docs, strict=True):
        for confidence, relation, arguments in carb_tuples(doc):
            fields = [line, f"{confidence:.3f}", relation, *arguments]
            out.write("\t".join(_one_line(field) for field in fields) + "\n")
    return out.getvalue()


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())


def carb_tuples(doc: Doc) -> list[tuple[float, str, list[str]]]:
    """(confidence, relation, arguments) of every proposition of a parsed sentence."""
    tuples = []
    for sent in normalise(doc).sents:
        for proposition in find_propositions(sent):
            tuples.append(carb_tuple(proposition))
    return tuples


def carb_tuple(proposition: Proposition, *, context: bool = True) -> tuple[float, str, list[str]]:
    """A proposition as written: passives stay passive ("were supplied by"), arguments keep their
    preposition, time and purpose come last, then who said it, as CaRB's context ("C: Peskov said").
    With no object, the first argument's preposition joins the relation ("started on")."""
    relation = list(proposition.relation_tokens)
    first, second = list(proposition.subject.tokens), list(proposition.object.tokens) if proposition.object else []
    extras = [_with_case(phrase) for _, phrase in proposition.arguments]
    extras += [_with_case(phrase) for phrase in (proposition.time, proposition.purpose) if phrase is not None]
    if proposition.passive and proposition.object:
        first, second = second, first
        relation += case_words(proposition.subject.head)
    elif not second and extras and relation:
        preposition, words = extras.pop(0)
        relation, second = relation + preposition, words
    arguments = [join(first), join(second)] + [join(sorted(case + words, key=_position)) for case, words in extras]
    if proposition.report is not None and context:
        report = proposition.report
        arguments.append(f"{CONTEXT_PREFIX} {join(sorted((*report.speaker.tokens, *report.words), key=_position))}")
    relation_text = join(sorted(set(relation), key=_position)) or IMPLICIT_RELATION_TEXT.get(
        proposition.relation, proposition.relation)
    return proposition.confidence, relation_text, [argument for argument in arguments if argument]


def _with_case(phrase: Phrase) -> tuple[list[Token], list[Token]]:
    """A phrase split into its preposition ("in front of") and the rest."""
    case = case_words(phrase.head)
    indices = {token.i for token in case}
    return case, [token for token in phrase.tokens if token.i not in indices]


def _position(token: Token) -> int:
    return token.i


def facts_to_jsonl(facts: Iterable[Fact]) -> str:
    return "".join(json.dumps(dataclasses.asdict(fact), ensure_ascii=False, sort_keys=True) + "\n" for fact in facts)


def facts_to_csv(facts: Iterable[Fact]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for fact in facts:
        writer.writerow([
            fact.doc_id, fact.sentence.index, fact.subject.text, fact.relation, fact.relation_text,
            fact.object.text if fact.object else "", str(fact.negated).lower(), fact.modality or "",
            fact.attribution.speaker.text if fact.attribution else "",
            fact.attribution.verb if fact.attribution else "", fact.time or "",
            fact.place.text if fact.place else "", fact.purpose or "",
            "; ".join(f"{argument.role}: {argument.mention.text}" for argument in fact.arguments),
            fact.kind, f"{fact.confidence:.3f}", fact.sentence.text,
        ])
    return out.getvalue()
