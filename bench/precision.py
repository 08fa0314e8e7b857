"""How many of the plain edges kg asserts are right and specific, judged by the shared rubric.

    python -m bench.precision [--model NAME_OR_PATH] [--unjudged FILE] [--edges FILE] [--held-out]

Builds the dev corpus of real news (kg's five seed articles and the GUM news documents of GUM's
train and dev splits, Wikinews, CC BY 2.5; GUM's test documents are held out), lists every plain
edge (`kg:asserted true`: what the graph states as fact) with its sentence, and looks each one up
in the pooled judgement file `bench/precision-judged.jsonl` (one JSON object a line: sentence,
subject, relation, object, label OK / VAGUE / WRONG by ../shared/notes/fact-rubric.md, why).
Prints the OK, VAGUE and WRONG shares of the judged edges, the OK edges per 1,000 words, and how
many edges are not judged yet; those are written to --unjudged (default
bench/precision-unjudged.jsonl) so that each change is judged before it is believed.

--carb builds the 641 sentences of CaRB's dev split instead (WSJ news and Wikipedia, each sentence
its own article under a neutral headline, detokenised): text no pipeline kg ships was trained on, to judge kg on
parses as rough as an unseen article's. Its judgements share the dev pool.

--articles DIR builds the articles in DIR instead (a private pool of real news that cannot be committed:
give it its own --judged file).

--held-out builds GUM's test news documents instead (held out from every rule and threshold: run
it to report a figure, never to tune), with their own judgement file
`bench/precision-held-out-judged.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

import kg
from bench.carb import PTB_BRACKETS
from bench.corpus import carb_sentences, gum_article
from kg.graph.ontology import KG

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"
JUDGED = Path(__file__).with_name("precision-judged.jsonl")
UNJUDGED = Path(__file__).with_name("precision-unjudged.jsonl")
HELD_OUT_JUDGED = Path(__file__).with_name("precision-held-out-judged.jsonl")
HELD_OUT_UNJUDGED = Path(__file__).with_name("precision-held-out-unjudged.jsonl")
LABELS = ("OK", "VAGUE", "WRONG")


@dataclass(frozen=True, order=True)
class Edge:
    """A plain edge as a judge reads it: labels as kg wrote them, and the sentence it came from."""

    sentence: str
    subject: str
    relation: str
    object: str
    document: str = ""
    confidence: float = 0.0
    kind: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.sentence, self.subject, self.relation, self.object


def held_out_gum(shared: Path = SHARED) -> frozenset[str]:
    """GUM's test documents (splits.md), never part of a dev corpus."""
    names, section = set(), ""
    for line in (shared / "data" / "gum" / "splits.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif section.startswith("test") and line.strip().startswith("* "):
            names.add(line.strip()[2:].strip())
    return frozenset(names)


def write_corpus(folder: Path, *, shared: Path = SHARED, seeds: Path = SEEDS, gum: str = "GUM_news_*",
                 held_out: bool = False) -> list[Path]:
    """The dev corpus as text files in folder: the seeds, and the GUM documents matching `gum` (news by
    default) that are not held out; with `held_out`, only GUM's held-out documents matching `gum`."""
    test_split = held_out_gum(shared)
    written = []
    for seed in [] if held_out else sorted(seeds.glob("*.txt")):
        written.append(folder / seed.name)
        written[-1].write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    for path in sorted((shared / "data" / "gum" / "dep").glob(f"{gum}.conllu")):
        if (path.stem in test_split) != held_out:
            continue
        title, paragraphs = gum_article(path)
        written.append(folder / f"{path.stem}.txt")
        written[-1].write_text("\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
    return written


def write_carb_corpus(folder: Path, *, shared: Path = SHARED) -> list[Path]:
    """CaRB's dev sentences as articles in folder, each under a neutral headline, with their PTB tokens joined
    back into text."""
    written = []
    for number, line in enumerate(carb_sentences(shared)):
        written.append(folder / f"carb-{number:03}.txt")
        written[-1].write_text(f"CaRB dev sentence {number + 1}\n\n{detokenise(line)}\n", encoding="utf-8")
    return written


def detokenise(tokens: str) -> str:
    """A Penn-Treebank-tokenised sentence as it was written (quotes, brackets, clitics, hyphens)."""
    text = tokens.replace("`` ", '"').replace(" ''", '"')
    for escape, bracket in PTB_BRACKETS.items():
        text = text.replace(escape, bracket)
    text = re.sub(r"(\w) - (?=\w)", r"\1-", text)
    text = re.sub(r" ([,.;:!?%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    return re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m|')(?=\W|$)", r"\1", text)


def plain_edges(graph: kg.KnowledgeGraph) -> list[Edge]:
    """Every asserted statement of the graph, as (sentence, subject, relation, object) labels."""
    dataset = graph.rdf
    quads = {}
    for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
        quads.setdefault(subject, {}).setdefault(predicate, obj)

    def label(node) -> str:
        return str(quads.get(node, {}).get(RDFS.label, node))

    edges = set()
    for node, properties in quads.items():
        if properties.get(RDF.type) != KG.Statement or properties.get(KG.asserted) != Literal(True):
            continue
        sentence = quads[properties[KG.sentence]][KG.text]
        edges.add(Edge(str(sentence), label(properties[RDF.subject]), str(properties[KG.relation]),
                       label(properties[RDF.object]), str(properties[KG.document]).rsplit("/", 1)[-1],
                       float(properties[KG.confidence]), str(properties[KG.kind])))
    return sorted(edges)


def read_judged(path: Path = JUDGED) -> dict[tuple[str, str, str, str], dict]:
    judged: dict[tuple[str, str, str, str], dict] = {}
    if not path.exists():
        return judged
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        if record.get("label") not in LABELS:
            raise ValueError(f"{path}:{number}: label must be one of {', '.join(LABELS)}")
        judged[record["sentence"], record["subject"], record["relation"], record["object"]] = record
    return judged


def word_count(texts: Iterable[str]) -> int:
    return sum(len(text.split()) for text in texts)


def tally(edges: list[Edge], judged: dict) -> Counter:
    return Counter(judged[edge.key]["label"] for edge in edges if edge.key in judged)


def report(edges: list[Edge], judged: dict, words: int) -> Iterator[str]:
    counts = tally(edges, judged)
    total = sum(counts.values())
    yield f"plain edges: {len(edges)}, judged: {total}, not judged: {len(edges) - total}, words: {words:,}"
    for label in LABELS:
        share = counts[label] / total if total else 0.0
        yield f"{label:<6} {counts[label]:>5}  {share:6.1%}"
    yield f"OK edges per 1,000 words: {1000 * counts['OK'] / words:.2f}" if words else "no words"


def fit(edges: list[Edge], judged: dict) -> Iterator[str]:
    """Judged plain edges by kind: the counts behind kg.graph.admission.CALIBRATED_CONFIDENCE."""
    kinds: dict[str, Counter] = {}
    for edge in edges:
        if edge.key in judged:
            kinds.setdefault(edge.kind, Counter())[judged[edge.key]["label"]] += 1
    yield "kind         judged   OK   (OK + 1) / (judged + 2)"
    for kind, counts in sorted(kinds.items()):
        total = sum(counts.values())
        yield f"{kind:<12} {total:>6} {counts['OK']:>4}   {(counts['OK'] + 1) / (total + 2):.2f}"


PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they", "this", "that", "these", "those", "him", "her",
                      "them", "us", "me", "his", "its", "their", "our", "my", "your", "one", "someone", "somebody"})


def vague_ends(edges: list[Edge]) -> int:
    """Plain edges with a pronoun, a bare lower-case noun or nothing at an end (the policy allows none)."""
    def vague(label: str) -> bool:
        words = label.split()
        return not words or label.casefold() in PRONOUNS or (len(words) == 1 and label.islower())
    return sum(vague(edge.subject) or vague(edge.object) for edge in edges)


def calibration(edges: list[Edge], judged: dict) -> Iterator[str]:
    """The share judged OK at each confidence (bins of 0.1): what a --min-confidence threshold buys."""
    bins: dict[float, Counter] = {}
    for edge in edges:
        if edge.key in judged:
            low = min(0.9, int(edge.confidence * 10) / 10)
            bins.setdefault(low, Counter())[judged[edge.key]["label"]] += 1
    yield "confidence   edges    OK share   OK share at or above"
    for low in sorted(bins):
        above = sum((bins[other] for other in bins if other >= low), Counter())
        yield (f"{low:.1f}-{low + 0.1:.1f}  {sum(bins[low].values()):>7}  {bins[low]['OK'] / sum(bins[low].values()):8.1%}"
               f"  {above['OK'] / sum(above.values()):10.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.precision", description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="spaCy pipeline (default: kg's)")
    parser.add_argument("--held-out", action="store_true",
                        help="GUM's held-out test news instead of the dev corpus (report, never tune)")
    parser.add_argument("--carb", action="store_true",
                        help="CaRB's dev sentences instead, one article each (unseen by kg's pipelines)")
    parser.add_argument("--articles", type=Path,
                        help="the articles in this folder instead (a private pool; give it its own --judged file)")
    parser.add_argument("--gum", default="GUM_news_*", help="which GUM documents (a glob of their names)")
    parser.add_argument("--judged", type=Path, help="the pooled judgement file (default: the corpus's own)")
    parser.add_argument("--unjudged", type=Path, help="where to write edges not judged yet")
    parser.add_argument("--edges", type=Path, help="also write every plain edge with its label here (JSONL)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--min-confidence", type=float, default=0.0, help="as kg build's")
    parser.add_argument("--fit", action="store_true", help="also print the counts that calibrate kg:confidence")
    options = parser.parse_args(argv)
    options.judged = options.judged or (HELD_OUT_JUDGED if options.held_out else JUDGED)
    options.unjudged = options.unjudged or (HELD_OUT_UNJUDGED if options.held_out else UNJUDGED)
    with tempfile.TemporaryDirectory(prefix="kg-precision-") as folder:
        if options.carb:
            write_carb_corpus(Path(folder))
        elif not options.articles:
            write_corpus(Path(folder), gum=options.gum, held_out=options.held_out)
        graph = kg.build([options.articles or folder], model=options.model, workers=options.workers,
                         min_confidence=options.min_confidence)
    edges = plain_edges(graph)
    judged = read_judged(options.judged)
    words = word_count(document.text for document in graph.documents)
    if options.carb:  # the made-up headlines are no text of the benchmark
        words -= word_count(document.title for document in graph.documents)
    for line in report(edges, judged, words):
        print(line)
    print(f"plain edges with a pronoun, a bare noun or nothing at an end: {vague_ends(edges)}")
    print(f"distinct plain relations: {len({edge.relation for edge in edges})} verb forms, "
          f"{len({p for _, p, _, _ in graph.rdf.quads((None,) * 4) if p.startswith(kg.graph.DEFAULT_BASE_IRI + 'relation/')})} canonical")
    for line in calibration(edges, judged):
        print(line)
    if options.fit:
        for line in fit(edges, judged):
            print(line)
    unjudged = [asdict(edge) for edge in edges if edge.key not in judged]
    options.unjudged.write_text("".join(json.dumps(edge, ensure_ascii=False) + "\n" for edge in unjudged),
                                encoding="utf-8")
    print(f"{len(unjudged)} edges not judged yet written to {options.unjudged}")
    if options.edges:
        rows = [{**asdict(edge), "label": judged.get(edge.key, {}).get("label", "")} for edge in edges]
        options.edges.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                                 encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
