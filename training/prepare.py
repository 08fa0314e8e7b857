"""Convert the treebanks in ../shared/data into spaCy's binary training format.

Corpora written to OUT (default training/corpus/):
  train.spacy     EWT train (syntax; with --teacher, silver entities) + EWT dev (syntax + UNER entities)
                  + GUM train (syntax + entities)
  dev.spacy       GUM dev (syntax + entities): used only to pick the best checkpoint
  ewt-test.spacy  EWT test (syntax + UNER entities): held out
  gum-test.spacy  GUM test (syntax + entities): held out

Entity labels follow OntoNotes names so downstream code works the same with en_core_web_*.

With --teacher PATH (an en_core_web_* pipeline directory, e.g. en_core_web_md's), the teacher's
NER labels the gold-tokenised sentences that have no gold entities (EWT train), and adds the
labels the gold layer lacks (NORP, EVENT, PRODUCT in UNER; NORP in GUM) where they overlap no
gold span. Its output is cached in OUT/silver-entities.json.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

SENTENCES_PER_DOC = 20
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

# The teacher's OntoNotes labels kg keeps (FAC as LOC, like place_label's facilities); the rest
# (DATE, MONEY, CARDINAL, WORK_OF_ART, ...) are not names kg's NER is trained on.
TEACHER_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC",
                  "NORP": "NORP", "EVENT": "EVENT", "PRODUCT": "PRODUCT"}
# Labels a gold layer does not annotate, which the teacher may add beside it.
UNER_MISSING = {"NORP", "EVENT", "PRODUCT"}
GUM_MISSING = {"NORP"}

GUM_TYPE_TO_LABEL = {
    "person": "PERSON",
    "organization": "ORG",
    "place": "PLACE",  # resolved to GPE or LOC by place_label()
    "event": "EVENT",
    "object": "PRODUCT",
}
# Capitalised heads of GUM person mentions that name a role, not a person.
ROLE_WORDS = {"president", "governor", "petitioner", "respondent", "judge", "justice", "senator", "king",
              "queen", "mayor", "chairman", "director", "administrator", "secretary", "minister", "professor"}
UNER_TO_LABEL = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}

# Named places that OntoNotes calls LOC rather than GPE: geographic features and regions.
LOC_WORDS = {
    "river", "mountain", "mountains", "mount", "mt", "lake", "ocean", "sea", "bay", "island",
    "islands", "valley", "park", "beach", "street", "st", "road", "avenue", "ave", "bridge",
    "desert", "forest", "coast", "peninsula", "canyon", "falls", "gulf", "strait", "square",
    "hill", "hills", "creek", "harbor", "harbour", "reef", "glacier", "cape", "boulevard",
    "highway", "trail", "airport", "station", "museum", "building", "tower", "hall", "center",
    "centre", "church", "cathedral", "temple", "palace", "castle", "stadium", "garden", "gardens",
}
LOC_NAMES = {
    "europe", "asia", "africa", "antarctica", "oceania", "north america", "south america",
    "latin america", "central america", "middle east", "the middle east", "east asia",
    "southeast asia", "pacific", "atlantic", "mediterranean", "arctic", "caribbean",
    "scandinavia", "balkans", "the balkans", "western europe", "eastern europe", "earth",
    "the west", "west", "midwest", "the midwest",
}


def place_label(text: str) -> str:
    lowered = text.lower()
    if lowered in LOC_NAMES or any(word in LOC_WORDS for word in re.split(r"[\s.]+", lowered)):
        return "LOC"
    return "GPE"


@dataclass
class Sentence:
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    morphs: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0-based within sentence, self for root
    deps: list[str] = field(default_factory=list)
    misc: list[str] = field(default_factory=list)
    sent_id: str = ""
    doc_id: str = ""


def read_conllu(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    sent = Sentence()
    doc_id = path.stem
    mwt_end = -1
    mwt_space = True
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id"):
            doc_id = line.split("=", 1)[1].strip()
        elif line.startswith("# sent_id"):
            sent.sent_id = line.split("=", 1)[1].strip()
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if sent.words:
                sent.doc_id = doc_id
                sentences.append(sent)
            sent = Sentence()
            mwt_end = -1
        else:
            cols = line.split("\t")
            token_id = cols[0]
            if "." in token_id:
                continue
            if "-" in token_id:
                mwt_end = int(token_id.split("-")[1])
                mwt_space = "SpaceAfter=No" not in cols[9]
                continue
            index = int(token_id)
            sent.words.append(cols[1])
            if index < mwt_end:
                sent.spaces.append(False)
            elif index == mwt_end:
                sent.spaces.append(mwt_space)
            else:
                sent.spaces.append("SpaceAfter=No" not in cols[9])
            sent.lemmas.append(cols[2])
            sent.pos.append(cols[3])
            sent.tags.append(cols[4])
            sent.morphs.append("" if cols[5] == "_" else cols[5])
            head = int(cols[6])
            sent.heads.append(head - 1 if head else index - 1)
            sent.deps.append("ROOT" if cols[7] == "root" else cols[7])
            sent.misc.append(cols[9])
    if sent.words:
        sent.doc_id = doc_id
        sentences.append(sent)
    return sentences


def gum_entities(sent: Sentence) -> list[tuple[int, int, str]]:
    """Named mentions of a GUM sentence as (start, end, label).

    GUM's Entity attribute is GRP-etype-infstat-salience-centering-minspan-link[-identity]; the
    name is the mention's minimal span (token positions within the mention), and the mention is
    named when that span's head is a proper noun (XPOS NNP/NNPS: GUM tags "United" in "United
    States" VERB but NNP) or when GUM links it to a Wikipedia identity.
    """
    open_stack: dict[str, list[tuple[int, str]]] = {}
    mentions: list[tuple[int, int, str]] = []
    for i, misc in enumerate(sent.misc):
        match = re.search(r"Entity=([^|]*)", misc)
        if not match:
            continue
        for opening, attrs, closing in re.findall(r"(\()?(\d+(?:-[^()]*)?)(\))?", match.group(1)):
            eid = attrs.split("-")[0]
            if opening:
                if closing:
                    mentions.append((i, i + 1, attrs))
                else:
                    open_stack.setdefault(eid, []).append((i, attrs))
            elif closing and open_stack.get(eid):
                start, opened = open_stack[eid].pop()
                mentions.append((start, i + 1, opened))
    spans = []
    for start, end, attrs in mentions:
        fields = attrs.split("-")
        label = GUM_TYPE_TO_LABEL.get(fields[1]) if len(fields) >= 7 else None
        if not label:
            continue
        positions = [int(n) for n in fields[5].split(",") if n.isdigit()]
        if positions:
            start, end = start + min(positions) - 1, min(end, start + max(positions))
        while start < end and sent.tags[start] not in ("NNP", "NNPS", "CD"):  # "the", "village of"
            start += 1
        if start >= end:
            continue
        head = next((i for i in range(start, end) if not start <= sent.heads[i] < end or sent.heads[i] == i), start)
        linked = len(fields) >= 8 and fields[7]
        if sent.tags[head] not in ("NNP", "NNPS") and not (linked and "NNP" in {t[:3] for t in sent.tags[start:end]}):
            continue
        if label == "PERSON" and sent.words[head].lower() in ROLE_WORDS:
            continue  # "President", "Governor of Virginia": a role, not a name
        if label == "PERSON" and sent.tags[head] == "NNPS" and end - start == 1:
            label = "NORP"  # "Americans": OntoNotes calls a nationality of people NORP
        spans.append((start, end, label))
    return spans


def read_uner(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    by_sentence: dict[str, list[tuple[int, int, str]]] = {}
    sent_id = ""
    index = 0
    spans: list[tuple[int, int, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id"):
            sent_id = line.split("=", 1)[1].strip()
            index, spans = 0, []
            by_sentence[sent_id] = spans
        elif line.startswith("#") or not line.strip():
            continue
        else:
            tag = line.split("\t")[2]
            if tag.startswith("B-"):
                spans.append((index, index + 1, UNER_TO_LABEL[tag[2:]]))
            elif tag.startswith("I-") and spans and spans[-1][1] == index:
                spans[-1] = (spans[-1][0], index + 1, spans[-1][2])
            index += 1
    return by_sentence


Spans = list[tuple[int, int, str]]


def teacher_entities(teacher: Path, sentences: list[Sentence], cache: Path) -> dict[str, Spans]:
    """The teacher's entities on each sentence's gold tokens, by sentence key, cached on disk."""
    found: dict[str, Spans] = json.loads(cache.read_text(encoding="utf-8")) if cache.exists() else {}
    todo = [sent for sent in sentences if sentence_key(sent) not in found]
    if todo:
        nlp = spacy.load(teacher, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
        docs = (Doc(nlp.vocab, words=sent.words, spaces=sent.spaces) for sent in todo)
        for sent, doc in zip(todo, nlp.pipe(docs, batch_size=256)):
            found[sentence_key(sent)] = [[e.start, e.end, TEACHER_LABELS[e.label_]]
                                         for e in doc.ents if e.label_ in TEACHER_LABELS]
        cache.write_text(json.dumps(found, sort_keys=True), encoding="utf-8")
    return {key: [tuple(span) for span in spans] for key, spans in found.items()}


def sentence_key(sent: Sentence) -> str:
    return f"{sent.doc_id}/{sent.sent_id}"


def with_silver(gold, silver: dict[str, Spans], labels: set[str]):
    """Gold spans of a sentence plus the teacher's spans of `labels` that overlap none of them."""
    def entities(sent: Sentence) -> Spans:
        spans = list(gold(sent)) if gold else []
        taken = {i for start, end, _ in spans for i in range(start, end)}
        for start, end, label in silver.get(sentence_key(sent), []):
            if label in labels and taken.isdisjoint(range(start, end)):
                spans.append((start, end, label))
                taken.update(range(start, end))
        return spans
    return entities


def to_docs(nlp, sentences: list[Sentence], entities=None) -> list[Doc]:
    """Group sentences by source document, SENTENCES_PER_DOC at a time; entities(sent) gives spans."""
    docs = []
    groups: list[list[Sentence]] = []
    for sent in sentences:
        if not groups or groups[-1][0].doc_id != sent.doc_id or len(groups[-1]) >= SENTENCES_PER_DOC:
            groups.append([])
        groups[-1].append(sent)
    for group in groups:
        words, spaces, lemmas, pos, tags, morphs, heads, deps, starts, ents = ([] for _ in range(10))
        for sent in group:
            offset = len(words)
            words += sent.words
            spaces += sent.spaces
            spaces[-1] = True
            lemmas += sent.lemmas
            pos += sent.pos
            tags += sent.tags
            morphs += sent.morphs
            heads += [h + offset for h in sent.heads]
            deps += sent.deps
            starts += [True] + [False] * (len(sent.words) - 1)
            if entities is not None:
                ents += [(s + offset, e + offset, label, sent) for s, e, label in entities(sent)]
        doc = Doc(nlp.vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, tags=tags,
                  morphs=morphs, heads=heads, deps=deps, sent_starts=starts)
        if entities is not None:
            chosen: list[Span] = []
            taken: set[int] = set()
            for s, e, label, _ in sorted(ents, key=lambda x: (x[0] - x[1], x[0])):
                if taken.isdisjoint(range(s, e)):
                    span_text = doc[s:e].text
                    final = place_label(span_text) if label == "PLACE" else label
                    chosen.append(Span(doc, s, e, label=final))
                    taken.update(range(s, e))
            doc.set_ents(sorted(chosen, key=lambda span: span.start), default="outside")
        docs.append(doc)
    return docs


def gum_split(splits_md: Path) -> dict[str, str]:
    split_of, current = {}, ""
    for line in splits_md.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
        elif line.strip().startswith("* "):
            split_of[line.strip()[2:].strip()] = current
    return split_of


def write(docs: list[Doc], path: Path) -> None:
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    print(f"{path}: {len(docs)} docs, {sum(len(d) for d in docs)} tokens")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "corpus")
    parser.add_argument("--teacher", type=Path, default=None, help="en_core_web_* pipeline directory for silver entities")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")

    ewt = {part: read_conllu(args.data / "ud-ewt" / f"en_ewt-ud-{part}.conllu") for part in ("train", "dev", "test")}
    uner = {part: read_uner(args.data / "uner-ewt" / f"en_ewt-ud-{part}.iob2") for part in ("dev", "test")}
    split_of = gum_split(args.data / "gum" / "splits.md")
    gum: dict[str, list[Sentence]] = {"train": [], "dev": [], "test": []}
    for path in sorted((args.data / "gum" / "dep").glob("*.conllu")):
        split = split_of.get(path.stem)
        if split in gum:
            gum[split] += read_conllu(path)

    def uner_entities(part):
        return lambda sent: uner[part].get(sent.sent_id, [])

    if args.teacher:
        silver = teacher_entities(args.teacher, ewt["train"] + ewt["dev"] + gum["train"], args.out / "silver-entities.json")
        all_labels = set(TEACHER_LABELS.values())
        with_entities = (to_docs(nlp, ewt["train"], with_silver(None, silver, all_labels))
                         + to_docs(nlp, ewt["dev"], with_silver(uner_entities("dev"), silver, UNER_MISSING))
                         + to_docs(nlp, gum["train"], with_silver(gum_entities, silver, GUM_MISSING)))
    else:
        with_entities = (to_docs(nlp, ewt["train"]) + to_docs(nlp, ewt["dev"], uner_entities("dev"))
                         + to_docs(nlp, gum["train"], gum_entities))
    write(with_entities, args.out / "train.spacy")
    write(to_docs(nlp, gum["dev"], gum_entities), args.out / "dev.spacy")
    write(to_docs(nlp, ewt["test"], uner_entities("test")), args.out / "ewt-test.spacy")
    write(to_docs(nlp, gum["test"], gum_entities), args.out / "gum-test.spacy")


if __name__ == "__main__":
    main()
