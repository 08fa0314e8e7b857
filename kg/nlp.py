"""Load a spaCy pipeline (the shipped one, a package name, or a path) and parse documents."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy
import spacy
from spacy.attrs import ORTH, SENT_START
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.pipeline.entityruler import DEFAULT_ENT_ID_SEP
from spacy.pipeline.lemmatizer import lemmatizer_score
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token

from kg.errors import KgError
from kg.lexicon import GEOGRAPHIC_HEADS, NOT_NAME_LABELS, ORGANISATION_HEADS, PERSON_TITLES, first_name_genders, title_form
from kg.types import Document

SHIPPED_PIPELINE = Path(__file__).parent / "pipelines" / "en_kg"


SENTENCE_BOUNDS = "kg_sentence_bounds"
SENTENCE_END_CHARS = frozenset(".!?…")
CLOSING_CHARS = frozenset("\"'”’)]»")


@Language.component(SENTENCE_BOUNDS)
def sentence_bounds(doc: Doc) -> Doc:
    """Constrain the parser's sentence splits: a line break always ends a sentence, and a
    sentence can only end after ., !, ? or … (possibly followed by quotes or brackets).

    Parsers trained on treebank text run headlines into the first sentence and split news
    sentences at odd places ("NATO members | Norway and Finland became ..."); they keep
    boundaries set before them.
    """
    if len(doc) < 2:
        return doc
    # One class per distinct token text, then array operations: the rule runs on every token
    # of every article, and a Python loop over tokens cost ~3% of the whole pipeline.
    orths = doc.to_array([ORTH])
    unique, inverse = numpy.unique(orths, return_inverse=True)
    kinds = numpy.array([_token_kind(doc.vocab.strings[int(orth)]) for orth in unique], dtype=numpy.int8)[inverse]
    # After token i a sentence may end if the last token up to i that is neither space nor a
    # closing quote/bracket ends with sentence-final punctuation.
    decisive = numpy.where((kinds == _ENDS) | (kinds == _OTHER), numpy.arange(len(doc)), -1)
    last_decisive = numpy.maximum.accumulate(decisive)
    may_end = (last_decisive >= 0) & (kinds[numpy.maximum(last_decisive, 0)] == _ENDS)
    starts = numpy.zeros(len(doc), dtype=numpy.int32)  # 0: leave to the parser
    starts[1:][~may_end[:-1]] = -1
    starts[1:][kinds[:-1] == _LINE_BREAK] = 1
    starts[0] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1).astype(numpy.uint64))
    return doc


_OTHER, _ENDS, _CLOSING, _SPACE, _LINE_BREAK = range(5)


def _token_kind(text: str) -> int:
    if text.isspace():
        return _LINE_BREAK if "\n" in text else _SPACE
    if text[-1] in SENTENCE_END_CHARS:
        return _ENDS
    return _CLOSING if all(char in CLOSING_CHARS for char in text) else _OTHER


WORD_PATTERN_RULER = "kg_entity_ruler"
# Phrase patterns matched on these token attributes are made by the tokenizer alone.
WORD_ATTRS = (None, "ORTH", "TEXT", "LOWER")


# Beside a saved ruler's patterns.jsonl: the words of each phrase pattern, as the tokenizer split them.
PHRASE_WORDS_FILE = "phrase_words.json"


class WordPatternRuler(EntityRuler):
    """spaCy's entity_ruler, except that phrase patterns matched on words are made by the tokenizer alone,
    and a saved ruler loads them from their words.

    spaCy's ruler runs every component before it over each phrase pattern it is given, also when a
    pipeline loads: the shipped pipeline's 3,500 place names went through the tagger, parser and NER
    in every process that loaded it (1.9 s of a 2.4 s load). Their words are all a match needs. Even
    tokenizing them took 0.3 s of each load, most of it making a vocabulary entry for each of their
    words: so `to_disk` also saves each phrase's words (PHRASE_WORDS_FILE, with a fingerprint of the
    tokenizer's rules), and `from_disk` hands the matcher their string hashes, tokenizing only a
    phrase that file lacks, or every phrase if the tokenizer changed since.
    """

    def add_patterns(self, patterns) -> None:
        if self.phrase_matcher_attr not in WORD_ATTRS:
            return super().add_patterns(patterns)
        patterns = list(patterns)
        known = getattr(self, "_known_words", {})
        with self.nlp.select_pipes(disable=self.nlp.pipe_names):
            if not any(isinstance(entry["pattern"], str) and entry["pattern"] in known for entry in patterns):
                return super().add_patterns(patterns)
            # spaCy's order: token patterns, then phrases (each label's phrases in the order given).
            super().add_patterns([entry for entry in patterns if not isinstance(entry["pattern"], str)])
            for entry in patterns:
                if not isinstance(entry["pattern"], str):
                    continue
                words = known.get(entry["pattern"])
                if words is None:
                    super().add_patterns([entry])
                    continue
                label = entry["label"]
                if "id" in entry:  # as spaCy's add_patterns names the match of a pattern with an id
                    label = self._create_label(label, entry["id"])
                    self._ent_ids[self.matcher._normalize_key(label)] = (entry["label"], entry["id"])
                self.phrase_patterns[label].append(PhraseText(entry["pattern"]))
                self.phrase_matcher.add(label, [[self.nlp.vocab.strings.add(word) for word in words]])

    def from_disk(self, path, *, exclude=()) -> WordPatternRuler:
        self._known_words = self._saved_words(Path(path) / PHRASE_WORDS_FILE)
        try:
            return super().from_disk(path, exclude=exclude)
        finally:
            del self._known_words

    def to_disk(self, path, *, exclude=()) -> None:
        super().to_disk(path, exclude=exclude)
        path = Path(path)
        if path.is_dir() and self.phrase_matcher_attr in WORD_ATTRS:
            words = {pattern.text: [token.text for token in self.nlp.make_doc(pattern.text)]
                     for patterns in self.phrase_patterns.values() for pattern in patterns}
            saved = {"tokenizer": tokenizer_fingerprint(self.nlp.tokenizer), "phrases": words}
            (path / PHRASE_WORDS_FILE).write_text(json.dumps(saved, ensure_ascii=False, sort_keys=True),
                                                  encoding="utf-8")

    def _saved_words(self, path: Path) -> dict[str, list[str]]:
        """Each phrase's words from a saved ruler's file, if the tokenizer that split them is this one's."""
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(saved, dict) or saved.get("tokenizer") != tokenizer_fingerprint(self.nlp.tokenizer):
            return {}
        return saved.get("phrases", {})

    def set_annotations(self, doc: Doc, matches) -> None:
        """As spaCy's, except that the longer name wins: "South Carolina" is a place, not the people "South".
        Without `overwrite_ents` a match still replaces the entities strictly inside it; with it, a match
        strictly inside an entity leaves that entity alone."""
        entities = list(doc.ents)
        if self.overwrite:
            matches = [(match_id, start, end) for match_id, start, end in matches if not any(
                entity.start <= start and end <= entity.end and len(entity) > end - start for entity in entities)]
        else:
            inside = set()
            for _, start, end in matches:
                overlapping = [entity for entity in entities if entity.start < end and entity.end > start]
                if overlapping and all(start <= entity.start and entity.end <= end and len(entity) < end - start
                                       for entity in overlapping):
                    inside.update(overlapping)
            if inside:
                doc.ents = [entity for entity in entities if entity not in inside]
        super().set_annotations(doc, matches)


@Language.factory(WORD_PATTERN_RULER, assigns=["doc.ents", "token.ent_type", "token.ent_iob"], default_config={
    # spaCy's entity_ruler's
    "phrase_matcher_attr": None, "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
    "validate": False, "overwrite_ents": False, "ent_id_sep": DEFAULT_ENT_ID_SEP,
    "scorer": {"@scorers": "spacy.entity_ruler_scorer.v1"},
})
def make_word_pattern_ruler(nlp: Language, name: str, phrase_matcher_attr, matcher_fuzzy_compare, validate: bool,
                            overwrite_ents: bool, ent_id_sep: str, scorer) -> WordPatternRuler:
    return WordPatternRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr,
                            matcher_fuzzy_compare=matcher_fuzzy_compare, validate=validate,
                            overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep, scorer=scorer)


class PhraseText(NamedTuple):
    """A phrase pattern loaded from its saved words: its text, all that spaCy's ruler reads of a pattern
    Doc (to list and save its patterns)."""

    text: str


def tokenizer_fingerprint(tokenizer) -> str:
    """A hash of what decides how a tokenizer splits a text: its special cases and affix and URL rules."""
    rules = sorted((text, [sorted(token.items()) for token in tokens]) for text, tokens in tokenizer.rules.items())
    expressions = [getattr(getattr(function, "__self__", None), "pattern", None) for function in (
        tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.infix_finditer, tokenizer.token_match,
        tokenizer.url_match)]
    text = json.dumps([rules, expressions, tokenizer.faster_heuristics], ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


NAME_RULES = "kg_name_rules"
NAME_JOINERS = frozenset({"of", "for", "de", "&"})


@Language.component(NAME_RULES)
def name_rules(doc: Doc) -> Doc:
    """Names kg's NER, trained on little news, leaves untagged: an organisation's (organisation_names) and
    a person's (person_names); and persons' names it cuts short (person_name_ends)."""
    return person_name_ends(person_names(organisation_names(doc)))


def organisation_names(doc: Doc) -> Doc:
    """Tag ORG a capitalised phrase of two or more words that ends in an organisation's head word, with
    its "of ..." part ("the Union of Rationalist Atheists", "Italian Supreme Court of Cassation"), where the
    NER tagged nothing crossing it; entities strictly inside it give way (the longer name wins)."""
    spans = []
    split = {}  # a person's name the NER ran on into an organisation's: "Lee Cheuk-yan| of the Labour Party"
    for entity in doc.ents:
        joiner = next((index for index in range(entity.start + 1, entity.end - 1)
                       if doc[index].lower_ in ("of", "from")), None)
        if joiner is None or not (entity.label_ == "PERSON" or (
                entity.label_ in ("ORG", "GPE") and first_name_genders().get_gender(entity[0].text) in ONE_SEX)):
            continue
        entity_end = entity.end
        while doc[entity_end - 1].is_space:  # "Claudia Mo of Civic Party\n\n"
            entity_end -= 1
        if _organisation_end(doc, joiner + 1 + (doc[joiner + 1].lower_ == "the"), entity_end) == entity_end:
            split[entity] = Span(doc, entity.start, joiner, label="PERSON")
    if split:
        doc.ents = [split.get(entity, entity) for entity in doc.ents]
    for sentence in doc.sents:
        index = sentence.start
        while index < sentence.end:
            end = _organisation_end(doc, index, sentence.end)
            if end is None:
                index += 1
                continue
            spans.append((index, end))
            index = end
    if not spans:
        return doc
    entities = list(doc.ents)
    kept = []
    for start, end in spans:
        overlapping = [entity for entity in entities if entity.start < end and entity.end > start]
        if any(entity.start < start or entity.end > end or (entity.start == start and entity.end == end)
               for entity in overlapping):
            continue  # crossing an entity, or one already: the NER's reading stands
        if any(entity.label_ == "PERSON" and entity.end == end for entity in overlapping):
            continue
        entities = [entity for entity in entities if entity not in overlapping]
        kept.append(Span(doc, start, end, label="ORG"))
    if kept:
        doc.ents = sorted(entities + kept, key=lambda span: span.start)
    return doc


def _organisation_end(doc: Doc, start: int, limit: int) -> int | None:
    """The end of an organisation's name that starts at token `start`, or None."""
    if not _capitalised(doc[start]) or doc[start].lower_ == "the" or (start and doc[start - 1].text == "-"):
        return None  # nor a name inside a hyphenated word: "pro-|Beijing New People Party"
    end = start
    # After "the", a list of names may open the name: "the London, Midland and Scottish Railway Company".
    listed = start > 0 and doc[start - 1].lower_ == "the"
    joiners = []
    while end < limit and (_capitalised(doc[end]) or (
            listed and end > start and doc[end].text in LISTED_NAME_JOINERS and end + 1 < limit
            and _capitalised(doc[end + 1]))):
        if not _capitalised(doc[end]):
            joiners.append(end)
        end += 1
    heads = [index for index in range(start, end) if doc[index].text in ORGANISATION_HEADS]
    if joiners and (heads and heads[0] < joiners[-1] or any(
            doc[index].pos_ != "PROPN" or doc[index].ent_type_ == "NORP" for index in range(start, joiners[-1])
            if index not in joiners)):
        # "the Labour Party, Green Party and ...", "the Democratic, Republican and Green Party candidates": a
        # list of names, or of names' first words
        heads = [index for index in heads if index < joiners[0]]
    if not heads:
        return None
    end = heads[-1] + 1
    # "... of (the) Capitalised Words": the name goes on ("University of Southern Indiana", "Institute for the
    # Study of War").
    while end + 1 < limit and doc[end].lower_ in NAME_JOINERS:
        tail = end + 1 + (doc[end + 1].lower_ == "the")
        after = tail
        while after < limit and _capitalised(doc[after]):
            after += 1
        if after == tail:
            break
        end = after
        # "... of Rationalist Atheists and Agnostics" goes on; "... of Technology and| Colorado State
        # University" is another name.
        if end + 1 < limit and doc[end].lower_ == "and":
            more = end + 1
            while more < limit and _capitalised(doc[more]):
                more += 1
            if more > end + 1 and not any(doc[index].text in SECOND_NAME_WORDS
                                          or (doc[index].ent_iob_ == "B" and doc[index].ent_type_ in ("ORG", "PERSON"))
                                          for index in range(end + 1, more)):
                end = more
    return end if end - start > 1 else None  # a head alone is no name ("Police said")


LISTED_NAME_JOINERS = frozenset({",", "and", "&"})
# Words that end a company's name: "... and Inocean AB" is a second organisation.
COMPANY_SUFFIXES = frozenset({"AB", "AG", "ASA", "Co", "Co.", "Corp", "Corp.", "GmbH", "Inc", "Inc.", "LLC", "Ltd",
                              "Ltd.", "NV", "N.V.", "plc", "PLC", "SA", "S.A.", "SpA"})
SECOND_NAME_WORDS = ORGANISATION_HEADS | COMPANY_SUFFIXES  # after "and", a name of its own


def person_names(doc: Doc) -> Doc:
    """Tag PERSON an untagged run of two or three capitalised proper nouns that opens with a first name
    given (almost) only to one sex ("Jeremy Tam", "Andreas Granqvist"); not "Jordan River", "Royal Navy"."""
    genders = first_name_genders()
    found = []
    index = 0
    while index < len(doc):
        end = index
        while end < len(doc) and end - index < 4 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and (
                not doc[end].ent_type_ and doc[end].is_alpha and (end == index or not doc[end].is_sent_start)):
            end += 1
        if 2 <= end - index <= 3 and genders.get_gender(doc[index].text) in ONE_SEX and (
                doc[index].lower_ not in FOREIGN_ARTICLES) and not (index and doc[index - 1].text == "-") and not any(
                token.lower_ in NOT_PERSON_HEADS or token.text in ORGANISATION_HEADS
                or title_form(token.text) in PERSON_TITLES for token in doc[index:end]):
            found.append(Span(doc, index, end, label="PERSON"))
        index = max(end, index + 1)
    if found:
        doc.ents = sorted([*doc.ents, *found], key=lambda span: span.start)
    return doc


def person_name_ends(doc: Doc) -> Doc:
    """A person's name the NER cut short runs on: to the end of a hyphenated word ("Wu Chi-|wai") and over
    an untagged capitalised proper noun the parse makes part of the name ("A. Rama| Krishna")."""
    entities = list(doc.ents)
    changed = False
    for number, entity in enumerate(entities):
        if entity.label_ != "PERSON":
            continue
        end = entity.end
        limit = entities[number + 1].start if number + 1 < len(entities) else len(doc)
        while end < limit and not doc[end - 1].whitespace_ and doc[end - 1].text == "-" and doc[end].is_alpha:
            end += 1
        while end < limit and doc[end].pos_ == "PROPN" and doc[end].dep_ == "flat" and (
                entity.start <= doc[end].head.i < end) and _capitalised(doc[end]) and doc[end].is_alpha and (
                doc[end - 1].whitespace_):
            end += 1
        if end != entity.end:
            entities[number] = Span(doc, entity.start, end, label="PERSON")
            changed = True
    if changed:
        doc.ents = entities
    return doc


ONE_SEX = frozenset({"male", "female", "mostly_male", "mostly_female"})
# Words that end names of things named after people: "César Award", "Victoria Hospital".
THING_HEADS = frozenset({"award", "awards", "prize", "cup", "trophy", "medal", "festival", "games", "show", "series",
                         "hall", "hospital", "school", "airport", "stadium", "tower", "building", "center", "centre",
                         "theatre", "theater", "hotel", "day", "house", "library", "memorial", "foundation", "podcast",
                         "album", "song", "film", "movie", "book", "novel", "trail", "fund"})
NOT_PERSON_HEADS = GEOGRAPHIC_HEADS | THING_HEADS
FOREIGN_ARTICLES = frozenset({"les", "la", "le", "el", "los", "las", "il", "die", "der", "das", "den"})


def _capitalised(token: Token) -> bool:
    return (token.text[:1].isupper() and any(char.isalpha() for char in token.text)
            and token.ent_type_ not in NOT_NAME_LABELS and not token.is_space)


LEMMA_RULES = "kg_lemma_rules"
# Parts of speech spaCy's English lemma tables cover (lemma_index has a word list for each).
RULE_POS = frozenset({"noun", "verb", "adj", "adv"})


class RuleLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer (suffix rules, exceptions and word lists, driven by the
    tagger's POS and morphology) over the trained lemmatizer's lemmas.

    The trained edit-tree lemmatizer guesses a suffix edit for unseen words ("citing" -> "cit",
    "lobbying" -> "lobbye"); the rules know English spelling ("cite", "lobby") but only for the
    words in their lists. So a noun, verb, adjective or adverb takes the rules' lemma when it
    is in the word list or the exceptions for that POS and the trained lemma is none of the
    rules' candidates; anything else keeps the trained lemma. Lower-casing alone never wins
    ("American" stays "American", as UD has it).
    """

    def initialize(self, *args, **kwargs) -> None:
        super().initialize(*args, **kwargs)
        self._index_as_sets()

    def from_disk(self, *args, **kwargs) -> RuleLemmatizer:
        super().from_disk(*args, **kwargs)
        self._index_as_sets()
        return self

    def from_bytes(self, *args, **kwargs) -> RuleLemmatizer:
        super().from_bytes(*args, **kwargs)
        self._index_as_sets()
        return self

    def _index_as_sets(self) -> None:
        """The word lists of the tables just loaded as WordLists: once per load, not per token."""
        if self.lookups.has_table("lemma_index"):
            index = self.lookups.get_table("lemma_index")
            for key, words in list(index.items()):
                index[key] = WordList(words)

    def rule_lemmatize(self, token: Token) -> list[str]:
        trained = token.lemma_ or token.text
        pos = token.pos_.lower()
        if pos not in RULE_POS:
            return [trained]
        forms = super().rule_lemmatize(token)
        form = forms[0]
        known = (form in self.lookups.get_table("lemma_index").get(pos, ())
                 or form in self.lookups.get_table("lemma_exc").get(pos, {}).get(token.lower_, ()))
        if trained in forms or form == token.lower_ or not known:
            return [trained]
        return [form]


class WordList(list):
    """A lemma table's word list (57,000 nouns) that answers `in` from a set: spaCy's rule lemmatizer and
    RuleLemmatizer look words up in these lists, and scanning them was a quarter of the pipeline's time."""

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(words)
        self._words = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self._words


@Language.factory(LEMMA_RULES, assigns=["token.lemma"],
                  default_config={"model": None, "mode": "rule", "overwrite": True,
                                  "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}})
def make_rule_lemmatizer(nlp: Language, model, name: str, mode: str, overwrite: bool, scorer) -> RuleLemmatizer:
    return RuleLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer or lemmatizer_score)


class ModelError(KgError):
    """A pipeline that cannot be loaded; the message is one line saying what to do."""


# spaCy's own English pipelines, best first: trained on OntoNotes' 1.5M words of mostly news, they
# give better parses and facts than kg's shipped pipeline (docs/model.md, "The default"), so kg uses
# the first one installed (`python -m spacy download en_core_web_md`) and its own otherwise.
PREFERRED_PIPELINES = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")


def resolve_model(model: str | os.PathLike | None = None) -> str:
    """The pipeline to use: the argument (kg.config.Options.model, which $KG_SPACY_MODEL may set), else
    the first of PREFERRED_PIPELINES that is installed, else the shipped one."""
    if model:
        return str(model)
    return next((name for name in PREFERRED_PIPELINES if spacy.util.is_package(name)), str(SHIPPED_PIPELINE))


def pipeline_name(model: str | os.PathLike | None = None) -> str:
    """The chosen pipeline's name and version from its meta.json ("en_kg 0.1.0"), without loading it;
    the name or path as given when it has no readable meta.json."""
    chosen = resolve_model(model)
    path = Path(chosen)
    try:
        meta_path = path / "meta.json" if path.exists() else spacy.util.get_package_path(chosen) / "meta.json"
        meta = spacy.util.load_meta(meta_path)
    except Exception:  # not an installed package nor a pipeline directory: loading will say so
        return chosen
    return f"{meta['lang']}_{meta['name']} {meta['version']}"


def pipeline_language(model: str | os.PathLike | None = None) -> str:
    """The language (ISO 639-1) of a pipeline, read from its meta.json without loading it; "en" when
    it cannot be read (loading it will then say what is wrong)."""
    name = resolve_model(model)
    path = Path(name)
    try:
        if not path.exists():
            path = spacy.util.get_package_path(name)
        return str(json.loads((path / "meta.json").read_text(encoding="utf-8"))["lang"])
    except Exception:  # not installed, no meta.json, or a broken one
        return "en"


# spaCy builds a pipeline's tokenizer from its language's defaults (2,700 special cases, three regular
# expressions: 0.1 s of every load) and then replaces every part of it from the pipeline's saved tokenizer.
# kg.nlp.load builds it blank instead, when that file will fill it: the same tokenizer, byte for byte.
SPACY_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}
SAVED_TOKENIZER = {"@tokenizers": "kg.saved_tokenizer.v1"}


@spacy.registry.tokenizers(SAVED_TOKENIZER["@tokenizers"])
def make_saved_tokenizer():
    """A tokenizer with no rules, for a pipeline whose saved tokenizer sets them all (Tokenizer.from_disk resets
    each before reading it)."""
    return lambda nlp: Tokenizer(nlp.vocab)


def _has_saved_tokenizer(path: Path) -> bool:
    """Whether `path` is a pipeline folder with spaCy's own tokenizer, saved."""
    try:
        return ((path / "tokenizer").is_file()
                and spacy.util.load_config(path / "config.cfg", interpolate=False)["nlp"]["tokenizer"] == SPACY_TOKENIZER)
    except Exception:  # no pipeline folder or a broken config: spacy.load says what is wrong
        return False


def load(model: str | os.PathLike | None = None) -> Language:
    """Load a pipeline by spaCy package name or directory path.

    Raises ModelError with a one-line, actionable message if it is missing or broken.
    """
    name = resolve_model(model)
    path = Path(name)
    looks_like_path = os.sep in name or name.startswith(".") or path.exists()
    saved_tokenizer = _has_saved_tokenizer(path)
    try:
        nlp = spacy.load(name, config={"nlp": {"tokenizer": SAVED_TOKENIZER}} if saved_tokenizer else {})
    except Exception as error:  # a corrupt pipeline raises anything from OSError to KeyError
        if looks_like_path and (path / "config.cfg").is_file():
            first_line = next(iter(str(error).strip().splitlines()), type(error).__name__)
            raise ModelError(f"spaCy pipeline {name!r} is broken: {first_line}") from error
        if looks_like_path:
            raise ModelError(
                f"spaCy pipeline {name!r} not found or not a pipeline directory "
                "(give a directory with config.cfg, or no model, nor $KG_SPACY_MODEL, for kg's default)"
            ) from error
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed: install it (e.g. `pip install {name}`), "
            "pass a pipeline directory, or no model, nor $KG_SPACY_MODEL, for kg's default"
        ) from error
    if saved_tokenizer:  # the pipeline's config as saved: the blank start is how it was loaded, not what it is
        nlp.config["nlp"]["tokenizer"] = dict(SPACY_TOKENIZER)
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no parser: kg needs dependency parses")
    if SENTENCE_BOUNDS not in nlp.pipe_names:  # a pipeline kg saved already has it
        nlp.add_pipe(SENTENCE_BOUNDS, before="parser")
    if NAME_RULES not in nlp.pipe_names and "ner" in nlp.pipe_names:
        nlp.add_pipe(NAME_RULES, last=True)
    if NAME_RULES in nlp.pipe_names:
        first_name_genders()  # its table (0.2 s) read with the pipeline: once, before workers fork, not in each
    return nlp


def parse(
    nlp: Language, documents: Iterable[Document], *, batch_size: int, n_process: int = 1
) -> Iterator[tuple[Document, Doc]]:
    """Parse documents in batches, in input order, pairing each with its spaCy Doc."""
    pairs = ((document.text, document) for document in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield document, doc

