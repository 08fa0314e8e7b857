"""Entity resolution: typing, canonical names, coreference and merging of mentions."""

from kg.resolve.aliases import AliasEntry, AliasError, AliasTable, load_aliases, name_key
from kg.resolve.entities import resolve

__all__ = ["AliasEntry", "AliasError", "AliasTable", "load_aliases", "name_key", "resolve"]
