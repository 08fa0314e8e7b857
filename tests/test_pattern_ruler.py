"""kg_entity_ruler: spaCy's entity_ruler whose phrase patterns never go through the pipeline."""

from __future__ import annotations

import json

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg import nlp

PATTERNS = [{"label": "GPE", "pattern": "New York"}, {"label": "GPE", "pattern": "Kyiv"},
            {"label": "NORP", "pattern": [{"LOWER": "ukrainian"}]}]
TEXT = "Ukrainian officials flew from New York to Kyiv."
RUNS: list[str] = []  # texts the spy component saw


@Language.component("kg_test_spy")
def spy(doc: Doc) -> Doc:
    RUNS.append(doc.text)
    for token in doc:  # an annotation a phrase pattern may match on
        token.pos_ = "PROPN"
    return doc


def _pipeline(factory: str) -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("kg_test_spy")
    pipeline.add_pipe(factory, name="entity_ruler")
    return pipeline


def _entities(doc: Doc) -> list[tuple[str, str]]:
    return [(entity.text, entity.label_) for entity in doc.ents]


def test_spacys_ruler_runs_the_components_before_it_over_each_phrase_pattern():
    # Why kg has its own: the shipped pipeline's 3,500 place names went through the parser and NER.
    RUNS.clear()
    _pipeline("entity_ruler").get_pipe("entity_ruler").add_patterns(PATTERNS)
    assert sorted(RUNS) == ["Kyiv", "New York"]


def test_phrase_patterns_are_made_without_the_pipeline_and_match_as_spacys_do():
    RUNS.clear()
    ours = _pipeline(nlp.WORD_PATTERN_RULER)
    ours.get_pipe("entity_ruler").add_patterns(PATTERNS)
    assert RUNS == []
    theirs = _pipeline("entity_ruler")
    theirs.get_pipe("entity_ruler").add_patterns(PATTERNS)
    assert _entities(ours(TEXT)) == _entities(theirs(TEXT)) == [
        ("Ukrainian", "NORP"), ("New York", "GPE"), ("Kyiv", "GPE")]


def test_a_saved_pipeline_loads_its_patterns_without_running_the_pipeline(tmp_path):
    saved = _pipeline(nlp.WORD_PATTERN_RULER)
    saved.get_pipe("entity_ruler").add_patterns(PATTERNS)
    saved.to_disk(tmp_path)
    RUNS.clear()
    loaded = spacy.load(tmp_path)
    assert RUNS == []
    assert _entities(loaded(TEXT)) == _entities(saved(TEXT))


def test_a_saved_ruler_loads_its_phrases_from_their_words_without_tokenizing_them(tmp_path):
    saved = _pipeline(nlp.WORD_PATTERN_RULER)
    saved.get_pipe("entity_ruler").add_patterns(PATTERNS)
    saved.to_disk(tmp_path)
    words = json.loads((tmp_path / "entity_ruler" / nlp.PHRASE_WORDS_FILE).read_text(encoding="utf-8"))
    assert words["phrases"] == {"New York": ["New", "York"], "Kyiv": ["Kyiv"]}
    loaded = spacy.load(tmp_path)
    assert "Kyiv" not in loaded.vocab and "York" not in loaded.vocab  # no word of a phrase was tokenized
    assert _entities(loaded(TEXT)) == _entities(saved(TEXT)) == [
        ("Ukrainian", "NORP"), ("New York", "GPE"), ("Kyiv", "GPE")]
    assert sorted(loaded.get_pipe("entity_ruler").patterns, key=str) == sorted(PATTERNS, key=str)


def test_saved_words_are_not_used_once_the_tokenizer_changed_and_a_new_phrase_is_tokenized(tmp_path):
    saved = _pipeline(nlp.WORD_PATTERN_RULER)
    saved.get_pipe("entity_ruler").add_patterns(PATTERNS)
    saved.to_disk(tmp_path)
    with (tmp_path / "entity_ruler" / "patterns.jsonl").open("a", encoding="utf-8") as patterns:
        patterns.write('{"label": "GPE", "pattern": "Odesa"}\n')
    changed = spacy.load(tmp_path)
    assert "Odesa" in changed.vocab and "Kyiv" not in changed.vocab  # only the new phrase was tokenized
    assert ("Odesa", "GPE") in _entities(changed("Drones hit Odesa and Kyiv."))
    changed.tokenizer.add_special_case("York", [{"ORTH": "Yo"}, {"ORTH": "rk"}])
    changed.tokenizer.to_disk(tmp_path / "tokenizer")
    reloaded = spacy.load(tmp_path)
    assert [token.text for token in reloaded.make_doc("New York")] == ["New", "Yo", "rk"]
    assert ("New York", "GPE") in _entities(reloaded(TEXT))  # the phrase split as the new tokenizer splits it


def test_patterns_on_other_attributes_still_go_through_the_pipeline():
    # A LEMMA or POS phrase pattern needs the annotations of the components before the ruler.
    RUNS.clear()
    pipeline = spacy.blank("en")
    pipeline.add_pipe("kg_test_spy")
    pipeline.add_pipe(nlp.WORD_PATTERN_RULER, config={"phrase_matcher_attr": "POS"})
    pipeline.get_pipe(nlp.WORD_PATTERN_RULER).add_patterns(PATTERNS[:1])
    assert RUNS == ["New York"]


def test_the_shipped_pipelines_rulers_are_kgs():
    config = spacy.util.load_config(nlp.SHIPPED_PIPELINE / "config.cfg")
    factories = {name: config["components"][name]["factory"] for name in ("gazetteer", "entity_ruler")}
    assert factories == {"gazetteer": nlp.WORD_PATTERN_RULER, "entity_ruler": nlp.WORD_PATTERN_RULER}


def _with_entities(pipeline: Language, text: str, entities: list[tuple[int, int, str]]) -> Doc:
    doc = pipeline.make_doc(text)
    doc.ents = [doc.char_span(start, end, label=label) for start, end, label in entities]
    return doc


def test_the_longer_name_wins():
    # "South" (NORP, from the NER or a rule) inside the place "South Carolina".
    text = "He was held at Charleston, South Carolina."
    south, carolina = text.index("South"), text.index("Carolina") + len("Carolina")
    gazetteer = spacy.blank("en").add_pipe(nlp.WORD_PATTERN_RULER, config={"overwrite_ents": False})
    gazetteer.add_patterns([{"label": "GPE", "pattern": "South Carolina"}])
    doc = gazetteer(_with_entities(gazetteer.nlp, text, [(south, south + 5, "NORP")]))
    assert _entities(doc) == [("South Carolina", "GPE")]
    rules = spacy.blank("en").add_pipe(nlp.WORD_PATTERN_RULER, config={"overwrite_ents": True})
    rules.add_patterns([{"label": "NORP", "pattern": "South"}])
    doc = rules(_with_entities(rules.nlp, text, [(south, carolina, "GPE")]))
    assert _entities(doc) == [("South Carolina", "GPE")]
    # Elsewhere the rules still overwrite, and the gazetteer still leaves an entity it only overlaps.
    doc = rules(_with_entities(rules.nlp, "The South voted.", [(4, 9, "LOC")]))
    assert _entities(doc) == [("South", "NORP")]
