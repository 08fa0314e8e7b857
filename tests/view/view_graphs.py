"""Test material for the view: hand-made graphs following the networkx view contract (see
kg.graph.nx), so the view is tested without the extraction pipeline (a seed-like story, an XSS
corpus, a big random graph), and a page opened in a real, offline browser."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

import networkx as nx

BASE = "https://kg.example.org/"
ARTICLES = {
    "d1": ("US General Mark Milley Urges Ukraine To Refrain From Using US-Provided Military Arms Inside Russia",
           "2023-05-25"),
    "d2": ("Kremlin says US weapons already used to strike Russian territory", "2024-05-31"),
    "d3": ("Biden quietly authorizes Ukraine to strike inside Russia with US weapons", "2024-05-30"),
}
# (key, name, type, aliases)
SEED_ENTITIES = [
    ("mark-milley", "Mark Milley", "Person", ["Army General Mark Milley", "Milley", "The top U.S. general"]),
    ("dmitry-peskov", "Dmitry Peskov", "Person", ["Peskov", "Kremlin spokesman Dmitry Peskov"]),
    ("joe-biden", "Joe Biden", "Person", ["Biden", "President Joe Biden"]),
    ("antony-blinken", "Antony Blinken", "Person", ["Blinken"]),
    ("united-states", "United States", "Country", ["U.S.", "US", "Washington"]),
    ("ukraine", "Ukraine", "Country", ["Kyiv", "the Ukrainians"]),
    ("russia", "Russia", "Country", ["Moscow", "Russian territory"]),
    ("kremlin", "Kremlin", "Organization", []),
    ("pentagon", "Pentagon", "Organization", ["the Pentagon"]),
    ("reuters", "Reuters", "Organization", []),
    ("russian-defense-ministry", "Russian defense ministry", "Organization", []),
    ("belgorod", "Belgorod", "Location", ["Belgorod region"]),
    ("kharkiv", "Kharkiv", "Location", []),
    ("pro-ukrainian-militia", "pro-Ukrainian militia", "Group", ["anti-Kremlin groups"]),
    ("us-weapons", "US weapons", "Weapon", ["U.S.-made weapons", "American-made weapons"]),
    ("humvee", "Humvee", "Weapon", ["Humvee military trucks"]),
    ("belgorod-raid", "Belgorod raid", "Event", []),
    ("2024-05-30", "2024-05-30", "Date", []),
    ("involvement", "involvement in the conflict", "Concept", []),
]
# (subject, relation, label, object, negated, modality, attributed_to, confidence, [(doc, sentence)])
SEED_FACTS = [
    ("united-states", "ask_not_to_use", "asked not to use", "ukraine", False, "", ["Mark Milley"], 0.82,
     [("d1", "The top U.S. general said on Thursday that the U.S. has been asking Ukraine for a long time "
             "not to use U.S. military weapons to attack inside Russian territory.")]),
    ("pro-ukrainian-militia", "use", "used", "humvee", False, "", ["Russia"], 0.7,
     [("d1", "This comes after Russia said that pro-Ukrainian militia used U.S. armored vehicles.")]),
    ("mark-milley", "lead", "is in charge of", "pentagon", False, "", [], 0.9,
     [("d1", "Army General Mark Milley, who is in charge of the Joint Chiefs of Staff, said that his office "
             "was looking into pictures on social media.")]),
    ("pro-ukrainian-militia", "cross_into", "crossed into", "ukraine", False, "", [], 0.6,
     [("d1", "Trucks and military equipment used by militia in the Russian region of Belgorod when they crossed "
             "into Ukraine on Monday.")]),
    ("russian-defense-ministry", "show", "showed", "humvee", False, "", [], 0.75,
     [("d1", "The Russian defense ministry showed footage of some damaged vehicles.")]),
    ("reuters", "confirm", "was able to confirm", "belgorod", False, "can", [], 0.55,
     [("d1", "Reuters was able to confirm where the damaged cars and other things in the video were.")]),
    ("pro-ukrainian-militia", "claim", "claimed", "belgorod-raid", False, "", [], 0.8,
     [("d1", "The Belgorod raid was claimed by two armed anti-Kremlin groups made up of Russians.")]),
    ("ukraine", "involved_in", "had to do with", "belgorod-raid", True, "", ["Ukraine"], 0.7,
     [("d1", "The Ukrainian government said it had nothing to do with the raid.")]),
    ("ukraine", "use", "use", "us-weapons", True, "will", ["Ukraine"], 0.65,
     [("d1", "Ukraine has said in the past that it won't use the long-range weapons to strike inside Russia.")]),
    ("united-states", "send", "was being sent", "ukraine", False, "", ["Dmitry Peskov"], 0.7,
     [("d2", "Dmitry Peskov, a spokesman for the Kremlin, told reporters on Wednesday that it was no secret "
             "that more and more equipment was being sent to the Ukrainian military.")]),
    ("ukraine", "use", "are being used", "us-weapons", False, "", ["Dmitry Peskov"], 0.72,
     [("d2", "Moscow is aware that US-made weapons are already being used in attempted strikes on Russian "
             "territory, Kremlin spokesman Dmitry Peskov told journalists on Friday."),
      ("d2", "Peskov claimed that “attempts are already being made to strike Russian territory with "
             "American-made weapons”.")]),
    ("united-states", "demonstrate", "demonstrates", "involvement", False, "", ["Dmitry Peskov"], 0.5,
     [("d2", "This more than eloquently demonstrates the degree of involvement of the US in this conflict.")]),
    ("dmitry-peskov", "speak_for", "a spokesman for", "kremlin", False, "", [], 0.9,
     [("d2", "Dmitry Peskov, a spokesman for the Kremlin, told reporters on Wednesday.")]),
    ("kremlin", "know", "doesn't know", "joe-biden", True, "", ["Dmitry Peskov"], 0.6,
     [("d2", "Peskov stated that the Kremlin “doesn't know anything about this particular decision”.")]),
    ("joe-biden", "authorize", "authorized", "ukraine", False, "", [], 0.88,
     [("d3", "President Joe Biden has authorized Ukraine to use US weapons to strike inside Russia near Kharkiv."),
      ("d2", "Asked to comment on Biden's decision to let Ukraine strike Russia, Peskov said nothing.")]),
    ("joe-biden", "authorize", "authorized", "ukraine", False, "", ["Antony Blinken"], 0.8,
     [("d3", "Blinken said Biden authorized the use of US weapons for counter-fire near Kharkiv.")]),
    ("ukraine", "strike", "to strike", "russia", False, "may", [], 0.66,
     [("d3", "Ukraine may now strike Russian forces massing across the border from Kharkiv.")]),
    ("antony-blinken", "visit", "visited", "ukraine", False, "", [], 0.77,
     [("d3", "Blinken visited Kyiv earlier this month.")]),
    ("russia", "attack", "attacked", "kharkiv", False, "", [], 0.8,
     [("d3", "Russia attacked the Kharkiv region in May.")]),
    ("joe-biden", "decide_on", "decided on", "2024-05-30", False, "", [], 0.5,
     [("d3", "The decision was made on 2024-05-30.")]),
    ("united-states", "supply", "supplied", "us-weapons", False, "", [], 0.7,
     [("d3", "The United States supplied the weapons.")]),
    ("russia", "strike", "struck", "ukraine", False, "", ["Dmitry Peskov"], 0.4,
     [("d2", "Peskov said Russia struck Ukraine.")]),
]


def add_entity(graph: nx.MultiDiGraph, key: str, name: str, entity_type: str, aliases=(), wikidata="") -> str:
    node = BASE + "entity/" + key
    graph.add_node(node, label=name, type=entity_type, aliases=list(aliases), wikidata=wikidata)
    return node


def add_fact(graph, subject, relation, label, obj, *, negated=False, modality="", attributed_to=(),
             confidence=0.5, sources=(), key=None, time=""):
    """A statement edge; asserted (a plain fact) as kg's graph builder decides it."""
    key = key or f"{BASE}statement/{graph.number_of_edges():05d}"
    graph.add_edge(subject, obj, key=key, relation=relation, label=label, negated=negated, modality=modality,
                   attributed_to=list(attributed_to), confidence=confidence, sources=list(sources),
                   asserted=not negated and not attributed_to and not modality, kind="verb", time=time)
    return key


def source(document: str, sentence: str, start: int = 0, url: str = "") -> dict:
    title, date = ARTICLES.get(document, (document, ""))
    return {"document": BASE + "article/" + document, "title": title, "date": date, "sentence": sentence,
            "start": start, "end": start + len(sentence), "url": url}


def seed_like_graph(order=1) -> nx.MultiDiGraph:
    """The story of the seed articles, as kg.graph.to_networkx would give it (order=-1: reversed insertion)."""
    graph = nx.MultiDiGraph()
    for key, name, entity_type, aliases in SEED_ENTITIES[::order]:
        add_entity(graph, key, name, entity_type, aliases, wikidata="Q30" if key == "united-states" else "")
    for index, (subject, relation, label, obj, negated, modality, speakers, confidence, sentences) in \
            list(enumerate(SEED_FACTS))[::order]:
        add_fact(graph, BASE + "entity/" + subject, relation, label, BASE + "entity/" + obj, negated=negated,
                 modality=modality, attributed_to=speakers, confidence=confidence,
                 sources=[source(doc, text, start=100 * index + offset)
                          for offset, (doc, text) in enumerate(sentences)],
                 key=f"{BASE}statement/{index:05d}")
    return graph


XSS_PAYLOADS = [
    "<script>window.__pwned = 'script'; alert(1)</script>",
    "<img src=x onerror=\"window.__pwned = 'img'; alert(2)\">",
    "javascript:window.__pwned='link';alert(3)",
    "</script><script>window.__pwned = 'break-out'; alert(4)</script><!--",
    "<svg onload=\"window.__pwned = 'svg'; alert(5)\"></svg>",
    "\u2028\u2029 line separators and ]]> and {{ jinja }} and ${template}",
]


def xss_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    people = [add_entity(graph, f"x{index}", payload, "Person", aliases=[payload + " alias"])
              for index, payload in enumerate(XSS_PAYLOADS)]
    target = add_entity(graph, "target", "Target <b>bold</b>", "Organization")
    for index, (person, payload) in enumerate(zip(people, XSS_PAYLOADS)):
        add_fact(graph, person, payload, payload, target, negated=index % 2 == 1, attributed_to=[payload],
                 confidence=0.5, sources=[{"document": payload, "title": payload, "date": payload,
                                           "sentence": "Sentence " + payload, "start": index, "end": index + 1,
                                           "url": payload}])
    return graph


def big_graph(nodes: int = 5000, seed: int = 5) -> nx.MultiDiGraph:
    """A scale-free graph of `nodes` entities and about twice as many facts."""
    shape = nx.barabasi_albert_graph(nodes, 2, seed=seed)
    rng = random.Random(seed)
    types = ["Person", "Organization", "Country", "Location", "Group", "Weapon", "Event", "Date", "Concept"]
    relations = ["say", "attack", "supply", "meet", "authorize", "use", "deny", "visit"]
    graph = nx.MultiDiGraph()
    for node in shape:
        add_entity(graph, f"n{node:05d}", f"Entity {node}", rng.choice(types))
    for index, (left, right) in enumerate(shape.edges()):
        add_fact(graph, f"{BASE}entity/n{left:05d}", rng.choice(relations), "verb", f"{BASE}entity/n{right:05d}",
                 negated=rng.random() < 0.1, confidence=0.5,
                 sources=[source("d1", f"Sentence {index}.", start=index)], key=f"{BASE}statement/{index:06d}")
    return graph


# ---- a real browser, offline ----
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LAYOUT_TIMEOUT_S = 120


@dataclass
class OpenedPage:
    """A page opened from file:// with every request but its own blocked, and what it tried."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def wait_for(self, expression: str, timeout_s: float = LAYOUT_TIMEOUT_S):
        # Polls with evaluate(): wait_for_function() evals strings, which the page's CSP forbids.
        deadline = time.monotonic() + timeout_s
        while not self.page.evaluate(f"Boolean({expression})"):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            self.page.wait_for_timeout(50)

    def node_position(self, node_id: str) -> tuple[float, float]:
        """The node's centre in page coordinates, for real mouse moves."""
        point = self.page.evaluate(
            "(id) => { const p = kgView.network.canvasToDOM(kgView.network.getPositions([id])[id]);"
            " const box = document.getElementById('graph').getBoundingClientRect();"
            " return [box.left + p.x, box.top + p.y]; }", node_id)
        return point[0], point[1]
