"""The alias table: the shipped one, users' TOML and CSV files, forced merges and splits, errors."""

from __future__ import annotations

import pytest
from marked_text import parse_marked

from kg.resolve import AliasError, load_aliases, name_key, resolve
from kg.resolve.aliases import SHIPPED_ALIASES, _read_toml
from kg.lexicon import ENTITY_TYPES

NAME_KEYS = [
    ("the U.S.", "us"),
    ("U.S.", "us"),
    ("Zelenskyy", "zelenskyy"),
    ("Secretary-General", "secretary general"),
    ("Erdoğan", "erdogan"),
    ("Зеленський", "зеленський"),
    ("Biden’s", "biden"),
    ("  Kremlin  ", "kremlin"),
]


@pytest.mark.parametrize(("text", "key"), NAME_KEYS)
def test_name_key(text, key):
    assert name_key(text) == key


LOOKUPS = [
    ("U.S.", "United States"),
    ("the US", "United States"),
    ("America", "United States"),
    ("UK", "United Kingdom"),
    ("Britain", "United Kingdom"),
    ("Kiev", "Kyiv"),
    ("Kharkov", "Kharkiv"),
    ("Zelenskiy", "Volodymyr Zelensky"),
    ("Zelenskyy", "Volodymyr Zelensky"),
    ("the Pentagon", "US Department of Defense"),
    ("State Department", "US Department of State"),
    ("NATO", "NATO"),
    ("U.N.", "United Nations"),
    ("EU", "European Union"),
    ("ATACMS", "ATACMS"),
    ("High Mobility Artillery Rocket System", "HIMARS"),
    ("F-16", "F-16"),
    ("Storm Shadow", "Storm Shadow"),
    ("Humvee", "Humvee"),
    ("Peskov", "Dmitry Peskov"),
    # Acronyms match only capitals; capitalised names only capitalised text.
    ("us", None),
    ("Us", None),
    ("who", None),
    ("polish", None),
]


@pytest.mark.parametrize(("text", "name"), LOOKUPS)
def test_shipped_lookups(aliases, text, name):
    entry = aliases.lookup(text)
    assert (entry.name if entry else None) == name


DEMONYMS = [("American", "United States", False), ("Americans", "United States", True),
            ("Ukrainian", "Ukraine", False), ("Poles", "Poland", True), ("Swiss", "Switzerland", False),
            ("British", "United Kingdom", False), ("Western", "West", False), ("american", None, False)]


@pytest.mark.parametrize(("text", "country", "plural"), DEMONYMS)
def test_demonyms(aliases, text, country, plural):
    entry = aliases.demonym(text)
    assert (entry.name if entry else None) == country
    if entry:
        assert entry.is_plural_demonym(text) is plural


def test_shipped_table_is_consistent(aliases):
    entries, _ = _read_toml(SHIPPED_ALIASES)
    forms: dict[str, str] = {}
    for entry in entries:
        assert entry.type in ENTITY_TYPES, entry
        for form in entry.forms:
            owner = forms.setdefault(name_key(form), entry.name)
            assert owner == entry.name, f"{form!r} is an alias of both {owner} and {entry.name}"
    names = {entry.name for entry in aliases.entries}
    for entry in aliases.entries:
        assert entry.part_of is None or entry.part_of in names
    countries = [entry for entry in aliases.entries if entry.type == "Country"]
    assert len(countries) >= 80
    assert all(entry.demonyms and entry.wikidata for entry in countries)


def test_seed_people_and_weapons_are_in_the_table(aliases):
    people = ["Volodymyr Zelensky", "Vladimir Putin", "Joe Biden", "Dmitry Peskov", "Mark Milley", "Lloyd Austin",
              "Antony Blinken", "Jens Stoltenberg", "John Kirby", "Sergey Lavrov", "David Cameron", "Mike Rounds"]
    weapons = ["ATACMS", "HIMARS", "F-16", "Storm Shadow", "Humvee"]
    for name in people:
        assert aliases.entry(name).type == "Person", name
    for name in weapons:
        assert aliases.entry(name).type == "Weapon", name
    assert aliases.entry("Kremlin").part_of == "Russia"
    assert aliases.entry("White House").part_of == "United States"


def resolve_one(table, marked: str, written: str, source: str = ""):
    document, mentions = parse_marked(marked, doc_id="d1", source=source)
    resolution = resolve([document], mentions, [], aliases=table)
    mention = next(mention for mention in mentions if mention.text == written)
    key = resolution.mention_entity.get((mention.doc_id, mention.start, mention.end))
    return next((entity for entity in resolution.entities if entity.key == key), None)


def test_user_toml_forces_a_merge(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('[[entity]]\nname = "Ivan Petrov"\ntype = "Person"\naliases = ["Comrade P"]\nwikidata = "Q42"\n',
                    encoding="utf-8")
    table = load_aliases(path)
    entity = resolve_one(table, "[Comrade P|ORG] spoke.", "Comrade P")
    assert (entity.name, entity.type, entity.wikidata) == ("Ivan Petrov", "Person", "Q42")


def test_user_toml_extends_a_shipped_entry(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('[[entity]]\nname = "Volodymyr Zelensky"\naliases = ["Ze"]\n', encoding="utf-8")
    table = load_aliases(path)
    assert table.lookup("Ze").name == "Volodymyr Zelensky"
    assert table.lookup("Zelenskiy").name == "Volodymyr Zelensky"  # shipped aliases kept


def test_user_alias_moves_from_a_shipped_entry(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('[[entity]]\nname = "Washington State"\ntype = "Location"\naliases = ["Washington"]\n',
                    encoding="utf-8")
    table = load_aliases(path)
    assert table.lookup("Washington").name == "Washington State"
    assert table.lookup("Washington, DC").name == "Washington, D.C."


def test_a_user_alias_wins_over_a_shipped_name(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('[[entity]]\nname = "Kremlin"\naliases = ["Moscow"]\n', encoding="utf-8")
    table = load_aliases(path)
    assert table.lookup("Moscow").name == "Kremlin"
    assert table.lookup("Kremlin").name == "Kremlin"


def test_user_toml_forces_a_split(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('[[split]]\nalias = "Washington"\nname = "Washington, D.C."\n', encoding="utf-8")
    table = load_aliases(path)
    assert table.lookup("Washington") is None
    entity = resolve_one(table, "[Washington|GPE] said.", "Washington")
    assert (entity.name, entity.type) == ("Washington", "Location")


def test_entry_scoped_to_documents(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('[[entity]]\nname = "First National Bank of Ohio"\ntype = "Organization"\n'
                    'aliases = ["First National Bank"]\ndocuments = ["ohio.txt"]\n', encoding="utf-8")
    table = load_aliases(path)
    inside = resolve_one(table, "[First National Bank|ORG] said.", "First National Bank", source="news/ohio.txt")
    outside = resolve_one(table, "[First National Bank|ORG] said.", "First National Bank", source="news/texas.txt")
    assert inside.name == "First National Bank of Ohio"
    assert outside.name == "First National Bank"
    assert inside.key != outside.key


def test_user_csv(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text(
        "name,type,alias,wikidata,part_of,action\n"
        "Ivan Petrov,Person,Comrade P,Q42,,\n"
        "Ivan Petrov,,I. Petrov,,,\n"
        "Washington, D.C.,,Washington,,,split\n".replace("Washington, D.C.", '"Washington, D.C."'),
        encoding="utf-8",
    )
    table = load_aliases(path)
    assert table.lookup("I. Petrov").name == "Ivan Petrov"
    assert table.lookup("Comrade P").wikidata == "Q42"
    assert table.lookup("Washington") is None


BAD_FILES = [
    ("bad.toml", "[[entity]\nname = 1", "not valid TOML"),
    ("bad.toml", '[[entity]]\nname = "X"\ntype = "Person"\ncolour = "red"\n', "unknown key(s) colour"),
    ("bad.toml", '[[entity]]\nname = "X"\ntype = "Planet"\n', "type 'Planet' is not one of"),
    ("bad.toml", '[[entity]]\nname = "X"\ntype = "Person"\nwikidata = "12"\n', "not a Wikidata item id"),
    ("bad.toml", '[[entity]]\nname = "X"\ntype = "Person"\npart_of = "Atlantis"\n', "part_of 'Atlantis'"),
    ("bad.toml", '[[entity]]\nname = "X"\n', "needs a type"),
    ("bad.toml", '[[entity]]\ntype = "Person"\n', "needs a name"),
    ("bad.toml", '[[people]]\nname = "X"\n', "unknown section(s) people"),
    ("bad.toml", '[[entity]]\nname = "X"\ntype = "Person"\naliases = "X2"\n', "aliases must be a list"),
    ("bad.csv", "name,colour\nX,red\n", "unknown column(s) colour"),
    ("bad.csv", "name,type,action\nX,Person,delete\n", "action 'delete'"),
    ("bad.csv", "name,type\nX,Person,extra\n", "more fields than columns"),
    ("bad.csv", "name,type,alias\n,Person,Y\n", "needs a name"),
    ("bad.json", "{}", "must end in .toml or .csv"),
]


@pytest.mark.parametrize(("file_name", "content", "message"), BAD_FILES)
def test_bad_alias_files_name_the_file_and_the_problem(tmp_path, file_name, content, message):
    path = tmp_path / file_name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AliasError) as error:
        load_aliases(path)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert file_name in str(error.value)


def test_missing_alias_file(tmp_path):
    with pytest.raises(AliasError, match="missing.toml: cannot read alias file"):
        load_aliases(tmp_path / "missing.toml")


def test_find_names_finds_distinctive_forms_only(aliases):
    text = ("Ukraine used the High Mobility Artillery Rocket System, or HIMARS, and F-16s; Bradley and "
            "Jordan said so to The New York Times, not to New York.")
    found = [(text[start:end], entry.name) for start, end, entry in aliases.find_names(text)]
    assert found == [
        ("High Mobility Artillery Rocket System", "HIMARS"), ("HIMARS", "HIMARS"), ("F-16s", "F-16"),
        ("The New York Times", "The New York Times"), ("New York", "New York City"),
    ]
