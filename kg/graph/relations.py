"""The relation vocabulary: canonical relations, the verb forms each gathers, and your schema.

    schema = load_schema()                          # kg's vocabulary, kg/relations.toml
    schema = load_schema("my-schema.toml")          # extended, renamed and restricted by your file
    schema.canonical("authorize_to_use")            # "authorize"
    schema.canonical("be_used_in")                  # "be_used" (a passive without its agent)
    schema.canonical("be", frozenset({"Role"}))     # "holds_position": "Peskov is the Kremlin spokesman"
    schema.canonical("bridge")                      # "bridge": a verb no relation claims keeps its name

The extractor names a fact's relation after its verb; the graph names the edge after the
canonical relation (kg.graph.rdf) and keeps the verb form on the statement (kg:relation).
A user schema has the shipped file's [relation.NAME] tables (a new relation, or more lemmas and
forms for a shipped one), plus [rename] (relation -> the name written) and [plain] (relations =
[...], entity_types = [...]: only these make plain edges, kg.graph.admission). docs/schema.md.
"""

from __future__ import annotations

import fnmatch
import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import KgError
from kg.lexicon import ENTITY_TYPES, PREDICATE_NOUNS

SHIPPED_VOCABULARY = Path(__file__).resolve().parents[1] / "relations.toml"
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
SECTIONS = frozenset({"relation", "slips", "rename", "plain"})
RELATION_KEYS = frozenset({"label", "description", "lemmas", "forms", "typed_forms", "participles", "passive",
                           "inverse", "object_types", "equivalent", "close"})
PLAIN_KEYS = frozenset({"relations", "entity_types"})
# "Role": an object that names a title with what it belongs to (kg.graph.admission.object_types).
OBJECT_TYPES = frozenset(ENTITY_TYPES) | {"Role"}
# Particles that make a verb of their own ("carry out", "step up", "hit back"): such a verb form
# joins a relation only when the relation lists it as a form.
ADVERB_PARTICLES = frozenset({"out", "up", "down", "off", "away", "back", "around", "aside"})
# So does a reflexive ("taught himself Japanese" is learning, "proclaimed himself emperor" no saying).
REFLEXIVE = "oneself"
# A preposition of place or time names where or when, not what the verb acts on: "we met in high school" is no
# meeting of a school, "fought in Ukraine" no fight with it. Such a frame joins its verb's relation only where the
# relation lists it ("played in MLB", "appeared in Match Point": perform).
PLACE_TIME_PREPOSITIONS = frozenset({"in", "at", "on", "during", "near", "throughout", "across", "within", "under",
                                     "inside", "outside", "around", "after", "before", "since", "until", "amid"})
# Prefixes an `equivalent` or `close` property may be written with.
PROPERTY_PREFIXES = {"wdt": "http://www.wikidata.org/prop/direct/", "schema": "https://schema.org/"}
PROPERTY = re.compile(r"^(?:(wdt):P[0-9]+|(schema):[A-Za-z]+|https?://[A-Za-z0-9\-._~%/#:]+)$")


class SchemaError(KgError, ValueError):
    """A schema file that cannot be used; the message names the file, the line where known, and the problem."""


@dataclass(frozen=True)
class Relation:
    """One canonical relation of the vocabulary (kg/relations.toml says what each field means)."""

    name: str
    label: str = ""
    description: str = ""
    lemmas: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    typed_forms: tuple[tuple[str, frozenset[str]], ...] = ()  # (form, the object types it joins with)
    participles: tuple[str, ...] = ()
    passive: str | None = None
    inverse: str | None = None
    object_types: frozenset[str] = frozenset()
    equivalent: tuple[str, ...] = ()  # IRIs (owl:equivalentProperty)
    close: tuple[str, ...] = ()  # IRIs (skos:closeMatch)


@dataclass(frozen=True)
class Schema:
    """The relations a graph names its edges by, and what its plain layer may hold."""

    relations: Mapping[str, Relation]  # canonical name -> relation (passive relations included)
    slips: Mapping[str, str] = field(default_factory=dict)  # a lemmatiser's slip -> the verb meant
    renames: Mapping[str, str] = field(default_factory=dict)  # relation -> the name the graph writes
    plain_relations: frozenset[str] | None = None  # None: any relation may be a plain edge
    plain_types: frozenset[str] | None = None  # None: entities of any type
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        forms, patterns, lemmas, participles, typed = {}, [], {}, {}, {}
        for relation in self.relations.values():
            for form, types in relation.typed_forms:
                typed.setdefault(form, []).append((relation, types))
            for form in relation.forms:
                if "*" in form:
                    patterns.append((form, relation))
                else:
                    forms[form] = relation
            for lemma in relation.lemmas:
                lemmas[lemma] = relation
                for participle in regular_participles(lemma):
                    participles.setdefault(participle, relation)
            for participle in relation.participles:
                participles[participle] = relation
        object.__setattr__(self, "_lookups", (forms, tuple(patterns), lemmas, participles, typed))
        object.__setattr__(self, "_written", {self.renames.get(key, key): value for key, value in self.relations.items()})

    def canonical(self, relation: str, object_types: frozenset[str] = frozenset()) -> str:
        """The name the graph gives the verb form `relation`, whose object is of `object_types` (see module doc)."""
        key = (relation, object_types)
        if key not in self._cache:
            name = self._canonical(relation, object_types)
            self._cache[key] = self.renames.get(name, name)
        return self._cache[key]

    def _canonical(self, relation: str, object_types: frozenset[str]) -> str:
        forms, patterns, lemmas, participles, typed = self._lookups
        words = relation.split("_")
        if words[0] != "be":
            words[0] = self.slips.get(words[0], words[0])
        relation = "_".join(words)

        def fits(candidate: Relation) -> bool:
            return not candidate.object_types or bool(candidate.object_types & object_types)

        found = forms.get(relation) or next((r for pattern, r in patterns if fnmatch.fnmatchcase(relation, pattern)),
                                            None)
        # The most specific first: a form of a relation that asks for its object's type, then a form typed in a
        # relation ("took place in Russia" is located_in, not occur), then a form of a relation that asks nothing.
        if found is not None and found.object_types and fits(found):
            return found.name
        # A form whose sense its object decides: "was named the Kremlin spokesman" (a role), "a guy named Mario".
        for candidate, types in typed.get(relation, ()):
            if types & object_types:
                return candidate.name
        if found is not None and not found.object_types:
            return found.name
        passive = words[0] == "be" and len(words) > 1 and words[1] in participles
        if found is not None and not passive:
            return relation
        # A passive without its agent ("was elected" of no role nor body): the passive relation of its verb.
        if passive:
            return participles[words[1]].passive or relation
        found = lemmas.get(words[0])
        # A particle, a noun or a reflexive after the verb makes a verb of its own ("carry_out", "teach_oneself",
        # "provide_support_to": kg.extract.clauses folds a light verb's noun into its relation), and a preposition of
        # place or time says where or when: only forms claim those.
        if found is None or (len(words) > 1 and words[1] in ADVERB_PARTICLES | PREDICATE_NOUNS | {REFLEXIVE}) \
                or (len(words) == 2 and words[1] in PLACE_TIME_PREPOSITIONS) or not fits(found):
            return relation
        return found.name

    def relation(self, name: str) -> Relation | None:
        """The vocabulary's entry for a name the graph writes (after renames), or None for a verb form."""
        return self._written.get(name)

    def plain(self, name: str) -> bool:
        """Whether a relation (as written) may make plain edges."""
        return self.plain_relations is None or name in self.plain_relations

    def plain_type(self, entity_type: str) -> bool:
        return self.plain_types is None or entity_type in self.plain_types


def regular_participles(lemma: str) -> tuple[str, ...]:
    """The past participles a regular verb may have: use -> used, deny -> denied, ban -> banned."""
    if lemma.endswith("e"):
        forms = [lemma + "d"]
    elif lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou"):
        forms = [lemma[:-1] + "ied"]
    else:
        forms = [lemma + "ed", lemma + lemma[-1] + "ed"]
    if lemma.endswith("ize"):
        forms.append(lemma[:-3] + "ised")
    return tuple(forms)


@functools.cache
def default_schema() -> Schema:
    """kg's vocabulary alone, read once."""
    return load_schema()


def load_schema(path: str | Path | None = None) -> Schema:
    """kg's vocabulary, extended by the schema file at `path` if given. Raises SchemaError naming the file."""
    relations, slips, _, _, _ = _read(SHIPPED_VOCABULARY, {})
    renames: dict[str, str] = {}
    plain_relations = plain_types = None
    if path is not None:
        relations, user_slips, renames, plain_relations, plain_types = _read(Path(path), relations)
        slips = {**slips, **user_slips}
    return Schema(relations=relations, slips=slips, renames=renames, plain_relations=plain_relations,
                  plain_types=plain_types)


def _read(path: Path, known: dict[str, Relation]):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaError(f"{path}: cannot read schema file: {getattr(error, 'strerror', None) or error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SchemaError(f"{path}: not valid TOML: {error}") from None

    def fail(problem: str, *near: str, key: str | None = None) -> SchemaError:
        line = _line_of(text, near, key)
        return SchemaError(f"{path}{f':{line}' if line else ''}: {problem}")

    unknown = sorted(set(data) - SECTIONS)
    if unknown:
        raise fail(f"unknown section [{unknown[0]}]; allowed: {', '.join(f'[{s}]' for s in sorted(SECTIONS))}",
                   f"[{unknown[0]}", f"{unknown[0]} =")
    relations = dict(known)
    claimed: dict[str, str] = {}  # a lemma or form this file gives -> its relation
    tables = data.get("relation", {})
    if not isinstance(tables, dict):
        raise fail("relation must be tables [relation.NAME]", "relation")
    for name, table in tables.items():
        where = f"[relation.{name}]"
        if not NAME.match(name):
            raise fail(f"{where}: a relation name is lower-case letters, digits and _", where)
        if not isinstance(table, dict):
            raise fail(f"{where} must be a table", where)
        for key, value in table.items():
            if key not in RELATION_KEYS:
                raise fail(f"{where}: unknown key {key!r}; allowed: {', '.join(sorted(RELATION_KEYS))}", where, key=key)
            want_list = key in ("lemmas", "forms", "participles", "object_types", "equivalent", "close")
            if want_list and not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
                raise fail(f"{where}: {key} must be a list of words", where, key=key)
            if not want_list and key != "typed_forms" and not isinstance(value, str):
                raise fail(f"{where}: {key} must be text", where, key=key)
        typed_forms = table.get("typed_forms", {})
        if not isinstance(typed_forms, dict) or not all(isinstance(types, list) and types and all(
                isinstance(v, str) for v in types) for types in typed_forms.values()):
            raise fail(f"{where}: typed_forms must map a form to a list of object types", where, key="typed_forms")
        bad_types = sorted(set(table.get("object_types", ())).union(*typed_forms.values()) - OBJECT_TYPES)
        if bad_types:
            raise fail(f"{where}: unknown object type {bad_types[0]!r}; allowed: {', '.join(sorted(OBJECT_TYPES))}",
                       where)
        for key in ("equivalent", "close"):
            for prop in table.get(key, ()):
                if not PROPERTY.match(prop):
                    raise fail(f"{where}: {key} {prop!r} is not wdt:P<number>, schema:<name> or an http(s) IRI",
                               where)
        for key in ("passive", "inverse"):
            if key in table and not NAME.match(table[key]):
                raise fail(f"{where}: {key} must be a relation name (lower-case letters, digits and _)", where)
        for word in (*table.get("lemmas", ()), *table.get("forms", ())):
            if claimed.get(word, name) != name:
                raise fail(f"{where}: {word!r} is also given to [relation.{claimed[word]}]", where)
            claimed[word] = name
        relations = {key: _without(relation, table) for key, relation in relations.items()}
        relations[name] = _merged(relations.get(name), name, table)
    for relation in list(relations.values()):
        if relation.passive and relation.passive not in relations:
            relations[relation.passive] = Relation(
                relation.passive, label=f"was {relation.label or relation.name}",
                description=f"the passive of {relation.name}, its agent unsaid: the subject is what was "
                            f"{relation.label or relation.name}")
    for relation in relations.values():
        if relation.inverse and relation.inverse not in relations:
            raise fail(f"[relation.{relation.name}]: inverse {relation.inverse!r} is no relation of the schema",
                       f"[relation.{relation.name}]")
    slips = data.get("slips", {})
    if not isinstance(slips, dict) or not all(isinstance(v, str) and NAME.match(v) for v in slips.values()):
        raise fail("[slips] must map a lemma to the verb meant (slip = \"verb\")", "[slips]")
    renames = data.get("rename", {})
    if not isinstance(renames, dict):
        raise fail("[rename] must be a table (relation = \"new name\")", "[rename]")
    for old, new in renames.items():
        if not isinstance(new, str) or not NAME.match(new):
            raise fail(f"[rename]: {old} must be renamed to a relation name (lower-case letters, digits and _)",
                       f"{old} =", f'"{old}" =')
    plain = data.get("plain", {})
    if not isinstance(plain, dict):
        raise fail("[plain] must be a table (relations = [...], entity_types = [...])", "[plain]")
    unknown = sorted(set(plain) - PLAIN_KEYS)
    if unknown:
        raise fail(f"[plain]: unknown key {unknown[0]!r}; allowed: {', '.join(sorted(PLAIN_KEYS))}", f"{unknown[0]} =")
    chosen = {}
    for key in sorted(PLAIN_KEYS & set(plain)):
        value = plain[key]
        if not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
            raise fail(f"[plain]: {key} must be a list of names", f"{key} =")
        chosen[key] = frozenset(value)
    bad_types = sorted(chosen.get("entity_types", frozenset()) - set(ENTITY_TYPES))
    if bad_types:
        raise fail(f"[plain]: unknown entity type {bad_types[0]!r}; allowed: {', '.join(ENTITY_TYPES)}",
                   "entity_types =")
    return relations, slips, renames, chosen.get("relations"), chosen.get("entity_types")


def _merged(relation: Relation | None, name: str, table: dict) -> Relation:
    """A relation of the file: new, or a known one with more lemmas and forms and the fields the file sets."""
    relation = relation or Relation(name)
    lists = {key: tuple(dict.fromkeys((*getattr(relation, key), *table.get(key, ()))))
             for key in ("lemmas", "forms", "participles")}
    typed = dict(relation.typed_forms)
    for form, types in table.get("typed_forms", {}).items():
        typed[form] = typed.get(form, frozenset()) | frozenset(types)
    return replace(
        relation, **lists, typed_forms=tuple(sorted(typed.items(), key=lambda item: item[0])),
        label=table.get("label", relation.label), description=table.get("description", relation.description),
        passive=table.get("passive", relation.passive), inverse=table.get("inverse", relation.inverse),
        object_types=frozenset(table["object_types"]) if "object_types" in table else relation.object_types,
        equivalent=tuple(map(_expand, table["equivalent"])) if "equivalent" in table else relation.equivalent,
        close=tuple(map(_expand, table["close"])) if "close" in table else relation.close,
    )


def _without(relation: Relation, table: dict) -> Relation:
    """A known relation without the lemmas and forms the file gives another relation (the file wins)."""
    given = set(table.get("lemmas", ())) | set(table.get("forms", ()))
    if not given & (set(relation.lemmas) | set(relation.forms)):
        return relation
    return replace(relation, lemmas=tuple(w for w in relation.lemmas if w not in given),
                   forms=tuple(w for w in relation.forms if w not in given))


def _expand(prop: str) -> str:
    prefix, _, local = prop.partition(":")
    return PROPERTY_PREFIXES[prefix] + local if prefix in PROPERTY_PREFIXES else prop


def _line_of(text: str, near: tuple[str, ...], key: str | None = None) -> int | None:
    """The first line of the file that starts with one of `near` (a table header or a key), or with `key`
    after it, for the message (tomllib gives lines only for syntax errors)."""
    found = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if found is None and any(stripped.startswith(start) for start in near):
            found = number
            if key is None:
                return found
        elif found is not None and key is not None and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return found


__all__ = ["Relation", "Schema", "SchemaError", "default_schema", "load_schema", "regular_participles"]
