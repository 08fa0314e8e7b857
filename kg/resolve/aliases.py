"""The alias table: canonical names, types, surface forms and Wikidata ids of known things.

kg ships one (`kg/aliases.toml`: countries with their demonyms and capitals, international
organisations, metonyms such as the Kremlin, and the people and weapon systems of the seed
articles). Users extend or correct it with their own file, TOML or CSV, given with `--aliases`.

TOML, one table per thing (every key but `name` and `type` optional):

    [[entity]]
    name = "Volodymyr Zelensky"          # canonical name, the node's label
    type = "Person"                      # one of kg.types.ENTITY_TYPES
    aliases = ["Zelenskiy", "Zelenskyy"] # surface forms merged into it (a forced merge)
    wikidata = "Q3881739"
    part_of = "Ukraine"                  # a metonym or capital and its country
    demonyms = ["Ukrainian", "Ukrainians"]   # countries: adjectives and plurals that denote it
    capital = { name = "Kyiv", aliases = ["Kiev"], wikidata = "Q1899" }
    documents = ["article.txt"]          # only in these documents (file names or ids)

    [[split]]                            # a forced split: this form no longer merges
    alias = "Washington"                 # into the entity named below (or into any)
    name = "Washington, D.C."

CSV, one alias a row, with a header naming some of the columns
`name,type,alias,wikidata,part_of,documents,action` (`action` is merge, the default, or split;
`documents` is separated by semicolons).

A user entry whose name is already in the table extends that entry (its aliases are added,
other keys replace); an alias a user gives to one entity is taken from any other.
"""

from __future__ import annotations

import csv
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from kg.errors import KgError
from kg.lexicon import ENTITY_TYPES

SHIPPED_ALIASES = Path(__file__).resolve().parent.parent / "aliases.toml"

ENTITY_KEYS = {"name", "type", "aliases", "wikidata", "part_of", "demonyms", "capital", "documents"}
CAPITAL_KEYS = {"name", "aliases", "wikidata"}
SPLIT_KEYS = {"alias", "name"}
TOML_SECTIONS = {"entity", "split"}
CSV_COLUMNS = {"name", "type", "alias", "wikidata", "part_of", "documents", "action"}
CSV_ACTIONS = {"merge", "split"}
WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
# Short all-capital aliases (US, UK, UN) only match capitalised text, so "us" stays a pronoun.
ACRONYM = re.compile(r"[A-Z]{1,5}")
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
NON_WORD = re.compile(r"[^\w]+")
ABBREVIATION_DOTS = re.compile(r"(?<=\w)\.(?=\w|\s|$)")


class AliasError(KgError, ValueError):
    """An alias file that cannot be used; the message names the file and the problem."""


@lru_cache(maxsize=1 << 18)
def name_key(text: str) -> str:
    """The form two names must share to be the same name.

    Case, accents, dots, quotes, hyphens and a leading article do not count:
    "the U.S." -> "us", "Zelenskyy" -> "zelenskyy", "Secretary-General" -> "secretary general".
    """
    text = _strip_latin_accents(text.translate(APOSTROPHES))
    text = LEADING_ARTICLE.sub("", text.strip())
    text = ABBREVIATION_DOTS.sub("", text)
    text = text.removesuffix("'s").removesuffix("'")
    return " ".join(NON_WORD.sub(" ", text.casefold()).split())


def _strip_latin_accents(text: str) -> str:
    """"Erdoğan" -> "Erdogan", but "й" stays "й": accents are letters of their own outside Latin."""
    if text.isascii():
        return text
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


@dataclass(frozen=True)
class AliasEntry:
    """One known thing: its canonical name, type and the forms that denote it."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    part_of: str | None = None  # canonical name of the country it belongs to
    demonyms: tuple[str, ...] = ()  # adjectives ("Ukrainian") and plurals ("Ukrainians")
    documents: tuple[str, ...] = ()  # empty: everywhere
    user: bool = False  # from the user's file: wins over the shipped table where both know a form

    @property
    def forms(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)

    def applies_to(self, document_id: str | None, document_source: str = "") -> bool:
        """Whether this entry may be used in the given document (entries scoped by `documents`)."""
        if not self.documents or document_id is None:
            return not self.documents
        file_name = Path(document_source).name if document_source else ""
        return any(scope in (document_id, document_source, file_name) for scope in self.documents)

    def is_plural_demonym(self, form: str) -> bool:
        """'Ukrainians' is the plural of 'Ukrainian'; 'Swiss' has no plural of its own."""
        key = name_key(form)
        singulars = {name_key(demonym) for demonym in self.demonyms}
        return key.endswith("s") and key[:-1] in singulars


@dataclass(frozen=True)
class Split:
    """A forced split: `alias` no longer merges into `name` (or into anything, if name is None)."""

    alias: str
    name: str | None = None


class AliasTable:
    """Entries indexed by the `name_key` of every name, alias and demonym."""

    def __init__(self, entries: Iterable[AliasEntry] = ()) -> None:
        self.entries: tuple[AliasEntry, ...] = tuple(sorted(entries, key=lambda entry: (entry.name, entry.type)))
        self._by_form: dict[str, list[tuple[str, AliasEntry]]] = {}
        self._by_demonym: dict[str, AliasEntry] = {}
        self._by_name: dict[str, AliasEntry] = {}
        self._scanner: re.Pattern | None = None
        for entry in self.entries:
            self._by_name.setdefault(name_key(entry.name), entry)
            for form in entry.forms:
                self._by_form.setdefault(name_key(form), []).append((form, entry))
            for demonym in entry.demonyms:
                self._by_demonym.setdefault(name_key(demonym), entry)

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, name: str) -> AliasEntry | None:
        """The entry whose canonical name is `name`."""
        return self._by_name.get(name_key(name))

    def lookup(self, text: str, *, document_id: str | None = None, document_source: str = "") -> AliasEntry | None:
        """The entry a surface form denotes in a document, or None.

        Entries scoped to documents win over unscoped ones; an acronym alias ("US") only
        matches text that is written in capitals too, and a one-word name with its article ("The
        Hill") only text written with the article ("Hill" is a surname).
        """
        written = LEADING_ARTICLE.sub("", text.strip())
        has_article = written != text.strip()
        candidates = [
            entry
            for form, entry in self._by_form.get(name_key(text), ())
            if entry.applies_to(document_id, document_source) and _same_case(written, form)
            and (has_article or not _article_makes_the_name(form))
        ]
        candidates.sort(key=lambda entry: (not entry.documents, not entry.user))
        return candidates[0] if candidates else None

    def find_names(self, text: str, *, document_id: str | None = None,
                   document_source: str = "") -> list[tuple[int, int, AliasEntry]]:
        """Where the text writes a distinctive name of the table: (start, end, entry), in order.

        Distinctive: several words ("Dmitry Peskov"), a digit or hyphen ("F-16"), or an acronym of
        three letters or more ("HIMARS"); single words like "Bradley" or "Jordan" are left to the NER.
        """
        if self._scanner is None:
            forms = sorted({form for entry in self.entries for form in entry.forms if _distinctive(form)},
                           key=lambda form: (-len(form), form))
            self._scanner = re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(form) for form in forms) + r")(?![\w-])" if forms else r"(?!)"
            )
        found = []
        for match in self._scanner.finditer(text):
            entry = self.lookup(match.group(), document_id=document_id, document_source=document_source)
            if entry is not None:
                found.append((match.start(), match.end(), entry))
        return found

    def demonym(self, text: str) -> AliasEntry | None:
        """The country an adjective or plural denotes ("Ukrainian", "Ukrainians" -> Ukraine)."""
        written = LEADING_ARTICLE.sub("", text.strip())
        if not written[:1].isupper():
            return None
        key = name_key(written)
        return self._by_demonym.get(key) or (self._by_demonym.get(key[:-1]) if key.endswith("s") else None)


def _distinctive(form: str) -> bool:
    letters = form.replace(".", "")
    return len(form.split()) > 1 or any(char.isdigit() or char == "-" for char in form) or (
        len(letters) >= 3 and letters.isupper() and letters.isalpha())


def _article_makes_the_name(form: str) -> bool:
    """ "The Hill": one word after an article, a common word or surname without it."""
    return form.startswith("The ") and len(form.split()) == 2


def _same_case(written: str, form: str) -> bool:
    """An acronym alias ("US") matches only capitals; a capitalised alias only capitalised text."""
    form = LEADING_ARTICLE.sub("", form)
    if ACRONYM.fullmatch(form.replace(".", "")):
        return written.replace(".", "") == form.replace(".", "")
    return not form[:1].isupper() or written[:1].isupper()


def load_aliases(path: str | Path | None = None) -> AliasTable:
    """The shipped alias table, extended by the user's TOML or CSV file at `path` if given.

    Raises AliasError naming the file and the problem when a file cannot be read or is invalid.
    """
    entries, splits = _read_toml(SHIPPED_ALIASES)
    if path is not None:
        path = Path(path)
        if path.suffix.lower() == ".csv":
            user_entries, user_splits = _read_csv(path)
        elif path.suffix.lower() == ".toml":
            user_entries, user_splits = _read_toml(path)
        else:
            raise AliasError(f"{path}: alias file must end in .toml or .csv")
        entries = _extend(entries, [replace(entry, user=True) for entry in user_entries], path)
        splits = [*splits, *user_splits]
    entries = _apply_splits(entries, splits)
    _check_part_of(entries, path or SHIPPED_ALIASES)
    return AliasTable(entries)


def _read_toml(path: Path) -> tuple[list[AliasEntry], list[Split]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise AliasError(f"{path}: cannot read alias file: {getattr(error, 'strerror', None) or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise AliasError(f"{path}: not valid TOML: {error}") from None
    unknown = sorted(set(data) - TOML_SECTIONS)
    if unknown:
        raise AliasError(f"{path}: unknown section(s) {', '.join(unknown)}; allowed: [[entity]], [[split]]")
    entries: list[AliasEntry] = []
    for number, table in enumerate(_tables(data.get("entity", []), path, "entity"), start=1):
        where = f"{path}: [[entity]] #{number}"
        _check_keys(table, ENTITY_KEYS, where)
        entry = _entry(table, where)
        entries.append(entry)
        capital = table.get("capital")
        if capital is not None:
            if not isinstance(capital, Mapping):
                raise AliasError(f"{where} ({entry.name}): capital must be a table {{ name = ..., aliases = [...] }}")
            _check_keys(capital, CAPITAL_KEYS, f"{where} ({entry.name}) capital")
            entries.append(_entry({**capital, "type": "Location", "part_of": entry.name}, f"{where} capital"))
    splits = []
    for number, table in enumerate(_tables(data.get("split", []), path, "split"), start=1):
        where = f"{path}: [[split]] #{number}"
        _check_keys(table, SPLIT_KEYS, where)
        alias = _text(table.get("alias"), where, "alias")
        if not alias:
            raise AliasError(f"{where}: needs an alias")
        splits.append(Split(alias=alias, name=_text(table.get("name"), where, "name") or None))
    return entries, splits


def _read_csv(path: Path) -> tuple[list[AliasEntry], list[Split]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = set(reader.fieldnames or ())
            rows = list(reader)
    except (OSError, UnicodeDecodeError) as error:
        raise AliasError(f"{path}: cannot read alias file: {getattr(error, 'strerror', None) or error}") from None
    except csv.Error as error:
        raise AliasError(f"{path}: not valid CSV: {error}") from None
    if "name" not in columns and "alias" not in columns:
        raise AliasError(f"{path}: the first line must name the columns (name,type,alias,...)")
    unknown = sorted(columns - CSV_COLUMNS)
    if unknown:
        raise AliasError(f"{path}: unknown column(s) {', '.join(unknown)}; allowed: {', '.join(sorted(CSV_COLUMNS))}")
    merged: dict[str, dict] = {}
    splits = []
    for line, row in enumerate(rows, start=2):
        where = f"{path}:{line}"
        values = {key: (value or "").strip() for key, value in row.items() if key is not None}
        if None in row:
            raise AliasError(f"{where}: more fields than columns")
        action = values.get("action") or "merge"
        if action not in CSV_ACTIONS:
            raise AliasError(f"{where}: action {action!r} is not one of merge, split")
        if action == "split":
            if not values.get("alias"):
                raise AliasError(f"{where}: a split row needs an alias")
            splits.append(Split(alias=values["alias"], name=values.get("name") or None))
            continue
        if not values.get("name"):
            raise AliasError(f"{where}: needs a name")
        table = merged.setdefault(name_key(values["name"]), {"name": values["name"], "aliases": []})
        for key in ("type", "wikidata", "part_of"):
            if values.get(key):
                if table.get(key) not in (None, values[key]):
                    raise AliasError(f"{where}: {key} {values[key]!r} contradicts {table[key]!r} on an earlier line")
                table[key] = values[key]
        if values.get("alias"):
            table["aliases"].append(values["alias"])
        if values.get("documents"):
            table["documents"] = [item.strip() for item in values["documents"].split(";") if item.strip()]
    return [_entry(table, f"{path}: {table['name']}") for table in merged.values()], splits


def _tables(value, path: Path, section: str) -> list[Mapping]:
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise AliasError(f"{path}: {section} must be written as [[{section}]] tables")
    return value


def _check_keys(table: Mapping, allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise AliasError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


def _text(value, where: str, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AliasError(f"{where}: {key} must be a string")
    return " ".join(value.split())


def _texts(value, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise AliasError(f"{where}: {key} must be a list of non-empty strings")
    return tuple(dict.fromkeys(" ".join(item.split()) for item in value))


def _entry(table: Mapping, where: str) -> AliasEntry:
    name = _text(table.get("name"), where, "name")
    if not name or not name_key(name):
        raise AliasError(f"{where}: needs a name with at least one letter or digit")
    where = f"{where} ({name})" if name not in where else where
    kind = _text(table.get("type"), where, "type")
    if kind and kind not in ENTITY_TYPES:
        raise AliasError(f"{where}: type {kind!r} is not one of {', '.join(ENTITY_TYPES)}")
    wikidata = _text(table.get("wikidata"), where, "wikidata") or None
    if wikidata and not WIKIDATA_ID.fullmatch(wikidata):
        raise AliasError(f"{where}: wikidata {wikidata!r} is not a Wikidata item id like Q212")
    aliases = _texts(table.get("aliases"), where, "aliases")
    for alias in aliases:
        if not name_key(alias):
            raise AliasError(f"{where}: alias {alias!r} has no letter or digit")
    return AliasEntry(
        name=name,
        type=kind,  # checked in _extend: a new entry must have one
        aliases=tuple(alias for alias in aliases if name_key(alias) != name_key(name)),
        wikidata=wikidata,
        part_of=_text(table.get("part_of"), where, "part_of") or None,
        demonyms=_texts(table.get("demonyms"), where, "demonyms"),
        documents=_texts(table.get("documents"), where, "documents"),
    )


def _extend(shipped: list[AliasEntry], user: list[AliasEntry], path: Path) -> list[AliasEntry]:
    """Add the user's entries: same name extends, a new name is new; user aliases move to it."""
    by_key = {(name_key(entry.name), entry.documents): entry for entry in shipped}
    for entry in user:
        key = (name_key(entry.name), entry.documents)
        known = by_key.get(key)
        if known is None:
            if not entry.type:
                raise AliasError(f"{path}: {entry.name}: needs a type (it is not in the shipped table)")
            by_key[key] = entry
            continue
        by_key[key] = replace(
            known,
            user=True,
            type=entry.type or known.type,
            aliases=tuple(dict.fromkeys((*known.aliases, *entry.aliases))),
            wikidata=entry.wikidata or known.wikidata,
            part_of=entry.part_of or known.part_of,
            demonyms=tuple(dict.fromkeys((*known.demonyms, *entry.demonyms))),
        )
    # An alias the user gives (unscoped) is taken from every entry the user did not write.
    user_names = {name_key(entry.name) for entry in user}
    claimed = {name_key(form) for entry in user if not entry.documents for form in entry.forms}
    return [
        entry if key[0] in user_names
        else replace(entry, aliases=tuple(alias for alias in entry.aliases if name_key(alias) not in claimed))
        for key, entry in by_key.items()
    ]


def _apply_splits(entries: list[AliasEntry], splits: list[Split]) -> list[AliasEntry]:
    result = []
    for entry in entries:
        dropped = {
            name_key(split.alias)
            for split in splits
            if split.name is None or name_key(split.name) == name_key(entry.name)
        }
        result.append(replace(
            entry,
            aliases=tuple(alias for alias in entry.aliases if name_key(alias) not in dropped),
            demonyms=tuple(demonym for demonym in entry.demonyms if name_key(demonym) not in dropped),
        ))
    return result


def _check_part_of(entries: list[AliasEntry], path: Path) -> None:
    names = {name_key(entry.name) for entry in entries}
    for entry in entries:
        if entry.part_of and name_key(entry.part_of) not in names:
            raise AliasError(f"{path}: {entry.name}: part_of {entry.part_of!r} names no entry of the table")
