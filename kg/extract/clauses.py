"""Clause finding over a UD-parsed sentence: who did what to whom, as `Proposition`s.

A proposition keeps tokens, not strings, so that facts (kg.extract.facts) and CaRB tuples
(kg.extract.output) are both views of the same analysis. One predicate gives one proposition
per subject and object conjunct; control verbs ("asked the Ukrainians not to use"), light verbs
("became the latest nations to authorize"), relative clauses, participial modifiers, appositions,
titles and possessives give their own. Negation, modality, attribution, time and place are read
off the predicate and its governors.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import product

from spacy.tokens import Span, Token

from kg.extract import deps
from kg.extract.mentions import NAME_PART_DEPS, entity_at, name_after_title, name_span
from kg.extract.phrases import (
    CLAUSE_DEPS,
    CLAUSE_LEVEL_DEPS,
    MENTION_EXCLUDED_DEPS,
    Phrase,
    join,
    mention_phrase,
    phrase,
    split_conjuncts,
    subtree,
)
from kg.lexicon import (
    GEOGRAPHIC_HEADS, HONORIFICS, NAME_LABELS, NAMED_PLACE_HEADS, PERSON_TITLES, PLACE_LABELS, PREDICATE_NOUNS,
    RANK_QUALIFIERS, TIME_LABELS, title_form,
)

# --- Rule vocabularies -----------------------------------------------------------------------
REPORTING_VERBS = frozenset({
    "say", "tell", "claim", "warn", "confirm", "deny", "stress", "argue", "state", "add", "note",
    "insist", "announce", "report", "explain", "write", "suggest", "allege", "assert", "acknowledge",
    "admit", "declare", "emphasize", "emphasise", "maintain", "reiterate", "repeat", "reply", "respond",
    "remark", "comment", "conclude", "caution", "predict", "indicate", "mention", "recall", "testify",
    "tweet", "post", "contend", "complain", "concede", "disclose", "reveal", "signal", "vow", "pledge",
    "promise", "threaten", "observe", "accuse", "hint", "boast", "answer", "agree", "propose",
})
BELIEF_VERBS = frozenset({
    "believe", "think", "fear", "expect", "hope", "doubt", "suspect", "feel", "assume", "estimate",
    "guess", "worry", "reckon", "consider", "imagine", "speculate", "understand",
})
ATTRIBUTING_VERBS = REPORTING_VERBS | BELIEF_VERBS
IRREGULAR_REPORTING_FORMS = {"said": "say", "says": "say", "told": "tell", "thought": "think", "felt": "feel",
                             "wrote": "write", "written": "write", "understood": "understand"}
VERB_ENDINGS = ("ed", "d", "es", "s", "ing")
ATTRIBUTING_PREPOSITIONS = frozenset({"according_to"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
MODAL_WORDS = {
    "can": "can", "ca": "can", "could": "could", "may": "may", "might": "might", "must": "must",
    "shall": "shall", "should": "should", "will": "will", "wo": "will", "'ll": "will", "would": "would",
    "'d": "would", "ought": "should",
}
# Adverbs that make a statement a report or a guess rather than a fact ("reportedly disagree").
HEDGES = frozenset({
    "reportedly", "allegedly", "apparently", "possibly", "probably", "likely", "perhaps", "maybe",
    "purportedly", "supposedly", "seemingly", "presumably", "virtually", "almost", "nearly", "practically",
})
# Words that make a clause an indirect question ("unclear whether Russia attacked"); "how" only of a
# state ("comment on how the government was prepared"), since "explained how Russia attacked" and
# "knows why Russia attacked" take the attack as given.
INDIRECT_QUESTION_WORDS = frozenset({"whether"})
DEGREE_QUESTION_WORDS = frozenset({"how"})
# Governors of an open complement whose complement holds ("continued to strike") or fails to.
IMPLICATIVE_VERBS = frozenset({
    "manage", "continue", "begin", "start", "keep", "proceed", "resume", "dare", "happen", "force",
    "compel", "help", "make", "cause", "get", "lead", "use", "go", "come", "able", "become",
})
NEGATIVE_IMPLICATIVE_VERBS = frozenset({
    "fail", "refuse", "decline", "neglect", "forget", "avoid", "cease", "stop", "quit", "unable",
    "refrain", "prevent",
})
# Verbs whose object is the subject of their "to" complement: "asked the Ukrainians not to use".
OBJECT_CONTROL_VERBS = frozenset({
    "ask", "tell", "order", "urge", "authorize", "authorise", "allow", "permit", "enable", "encourage",
    "force", "compel", "persuade", "convince", "invite", "warn", "advise", "instruct", "direct", "require",
    "push", "press", "pressure", "forbid", "prohibit", "call", "request", "help", "expect", "want", "need",
})
LIGHT_VERBS = frozenset({"become", "remain", "be"})
# Participles that follow an object yet tell what the subject did: "struck the bridge using drones".
INSTRUMENT_VERBS = frozenset({"use", "cite", "employ", "deploy", "fire", "launch"})
# Verbs (with their particle) whose object noun says what was done: "launched an attack on Israel",
# "gave Ukraine permission to use", "held talks with Xi"; the noun joins the relation
# (launch_attack_on, give_permission_to_use, hold_talk_with) when it is one of PREDICATE_NOUNS.
NOUN_FRAME_VERBS = frozenset({
    "give", "grant", "make", "take", "have", "hold", "pay", "launch", "carry_out", "conduct", "mount", "stage",
    "wage", "impose", "place", "put", "file", "lodge", "bring", "level", "sign", "reach", "strike", "conclude",
    "issue", "deliver", "offer", "provide", "express", "voice", "extend", "step_up", "open", "lend", "exert",
    "apply", "press",
})
# Act nouns of intent, with the verb each stands for: "made a decision to close the border" says what
# "decided to close the border" says, so its "to" clause is the fact, with "decide" as its modality.
INTENT_NOUNS = {
    "decision": "decide", "promise": "promise", "pledge": "pledge", "vow": "vow", "commitment": "commit",
    "plan": "plan", "threat": "threaten",
}
# Ordinals that make "became the latest nations to authorize" say that they authorized.
LIGHT_ORDINALS = frozenset({
    "first", "second", "third", "fourth", "fifth", "last", "latest", "only", "next", "newest", "sole",
    "earliest", "final", "lone",
})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose", "what"})
TIME_NOUNS = frozenset({
    "time", "day", "week", "month", "year", "decade", "century", "hour", "minute", "morning",
    "afternoon", "evening", "night", "weekend", "today", "tonight", "yesterday", "tomorrow", "spring",
    "summer", "autumn", "fall", "winter", "season", "period", "moment", "era", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
    "may", "june", "july", "august", "september", "october", "november", "december", "date",
})
TIME_ADVERBS = frozenset({
    "yesterday", "today", "tomorrow", "now", "recently", "later", "earlier", "soon", "currently",
    "previously", "tonight", "lately", "eventually", "formerly", "nowadays",
})
PLACE_PREPOSITIONS = frozenset({"in", "at", "inside", "within", "near", "across", "throughout", "outside", "around"})
PURPOSE_MARKERS = frozenset({"to", "in_order_to", "so_as_to", "so_that", "in_order"})
CONDITION_MARKERS = frozenset({"if", "unless", "whether", "provided", "in_case"})
# Governors whose complement clause holds ("found that X"); under any other ("demanded that X",
# "it appears that X", "hopes that X") the clause is a fact only as far as its governor goes.
FACTIVE_VERBS = frozenset({
    "know", "realize", "realise", "learn", "discover", "find", "notice", "regret", "remember", "show",
    "prove", "see", "reveal", "confirm", "acknowledge", "ensure", "mean",
})
FACTIVE_NOUNS = frozenset({"fact"})
COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
# Determiners and pronouns that deny what they quantify: "no charges were brought", "gave no details".
NEGATIVE_QUANTIFIERS = frozenset({"no", "neither"})
NEGATIVE_PRONOUNS = frozenset({"nothing", "none", "nobody", "noone", "no-one"})
# Titles and honorifics before a name: "Kremlin spokesman Dmitry Peskov" gives a role fact,
# "Mr. Peskov" gives none.
TITLE_DEPS = frozenset({"nmod:desc", "compound"})
VERBAL_SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass"})  # their head is a clause
FUNCTION_WORD_DEPS = deps.AUXILIARY_DEPS | deps.COPULA_DEPS | deps.CASE_DEPS | deps.MARKER_DEPS  # never predicates
NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
APPOSITION_MARKS = frozenset({",", "(", "-LRB-", "--", "–", "—", ":"})
REFLEXIVE_PRONOUNS = frozenset({"myself", "yourself", "himself", "herself", "itself", "ourselves", "yourselves",
                                "themselves"})
# Relative pronouns for people, and how a place hangs on the noun such a pronoun may be about.
PERSONAL_RELATIVE_PRONOUNS = frozenset({"who", "whom"})
PLACE_ATTACHMENT_DEPS = frozenset({"nmod", "appos", "conj", "compound"})
# What a place's name may have on it and still be only a name ("New York", "Trento, Italy").
PLACE_PAIR_DEPS = frozenset({"conj", "nmod:unmarked"})
PLACE_NAME_DEPS = frozenset({"compound", "flat", "flat:name", "det", "punct", "amod", "appos"})

# Which kinds kg keeps as facts; "report" (X said <clause>), "possessive" (X has Y) and
# "clausal" (X decided <clause>) are for the CaRB view only: the graph holds the reported
# facts themselves, with their attribution.
FACT_KINDS = frozenset({"verb", "copula", "apposition", "role", "passive", "relative", "affiliation"})
# "Elizabeth Quat of DAB", "DAB's Horace Cheung", "Thomas Sam from Sydney": a person's body or origin,
# by the entity label of the name that qualifies theirs.
AFFILIATION_RELATIONS = {"ORG": "be_member_of", "GPE": "be_from"}
AFFILIATION_CASES = {"ORG": frozenset({"of", "from"}), "GPE": frozenset({"from"})}


@dataclass(frozen=True)
class Report:
    """Who a proposition is attributed to, and by which verb ("say"; "not_confirm")."""

    speaker: Phrase
    verb: str
    words: tuple[Token, ...] = ()  # the reporting words as written: "did not confirm", "according to"


@dataclass(frozen=True)
class Proposition:
    """One statement of a sentence, still as tokens of its parse."""

    subject: Phrase
    predicate: Token  # the word the relation is built on
    relation: str  # normalised: "authorize", "ask_not_to_use", "be_in"
    relation_tokens: tuple[Token, ...]  # the relation as written: "did not confirm"
    object: Phrase | None = None
    arguments: tuple[tuple[str, Phrase], ...] = ()  # (preposition or "iobj"/"complement", phrase)
    negated: bool = False
    modality: str | None = None
    report: Report | None = None
    time: Phrase | None = None
    place: Phrase | None = None
    purpose: Phrase | None = None
    kind: str = "verb"
    confidence: float = 0.5
    passive: bool = False  # written in the passive: the subject is the agent, the object the patient
    qualifiers: tuple[str, ...] = ()  # what keeps the sentence from stating it outright: question, purpose, ...

    @property
    def relation_text(self) -> str:
        return join(self.relation_tokens)


def find_propositions(sentence: Span) -> list[Proposition]:
    """Every proposition of one parsed sentence, in order of their predicates, without repeats."""
    found: list[Proposition] = []
    for token in sentence:
        if is_predicate(token):
            found.extend(_clause_propositions(token))
        if token.dep_ in deps.APPOSITION_DEPS:
            found.extend(_apposition_propositions(token))
        if token.dep_ in TITLE_DEPS or title_form(token.text) in PERSON_TITLES:
            found.extend(_title_propositions(token))
        if token.dep_ in deps.POSSESSIVE_DEPS:
            found.extend(_possessive_propositions(token))
        if token.ent_type_ in AFFILIATION_RELATIONS:
            found.extend(_affiliation_propositions(token))
        if token.pos_ in ("NOUN", "PROPN") and token.lower_ in NAMED_PLACE_HEADS:
            found.extend(_place_in_country_propositions(token))
        if token.dep_ in PLACE_PAIR_DEPS and token.ent_type_ in PLACE_LABELS:
            found.extend(_place_pair_propositions(token))
        if token.dep_ == "nmod" and token.ent_type_ in PLACE_LABELS and _case(token) == "in":
            found.extend(_site_propositions(token))
    return _unique(found)


# --- Predicates ------------------------------------------------------------------------------
def is_copular(token: Token) -> bool:
    return any(child.dep_ in deps.COPULA_DEPS for child in token.children)


def is_predicate(token: Token) -> bool:
    """A word heading a clause: a verb, or a noun/adjective/phrase with a copula."""
    if token.is_space:  # a line break the parser hung words on
        return False
    if token.dep_ in FUNCTION_WORD_DEPS:
        return False
    if is_copular(token):
        return True
    if not _is_verb(token) or _word(token) in MODAL_WORDS:
        return False
    if any(child.tag_ == "POS" and child.dep_ in deps.AUXILIARY_DEPS for child in token.children):
        return False  # "Labour's ruling National Executive Committee": a possessive, parsed as "Labour is ruling"
    return token.dep_ not in ("amod", "compound", "nmod", "nmod:desc", "flat", "fixed", "goeswith")


def _is_verb(token: Token) -> bool:
    """A verb, or a word the tagger took for a noun but the parser gave a subject ("King refers");
    never a word with a determiner, a noun however tagged ("The Border Force vessel HMC Searcher"),
    nor a paragraph break the tagger called a verb."""
    if is_copular(token) or token.is_space or any(child.dep_ == "det" for child in token.children):
        return False
    if not any(character.isalpha() for character in token.text):
        return False  # "M = 7.64", "Sweden 1 – 0 Korea", "tel: 1 201 ...": a symbol or number given a subject
    if token.pos_ in ("VERB", "AUX"):
        return True
    # A bare form with a subject and no auxiliary is a noun ("Force vessel HMC Searcher").
    return (token.tag_ != "VB" or bool(_children(token, deps.AUXILIARY_DEPS))) and any(
        child.dep_ in VERBAL_SUBJECT_DEPS for child in token.children)


def _is_attributing(verb: Token) -> bool:
    """A reporting or belief verb, by lemma or, when the lemmatiser slipped ("stresse"), by form."""
    if _lemma(verb) in ATTRIBUTING_VERBS:
        return True
    form = _word(verb)
    return IRREGULAR_REPORTING_FORMS.get(form) in ATTRIBUTING_VERBS or any(
        form.endswith(ending) and form[: -len(ending)] in ATTRIBUTING_VERBS for ending in VERB_ENDINGS)


def _word(token: Token) -> str:
    """The word in lower case with a plain apostrophe ("won’t" is tokenised "wo" + "n’t")."""
    return token.lower_.replace("\u2019", "'")


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def _case(token: Token) -> str:
    """A phrase's preposition, multiword ones joined: "according_to", "in_front_of"."""
    for child in token.children:
        if child.dep_ in deps.CASE_DEPS:
            words = [child.lower_] + [fixed.lower_ for fixed in child.children if fixed.dep_ == "fixed"]
            return "_".join(words)
    return ""


def case_words(token: Token) -> list[Token]:
    """The preposition of a phrase as written, multiword ones whole ("according to")."""
    words = _children(token, deps.CASE_DEPS)
    return sorted(words + [fixed for word in words for fixed in word.children if fixed.dep_ == "fixed"],
                  key=lambda word: word.i)


def _marker(token: Token) -> str:
    for child in token.children:
        if child.dep_ in deps.MARKER_DEPS:
            return "_".join([child.lower_] + [fixed.lower_ for fixed in child.children if fixed.dep_ == "fixed"])
    return ""


def _children(token: Token, labels: frozenset[str]) -> list[Token]:
    return [child for child in token.children if child.dep_ in labels]


def _subject_of(token: Token) -> Token | None:
    """The subject; of several (a parser's reading of "NATO members Norway"), the nearest before the verb."""
    subjects = _children(token, deps.SUBJECT_DEPS - {"nsubj:outer"}) or _children(token, deps.SUBJECT_DEPS)
    before = [subject for subject in subjects if subject.i < token.i]
    return before[-1] if before else (subjects[0] if subjects else None)


def _is_negated(token: Token) -> bool:
    return any(_word(child) in NEGATION_WORDS and child.dep_ in deps.ADVERB_DEPS | {"det", "cc:preconj"}
               for child in token.children)


def _modal(token: Token) -> str | None:
    for child in _children(token, deps.AUXILIARY_DEPS):
        modal = MODAL_WORDS.get(_word(child))
        if modal:
            return modal
    return None


def _is_passive(token: Token) -> bool:
    if _children(token, deps.PASSIVE_SUBJECT_DEPS | deps.PASSIVE_AUXILIARY_DEPS):
        return True
    return token.dep_ in deps.CLAUSAL_MODIFIER_DEPS and token.tag_ == "VBN"


def _is_relative_pronoun(token: Token) -> bool:
    return token.lower_ in RELATIVE_PRONOUNS and token.tag_ in ("WDT", "WP", "WP$", "IN", "DT", "")


def _antecedent(pronoun: Token) -> Token | None:
    """What a relative pronoun stands for: the noun its relative clause modifies. "who" stands for
    no place: "a citizen of San Francisco, California, who proclaimed himself" is the citizen."""
    token = pronoun
    while token.head != token:
        if token.dep_ in deps.RELATIVE_CLAUSE_DEPS:
            antecedent = token.head
            if pronoun.lower_ in PERSONAL_RELATIVE_PRONOUNS:
                while antecedent.ent_type_ in PLACE_LABELS and antecedent.dep_ in PLACE_ATTACHMENT_DEPS:
                    antecedent = antecedent.head
            return antecedent
        token = token.head
    return None


def _open_complement(token: Token) -> Token | None:
    """A verbal xcomp ("wants to buy", "asked X not to use") of `token`; also a "to" clause that
    a parser hung as advcl after the object of a control verb ("asked the Ukrainians not to use")."""
    for child in _children(token, deps.OPEN_COMPLEMENT_DEPS):
        if _is_verb(child):
            return child
    if _lemma(token) in OBJECT_CONTROL_VERBS:
        controller = _controller(token)
        for child in _children(token, deps.ADVERBIAL_CLAUSE_DEPS):
            if controller is not None and child.i > controller.i and _marker(child) == "to" and _is_verb(child):
                return child
    return None


def _is_open_complement(token: Token) -> bool:
    if token.dep_ in deps.OPEN_COMPLEMENT_DEPS:
        return True
    return token.dep_ in deps.ADVERBIAL_CLAUSE_DEPS and token.head != token and _open_complement(token.head) == token


def _controller(governor: Token) -> Token | None:
    """The object that controls an xcomp ("asked the Ukrainians to ..."), if any."""
    objects = _children(governor, deps.OBJECT_DEPS) or _children(governor, deps.INDIRECT_OBJECT_DEPS)
    return objects[0] if objects else None


def _light_verb_subject(modified: Token) -> Token | None:
    """For "Norway became the latest nation to authorize ...", the clause that gives the subject."""
    if not any(child.lower_ in LIGHT_ORDINALS or _lemma(child) in LIGHT_ORDINALS
               for child in modified.children if child.dep_ in ("amod", "advmod", "det", "nummod")):
        return None
    if is_copular(modified):
        return modified
    if modified.dep_ in deps.OPEN_COMPLEMENT_DEPS | deps.OBJECT_DEPS and _lemma(modified.head) in LIGHT_VERBS:
        return modified.head
    return None


def _intent_frame(predicate: Token) -> tuple[Token, str] | None:
    """The light verb and the modality of a "to" clause of an intent noun: ("made", "decide") for
    "close" in "made a decision to close the border" (INTENT_NOUNS), when nobody else is to act
    ("gave Ukraine permission to use" is _noun_frame's)."""
    noun = predicate.head
    if predicate.dep_ not in deps.CLAUSAL_MODIFIER_DEPS or noun == predicate or _marker(predicate) != "to":
        return None
    if noun.dep_ not in deps.OBJECT_DEPS or noun.pos_ != "NOUN" or _lemma(noun) not in INTENT_NOUNS:
        return None
    verb = noun.head
    if _lemma(verb) not in NOUN_FRAME_VERBS or _children(verb, deps.INDIRECT_OBJECT_DEPS):
        return None
    return verb, INTENT_NOUNS[_lemma(noun)]


def _states_an_intent(verb: Token) -> bool:
    """Whether the verb's object is an intent noun with its "to" clause: that clause is the fact."""
    return any(_intent_frame(clause) is not None for obj in _children(verb, deps.OBJECT_DEPS)
               for clause in _children(obj, deps.CLAUSAL_MODIFIER_DEPS))


def subject_heads(predicate: Token) -> tuple[list[Token], bool]:
    """The subjects of a predicate's clause (conjuncts split), and whether they are inherited."""
    own = _subject_of(predicate)
    if own is not None:
        antecedent = _antecedent(own) if _is_relative_pronoun(own) else None
        if antecedent is not None:
            return split_conjuncts(antecedent), True
        if _is_relative_pronoun(own) and own.lower_ != "that" and predicate.head.pos_ in NOMINAL_POS:
            return split_conjuncts(predicate.head), True  # "pagans, who saw": however the clause hangs
        if own.dep_ in deps.CLAUSAL_SUBJECT_DEPS:
            return [own], False
        return split_conjuncts(own), False
    label = predicate.dep_
    head = predicate.head
    if head == predicate:
        return [], False
    if label in deps.CONJUNCT_DEPS and is_predicate(head):
        return subject_heads(head)[0], True
    if _is_open_complement(predicate):
        controller = _controller(head)
        if controller is not None:
            return split_conjuncts(controller), True
        return subject_heads(head)[0], True
    if label in deps.RELATIVE_CLAUSE_DEPS:
        return split_conjuncts(head), True
    if label in deps.CLAUSAL_MODIFIER_DEPS:
        intent = _intent_frame(predicate)
        clause = intent[0] if intent is not None else _light_verb_subject(head)
        if clause is not None:
            return subject_heads(clause)[0], True
        if predicate.tag_ in ("VBG", "VBN") and head.pos_ in NOMINAL_POS and not _marker(predicate):
            if _set_off_after_oblique(predicate):
                return [], False
            if predicate.tag_ == "VBG" and _lemma(predicate) in INSTRUMENT_VERBS and head.dep_ in deps.OBJECT_DEPS:
                return subject_heads(head.head)[0], True  # "struck the bridge using drones": Ukraine used them
            # "troops trained by Britain", not "the idea of running"; a participle right after the first of
            # several nouns is that noun's alone: "Imam Mosque (called Shah Mosque), Naqsh-e Jahan Square"
            return [noun for noun in split_conjuncts(head) if noun.i < predicate.i], True
        return [], False
    if label in deps.ADVERBIAL_CLAUSE_DEPS and predicate.tag_ in ("VBG", "VBN") and not _marker(predicate):
        if _follows_object(predicate):
            return [], False
        return subject_heads(head)[0], True
    return [], False


def _set_off_after_oblique(participle: Token) -> bool:
    """"a copy of the book critical of Scientology, written by Marc Headley": a participle set off
    by a comma after a noun inside a prepositional phrase may describe any noun before it."""
    head = participle.head
    return head.dep_ in deps.OBLIQUE_DEPS | {"nmod"} and any(
        token.text == "," for token in head.doc[head.i + 1:participle.i])


def _follows_object(participle: Token) -> bool:
    """"received support ranging from Obama to Zuckerberg": a participle right after a common-noun
    object, with no comma, may describe the object, whatever the parser hung it on ("struck the
    bridge using drones" is the subject's instrument)."""
    objects = _children(participle.head, deps.OBJECT_DEPS)
    if not objects or objects[-1].pos_ != "NOUN" or _lemma(participle) in INSTRUMENT_VERBS:
        return False
    end = max(token.i for token in objects[-1].subtree)
    between = participle.doc[end + 1:participle.i]
    return end < participle.i and not any(token.is_punct for token in between)


def _report(predicate: Token) -> Report | None:
    """The speaker a clause is attributed to: the nearest reporting verb above it, a reporting
    parenthetical ("..., Peskov said"), or "according to X"."""
    token = predicate
    coordinated = False
    while True:
        for child in token.children:
            if child.dep_ in deps.OBLIQUE_DEPS and _case(child) in ATTRIBUTING_PREPOSITIONS:
                return Report(mention_phrase(child), "according_to", tuple(case_words(child)))
            if not coordinated and _is_parenthetical_report(child):
                return _report_by(child)
        head = token.head
        if head == token:
            return None
        if (token.dep_ in deps.PARATAXIS_DEPS or _is_complement_clause(token)) and _is_attributing(head):
            return _report_by(head)
        coordinated = coordinated or token.dep_ in deps.CONJUNCT_DEPS
        token = head


def _is_parenthetical_report(child: Token) -> bool:
    """"Moscow is aware ..., Peskov told journalists": a reporting verb hung on the clause it
    reports (parataxis, or a conjunct with no "and"), with no complement clause of its own."""
    if child.dep_ not in deps.PARATAXIS_DEPS | deps.CONJUNCT_DEPS or child.i < child.head.i:
        return False
    if child.dep_ in deps.CONJUNCT_DEPS and _children(child, deps.COORDINATOR_DEPS):
        return False
    return _is_attributing(child) and not _children(child, deps.CLAUSAL_COMPLEMENT_DEPS)


def _report_by(verb: Token) -> Report | None:
    """Who reports with `verb`: its subject, or its agent when it is passive ("was claimed by")."""
    if _is_passive(verb):
        agents = [child for child in verb.children if child.dep_ in deps.AGENT_DEPS or _case(child) == "by"]
        speakers = agents[:1]
    elif _subject_of(verb) is not None or verb.dep_ in deps.CONJUNCT_DEPS | deps.OPEN_COMPLEMENT_DEPS:
        speakers = subject_heads(verb)[0]
    else:
        speakers = []
    if not speakers:
        return None
    return Report(mention_phrase(speakers[0]), _report_verb(verb), tuple(_verb_group(verb)))


def _report_verb(verb: Token) -> str:
    return f"not_{_lemma(verb)}" if _is_negated(verb) else _lemma(verb)


# --- Relation chains -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Frame:
    """What the governors of an open complement add to it: words, negation, modality, obliques."""

    tokens: tuple[Token, ...] = ()
    negated: bool = False
    modality: str | None = None
    governors: tuple[Token, ...] = ()


def _verb_group(verb: Token) -> list[Token]:
    """The verb with its auxiliaries, negation and particle: "has not carried out"."""
    words = [verb]
    for child in verb.children:
        if child.dep_ in deps.AUXILIARY_DEPS | deps.COPULA_DEPS | deps.PARTICLE_DEPS:
            words.append(child)
        elif child.dep_ in deps.ADVERB_DEPS and _word(child) in NEGATION_WORDS:
            words.append(child)
        elif child.dep_ in deps.MARKER_DEPS and child.lower_ == "to" and _is_open_complement(verb):
            words.append(child)
    return sorted(words, key=lambda token: token.i)


def _frame(predicate: Token) -> _Frame:
    """Governors of a subject-controlled xcomp chain, e.g. "did not want to" for "use"."""
    if not _is_open_complement(predicate):
        return _Frame()
    governor = predicate.head
    if _controller(governor) is not None:
        # object control: the governor's own proposition carries "asked ... not to use"
        return _Frame(modality=None if _lemma(governor) in IMPLICATIVE_VERBS else _lemma(governor),
                      governors=(governor,))
    outer = _frame(governor)
    lemma = _lemma(governor)
    negated = outer.negated or _is_negated(governor) or lemma in NEGATIVE_IMPLICATIVE_VERBS
    if lemma in IMPLICATIVE_VERBS | NEGATIVE_IMPLICATIVE_VERBS or lemma == "be":
        modality = outer.modality or _modal(governor)
    elif lemma == "go" and governor.tag_ == "VBG":
        modality = "will"
    else:
        modality = outer.modality or lemma
    return _Frame(tuple(outer.tokens) + tuple(_verb_group(governor)), negated, modality,
                  outer.governors + (governor,))


def _coordination_inherits(predicate: Token) -> tuple[bool, str | None]:
    """Negation and modal a verb conjunct takes from its first conjunct ("will not buy or use")."""
    if predicate.dep_ not in deps.CONJUNCT_DEPS or _subject_of(predicate) is not None:
        return False, None
    if _children(predicate, deps.AUXILIARY_DEPS) or not is_predicate(predicate.head):
        return False, None
    coordinator = next((child.lower_ for child in predicate.children if child.dep_ in deps.COORDINATOR_DEPS), "and")
    head = predicate.head
    negated = _is_negated(head) and coordinator not in ("but", "yet")
    inherited_negated, inherited_modal = _coordination_inherits(head)
    return negated or inherited_negated, _modal(head) or inherited_modal


# --- Arguments -------------------------------------------------------------------------------
def _is_time(token: Token) -> bool:
    return (token.dep_ in deps.UNMARKED_OBLIQUE_DEPS or token.ent_type_ in TIME_LABELS
            or token.lower_ in TIME_NOUNS or _lemma(token) in TIME_NOUNS)


def _is_place(token: Token, role: str) -> bool:
    return token.ent_type_ in PLACE_LABELS and role in PLACE_PREPOSITIONS


@dataclass
class _Slots:
    objects: list[Phrase]
    arguments: list[tuple[str, Phrase]]
    time: Phrase | None = None
    place: Phrase | None = None
    purpose: Phrase | None = None
    agents: list[Token] | None = None
    condition: bool = False
    clause: Phrase | None = None  # a clausal complement: "(said) that Norway sent weapons"


def _collect(predicate: Token, governors: tuple[Token, ...], relative_object: Token | None) -> _Slots:
    """Objects, obliques, time, place and purpose of a predicate (and of its governors)."""
    slots = _Slots(objects=[], arguments=[])
    for obj in _children(predicate, deps.OBJECT_DEPS):
        antecedent = _antecedent(obj) if _is_relative_pronoun(obj) else None
        if antecedent is not None:  # "the weapons that the US promised to give"
            slots.objects.append(argument_phrase(antecedent, predicate))
        else:
            slots.objects.extend(argument_phrase(conjunct, predicate) for conjunct in split_conjuncts(obj))
    for complement in _children(predicate, deps.OPEN_COMPLEMENT_DEPS):
        if not _is_verb(complement):  # "became the latest nations", "seems ready"
            slots.objects.extend(argument_phrase(conjunct, predicate) for conjunct in split_conjuncts(complement))
    if not slots.objects and relative_object is not None and _missing_object(predicate):
        slots.objects.append(argument_phrase(relative_object, predicate))
    for iobj in _children(predicate, deps.INDIRECT_OBJECT_DEPS):
        slots.arguments.append(("iobj", phrase(iobj)))
    for token in [predicate, *governors]:
        for child in token.children:
            _add_modifier(child, slots, is_head=token == predicate)
    return slots


def _add_modifier(child: Token, slots: _Slots, *, is_head: bool) -> None:
    label = child.dep_
    if label in deps.OBLIQUE_DEPS:
        role = _case(child)
        if role in ATTRIBUTING_PREPOSITIONS:
            return
        if label in deps.AGENT_DEPS or (role == "by" and _is_passive(child.head)):
            slots.agents = (slots.agents or []) + split_conjuncts(child)
        elif _is_time(child) and slots.time is None:
            slots.time = _time_phrase(child)
        elif _is_place(child, role) and slots.place is None:
            slots.place = phrase(child, without_case=True)
            slots.arguments.append((role, slots.place))
        else:
            antecedent = _antecedent(child) if _is_relative_pronoun(child) else None
            target = (argument_phrase(antecedent, child.head) if antecedent is not None  # "in which" -> in the city
                      else phrase(child, without_case=True))
            slots.arguments.append((role or "obl", target))
    elif label in deps.ADVERB_DEPS and child.lower_ in TIME_ADVERBS and slots.time is None:
        slots.time = _time_phrase(child)
    elif label in deps.ADVERBIAL_CLAUSE_DEPS and is_head and not _is_open_complement(child):
        marker = _marker(child)
        if marker in PURPOSE_MARKERS and slots.purpose is None:
            slots.purpose = phrase(child)
        elif marker in CONDITION_MARKERS:
            slots.condition = True
    elif is_head and slots.clause is None and _is_complement_clause(child):
        slots.clause = phrase(child, frozenset())


def _is_complement_clause(child: Token) -> bool:
    """A ccomp, or what a parser may label advcl/parataxis in "Most proposals are in tourism, he said"."""
    if child.dep_ in deps.CLAUSAL_COMPLEMENT_DEPS:
        return True
    return (child.dep_ in deps.ADVERBIAL_CLAUSE_DEPS | deps.PARATAXIS_DEPS and child.i < child.head.i
            and _is_attributing(child.head) and not _marker(child))


def _time_phrase(token: Token) -> Phrase:
    """A time expression with its preposition ("on Friday"), without clauses or appositions the
    parser may have hung on it."""
    return phrase(token, MENTION_EXCLUDED_DEPS, deep=CLAUSE_DEPS)


def _missing_object(predicate: Token) -> bool:
    """"the weapons the US supplied": a transitive relative clause with no object of its own."""
    return (_subject_of(predicate) is not None and not _children(predicate, deps.OBJECT_DEPS | deps.OBLIQUE_DEPS
            | deps.OPEN_COMPLEMENT_DEPS | deps.CLAUSAL_COMPLEMENT_DEPS) and not is_copular(predicate)
            and _lemma(predicate.head) not in TIME_NOUNS)


def argument_phrase(token: Token, predicate: Token) -> Phrase:
    """The phrase of a subject or object: without its preposition, without the clause of
    `predicate` when it governs it ("the weapons [that the US supplied]"), and without the
    clause words when it is itself a copular predicate."""
    if token.dep_ in deps.CLAUSAL_SUBJECT_DEPS:
        return phrase(token, frozenset())
    stop: frozenset[int] = frozenset()
    if token.is_ancestor(predicate):
        branch = next(child for child in token.children if child == predicate or child.is_ancestor(predicate))
        stop = frozenset(t.i for t in branch.subtree)
    if is_copular(token) or _is_verb(token):
        return phrase(token, CLAUSE_LEVEL_DEPS, stop=stop)
    return phrase(token, stop=stop, without_case=True)


def _predicate_phrase(predicate: Token) -> Phrase:
    """The nominal part of a copular clause: "a spokesman for the Kremlin" in "is a spokesman ..."."""
    return phrase(predicate, CLAUSE_LEVEL_DEPS)


def _predicate_conjuncts(predicate: Token) -> list[Token]:
    """"is a writer and a philosopher": conjuncts that share the copula and the subject."""
    found = [predicate]
    for token in subtree(predicate, frozenset(), deep=frozenset()):
        if (token.dep_ in deps.CONJUNCT_DEPS and token.head in found and _subject_of(token) is None
                and not is_copular(token) and not _is_verb(token) and not _children(token, deps.AUXILIARY_DEPS)):
            found.append(token)
    return found


# --- Building propositions -------------------------------------------------------------------
def _clause_propositions(predicate: Token) -> list[Proposition]:
    """The propositions of one clause: one per subject and object conjunct."""
    complement = _open_complement(predicate)
    if complement is not None and _controller(predicate) is None:
        return []  # subject control: "wanted to buy" is built on "buy"
    if _states_an_intent(predicate):
        return []  # "made a decision to close the border" is built on "close", as "decided to close" is
    subjects, _ = subject_heads(predicate)
    if not subjects:
        return []
    frame = _frame(predicate)
    intent = _intent_frame(predicate)
    if intent is not None:
        light_verb = intent[0]
    else:
        light_verb = _light_verb_subject(predicate.head) if predicate.dep_ in deps.CLAUSAL_MODIFIER_DEPS else None
    slots = _collect(predicate, frame.governors + ((light_verb,) if light_verb else ()), _relative_object(predicate))
    negated, modality = _polarity_and_modality(predicate, frame, slots)
    if intent is not None:
        negated, modality = negated or _is_negated(light_verb), modality or intent[1]
    relation, relation_tokens, kind = _relation(predicate, slots, list(frame.tokens) + _verb_group(predicate))
    if light_verb is not None:  # "became the latest nations to authorize": they did authorize
        kind = "verb"
    if kind == "verb":
        relation, relation_tokens, complement = _noun_frame(predicate, relation, relation_tokens, slots, complement)
    if complement is not None:
        relation = _object_control(predicate, complement, relation, slots)
        relation_tokens += _verb_group(complement)
    passive = kind == "passive" and _turns_active(slots)
    if passive:  # turned active: the agent is the subject, the grammatical subject the object
        subjects, slots.objects = slots.agents, [argument_phrase(subject, predicate) for subject in subjects]
    elif not slots.objects and kind != "copula" and slots.clause is None:
        relation, relation_tokens = _promote_oblique(predicate, relation, relation_tokens, slots)
    if slots.clause is None and _is_attributing(predicate) and predicate.dep_ in deps.PARATAXIS_DEPS:
        # "Russia is escalating, Peskov said": what was said is the clause around it
        slots.clause = phrase(predicate.head, frozenset(), stop=frozenset(t.i for t in predicate.subtree))
    if slots.clause is not None and not slots.objects:
        kind = "report" if _is_attributing(predicate) else "clausal"
        slots.objects = [slots.clause]
    report = _report(predicate)
    modality = modality or _open_governor(predicate)
    qualifiers = _qualifiers(predicate, light_verb is not None)
    ordered = tuple(sorted(set(relation_tokens), key=lambda token: token.i))
    propositions = []
    for subject, obj in product(subjects, slots.objects or [None]):
        denied = negated or _negatively_quantified(subject) or (obj is not None and _negatively_quantified(obj.head))
        proposition = Proposition(
            subject=argument_phrase(subject, predicate), predicate=predicate, relation=relation,
            relation_tokens=ordered, object=obj, arguments=tuple(slots.arguments), negated=denied,
            modality=modality, report=report, time=slots.time, place=slots.place, purpose=slots.purpose,
            kind=kind, passive=passive, qualifiers=qualifiers,
        )
        propositions.append(replace(proposition, confidence=_confidence(proposition)))
    return propositions


def _relative_object(predicate: Token) -> Token | None:
    """The antecedent a relative clause takes as object ("the weapons [that] the US supplied")."""
    if predicate.dep_ not in deps.RELATIVE_CLAUSE_DEPS:
        return None
    subject = _subject_of(predicate)
    return None if subject is not None and _is_relative_pronoun(subject) else predicate.head


def _polarity_and_modality(predicate: Token, frame: _Frame, slots: _Slots) -> tuple[bool, str | None]:
    """Negation and modality from the predicate, its governors and its first conjunct; "if"
    for a condition, "conditional" for what depends on one."""
    coordinated_negation, coordinated_modal = _coordination_inherits(predicate)
    negated = frame.negated or _is_negated(predicate) or coordinated_negation
    hedge = next((_word(child) for child in _children(predicate, deps.ADVERB_DEPS) if _word(child) in HEDGES), None)
    modality = frame.modality or _modal(predicate) or coordinated_modal or hedge
    if _marker(predicate) in CONDITION_MARKERS:
        modality = modality or "if"
    elif slots.condition:
        modality = modality or "conditional"
    return negated, modality


def _open_governor(predicate: Token) -> str | None:
    """The verb a complement clause depends on when that verb leaves it open: "demand" for
    "Kyiv demanded that the allies lift the restrictions" (not "said": that is a report)."""
    token = predicate
    while token.dep_ in deps.CONJUNCT_DEPS and token.head != token:
        token = token.head
    if token.head == token:
        return None
    governor = token.head
    if token.dep_ in deps.CLAUSAL_MODIFIER_DEPS and _marker(token) in COMPLEMENTIZERS:
        # A content clause of a noun ("reports that X", "the claim that X"), or a complement clause a
        # parser hung on the object ("told the agency that X"): only "the fact that X" holds.
        return None if _lemma(governor) in FACTIVE_NOUNS else _lemma(governor)
    if token.dep_ not in deps.CLAUSAL_COMPLEMENT_DEPS | deps.CLAUSAL_SUBJECT_DEPS:
        return None
    lemma = _lemma(governor)
    if _is_attributing(governor) or lemma in FACTIVE_VERBS:
        return None
    return lemma


# Verbs whole with an object alone ("left the ship") but not with a complement after it ("left them stranded").
COMPLEMENT_VERBS = frozenset({"leave"})


def _qualifiers(predicate: Token, light_verb: bool) -> tuple[str, ...]:
    """What keeps a sentence from stating its clause outright, besides negation, modality and
    attribution: a question, or an infinitive clause (a purpose, a plan: "talks to resolve the crisis")."""
    found = []
    if predicate.sent.text.rstrip().rstrip("\"'”’)").endswith("?"):
        found.append("question")
    elif predicate.head != predicate and _indirect_question(predicate):
        found.append("indirect question")
    if _in_title(predicate):
        found.append("title")
    if predicate.pos_ in ("NOUN", "PROPN"):
        found.extend(_role_qualifiers(predicate))  # "He is a former senator"
    if _lemma(predicate) in COMPLEMENT_VERBS and any(child.dep_ in deps.OPEN_COMPLEMENT_DEPS | {"acomp", "ccomp"}
                                                      for child in predicate.children):
        found.append("incomplete relation")  # "left Ukraine exposed" says no more than "left Ukraine"
    if not light_verb and not _is_open_complement(predicate) and any(
            child.dep_ in deps.MARKER_DEPS and child.lower_ == "to" for child in predicate.children):
        found.append("purpose" if predicate.dep_ in deps.ADVERBIAL_CLAUSE_DEPS else "infinitive")
    return tuple(found)


def _indirect_question(predicate: Token) -> bool:
    words = {child.lower_ for child in predicate.children if child.dep_ in ("advmod", "mark")}
    state = predicate.pos_ == "ADJ" or is_copular(predicate) or _is_passive(predicate)
    return bool(words & INDIRECT_QUESTION_WORDS or (state and words & DEGREE_QUESTION_WORDS))


def _in_title(predicate: Token) -> bool:
    """A capitalised verb inside a sentence with words in lower case is part of a title: "won the César
    Award for The Old Lady Who Walked in the Sea". (Headlines, all capitalised, are not.)"""
    sentence = predicate.sent
    first = next((token for token in sentence if token.is_alpha), predicate)
    if any(child.i > first.i and child.text in ("Who", "Which", "That") for child in predicate.children):
        return True  # "The Old Lady Who Walked in the Sea"
    if (is_copular(predicate) or predicate.i <= first.i or not predicate.text[:1].isupper()
            or predicate.text.isupper() or predicate.nbor(-1).is_punct):  # "Łódź (Pronounced: Wootch)"
        return False
    return any(token.is_alpha and not token.is_stop and token.text[:1].islower() for token in sentence)


def _negatively_quantified(head: Token) -> bool:
    """ "no charges", "nothing", "neither side" (or a conjunct of one: "no injuries or deaths")."""
    while head.dep_ in deps.CONJUNCT_DEPS and head.head != head:
        head = head.head
    if _word(head) in NEGATIVE_PRONOUNS:
        return True
    return any(child.dep_ in ("det", "advmod", "cc:preconj") and _word(child) in NEGATIVE_QUANTIFIERS
               for child in head.children)


def _relation(predicate: Token, slots: _Slots, words: list[Token]) -> tuple[str, list[Token], str]:
    """The normalised relation, its words as written, and the kind of clause."""
    lemma = _lemma(predicate)
    kind = "relative" if predicate.dep_ in deps.RELATIVE_CLAUSE_DEPS | deps.CLAUSAL_MODIFIER_DEPS else "verb"
    if is_copular(predicate):
        role = _case(predicate)
        slots.objects = [_predicate_phrase(conjunct) for conjunct in _predicate_conjuncts(predicate)]
        words = [word for word in words if word != predicate] + _children(predicate, deps.CASE_DEPS)
        if predicate.pos_ == "ADJ" and not role and len(slots.objects) == 1:
            # "LTV would be responsible for benefits" -> be_responsible_for(benefits)
            held, slots.objects = slots.objects, []
            relation, promoted = _promote_oblique(predicate, f"be_{lemma}", words + [predicate], slots)
            if slots.objects:
                return relation, promoted, "copula"
            slots.objects = held
        return (f"be_{role}" if role else "be"), words, "copula"
    particles = "".join(f"_{_lemma(particle)}" for particle in _children(predicate, deps.PARTICLE_DEPS))
    objects = _children(predicate, deps.OBJECT_DEPS | deps.INDIRECT_OBJECT_DEPS)
    if any(child.lower_ in REFLEXIVE_PRONOUNS for child in objects):
        lemma += "_oneself"  # "taught himself Japanese" is no teaching of Japanese; "proclaimed himself Emperor"
    if _is_passive(predicate):
        return (lemma if _turns_active(slots) else f"be_{predicate.lower_}") + particles, words, "passive"
    return lemma + particles, words, kind


def _turns_active(slots: _Slots) -> bool:
    """A passive with its agent reads active ("was struck by Ukraine": Ukraine strike), unless an "as"
    phrase is its point: "York was known as Eboracum by the Romans" is York be_known_as Eboracum."""
    return bool(slots.agents) and not any(role == "as" for role, _ in slots.arguments)


def _object_control(governor: Token, complement: Token, relation: str, slots: _Slots) -> str:
    """"asked the Ukrainians not to use weapons": relation ask_not_to_use, object the Ukrainians,
    the complement's object and obliques as further arguments (added to `slots`)."""
    to = "_to" if any(child.lower_ == "to" for child in _children(complement, deps.MARKER_DEPS)) else ""
    negation = "_not" if _is_negated(complement) else ""
    particles = "".join(f"_{_lemma(p)}" for p in _children(complement, deps.PARTICLE_DEPS))
    inner = _collect(complement, (), None)
    controller = _controller(governor)
    if not slots.objects and controller is not None:  # the parser took it for an indirect object
        slots.objects = [argument_phrase(conjunct, governor) for conjunct in split_conjuncts(controller)]
        slots.arguments = [(role, phrase) for role, phrase in slots.arguments if phrase.head != controller]
    slots.arguments += [("complement", obj) for obj in inner.objects] + inner.arguments
    slots.time, slots.place = slots.time or inner.time, slots.place or inner.place
    slots.purpose = slots.purpose or inner.purpose
    return f"{relation}{negation}{to}_{_lemma(complement)}{particles}"


def _noun_frame(predicate: Token, relation: str, relation_tokens: list[Token], slots: _Slots,
                complement: Token | None) -> tuple[str, list[Token], Token | None]:
    """"launched an attack on Israel" -> launch_attack_on(Israel), "held talks with Xi" ->
    hold_talk_with(Xi), "gave Ukraine permission to use ATACMS" -> give_permission_to_use(Ukraine):
    a verb of NOUN_FRAME_VERBS whose object is one of PREDICATE_NOUNS takes the noun into its relation,
    and what the noun is aimed at (its preposition's object; for a "to" clause, who may act) becomes the
    object. Returns the relation, its words and the open complement left to the caller."""
    if relation not in NOUN_FRAME_VERBS or len(slots.objects) != 1:
        return relation, relation_tokens, complement
    noun = slots.objects[0].head
    if noun.pos_ != "NOUN" or noun.ent_type_ or _lemma(noun) not in PREDICATE_NOUNS or _is_negated(noun):
        return relation, relation_tokens, complement
    named = f"{relation}_{_lemma(noun)}"
    words = relation_tokens + [noun] + [child for child in noun.children if child.dep_ == "compound"]
    clause = next((child for child in noun.children if child.dep_ in deps.CLAUSAL_MODIFIER_DEPS), None) or complement \
        or next((child for child in _children(predicate, deps.ADVERBIAL_CLAUSE_DEPS) if child.i > noun.i), None)
    if clause is not None and _marker(clause) == "to" and _is_verb(clause):
        # Who may act: the indirect object, or a name a parser hung on the noun ("Ukraine permission").
        actor = next(iter(_children(predicate, deps.INDIRECT_OBJECT_DEPS)), None) or next(
            (child for child in noun.children if child.dep_ == "compound" and _is_name(child)), None)
        if actor is None:
            return relation, relation_tokens, complement
        slots.objects = [argument_phrase(actor, predicate)]
        slots.arguments = [(role, phrase) for role, phrase in slots.arguments if phrase.head != actor]
        if slots.purpose is not None and slots.purpose.head == clause:
            slots.purpose = None
        named = _object_control(predicate, clause, named, slots)
        to = [child for child in _children(clause, deps.MARKER_DEPS) if child.lower_ == "to"]
        return named, [word for word in words if word != actor] + to + _verb_group(clause), None
    target = next((child for child in noun.children
                   if child.dep_ in deps.NOMINAL_MODIFIER_DEPS | deps.OBLIQUE_DEPS and _case(child)), None)
    if target is None:
        target = next((argument.head for role, argument in slots.arguments
                       if role not in ("iobj", "obl", "complement") and argument.head.i > noun.i), None)
    if target is None or target.pos_ not in NOMINAL_POS or _is_time(target) or (
            slots.time is not None and slots.time.head == target):
        return relation, relation_tokens, complement
    slots.objects = [argument_phrase(target, predicate)]
    slots.arguments = [(role, argument) for role, argument in slots.arguments if argument.head != target]
    if slots.place is not None and slots.place.head == target:
        slots.place = None
    return f"{named}_{_case(target)}", words + case_words(target), complement


def _promote_oblique(predicate: Token, relation: str, relation_tokens: list[Token],
                     slots: _Slots) -> tuple[str, list[Token]]:
    """"fought in Ukraine" -> fight_in(Ukraine): with no object, the first oblique after the
    verb becomes the object and its preposition joins the relation."""
    for index, (role, argument) in enumerate(slots.arguments):
        if role in ("iobj", "obl", "complement") or argument.head.i < predicate.i:
            continue
        slots.objects = [argument]
        del slots.arguments[index]
        if slots.place is argument:
            slots.place = None
        return f"{relation}_{role}", relation_tokens + case_words(argument.head)
    return relation, relation_tokens


def _apposition_propositions(appositive: Token) -> list[Proposition]:
    """"Dmitry Peskov, a spokesman for the Kremlin": Peskov is a spokesman for the Kremlin."""
    head = appositive.head
    if head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM") or appositive.pos_ not in ("NOUN", "PROPN", "NUM", "ADJ"):
        return []
    if TIME_LABELS.intersection((head.ent_type_, appositive.ent_type_)) or not _set_off(head, appositive):
        return []
    named, role = (appositive, head) if _is_name(appositive) and not _is_name(head) else (head, appositive)
    subject = mention_phrase(named)
    obj = phrase(role, deps.CONJUNCT_DEPS | deps.COORDINATOR_DEPS | deps.APPOSITION_DEPS | deps.RELATIVE_CLAUSE_DEPS)
    relation = "be"
    if named.ent_type_ in PLACE_LABELS and role.ent_type_ in PLACE_LABELS:
        if not _place_after_place(head, appositive):
            return []
        relation = "be_in"
    proposition = Proposition(subject=subject, predicate=appositive, relation=relation, relation_tokens=(),
                              object=obj, kind="apposition", report=_report(head), qualifiers=_role_qualifiers(role))
    return [replace(proposition, confidence=_confidence(proposition))]


def _place_pair_propositions(second: Token) -> list[Proposition]:
    """ "from Sydney, Australia", "located in Evansville, Indiana", which parsers read as a conjunct or an
    unmarked modifier: the first place is in the second, unless the two are part of a list ("Sweden,
    Belgium, England")."""
    first = second.head
    if first.ent_type_ not in PLACE_LABELS or first.i > second.i or not _place_after_place(first, second):
        return []
    doc = second.doc
    first_span, second_span = name_span(first), name_span(second)
    if _listed_place(doc, first_span.start - 1, -1) or _listed_place(doc, second_span.end, 1) or (
            second_span.end < len(doc) and doc[second_span.end].text == "("):
        return []  # a list, or a list item with its note: "Mongolia, Montenegro (90 days)"
    return _placed(mention_phrase(first), Phrase(second, tuple(second_span)), predicate=second, about=first)


def _site_propositions(place: Token) -> list[Proposition]:
    """ "the Nizhny Novgorod Stadium in Russia", "the University of Southern Indiana in Evansville": a named
    building or institution is where the text places it."""
    site = place.head
    names = entity_at(site)
    if site.pos_ != "PROPN" or names is None or names.label_ not in SITE_LABELS or site.i > place.i or (
            names.end > place.i or not any(token.text in SITE_HEADS for token in names)):
        return []
    return _placed(Phrase(site, tuple(names)), mention_phrase(place), predicate=place, about=site)


def _placed(subject: Phrase, place: Phrase, *, predicate: Token, about: Token) -> list[Proposition]:
    """The fact that `subject` is in `place`, read off a noun phrase (an apposition's kind), attributed as
    the clause around `about` is."""
    proposition = Proposition(subject=subject, predicate=predicate, relation="be_in", relation_tokens=(),
                              object=place, kind="apposition", report=_report(about))
    return [replace(proposition, confidence=_confidence(proposition))]


# Names of places people go to, which stand where they stand: "the Nizhny Novgorod Stadium in Russia".
SITE_HEADS = frozenset({"University", "College", "Museum", "Hospital", "School", "Stadium", "Arena", "Airport", "Hotel",
                        "Gallery", "Cathedral", "Church", "Mosque", "Temple", "Theatre", "Theater", "Library", "Zoo"})
SITE_LABELS = frozenset({"ORG", "FAC", "GPE", "LOC"})


def _listed_place(doc, index: int, step: int) -> bool:
    """Whether another place follows (step 1) or precedes (step -1) over a comma or a coordinator only:
    "Basel, Heidelberg, and Strasbourg", "Christchurch, Auckland or Wellington"; over a coordinator,
    alone any name makes a list ("the London, Midland and Scottish Railway Company"; not "Durham, North
    Carolina, and University of North Carolina")."""
    crossed = []
    while 0 <= index < len(doc) and doc[index].lower_ in LIST_JOINERS:
        crossed.append(doc[index].text)
        index += step
    coordinated = len(crossed) == 1 and crossed[0] != ","
    return bool(crossed) and 0 <= index < len(doc) and (
        doc[index].ent_type_ in PLACE_LABELS or (coordinated and doc[index].is_title))


LIST_JOINERS = frozenset({",", "and", "or", "&"})


def _place_after_place(head: Token, appositive: Token) -> bool:
    """ "Rochester, New York", "Levico Terme, Trento, Italy": the place it is in follows the place's
    name after a comma and nothing else, and says nothing more (not "Los Angeles next month, Italy
    in November", not "US 169 (Mingo Valley Expressway)")."""
    doc = head.doc
    head_span, appositive_span = entity_at(head), entity_at(appositive)
    head_end = head_span.end if head_span is not None else head.i + 1
    appositive_start = appositive_span.start if appositive_span is not None else appositive.i
    if [token.text for token in doc[head_end:appositive_start]] != [","]:
        return False
    return all(child.dep_ in PLACE_NAME_DEPS for child in appositive.children)


def _set_off(head: Token, appositive: Token) -> bool:
    """An apposition is set off by a comma, dash or bracket between the two phrases."""
    doc = head.doc
    start, end = sorted((head.i, appositive.i))
    return any(doc[i].text in APPOSITION_MARKS for i in range(start + 1, end))


def _is_name(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in NAME_LABELS


def _title_propositions(title: Token) -> list[Proposition]:
    """ "Kremlin spokesman Dmitry Peskov", "Prime Minister Rishi Sunak", "English captain Harry Kane": the
    title written right before a person's name holds it. Read from the parse where it hangs the title on
    the name, and from the words besides, for parsers hang these every way (the title a verb, the head,
    a flat part of the name; "Prime" on "Sunak")."""
    doc = title.doc
    sentence = title.sent
    if title_form(title.text) in HONORIFICS or (title.i > sentence.start + 1 and doc[title.i - 1].text == "-"
                                                 and title_form(doc[title.i - 2].text) in PERSON_TITLES):
        return []  # "Secretary-|General": the title is the whole hyphenated word
    end = title.i
    while end + 2 < sentence.end and doc[end + 1].text == "-" and doc[end + 2].text[:1].isupper():
        end += 2
    if end + 1 >= sentence.end:
        return []
    parsed = _parsed_title(title)
    name = parsed[1] if parsed else (
        name_after_title(doc[end + 1]) if title_form(title.text) in PERSON_TITLES else [])
    if not name or name[0].i <= end:
        return []
    start = parsed[0].i if parsed else title.i
    while start - 1 >= sentence.start and _in_title_phrase(doc[start - 1]):
        start -= 1
    role = Phrase(title, tuple(doc[start:end + 1]), as_written=True)
    subject = Phrase(name[-1], tuple(name), as_written=True)
    former = any(_past_rank(token) for token in doc[max(sentence.start, start - 1):end + 1])
    proposition = Proposition(subject=subject, predicate=title, relation="be", relation_tokens=(),
                              object=role, kind="role", report=_report(name[-1]),
                              qualifiers=("former role",) if former else ())
    return [replace(proposition, confidence=_confidence(proposition))]


def _parsed_title(title: Token) -> tuple[Token, list[Token]] | None:
    """Where the parse makes `title` modify a name after it: the title phrase's first word and the name."""
    name = title.head
    if title.dep_ not in TITLE_DEPS or not (name.pos_ == "PROPN" and title.i < name.i):
        return None
    if name.ent_type_ != "PERSON" and (title_form(title.text) not in PERSON_TITLES
                                       or name.lower_ in GEOGRAPHIC_HEADS):  # "Queen Creek"
        return None
    if title.pos_ == "PROPN" and title_form(title.text) not in PERSON_TITLES:
        return None  # part of a name ("Dmitry" in "Dmitry Peskov"), not a title
    if title.pos_ not in ("NOUN", "PROPN"):
        return None
    first = min(token.i for token in phrase(title, frozenset({"punct"})).tokens)
    while first < title.i and any(_breaks_title(token, title) for token in title.doc[first:title.i]):
        first += 1  # "the Diary of General Patrick Gordon": the title is "General"
    name_words = _name_after(title, name)
    if len(name_words) < 2 and name.ent_type_ != "PERSON" and title_form(title.text) in NOBLE_TITLES:
        return None  # "Warhol's Prince Series", "King Street"
    return title.doc[first], name_words


def _breaks_title(token: Token, title: Token) -> bool:
    """A word no title before a name holds: "the", a verb, a comma; "of" right before the title ("Diary of|
    General"; "University of Texas ... president" holds one)."""
    return token.pos_ in CLAUSE_WORD_TAGS or (token.pos_ == "ADP" and token.i == title.i - 1) or (
        token.is_sent_start and token.lower_ in SENTENCE_OPENERS)  # "Earlier| Tory leader Michael Howard"


def _name_after(title_end: Token, name: Token) -> list[Token]:
    """The run of proper nouns after a title that holds `name` ("Dmitry Peskov" whichever of the
    two the parser made the head)."""
    doc = name.doc
    start = end = name.i
    while start - 1 > title_end.i and doc[start - 1].pos_ == "PROPN" and title_form(doc[start - 1].text) not in PERSON_TITLES:
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and (
            doc[end + 1].head.i == end or doc[end].head.i == end + 1):
        end += 1
    return [doc[i] for i in range(start, end + 1)]


def _in_title_phrase(token: Token) -> bool:
    """A word of the title before a name: another title word ("Shadow Home Secretary"), a rank ("Prime"),
    a capitalised word or a people's name ("Pentagon", "English"), a possessive of one ("Labour's"); not
    "former" (a role no longer held)."""
    if token.lower_ in ("'s", "’s"):
        return token.i > 0 and token.nbor(-1).text[:1].isupper()
    if token.ent_type_ in TIME_LABELS or token.pos_ in ("VERB", "AUX", "ADV", "DET", "ADP", "PRON", "PUNCT", "NUM"):
        return False
    word = title_form(token.text)
    if word in PAST_RANKS:
        return False
    if word in PERSON_TITLES or word in RANK_QUALIFIERS:
        return True
    if token.is_sent_start:  # any word is capitalised there: only a name or a people's word, no "Earlier"
        return (token.pos_ == "PROPN" or token.ent_type_ in NAME_LABELS) and token.lower_ not in SENTENCE_OPENERS
    return token.text[:1].isupper() and token.pos_ in ("PROPN", "ADJ", "NOUN")


PAST_RANKS = frozenset({"former", "ex"})
# Words that open a sentence and may be tagged a name there, but are no part of a title after them.
SENTENCE_OPENERS = frozenset({"earlier", "later", "meanwhile", "separately", "elsewhere", "yesterday", "today",
                              "recently", "previously", "now", "then", "also", "still", "however", "currently",
                              "finally", "instead", "nevertheless", "additionally"})


def _past_rank(token: Token) -> bool:
    """ "former", "ex-": the role that follows is no longer held."""
    return title_form(token.text) in PAST_RANKS or (token.text == "-" and token.i > 0
                                                   and title_form(token.nbor(-1).text) in PAST_RANKS)


def _former(role: Token) -> bool:
    """A role noun qualified as past: "a former member of the team", "an ex-president"."""
    return any(child.i < role.i and _past_rank(child) for child in role.children)


# Titles of those who head what their "of" phrase names: a head of equity research heads no bank. (A
# professor of history at Harvard is a Harvard professor.)
HEADING_TITLES = frozenset({"head", "director", "chief", "chairman", "chairwoman", "chair", "president", "manager",
                            "leader", "secretary", "minister", "commander", "governor", "editor", "coordinator"})


def _role_qualifiers(role: Token) -> tuple[str, ...]:
    """Why a role noun makes no role fact: held no longer ("a former member"), or said only with what it
    is of ("head of equity research at NCB", "director of plant sciences": no head of NCB)."""
    found = ["former role"] if _former(role) else []
    if title_form(role.text) in HEADING_TITLES and any(
            child.dep_ in deps.NOMINAL_MODIFIER_DEPS and _case(child) == "of" and child.pos_ in ("NOUN", "PROPN")
            and child.ent_type_ not in NAME_LABELS for child in role.children) and any(
            (token.ent_type_ in ("ORG", "GPE", "FAC") or token.pos_ == "PROPN") and (
                _case(token) in ("at", "for", "with") or token.dep_ in deps.POSSESSIVE_DEPS)
            for token in role.subtree):
        found.append("incomplete role")  # not "manager of the national team", which is the team's manager
    return tuple(found)


CLAUSE_WORD_TAGS = frozenset({"DET", "VERB", "AUX", "PRON", "SCONJ", "PUNCT"})
# Titles that also open names of things: "Prince Series", "King Street".
NOBLE_TITLES = frozenset({"prince", "princess", "king", "queen", "lord", "lady", "duke", "duchess", "emperor",
                          "empress", "baron", "count", "earl"})


def _possessive_propositions(possessor: Token) -> list[Proposition]:
    """"Japan 's FTC": Japan has the FTC (kept for the CaRB view, not as a graph fact)."""
    owned = possessor.head
    if possessor.pos_ == "PRON" or owned.pos_ not in ("NOUN", "PROPN"):
        return []
    subject = mention_phrase(possessor)
    obj = Phrase(owned, tuple(token for token in mention_phrase(owned).tokens
                              if token.i not in frozenset(t.i for t in possessor.subtree)))
    if not obj.tokens:
        return []
    proposition = Proposition(subject=subject, predicate=owned, relation="have", relation_tokens=(),
                              object=obj, kind="possessive")
    return [replace(proposition, confidence=_confidence(proposition))]


def _place_in_country_propositions(place: Token) -> list[Proposition]:
    """ "the Russian city of Belgorod", "Russia's Kursk region", "Kharkiv, Ukraine's second-largest city":
    the named place is in the country."""
    names = [child for child in place.children if (child.ent_type_ in PLACE_LABELS or child.pos_ == "PROPN") and (
        (child.dep_ == "nmod" and _case(child) == "of" and child.i > place.i)
        or (child.dep_ == "compound" and child.pos_ == "PROPN" and child.i < place.i))]
    if place.dep_ in deps.APPOSITION_DEPS and place.head.i < place.i and (
            place.head.ent_type_ in PLACE_LABELS or place.head.pos_ == "PROPN") and (
            _set_off(place.head, place)):
        names.append(place.head)  # the place the description is set beside: "Kharkiv, ..."
    own_name = entity_at(place)  # "New York City": "New" is part of the name, no country it is in
    origins = [child for child in place.children if child.i < place.i and child.ent_type_ in ("NORP", "GPE") and (
        child.dep_ == "amod" or child.dep_ in deps.POSSESSIVE_DEPS) and not (
        own_name is not None and own_name.start <= child.i < own_name.end)]
    if len(names) != 1 or len(origins) != 1:
        return []
    name, origin = names[0], origins[0]
    if name.i > place.i or name == place.head:  # the name alone: "Julfa", not "Julfa in Armenia"
        subject = Phrase(name, tuple(token for token in mention_phrase(name).tokens
                                     if token == name or (token.head == name and token.dep_ in NAME_PART_DEPS)))
    else:  # "Kursk region" without "Russia's"
        subject = Phrase(place, tuple(token for token in mention_phrase(place).tokens
                                      if token.i >= name.i and token.i not in {t.i for t in origin.subtree}))
    return _placed(subject, mention_phrase(origin), predicate=place, about=place)


def _affiliation_propositions(name: Token) -> list[Proposition]:
    """A person qualified by a named body or place: "X of the FTU", "the FTU's X", "X from Sydney"."""
    person = name.head
    label = name.ent_type_
    if person.pos_ == "NOUN" and name.i > person.i:
        # "veteran Cyd Ho from the Labour Party": parsers hang the name and the party both on the title;
        # the party is the person's when the name ends right before it.
        person = next((child for child in person.children if child.dep_ in NAME_PART_DEPS
                       and child.ent_type_ == "PERSON" and child.i < name.i
                       and name_span(child).end == min(
                           token.i for token in name.subtree)), person)
    if person.ent_type_ != "PERSON" or person.pos_ != "PROPN" or name.pos_ != "PROPN":
        return []
    possessor = name.dep_ in deps.POSSESSIVE_DEPS  # "DAB's Horace Cheung", "Korea's Kim Shin-Wook"
    if not possessor and (name.dep_ != "nmod" or _case(name) not in AFFILIATION_CASES[label] or name.i < person.i):
        return []
    people = entity_at(person)
    if any(token.lower_ == "respectively" for token in person.sent):
        return []  # "Kwok Ka-ki and Andrew Wan of respectively Civic Party and the Democratic Party"
    if people is not None and people.end < len(person.doc) and person.doc[people.end].is_title and (
            person.doc[people.end].i != name.i and not person.doc[people.end].is_sent_start):
        return []  # the NER cut the name short: "James| To of the Democratic Party"
    proposition = Proposition(subject=Phrase(person, tuple(people)), predicate=name,
                              relation=AFFILIATION_RELATIONS[label], relation_tokens=tuple(case_words(name)),
                              object=mention_phrase(name), kind="affiliation")
    return [replace(proposition, confidence=_confidence(proposition))]


# --- Confidence ------------------------------------------------------------------------------
# Confidence: what share of an extraction's words a careful annotator would keep, by the clause
# it comes from and its kind (rates measured on CaRB dev with kg's parser; see docs/extraction.md).
CLAUSE_CONFIDENCE = {
    "ROOT": 0.8, "xcomp": 0.8, "parataxis": 0.7, "conj": 0.7, "ccomp": 0.6, "advcl": 0.6, "acl": 0.55,
    "acl:relcl": 0.55, "csubj": 0.6,
}
UNEXPECTED_CLAUSE_CONFIDENCE = 0.35  # a verb labelled obj, obl, nmod...: usually a parse error
KIND_CONFIDENCE = {"apposition": 0.35, "role": 0.5, "possessive": 0.2, "affiliation": 0.5}
KIND_BONUS = {"report": 0.1, "passive": 0.05}
NO_OBJECT_PENALTY = 0.4


def _confidence(proposition: Proposition) -> float:
    """How far a reader would trust the extraction, from what makes rule-based ones go wrong."""
    score = KIND_CONFIDENCE.get(proposition.kind) or CLAUSE_CONFIDENCE.get(
        proposition.predicate.dep_, UNEXPECTED_CLAUSE_CONFIDENCE)
    score += KIND_BONUS.get(proposition.kind, 0.0)
    if proposition.object is None:
        score -= NO_OBJECT_PENALTY
    score -= 0.02 * max(0, len(proposition.subject.tokens) - 6)  # long subjects are often mis-attached
    score -= 0.03 * max(0, len(proposition.arguments) - 2)
    return round(min(0.99, max(0.01, score)), 3)


def _unique(propositions: list[Proposition]) -> list[Proposition]:
    seen: set[tuple] = set()
    kept = []
    for proposition in propositions:
        key = (proposition.subject.indices, proposition.relation,
               proposition.object.indices if proposition.object else None, proposition.kind)
        if key not in seen:
            seen.add(key)
            kept.append(proposition)
    return kept
