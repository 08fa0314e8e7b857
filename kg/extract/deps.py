"""Universal Dependencies label sets, and one step that turns ClearNLP-labelled parses into UD.

kg's shipped pipeline and spaCy's UD-trained pipelines label with UD v2 (EWT flavour, subtypes
such as "nsubj:pass", "obl:unmarked", "acl:relcl"). spaCy's en_core_web_* pipelines use the
ClearNLP scheme, which differs in labels and in shape: a preposition heads its object
("prep" -> "pobj") and the verb "be" heads a copular clause ("is" -> "attr"). `normalise`
rewrites such a Doc into UD shape so the extractor only ever sees UD.
"""

from __future__ import annotations

import numpy
from spacy.tokens import Doc, Token

# --- UD v2 labels the extractor reads -------------------------------------------------------
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "csubj", "csubj:pass", "nsubj:outer"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubj:pass", "csubj:pass"})
CLAUSAL_SUBJECT_DEPS = frozenset({"csubj", "csubj:pass"})
OBJECT_DEPS = frozenset({"obj"})
INDIRECT_OBJECT_DEPS = frozenset({"iobj"})
OBLIQUE_DEPS = frozenset({"obl", "obl:agent", "obl:tmod", "obl:npmod", "obl:unmarked"})
AGENT_DEPS = frozenset({"obl:agent"})
UNMARKED_OBLIQUE_DEPS = frozenset({"obl:tmod", "obl:npmod", "obl:unmarked"})
POSSESSIVE_DEPS = frozenset({"nmod:poss"})
OPEN_COMPLEMENT_DEPS = frozenset({"xcomp"})
CLAUSAL_COMPLEMENT_DEPS = frozenset({"ccomp"})
ADVERBIAL_CLAUSE_DEPS = frozenset({"advcl", "advcl:relcl"})
RELATIVE_CLAUSE_DEPS = frozenset({"acl:relcl"})
CLAUSAL_MODIFIER_DEPS = frozenset({"acl"})
NOMINAL_MODIFIER_DEPS = frozenset({"nmod"})
CONJUNCT_DEPS = frozenset({"conj"})
APPOSITION_DEPS = frozenset({"appos"})
AUXILIARY_DEPS = frozenset({"aux", "aux:pass"})
PASSIVE_AUXILIARY_DEPS = frozenset({"aux:pass"})
COPULA_DEPS = frozenset({"cop"})
CASE_DEPS = frozenset({"case"})
MARKER_DEPS = frozenset({"mark"})
PARTICLE_DEPS = frozenset({"compound:prt"})
ADVERB_DEPS = frozenset({"advmod"})
COORDINATOR_DEPS = frozenset({"cc", "cc:preconj"})
EXPLETIVE_DEPS = frozenset({"expl"})
PARATAXIS_DEPS = frozenset({"parataxis"})

# --- ClearNLP (en_core_web_*) -> UD ----------------------------------------------------------
# Labels that only ClearNLP uses: seeing one means the Doc needs normalising.
CLEARNLP_ONLY_DEPS = frozenset({
    "dobj", "pobj", "prep", "pcomp", "nsubjpass", "csubjpass", "auxpass", "attr", "acomp", "oprd",
    "dative", "agent", "poss", "relcl", "neg", "prt", "npadvmod", "quantmod", "predet", "preconj",
    "meta", "intj",
})
CLEARNLP_TO_UD = {
    "dobj": "obj", "nsubjpass": "nsubj:pass", "csubjpass": "csubj:pass", "auxpass": "aux:pass",
    "poss": "nmod:poss", "relcl": "acl:relcl", "neg": "advmod", "prt": "compound:prt",
    "npadvmod": "obl:unmarked", "quantmod": "advmod", "predet": "det:predet", "preconj": "cc:preconj",
    "meta": "discourse", "intj": "discourse", "oprd": "xcomp", "dative": "iobj",
}
# Prepositions head their object in ClearNLP; in UD the object heads and the preposition is "case".
CLEARNLP_PREPOSITION_DEPS = frozenset({"prep", "agent", "dative"})
CLEARNLP_PREPOSITION_OBJECT_DEPS = frozenset({"pobj"})
CLEARNLP_PREPOSITION_CLAUSE_DEPS = frozenset({"pcomp"})
# "be" heads a copular clause in ClearNLP; in UD its predicate heads and "be" is "cop".
CLEARNLP_PREDICATE_DEPS = frozenset({"attr", "acomp"})
# "be" with one of these is a verb of its own ("there is", "is to leave"), not a copula.
BE_COMPLEMENT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "expl", "oprd", "csubj"})
VERBAL_POS = frozenset({"VERB", "AUX", "ADJ"})
BE_FORMS = frozenset({"be", "is", "am", "are", "was", "were", "been", "being", "'s", "'re", "'m"})


def is_clearnlp(doc: Doc) -> bool:
    """True when the Doc's parse uses ClearNLP labels (spaCy's en_core_web_* pipelines)."""
    labels = {doc.vocab.strings[label] for label in numpy.unique(doc.to_array("DEP"))} if len(doc) else set()
    return not labels.isdisjoint(CLEARNLP_ONLY_DEPS)


def normalise(doc: Doc) -> Doc:
    """The Doc itself if it is UD-labelled, else a copy whose parse is rewritten into UD.

    The copy keeps words, spaces, tags, lemmas, morphology and entities, so character offsets
    are unchanged; only heads and labels differ.
    """
    if not doc.has_annotation("DEP") or not is_clearnlp(doc):
        return doc
    heads = [token.head.i for token in doc]
    deps = [token.dep_ for token in doc]
    _lift_preposition_objects(doc, heads, deps)  # first: "be" still decides obl (verbal head) vs nmod
    _lift_copular_predicates(doc, heads, deps)
    _attach_coordinators_forward(heads, deps)
    for i, label in enumerate(deps):
        deps[i] = CLEARNLP_TO_UD.get(label, label)
        if label == "attr" or label == "acomp":  # left after lifting: "became president", "seems happy"
            deps[i] = "xcomp"
        elif label == "aux" and doc[i].lower_ == "to":  # infinitival "to" is a marker in UD
            deps[i] = "mark"
    return Doc(
        doc.vocab,
        words=[token.text for token in doc],
        spaces=[bool(token.whitespace_) for token in doc],
        tags=[token.tag_ for token in doc] if doc.has_annotation("TAG") else None,
        pos=[token.pos_ for token in doc] if doc.has_annotation("POS") else None,
        morphs=[str(token.morph) for token in doc] if doc.has_annotation("MORPH") else None,
        lemmas=[token.lemma_ for token in doc] if doc.has_annotation("LEMMA") else None,
        heads=heads,
        deps=deps,
        ents=[f"{token.ent_iob_}-{token.ent_type_}" if token.ent_type_ else "O" for token in doc]
        if doc.has_annotation("ENT_IOB") else None,
    )


def _children(heads: list[int], i: int) -> list[int]:
    return [j for j, head in enumerate(heads) if head == i and j != i]


def _move_children(heads: list[int], old: int, new: int, *, except_: set[int]) -> None:
    for child in _children(heads, old):
        if child != new and child not in except_:
            heads[child] = new


def _lift_copular_predicates(doc: Doc, heads: list[int], deps: list[str]) -> None:
    """`Peskov is a spokesman`: make "spokesman" the head and "is" its `cop`."""
    for token in doc:
        if not is_be(token):
            continue
        i = token.i
        children = _children(heads, i)
        predicates = [j for j in children if deps[j] in CLEARNLP_PREDICATE_DEPS]
        if not predicates and deps[i] not in ("aux", "auxpass") and not any(
                deps[j] in BE_COMPLEMENT_DEPS for j in children):
            # "He was in Moscow": the prepositional phrase is the predicate, as in UD
            predicates = [j for j in children if deps[j] == "obl" and j > i][:1]
        if not predicates:
            continue
        if any(deps[j] == "expl" for j in _children(heads, i)):  # "there is a man": man is the subject
            for j in predicates:
                deps[j] = "nsubj"
            continue
        predicate = predicates[0]
        heads[predicate] = predicate if heads[i] == i else heads[i]
        deps[predicate] = deps[i]
        _move_children(heads, i, predicate, except_=set())
        heads[i], deps[i] = predicate, "cop"


def _lift_preposition_objects(doc: Doc, heads: list[int], deps: list[str]) -> None:
    """`fought in Ukraine`: make "Ukraine" an `obl` of "fought" and "in" its `case`."""
    objects: dict[int, int] = {}
    for token in doc:
        i = token.i
        if deps[i] not in CLEARNLP_PREPOSITION_DEPS and not (deps[i] == "conj" and token.pos_ == "ADP"):
            continue
        if deps[i] == "dative" and token.pos_ != "ADP":
            continue  # a nominal indirect object: "gave him"
        children = _children(heads, i)
        nominal = [j for j in children if deps[j] in CLEARNLP_PREPOSITION_OBJECT_DEPS]
        clausal = [j for j in children if deps[j] in CLEARNLP_PREPOSITION_CLAUSE_DEPS]
        if nominal or clausal:
            objects[i] = (nominal or clausal)[0]
    for preposition, obj in objects.items():
        head = heads[preposition]
        verbal = doc[head].pos_ in VERBAL_POS
        label = deps[preposition]
        if label == "conj":  # "in Kyiv and in Kharkiv": the objects are the conjuncts
            new_head, new_label = objects.get(head, head), "conj"
        elif deps[obj] in CLEARNLP_PREPOSITION_CLAUSE_DEPS:
            new_head, new_label = head, "advcl" if verbal else "acl"
        elif label == "agent":
            new_head, new_label = head, "obl:agent"
        else:
            new_head, new_label = head, "obl" if verbal else "nmod"
        _move_children(heads, preposition, obj, except_=set())
        heads[obj], deps[obj] = new_head, new_label
        heads[preposition] = obj
        deps[preposition] = "mark" if new_label in ("advcl", "acl") else "case"


def _attach_coordinators_forward(heads: list[int], deps: list[str]) -> None:
    """`Norway and Finland`: ClearNLP hangs "and" on Norway, UD on the conjunct after it."""
    for i, label in enumerate(deps):
        if label != "cc":
            continue
        later = [j for j in _children(heads, heads[i]) if deps[j] == "conj" and j > i]
        if later:
            heads[i] = later[0]


def is_be(token: Token) -> bool:
    """The verb "be" in any form (hand-built Docs may have no lemmas)."""
    return token.lemma_.lower() == "be" or token.lower_ in BE_FORMS
