"""How often kg's coreference is right: resolved pronouns and descriptions against GUM's gold chains.

    python -m bench.coref [--split train,dev] [--genres news] [--model NAME_OR_PATH] [--errors]

Runs kg's real pipeline (ingest, parse, extract, resolve) on the GUM documents of a genre (news by
default; academic, bio, court, interview, voyage, or "all" of those in ../shared) as plain text
(the text bench.precision gives kg), maps each kg mention to GUM's tokens by character offsets,
and reads GUM's gold coreference chains from the MISC column (`Entity=(12-person-...` opens
entity 12 on a token, `12)` closes it). It scores every mention kg resolved by coreference:
- a pronoun (he, she, it, they, his, its, their, I, we, ...) that kg mapped to an entity;
- a definite description ("the president", "the company") that kg mapped to an entity the document names
  elsewhere (not only inside the description: "Kremlin spokesman Dmitry Peskov"), counted apart when
  it was merged with a name it shares ("the court" and "Court") rather than by coreference.
Such a mention is correct when the gold entity of its span (the GUM mention with the same last
token, else the smallest one starting at its first token) also holds a mention kg read as that
entity on its own (a name, or a description that is no coreference) in the same document.
Prints, per split, how many were resolved and the precision, and, for information, the recall
of gold pronouns whose entity has a name in the document before them. GUM's test split
(../shared/data/gum/splits.md) is held out: tune on train and dev, report test once.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import gum_article
from kg import executors, ingest
from kg.lexicon import PERSONAL_PRONOUNS, fold
from kg.resolve import load_aliases, resolve
from kg.resolve.entities import entity_key
from kg.resolve.names import MentionReader
from kg.types import Analysis, Document, Mention, Resolution

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GUM = SHARED / "data" / "gum"
SPLITS = ("train", "dev", "test")
ENTITY_BRACKET = re.compile(r"\((\d+)-([^()]*)|(\d*)\)")
PRONOUN_TAGS = {"PRP", "PRP$"}


@dataclass(frozen=True)
class GoldMention:
    """A GUM mention: tokens first..last (document token numbers, inclusive) of gold entity `entity`."""

    first: int
    last: int
    entity: str
    type: str
    named: bool  # its head is a proper noun


@dataclass
class GumDocument:
    """A GUM document: its plain text as kg reads it, each token's character span in it, its gold mentions."""

    name: str
    split: str
    raw: str  # what kg is given
    words: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    spans: list[tuple[int, int] | None] = field(default_factory=list)  # in the cleaned text; None: not found
    mentions: list[GoldMention] = field(default_factory=list)
    # Each sentence's text and its tokens: (form, "range" for a multiword token's line, else None).
    sentences: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)


@dataclass
class Score:
    resolved: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.resolved if self.resolved else 0.0


@dataclass
class SplitScore:
    pronouns: Score = field(default_factory=Score)
    descriptions: Score = field(default_factory=Score)  # resolved by coreference
    same_name: Score = field(default_factory=Score)  # merged with a name they share ("the court", "Court")
    gold_pronouns: int = 0  # gold pronouns with a named antecedent
    found_pronouns: int = 0  # of those, resolved correctly
    verdicts: list[str] = field(default_factory=list)

    @property
    def total(self) -> Score:
        parts = (self.pronouns, self.descriptions, self.same_name)
        return Score(sum(part.resolved for part in parts), sum(part.correct for part in parts))


def splits(shared: Path = SHARED) -> dict[str, str]:
    """GUM's split of each document (splits.md lists dev and test; the rest is train)."""
    found, section = {}, ""
    for line in (shared / "data" / "gum" / "splits.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.strip().startswith("* ") and section in SPLITS:
            found[line.strip()[2:].strip()] = section
    return found


def gum_documents(wanted: Iterable[str], genres: Iterable[str] = ("news",), shared: Path = SHARED) -> list[GumDocument]:
    """The GUM documents of the splits `wanted` and `genres` ("all": every genre), as kg would read them
    (bench.precision's text)."""
    of = splits(shared)
    wanted, genres = set(wanted), set(genres)
    documents = []
    for path in sorted((shared / "data" / "gum" / "dep").glob("GUM_*.conllu")):
        if "all" not in genres and path.stem.split("_")[1] not in genres:
            continue
        split = of.get(path.stem, "train")
        if split in wanted:
            title, paragraphs = gum_article(path)
            documents.append(read_gold(path, split, "\n\n".join([title, *paragraphs]) + "\n"))
    return documents


def read_gold(path: Path, split: str, raw: str) -> GumDocument:
    """Tokens and gold mentions of a GUM .conllu file (spans are filled in by `align`)."""
    document = GumDocument(path.stem, split, raw)
    sentences = document.sentences
    open_at: dict[str, list[tuple[int, str]]] = defaultdict(list)
    heads: list[tuple[int, int, str, str, str]] = []  # first, last, entity, type, minspan
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            sentences.append((line.removeprefix("# text = ").strip(), []))
            continue
        if not line or line.startswith("#"):
            continue
        columns = line.split("\t")
        if "-" in columns[0] or "." in columns[0]:
            if "-" in columns[0]:
                sentences[-1][1].append((columns[1], "range"))
            continue
        number = len(document.words)
        document.words.append(columns[1])
        document.tags.append(columns[4])
        sentences[-1][1].append((columns[1], None))
        misc = dict(item.split("=", 1) for item in columns[9].split("|") if "=" in item)
        for match in ENTITY_BRACKET.finditer(misc.get("Entity", "")):
            if match[1] is not None:
                open_at[match[1]].append((number, match[2]))
                last_opened = match[1]
            else:
                entity = match[3] or last_opened
                first, spec = open_at[entity].pop()
                fields = spec.split("-")
                heads.append((first, number, entity, fields[0], fields[4] if len(fields) > 4 else ""))
    document.mentions = [
        GoldMention(first, last, entity, kind, _named(document, first, last, minspan))
        for first, last, entity, kind, minspan in heads
    ]
    document.spans = [None] * len(document.words)
    return document


def _named(document: GumDocument, first: int, last: int, minspan: str) -> bool:
    """Whether the mention's head (GUM's minimal span: token numbers within the mention) is a proper noun."""
    numbers = [int(part) for part in minspan.split(",") if part.isdigit()] or [last - first + 1]
    return any(first + number - 1 <= last and document.tags[first + number - 1] in ("NNP", "NNPS")
               for number in numbers)


def align(document: GumDocument, text: str) -> None:
    """Each token's character span in `text` (the cleaned text kg reads): sentence by sentence, in order."""
    cursor, number = 0, 0
    for sentence, tokens in document.sentences:
        start = text.find(sentence, cursor)
        if start < 0:  # a line ingest took out (a dateline): its tokens map to nothing
            number += sum(1 for _, kind in tokens if kind is None)
            continue
        at, in_range = start, None
        for form, kind in tokens:
            if kind == "range":
                found = text.find(form, at)
                in_range = (found, found + len(form))
                continue
            found = text.find(form, at, start + len(sentence))
            if in_range is not None and (found < 0 or found + len(form) > in_range[1]):
                document.spans[number] = in_range  # "gonna": sub-tokens are not written as such
            elif found >= 0:
                document.spans[number] = (found, found + len(form))
                at = found + len(form)
            number += 1
            if in_range is not None and at >= in_range[1]:
                at, in_range = in_range[1], None
        cursor = start + len(sentence)


def analyse(documents: list[GumDocument], model: str | None, workers: int) -> tuple[list[Document], list[Analysis]]:
    """kg's documents (read through ingest from text files) and their analyses."""
    with tempfile.TemporaryDirectory(prefix="kg-coref-") as folder:
        for document in documents:
            (Path(folder) / f"{document.name}.txt").write_text(document.raw, encoding="utf-8")
        read, skipped = ingest.read([folder])
    if skipped:
        raise RuntimeError("; ".join(f"{item.source}: {item.reason}" for item in skipped))
    by_name = {Path(document.source).stem: document for document in read}
    kg_documents = [by_name[document.name] for document in documents]
    analyses = []
    with executors.start("local", model=model, workers=workers) as running:
        for item in executors.analyse_all(running, kg_documents, batch_size=4):
            if not isinstance(item, Analysis):
                raise RuntimeError(f"{item.source}: {item.reason}")
            analyses.append(item)
    return kg_documents, analyses


def _all_mentions(analysis: Analysis) -> dict[tuple[int, int], Mention]:
    """Every mention span of a document (facts' arguments too), as resolution sees them."""
    spans: dict[tuple[int, int], Mention] = {}
    found = list(analysis.mentions)
    for fact in analysis.facts:
        found += [fact.subject, fact.object, fact.place, *(argument.mention for argument in fact.arguments)]
        if fact.attribution is not None:
            found.append(fact.attribution.speaker)
    for mention in found:
        if mention is not None and mention.end > mention.start:
            known = spans.get((mention.start, mention.end))
            if known is None or (mention.label and not known.label) or (mention.pronoun and not known.pronoun):
                spans[(mention.start, mention.end)] = mention
    return spans


def _tokens_of(document: GumDocument, start: int, end: int) -> tuple[int, int] | None:
    inside = [number for number, span in enumerate(document.spans)
              if span is not None and span[0] < end and span[1] > start]
    return (inside[0], inside[-1]) if inside else None


def gold_entity(document: GumDocument, start: int, end: int) -> str | None:
    """The gold entity of a kg mention's span: the GUM mention ending at its last token, else the smallest
    GUM mention starting at its first token."""
    tokens = _tokens_of(document, start, end)
    if tokens is None:
        return None
    first, last = tokens
    if last > first and document.tags[last] == "POS":
        last -= 1  # "Gloria's": the mention is "Gloria"
    exact = [mention for mention in document.mentions if (mention.first, mention.last) == (first, last)]
    if exact:
        return exact[0].entity
    ending = [mention for mention in document.mentions if mention.last == last and mention.first >= first]
    ending = ending or [mention for mention in document.mentions if mention.last == last and mention.first < first]
    if ending:
        return min(ending, key=lambda mention: (abs(mention.first - first), mention.last - mention.first)).entity
    starting = [mention for mention in document.mentions if mention.first == first and mention.last >= last]
    return min(starting, key=lambda mention: mention.last).entity if starting else None


def score(gum: GumDocument, document: Document, analysis: Analysis, resolution: Resolution,
          reader: MentionReader, result: SplitScore) -> None:
    """Add one document's resolved pronouns and descriptions, and its gold pronouns, to `result`."""
    align(gum, document.text)
    mentions = _all_mentions(analysis)
    readings = {span: reader.read(mention) for span, mention in mentions.items()}
    kinds = {span: reading.kind if reading else "" for span, reading in readings.items()}
    entity_of = {(start, end): key for (doc_id, start, end), key in resolution.mention_entity.items()
                 if doc_id == document.id}
    names = defaultdict(list)  # entity -> spans of the mentions that name it
    for span, key in entity_of.items():
        if kinds.get(span) in ("entry", "name"):
            names[key].append(span)
    # Mentions that name their entity on their own: the anchors a coreference is checked against.
    anchors: dict[str, set[str]] = defaultdict(set)
    scored: list[tuple[tuple[int, int], str, str]] = []  # span, entity, pronoun | description
    for span, key in entity_of.items():
        kind = kinds.get(span, "")
        if kind == "pronoun":
            scored.append((span, key, "pronoun"))
        elif kind == "description" and readings[span].definite and any(
                not (span[0] <= other[0] and other[1] <= span[1]) for other in names[key]):
            # A description of a thing the document names elsewhere: by coreference, or by sharing its name.
            same = _name_part(key) == _name_part(entity_key(readings[span].identity))
            scored.append((span, key, "same-name description" if same else "description"))
        elif kind:
            gold = gold_entity(gum, *span)
            if gold is not None:
                anchors[key].add(gold)
    correct_gold: set[tuple[int, int]] = set()
    for span, key, kind in sorted(scored):
        gold = gold_entity(gum, *span)
        right = gold is not None and gold in anchors[key]
        tally = {"pronoun": result.pronouns, "description": result.descriptions}.get(kind, result.same_name)
        tally.resolved += 1
        tally.correct += right
        if right and kind == "pronoun":
            correct_gold.add(span)
        result.verdicts.append(f"{'OK ' if right else 'BAD'} {gum.name}@{span[0]} {kind} "
                               f"{document.text[span[0]:span[1]]!r} -> {key}  | {_context(document.text, *span)}")
    # Recall: gold pronouns whose entity has a name before them.
    named_before: dict[str, int] = {}
    for mention in sorted(gum.mentions, key=lambda mention: mention.first):
        if mention.named:
            named_before.setdefault(mention.entity, mention.first)
        elif (mention.first == mention.last and gum.tags[mention.first] in PRONOUN_TAGS
              and fold(gum.words[mention.first]) in PERSONAL_PRONOUNS
              and named_before.get(mention.entity, mention.first) < mention.first
              and gum.spans[mention.first] is not None):
            result.gold_pronouns += 1
            result.found_pronouns += gum.spans[mention.first] in correct_gold


def _name_part(key: str) -> str:
    """ "location/mosque--<scope>" -> "mosque": the name an entity key is made of, whatever its type."""
    return key.split("/", 1)[-1].split("--")[0]


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 90):start].split("\n")[-1]
    after = text[end:end + 40].split("\n")[0]
    return f"{before}[{text[start:end]}]{after}"


def run(wanted: list[str], *, genres: Iterable[str] = ("news",), model: str | None = None,
        workers: int = 1) -> dict[str, SplitScore]:
    """Scores per split; train and dev are built together (bench.precision's corpus), test on its own."""
    results = {split: SplitScore() for split in wanted}
    groups = [[split for split in wanted if split != "test"], [split for split in wanted if split == "test"]]
    aliases = load_aliases()
    for group in groups:
        if not group:
            continue
        gum = gum_documents(group, genres)
        documents, analyses = analyse(gum, model, workers)
        resolution = resolve(documents, [mention for analysis in analyses for mention in analysis.mentions],
                             [fact for analysis in analyses for fact in analysis.facts], aliases=aliases)
        for item, document, analysis in zip(gum, documents, analyses):
            score(item, document, analysis, resolution, MentionReader(aliases, document), results[item.split])
    return results


def report(results: dict[str, SplitScore]) -> Iterator[str]:
    yield f"{'split':<6} {'kind':<13} {'resolved':>8} {'correct':>8} {'precision':>9}"
    for split, result in results.items():
        for kind, tally in (("pronouns", result.pronouns), ("descriptions", result.descriptions),
                            ("same name", result.same_name), ("all", result.total)):
            yield f"{split:<6} {kind:<13} {tally.resolved:>8} {tally.correct:>8} {tally.precision:>9.3f}"
        recall = result.found_pronouns / result.gold_pronouns if result.gold_pronouns else 0.0
        yield (f"{split:<6} recall of gold pronouns with a named antecedent: "
               f"{result.found_pronouns}/{result.gold_pronouns} = {recall:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.coref", description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train,dev",
                        help="comma-separated GUM splits (train, dev, test); test is held out: report it once")
    parser.add_argument("--genres", default="news", help="comma-separated GUM genres, or all (default: news)")
    parser.add_argument("--model", help="spaCy pipeline (default: kg's)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--errors", action="store_true", help="also print each scored mention with its verdict")
    options = parser.parse_args(argv)
    wanted = [split.strip() for split in options.split.split(",") if split.strip()]
    unknown = sorted(set(wanted) - set(SPLITS))
    if unknown or not wanted:
        parser.error(f"--split takes {', '.join(SPLITS)} (got {options.split!r})")
    genres = [genre.strip() for genre in options.genres.split(",") if genre.strip()]
    results = run(wanted, genres=genres, model=options.model, workers=options.workers)
    if options.errors:
        for result in results.values():
            for line in result.verdicts:
                print(line)
    for line in report(results):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
