"""kg.toml: defaults for options a user would otherwise repeat on every command."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

DEFAULT_CONFIG = Path("kg.toml")


@dataclass(frozen=True)
class Settings:
    model: str | None = None  # spaCy package name or path
    aliases: str | None = None  # extra alias table
    base_iri: str | None = None
    min_confidence: float = 0.0  # plain edges only for facts of at least this confidence


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
    # A relative model path in the file means relative to the file, like a relative alias path.
    if model and (base / model).exists():
        model = str(base / model)
    aliases = str(base / data["aliases"]) if data.get("aliases") else None
    min_confidence = data.get("min_confidence", 0.0)
    if isinstance(min_confidence, bool) or not isinstance(min_confidence, int | float) or not 0 <= min_confidence <= 1:
        raise ValueError(f"{chosen}: min_confidence must be a number from 0 to 1, not {min_confidence!r}")
    return Settings(model=model, aliases=aliases, base_iri=data.get("base_iri"), min_confidence=float(min_confidence))
