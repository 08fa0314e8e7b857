"""Entity resolution: typing, canonical names, coreference and merging of mentions."""

from kg.resolve.aliases import AliasEntry, AliasError, AliasTable, load_aliases, name_key
from kg.resolve.coref import load_tables
from kg.resolve.entities import read_document, resolve
from kg.resolve.names import Reading

__all__ = ["AliasEntry", "AliasError", "AliasTable", "load_aliases", "load_tables", "name_key", "Reading",
           "read_document", "resolve"]
