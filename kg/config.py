"""kg.toml: defaults for options a user would otherwise repeat on every command."""

from __future__ import annotations

import tomllib
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

DEFAULT_CONFIG = Path("kg.toml")


@dataclass(frozen=True)
class Settings:
    model: str | None = None  # spaCy package name or path
    aliases: str | None = None  # extra alias table
    base_iri: str | None = None
    # [models]: a spaCy pipeline per language (ISO 639-1 code -> package name or path), e.g.
    # de = "de_core_news_sm"; an article in a language with no pipeline here (nor `model`'s) is skipped.
    models: dict[str, str] = field(default_factory=dict)


LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def load(path: Path | None = None) -> Settings:
    """Settings from `path`, else ./kg.toml if present, else defaults. Unknown keys are an error."""
    chosen = path or (DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
    if chosen is None:
        return Settings()
    try:
        data = tomllib.loads(Path(chosen).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{chosen}: cannot read config: {error}") from error
    allowed = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValueError(f"{chosen}: unknown setting(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
    base = Path(chosen).parent
    model = data.get("model")
    aliases = str(base / data["aliases"]) if data.get("aliases") else None
    return Settings(model=_relative_to(base, model), aliases=aliases, base_iri=data.get("base_iri"),
                    models=_models(chosen, base, data.get("models", {})))


def _relative_to(base: Path, model: str | None) -> str | None:
    # A relative model path in the file means relative to the file, like a relative alias path.
    return str(base / model) if model and (base / model).exists() else model


def _models(chosen: Path, base: Path, table: object) -> dict[str, str]:
    if not isinstance(table, dict):
        raise ValueError(f"{chosen}: [models] must be a table of language = \"pipeline\", "
                         "e.g. de = \"de_core_news_sm\"")
    models = {}
    for language, model in sorted(table.items()):
        if not LANGUAGE_CODE.match(language) or not isinstance(model, str) or not model:
            raise ValueError(f"{chosen}: [models] {language} = {model!r}: want an ISO 639-1 code and a pipeline name "
                             "or path, e.g. de = \"de_core_news_sm\"")
        models[language] = _relative_to(base, model)
    return models
