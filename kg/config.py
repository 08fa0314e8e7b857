"""Options: every default of kg, written once, and kg.toml, which changes them for the CLI and the API alike.

    options = kg.config.load()                              # ./kg.toml if there is one, else the defaults
    options = kg.config.load("site/kg.toml", workers=2)     # that file, then these (None: not given)
    graph = kg.build(["seeds/"], options=options)           # kg.build(["seeds/"]) loads ./kg.toml itself

kg.toml may set any field of Options; a relative `model`, `aliases` or `schema` path in it is
relative to the file. An unknown key or a value of the wrong kind is a ConfigError naming the file.
Two environment variables stand in for a field kg.toml leaves out: $KG_SPACY_MODEL (`model`) and
$SOURCE_DATE_EPOCH (`source_date_epoch`). They are read here, once; no stage reads the environment.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

from kg.errors import KgError
from kg.graph.rdf import DEFAULT_BASE_IRI

DEFAULT_CONFIG = Path("kg.toml")


class ConfigError(KgError, ValueError):
    """A kg.toml or option that cannot be used; the message names the file or option."""


@dataclass(frozen=True)
class Options:
    """What a build, query or export may be told; each default is written here and nowhere else."""

    model: str | None = None  # spaCy package name or path; None: the first installed en_core_web_*, else kg's own
    aliases: str | None = None  # your alias table (TOML or CSV), extending kg's
    schema: str | None = None  # your relation schema (TOML): more relations, renames, what plain edges may be
    base_iri: str = DEFAULT_BASE_IRI  # prefix of every IRI kg mints: absolute, ending in / or #
    batch_size: int = 32  # articles handed to a parsing worker at a time
    workers: int | None = None  # local parsing processes (the output is the same for any number); None: one per
    # core, at most 4, where they can be forked from the build (kg.executors.auto_workers), else 1
    executor: str = "local"  # where parsing runs: local processes, or dask (the cluster at `scheduler`)
    scheduler: str | None = None  # Dask scheduler address, e.g. tcp://10.0.0.5:8786
    engine: str = "oxigraph"  # SPARQL engine: oxigraph (fast) or rdflib
    page_entities: int = 1000  # graph.html of kg build draws at most this many entities, the most connected
    min_confidence: float = 0.0  # plain edges only for facts of at least this confidence (kg.graph.admission)
    # The build time the graph records, in seconds since 1970 (reproducible-builds.org's SOURCE_DATE_EPOCH);
    # None: the newest article's date. Never the wall clock, so the same articles give the same bytes.
    source_date_epoch: int | None = None
    # A spaCy pipeline per language (ISO 639-1 code -> package name or path), kg.toml's [models]
    # table: de = "de_core_news_sm". An article in a language with no pipeline here, nor `model`'s, is skipped.
    models: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Kinds only (a kg.toml may say workers = "2"); the stage that uses an option checks its value.
        for field in fields(self):
            if field.name == "models":
                _check_models(self.models)
                continue
            value = getattr(self, field.name)
            base_type = field.type.removesuffix(" | None")
            kind = {"int": int, "float": int | float}.get(base_type, str)
            if value is None and "None" in field.type:
                continue
            if isinstance(value, bool) or not isinstance(value, kind):
                said = {"int": "a whole number", "float": "a number"}.get(base_type, "text")
                raise ConfigError(f"{field.name} must be {said}, not {value!r}")
        if not 0 <= self.min_confidence <= 1:
            raise ConfigError(f"min_confidence must be a number from 0 to 1, not {self.min_confidence!r}")
        if self.source_date_epoch is not None:
            try:
                datetime.fromtimestamp(self.source_date_epoch, tz=UTC)
            except (OverflowError, OSError, ValueError):
                raise ConfigError(f"source_date_epoch {self.source_date_epoch} is not a time kg can record") from None

    def changed(self, **changes) -> Options:
        """These options with `changes` (any field; a value of None means not given, so the option stays)."""
        unknown = sorted(set(changes) - NAMES)
        if unknown:
            raise ConfigError(f"unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(NAMES))}")
        given = {name: str(value) if isinstance(value, os.PathLike) else value
                 for name, value in changes.items() if value is not None}
        return dataclasses.replace(self, **given) if given else self


NAMES = frozenset(field.name for field in fields(Options))
# The environment variable each of these fields falls back to when kg.toml does not set it.
ENVIRONMENT = {"model": "KG_SPACY_MODEL", "source_date_epoch": "SOURCE_DATE_EPOCH"}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def _check_models(models: object) -> None:
    if not isinstance(models, dict):
        raise ConfigError('[models] must be a table of language = "pipeline", e.g. de = "de_core_news_sm"')
    for language, model in models.items():
        if not isinstance(language, str) or not LANGUAGE_CODE.match(language) or not isinstance(model, str) \
                or not model:
            raise ConfigError(f"[models] {language} = {model!r}: want an ISO 639-1 code and a pipeline name or path, "
                              'e.g. de = "de_core_news_sm"')


def load(path: str | os.PathLike | None = None, **changes) -> Options:
    """Options from `path`, else ./kg.toml if present, else the defaults; then `changes` (see Options.changed)."""
    chosen = Path(path) if path is not None else (DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
    if chosen is None:
        return Options(**environment()).changed(**changes)
    try:
        data = tomllib.loads(chosen.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{chosen}: cannot read config: {error}") from None
    unknown = sorted(set(data) - NAMES)
    if unknown:
        raise ConfigError(f"{chosen}: unknown setting(s) {', '.join(unknown)}; allowed: {', '.join(sorted(NAMES))}")
    base = chosen.parent

    def relative_to_the_file(model: object) -> object:
        # A relative model path in the file means relative to the file, like a relative alias path.
        return str(base / model) if isinstance(model, str) and model and (base / model).exists() else model

    if "model" in data:
        data["model"] = relative_to_the_file(data["model"])
    if isinstance(data.get("models"), dict):
        data["models"] = {language: relative_to_the_file(model) for language, model in sorted(data["models"].items())}
    for key in ("aliases", "schema"):
        if isinstance(data.get(key), str) and data[key]:
            data[key] = str(base / data[key])
    from_environment = environment()
    try:
        return Options(**{**from_environment, **data}).changed(**changes)
    except ConfigError as error:
        raise ConfigError(f"{chosen}: {error}") from None


def environment() -> dict[str, str | int]:
    """The fields the environment sets (ENVIRONMENT), as Options takes them."""
    found: dict[str, str | int] = {}
    for name, variable in ENVIRONMENT.items():
        value = os.environ.get(variable, "").strip()
        if value and name == "source_date_epoch":
            try:
                found[name] = int(value)
            except ValueError:
                raise ConfigError(f"{variable}={value!r} is not a number of seconds since 1970") from None
        elif value:
            found[name] = value
    return found


__all__ = ["ConfigError", "Options", "load"]
