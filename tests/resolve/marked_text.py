"""Hand-made documents for resolution tests, written with bracket markup.

    "[Dmitry Peskov|PERSON], [a spokesman for [the Kremlin|ORG]|~spokesman], said [it|PRON] ..."

`[text]` is a plain noun phrase, `[text|LABEL]` a named entity, `[text|PRON]` a pronoun,
`[text|~head]` a phrase with its head lemma and `[text|LABEL~head]` both, as kg.extract gives
them (the label of a name inside: "[the top U.S. general|GPE~general]"). Brackets nest.
Sentences end at ". " or a newline.
"""

from __future__ import annotations

import re

from kg.types import Attribution, Document, Fact, Mention, Sentence

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def parse_marked(marked: str, doc_id: str = "d1", source: str = "") -> tuple[Document, list[Mention]]:
    plain: list[str] = []
    stack: list[int] = []
    spans: list[tuple[int, int, str]] = []
    index = 0
    while index < len(marked):
        char = marked[index]
        if char == "[":
            stack.append(len("".join(plain)))
        elif char == "]":
            start = stack.pop()
            text = "".join(plain)
            annotation = ""
            if "|" in text[start:]:
                cut = text.rindex("|")
                annotation = text[cut + 1:]
                plain[:] = [text[:cut]]
            spans.append((start, len("".join(plain)), annotation))
        else:
            plain.append(char)
        index += 1
    text = "".join(plain)
    document = Document(id=doc_id, text=text, title=text.split("\n", 1)[0][:60], source=source)
    mentions = []
    for start, end, annotation in sorted(spans):
        sentence = sum(1 for match in SENTENCE_END.finditer(text) if match.end() <= start)
        mentions.append(Mention(
            doc_id=doc_id, sentence=sentence, start=start, end=end, text=text[start:end],
            label="" if annotation == "PRON" else annotation.split("~")[0],
            head=annotation.split("~", 1)[1] if "~" in annotation else "",
            pronoun=annotation == "PRON",
        ))
    return document, mentions


def sentence_of(document: Document, mention: Mention) -> Sentence:
    bounds = [0] + [match.end() for match in SENTENCE_END.finditer(document.text)] + [len(document.text)]
    start = bounds[mention.sentence]
    end = bounds[mention.sentence + 1]
    return Sentence(document.id, mention.sentence, start, end, document.text[start:end].rstrip())


def make_fact(document: Document, mentions: list[Mention], subject: str, relation: str, obj: str | None = None,
              *, speaker: str | None = None, **qualifiers) -> Fact:
    """A fact between the first mentions written `subject` and `obj` (and `speaker`)."""
    by_text = {}
    for mention in mentions:
        by_text.setdefault(mention.text, mention)
    subject_mention = by_text[subject]
    attribution = Attribution(by_text[speaker], "say") if speaker else None
    return Fact(
        doc_id=document.id, sentence=sentence_of(document, subject_mention), subject=subject_mention,
        relation=relation, relation_text=relation, object=by_text[obj] if obj else None,
        attribution=attribution, **qualifiers,
    )
