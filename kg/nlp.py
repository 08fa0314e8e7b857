"""Load a spaCy pipeline (the shipped one, a package name, or a path) and parse documents."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy
import spacy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import KgError
from kg.types import Document

SHIPPED_PIPELINE = Path(__file__).parent / "pipelines" / "en_kg"
MODEL_ENV = "KG_SPACY_MODEL"


SENTENCE_BOUNDS = "kg_sentence_bounds"
SENTENCE_END_CHARS = frozenset(".!?…")
CLOSING_CHARS = frozenset("\"'”’)]»")


@Language.component(SENTENCE_BOUNDS)
def sentence_bounds(doc: Doc) -> Doc:
    """Constrain the parser's sentence splits: a line break always ends a sentence, and a
    sentence can only end after ., !, ? or … (possibly followed by quotes or brackets).

    Parsers trained on treebank text run headlines into the first sentence and split news
    sentences at odd places ("NATO members | Norway and Finland became ..."); they keep
    boundaries set before them.
    """
    if len(doc) < 2:
        return doc
    # One class per distinct token text, then array operations: the rule runs on every token
    # of every article, and a Python loop over tokens cost ~3% of the whole pipeline.
    orths = doc.to_array([ORTH])
    unique, inverse = numpy.unique(orths, return_inverse=True)
    kinds = numpy.array([_token_kind(doc.vocab.strings[int(orth)]) for orth in unique], dtype=numpy.int8)[inverse]
    # After token i a sentence may end if the last token up to i that is neither space nor a
    # closing quote/bracket ends with sentence-final punctuation.
    decisive = numpy.where((kinds == _ENDS) | (kinds == _OTHER), numpy.arange(len(doc)), -1)
    last_decisive = numpy.maximum.accumulate(decisive)
    may_end = (last_decisive >= 0) & (kinds[numpy.maximum(last_decisive, 0)] == _ENDS)
    starts = numpy.zeros(len(doc), dtype=numpy.int32)  # 0: leave to the parser
    starts[1:][~may_end[:-1]] = -1
    starts[1:][kinds[:-1] == _LINE_BREAK] = 1
    starts[0] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1).astype(numpy.uint64))
    return doc


_OTHER, _ENDS, _CLOSING, _SPACE, _LINE_BREAK = range(5)


def _token_kind(text: str) -> int:
    if text.isspace():
        return _LINE_BREAK if "\n" in text else _SPACE
    if text[-1] in SENTENCE_END_CHARS:
        return _ENDS
    return _CLOSING if all(char in CLOSING_CHARS for char in text) else _OTHER


class ModelError(KgError):
    """A pipeline that cannot be loaded; the message is one line saying what to do."""


def resolve_model(model: str | os.PathLike | None = None) -> str:
    """The pipeline to use: the argument, else $KG_SPACY_MODEL, else the shipped one."""
    chosen = model or os.environ.get(MODEL_ENV) or ""
    return str(chosen) if chosen else str(SHIPPED_PIPELINE)


def pipeline_language(model: str | os.PathLike | None = None) -> str:
    """The language (ISO 639-1) of a pipeline, read from its meta.json without loading it; "en" when
    it cannot be read (loading it will then say what is wrong)."""
    name = resolve_model(model)
    path = Path(name)
    try:
        if not path.exists():
            path = spacy.util.get_package_path(name)
        return str(json.loads((path / "meta.json").read_text(encoding="utf-8"))["lang"])
    except Exception:  # not installed, no meta.json, or a broken one
        return "en"


def load(model: str | os.PathLike | None = None) -> Language:
    """Load a pipeline by spaCy package name or directory path.

    Raises ModelError with a one-line, actionable message if it is missing or broken.
    """
    name = resolve_model(model)
    path = Path(name)
    looks_like_path = os.sep in name or name.startswith(".") or path.exists()
    try:
        nlp = spacy.load(name)
    except Exception as error:  # a corrupt pipeline raises anything from OSError to KeyError
        if looks_like_path and (path / "config.cfg").is_file():
            first_line = next(iter(str(error).strip().splitlines()), type(error).__name__)
            raise ModelError(f"spaCy pipeline {name!r} is broken: {first_line}") from error
        if looks_like_path:
            raise ModelError(
                f"spaCy pipeline {name!r} not found or not a pipeline directory "
                f"(give a directory with config.cfg, or unset {MODEL_ENV} to use kg's shipped pipeline)"
            ) from error
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed: install it (e.g. `pip install {name}`), "
            f"pass a pipeline directory, or unset {MODEL_ENV} to use kg's shipped pipeline"
        ) from error
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no parser: kg needs dependency parses")
    if SENTENCE_BOUNDS not in nlp.pipe_names:  # a pipeline kg saved already has it
        nlp.add_pipe(SENTENCE_BOUNDS, before="parser")
    return nlp


def parse(
    nlp: Language, documents: Iterable[Document], *, batch_size: int = 64, n_process: int = 1
) -> Iterator[tuple[Document, Doc]]:
    """Parse documents in batches, in input order, pairing each with its spaCy Doc."""
    pairs = ((document.text, document) for document in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield document, doc

