"""Choose the part of a graph the page draws: the most important entities, or a neighbourhood.

A browser draws a thousand entities in a blink but lays out thousands in minutes (pyvis#204), and
an archive's entities are mostly concepts ("friendship", "funds") that bury its actors. So a big
graph is cut down before drawing: named entities first, by importance; concepts (and dates) only
in a share of the page, hidden until the reader asks for them; and the page says what it left out.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict, deque
from dataclasses import dataclass

from kg import deferred

nx = deferred("networkx")  # imported on first use (kg.DEFERRED_MODULES)

# Entity types the page draws only on request: every noun phrase is one, so they outnumber the actors.
OPT_IN_TYPES = ("Concept", "Date")
OPT_IN_SHARE = 5  # at most one entity in this many drawn is of an opt-in type (when named ones are left out)
# An article an entity is in counts as much as this many statements: actors who recur across the
# archive rank above those one long article mentions often.
ARTICLE_WEIGHT = 3


@dataclass(frozen=True)
class Selection:
    """The drawn subgraph and what was left out of the full graph."""

    graph: nx.MultiDiGraph
    importance: dict[str, int]  # per drawn node, see importance(), from the facts drawn
    focus: tuple[str, ...] = ()  # node ids the neighbourhood is centred on
    hops: int = 0
    left_out: tuple[str, ...] = ()  # names of the entities not drawn, most important named ones first
    left_out_facts: int = 0
    total_nodes: int = 0
    total_facts: int = 0


def select(
    graph: nx.MultiDiGraph, *, max_nodes: int | None = None, focus: str | None = None, hops: int = 2
) -> Selection:
    """Keep the `hops`-neighbourhood of `focus` (if given), then at most `max_nodes` entities.

    Without a focus, see choose(); with one, the closest entities are kept, then the most
    important. Raises ValueError for bad limits or an unknown focus.
    """
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1):
        raise ValueError(f"max_nodes must be a positive integer, not {max_nodes!r}")
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        raise ValueError(f"hops must be a non-negative integer, not {hops!r}")
    weight = importance(graph)
    centres = tuple(find_entities(graph, focus)) if focus is not None else ()
    if centres:
        distance = _distances(graph, centres, hops)
        ranked = sorted(distance, key=lambda node: (distance[node], -weight[node], *_rank_name(graph, node)))
        kept = ranked[:max_nodes] if max_nodes is not None else ranked
        kept_set = set(kept)
        left_out = _named_first(graph, weight, [node for node in graph if node not in kept_set])
    else:
        kept, left_out = choose(graph, max_nodes=max_nodes, weight=weight)
    # A graph read capped (kg.graph.to_networkx(choose=...)) says what its reading left out.
    left_before = tuple(graph.graph.get("left_out", ()))
    total_facts = graph.graph.get("total_facts", graph.number_of_edges())
    drawn = graph if len(kept) == graph.number_of_nodes() else graph.subgraph(kept)
    return Selection(
        graph=drawn,
        # As the page shows it: a page of a graph read capped sees only the facts it draws.
        importance=weight if drawn is graph else importance(drawn),
        focus=centres,
        hops=hops if centres else 0,
        left_out=tuple(_label(graph, node) for node in left_out) + left_before,
        left_out_facts=total_facts - drawn.number_of_edges(),
        total_nodes=graph.number_of_nodes() + len(left_before),
        total_facts=total_facts,
    )


def choose(graph: nx.MultiDiGraph, *, max_nodes: int | None, weight: dict[str, int] | None = None,
           ) -> tuple[list[str], list[str]]:
    """The entities a page of at most `max_nodes` draws, and those it leaves out (most important
    named ones first, for the notice).

    First the named entities in facts with other named ones, or claiming such facts (the actors
    of the stories), by
    importance; then opt-in ones (concepts, dates), a share of 1 in OPT_IN_SHARE of the page, in
    facts with the named entities kept, by importance, so a reader who asks for concepts sees those
    that matter to the stories drawn; then the other named entities; then the other opt-in ones.
    """
    weight = importance(graph) if weight is None else weight
    tied = ties(graph)
    opt_in = _by_importance(graph, weight, (node for node in graph if is_opt_in(graph, node)))
    named = _by_importance(graph, weight, (node for node in graph if not is_opt_in(graph, node)))
    if max_nodes is None or max_nodes >= len(named) + len(opt_in):
        return named + opt_in, []
    actors = [node for node in named if any(not is_opt_in(graph, other) for other in tied[node])]
    share = max_nodes // OPT_IN_SHARE

    def linked(to: set[str]) -> list[str]:
        return [node for node in opt_in if not _neighbours(graph, node).isdisjoint(to)]

    kept_actors = actors[:max_nodes]
    extra = linked(set(kept_actors))[:share]
    kept_actors = kept_actors[:max_nodes - len(extra)]
    extra = linked(set(kept_actors))[:share]
    kept = kept_actors + extra
    chosen = set(kept)
    kept += [node for node in named if node not in chosen][:max_nodes - len(kept)]
    chosen = set(kept)
    kept += [node for node in opt_in if node not in chosen][:max_nodes - len(kept)]
    chosen = set(kept)
    return kept, _named_first(graph, weight, [node for node in graph if node not in chosen])


def is_opt_in(graph: nx.MultiDiGraph, node: str) -> bool:
    return graph.nodes[node].get("type") in OPT_IN_TYPES


def importance(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Per node: its statements (as a party, and claims attributed to its name or an alias when no
    other entity goes by that name; speakers are names, not entities) plus ARTICLE_WEIGHT per
    article those statements come from. Raw degree would rank a long article's minor figure above
    the actors of many."""
    owner = speakers(graph)
    statements: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    for source, target, attrs in graph.edges(data=True):
        parties = {source, target} | {owner[name] for name in attrs.get("attributed_to") or () if name in owner}
        documents = {item.get("document") or item.get("title", "") for item in attrs.get("sources") or ()}
        for node in parties:
            statements[node] += 1
            articles[node] |= documents
    return {node: statements[node] + ARTICLE_WEIGHT * len(articles[node]) for node in graph}


def speakers(graph: nx.MultiDiGraph) -> dict[str, str]:
    """The entity each speaker's name stands for: the one whose name or alias it is, when no other
    entity goes by that name (a fact's speakers are names, as written)."""
    names = {node: {_label(graph, node), *graph.nodes[node].get("aliases", ())} for node in graph}
    owners = Counter(name for forms in names.values() for name in forms)
    return {name: node for node, forms in names.items() for name in forms if owners[name] == 1}


def ties(graph: nx.MultiDiGraph) -> nx.Graph:
    """Who is tied to whom, for laying the graph out: entities in a fact together, and a speaker with
    both ends of each fact it claims; weighted by their number, nodes and edges in sorted order."""
    owner = speakers(graph)
    weights: Counter[tuple[str, str]] = Counter()
    for source, target, said_by in graph.edges(data="attributed_to"):
        pairs = {(source, target)} | {(owner[name], end) for name in said_by or () if name in owner
                                      for end in (source, target)}
        weights.update(tuple(sorted(pair)) for pair in pairs if pair[0] != pair[1])
    tied = nx.Graph()
    tied.add_nodes_from(sorted(graph))
    tied.add_weighted_edges_from((u, v, weight) for (u, v), weight in sorted(weights.items()))
    return tied


def find_entities(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """Node ids whose IRI, canonical name or an alias is `name` (ignoring case), else contains it.

    Raises ValueError naming the closest names when nothing matches.
    """
    wanted = name.strip().casefold()
    if not wanted:
        raise ValueError("focus must name an entity, not an empty string")
    names = {node: [_label(graph, node), *graph.nodes[node].get("aliases", ())] for node in graph}
    exact = [node for node, forms in names.items()
             if node.casefold() == wanted or any(form.casefold() == wanted for form in forms)]
    if exact:
        return sorted(exact)
    partial = [node for node, forms in names.items() if any(wanted in form.casefold() for form in forms)]
    if partial:
        return sorted(partial)
    every_name = sorted({form for forms in names.values() for form in forms})
    close = difflib.get_close_matches(name, every_name, n=3)
    hint = f"; did you mean {', '.join(repr(form) for form in close)}?" if close else ""
    raise ValueError(f"no entity named {name!r} in the graph{hint}")


def _named_first(graph: nx.MultiDiGraph, weight: dict[str, int], nodes: list[str]) -> list[str]:
    return _by_importance(graph, weight, (node for node in nodes if not is_opt_in(graph, node))) + _by_importance(
        graph, weight, (node for node in nodes if is_opt_in(graph, node)))


def _by_importance(graph: nx.MultiDiGraph, weight: dict[str, int], nodes) -> list[str]:
    return sorted(nodes, key=lambda node: (-weight[node], *_rank_name(graph, node)))


def _neighbours(graph: nx.MultiDiGraph, node: str) -> set[str]:
    return {*graph.successors(node), *graph.predecessors(node)}


def _distances(graph: nx.MultiDiGraph, centres: tuple[str, ...], hops: int) -> dict[str, int]:
    """Undirected distance from the nearest centre, for nodes at most `hops` away."""
    distance = {centre: 0 for centre in centres}
    queue = deque(centres)
    while queue:
        node = queue.popleft()
        if distance[node] == hops:
            continue
        for neighbour in sorted(_neighbours(graph, node)):
            if neighbour not in distance:
                distance[neighbour] = distance[node] + 1
                queue.append(neighbour)
    return distance


def _label(graph: nx.MultiDiGraph, node: str) -> str:
    return graph.nodes[node].get("label") or node


def _rank_name(graph: nx.MultiDiGraph, node: str) -> tuple[str, str]:
    """Breaks ties in alphabetical order, ignoring case, then by IRI."""
    return _label(graph, node).casefold(), node
