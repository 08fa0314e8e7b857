"""kg's English vocabulary, written once: the entity types, what the NER labels mean, pronouns,
titles, months. Every stage reads these tables from here; a word list only one module needs
stays in that module as a named constant.

Words are in their folded form (`fold`): lower case, without quotes around them; a title also
without an abbreviation's full stop (`title_form`: "Sen." -> "sen").
"""

from __future__ import annotations

from functools import cache, lru_cache

import gender_guesser.detector

# --- entity types and NER labels ------------------------------------------------------------------

# The types an Entity can have (kg's ontology has one class for each), in the order legends list them.
ENTITY_TYPES = ("Person", "Organization", "Country", "Location", "Group", "Weapon", "Event", "Date", "Concept")

# NER labels are OntoNotes names, as spaCy's English pipelines and kg's own give them. The eleven
# that name something (the others are times and numbers):
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW",
                         "LANGUAGE"})
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY", "ORDINAL"})
TIME_LABELS = frozenset({"DATE", "TIME"})
NOT_NAME_LABELS = NUMBER_LABELS | TIME_LABELS  # a token so tagged is no part of a name
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_TYPES = frozenset({"Country", "Location"})
# Head words that make a capitalised phrase an organisation's name: "Civic Party", "Saudi Interior Ministry",
# "University of Southern Indiana". kg's pipeline, trained on little news, leaves most of these untagged.
ORGANISATION_HEADS = frozenset({
    "Party", "Council", "Committee", "Association", "Union", "Ministry", "Department", "Agency", "Institute",
    "University", "Foundation", "Corporation", "Company", "Church", "Army", "Navy", "Court", "Parliament",
    "Assembly", "Commission", "Bank", "League", "Federation", "Organization", "Organisation", "Society", "Office",
    "Service", "Bureau", "Forces", "Authority", "Police", "Administration", "Senate", "College", "Museum", "Club",
    "Chamber", "Chambers", "Board", "Trust",
})

# Place nouns whose name follows after "of" or goes before them: "the city of Belgorod", "Kursk region".
NAMED_PLACE_HEADS = frozenset({"city", "town", "village", "port", "region", "oblast", "province", "district",
                               "county", "state", "island"})
# Words before a place name that say the place is meant, not a person of that surname ("moved to Paris").
BEFORE_A_PLACE = frozenset({"in", "at", "to", "from", "into", "near", "across", "outside", "around", "inside", "within",
                            "throughout", "via", "toward", "towards", "through", "of", "for", "over"})
# The entity type a label gives a mention before resolution knows better (a GPE may be a Country).
LABEL_TYPES = {
    "PERSON": "Person", "ORG": "Organization", "NORP": "Group", "GPE": "Location", "LOC": "Location",
    "FAC": "Location", "EVENT": "Event", "PRODUCT": "Concept", "WORK_OF_ART": "Concept", "LAW": "Concept",
    "LANGUAGE": "Concept", "DATE": "Date", "TIME": "Date", "MONEY": "Concept", "QUANTITY": "Concept",
    "PERCENT": "Concept", "CARDINAL": "Concept", "ORDINAL": "Concept",
}

# --- pronouns -------------------------------------------------------------------------------------

FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"}) | PLURAL_PRONOUNS
# Every form (subject, object, possessive, reflexive): a mention of one may refer back to a
# person, group or country, and is never an entity itself.
PERSONAL_PRONOUNS = (FIRST_PERSON_SINGULAR | FIRST_PERSON_PLURAL | SECOND_PERSON | MALE_PRONOUNS
                     | FEMALE_PRONOUNS | NEUTER_PRONOUNS)

# --- titles ---------------------------------------------------------------------------------------

# Titles and roles of people: before a name ("Defense Secretary Lloyd Austin") or as the head
# of a description ("a spokesman for the Kremlin").
PERSON_TITLES = frozenset({
    "president", "minister", "secretary", "secretary-general", "general", "gen", "admiral", "adm",
    "colonel", "col", "lieutenant", "lt", "major", "maj", "captain", "capt", "sergeant", "sgt", "commander",
    "spokesman", "spokeswoman", "spokesperson", "senator", "sen", "representative", "rep",
    "congressman", "congresswoman", "governor", "gov", "mayor", "chancellor", "premier", "king",
    "queen", "emir", "sheikh", "prince", "princess", "leader", "chief", "ambassador", "envoy",
    "official", "officer", "director", "chairman", "chairwoman", "chair", "lawmaker", "legislator",
    "mp", "adviser", "advisor", "aide", "diplomat", "analyst", "editor", "reporter", "correspondent",
    "journalist", "writer", "pope", "judge", "prosecutor", "head", "member", "soldier", "pilot",
    "coach", "attorney", "lawyer", "professor", "prof", "instructor", "teacher", "manager", "founder", "ceo",
    "executive", "curator", "scientist", "researcher", "economist", "candidate", "politician", "activist",
    "commentator", "expert", "ruler", "dictator", "mr", "mrs", "ms", "dr", "sir", "dame", "tsar", "czar",
    "sultan", "kaiser",
})
# What an abbreviated title stands for.
TITLE_ABBREVIATIONS = {"gen": "general", "sen": "senator", "rep": "representative", "gov": "governor",
                       "adm": "admiral", "col": "colonel", "lt": "lieutenant", "capt": "captain", "maj": "major",
                       "sgt": "sergeant", "prof": "professor"}
# Forms of address: before a name they make no role ("Mr. Peskov", "Sheikh Tamim" say nothing of a job).
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame", "miss", "lord", "lady", "sheikh"})
FEMALE_TITLES = frozenset({"spokeswoman", "congresswoman", "chairwoman", "queen", "princess", "mrs", "ms", "dame"})
MALE_TITLES = frozenset({"spokesman", "congressman", "chairman", "king", "prince", "emir", "sheikh", "mr", "sir",
                         "tsar", "czar", "sultan", "kaiser"})
# Words that qualify a title and must agree for two roles to be the same ("vice president").
RANK_QUALIFIERS = frozenset({"vice", "deputy", "former", "acting", "assistant", "under", "ex", "first", "prime",
                             "shadow"})  # a shadow chancellor is no chancellor
# Words that may stand between a title and the rest of a title phrase.
TITLE_FILLERS = frozenset({
    "national", "security", "foreign", "defense", "defence", "interior", "state", "top", "senior",
    "chief", "press", "military", "army", "navy", "air", "force", "joint", "staff", "of", "the",
    "for", "affairs", "general", "republican", "democratic", "democrat", "armed", "services",
    "intelligence", "finance", "economy", "justice", "health", "trade", "energy", "ruling",
}) | RANK_QUALIFIERS
TITLE_WORDS = PERSON_TITLES | TITLE_FILLERS  # the words of a title phrase ("US Defense Secretary")
# Heads of state and government: offices that need no "of what" ("President Biden").
HEAD_OFFICES = frozenset({"president", "chancellor", "king", "queen", "pope", "emir", "premier", "tsar", "czar",
                          "sultan", "kaiser"})

# --- places ---------------------------------------------------------------------------------------

# Common nouns that end the names of places and streets: "Queen Creek" and "King Street" are no
# queen and no king.
GEOGRAPHIC_HEADS = frozenset({
    "avenue", "bay", "beach", "bridge", "canyon", "cape", "city", "county", "creek", "falls", "hill",
    "hills", "island", "islands", "lake", "mountain", "mountains", "park", "peak", "point", "port", "river",
    "road", "square", "station", "street", "valley", "village",
})

# --- languages ------------------------------------------------------------------------------------

# Languages that share their word with a people's adjective: "taught himself Japanese" is the
# language, "Japanese officials" the country (kg.extract.mentions tells them apart by the parse).
LANGUAGES = frozenset({
    "arabic", "bengali", "cantonese", "chinese", "czech", "danish", "dutch", "english", "estonian", "farsi",
    "finnish", "french", "german", "greek", "hebrew", "hindi", "hungarian", "indonesian", "italian",
    "japanese", "korean", "latin", "latvian", "lithuanian", "malay", "mandarin", "norwegian", "pashto",
    "persian", "polish", "portuguese", "romanian", "russian", "serbian", "slovak", "spanish", "swahili",
    "swedish", "thai", "turkish", "ukrainian", "urdu", "vietnamese", "welsh",
})

# --- dates ----------------------------------------------------------------------------------------

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# --- folding --------------------------------------------------------------------------------------

QUOTES = "\"'“”‘’«»„`"


@lru_cache(maxsize=1 << 16)  # the same words and names are folded again and again
def fold(text: str) -> str:
    """Text as the tables have it: case-folded, spaces collapsed, quotes and punctuation around it gone."""
    return " ".join(text.casefold().strip(QUOTES + " .,;:!?").split())


@lru_cache(maxsize=1 << 18)
def title_form(word: str) -> str:
    """A word as the title tables have it: folded, without an abbreviation's full stop ("Sen." -> sen)."""
    return fold(word).rstrip(".")

# Nouns of acts a light verb takes as its object and that say what was done: "launched an attack
# on", "gave permission to use", "held talks with" (kg.extract.clauses folds them into the relation).
PREDICATE_NOUNS = frozenset({
    "attack", "assault", "strike", "airstrike", "raid", "offensive", "invasion", "bombardment", "war", "campaign",
    "operation", "talk", "meeting", "negotiation", "conversation", "call", "visit", "trip", "tour", "permission",
    "approval", "authorization", "authorisation", "support", "assistance", "aid", "help", "backing", "sanction",
    "ban", "embargo", "pressure", "agreement", "deal", "treaty", "accord", "lawsuit", "suit", "complaint", "charge",
    "accusation", "allegation", "warning", "threat", "statement", "speech", "announcement", "criticism", "order",
    "request", "appeal", "part", "control", "command", "investigation", "inquiry", "probe", "interview", "promise",
    "pledge", "donation", "contribution", "apology", "tribute", "condolence", "decision", "vote", "end",
    "place",  # "the rally took place in Warsaw": take_place_in
})


@cache
def first_name_genders() -> gender_guesser.detector.Detector:
    """The first names' table (gender-guesser): one per process, for kg.nlp's name rules and
    kg.resolve.coref's "he"/"she"."""
    return FirstNames(case_sensitive=False)


class FirstNames(gender_guesser.detector.Detector):
    """gender-guesser's Detector, with its 4 MB table read at once: the library reads it a line at a time through
    a codecs reader, which took 0.2 s of every build's start, before the workers fork. The same lines (str
    splitlines breaks lines where the codecs reader does), each read by the library's own line parser."""

    def _parse(self, filename: str) -> None:
        self.names = {}
        with open(filename, encoding="utf-8") as table:
            lines = table.read().splitlines()
        for line in lines:
            self._eat_name_line(line.strip())
