"""Choose the part of a graph the page draws: the most connected entities, or a neighbourhood.

A browser lays out a few hundred nodes in seconds but thousands in minutes (pyvis#204), so a
big graph is cut down before drawing, and the page says what was left out.
"""

from __future__ import annotations

import difflib
from collections import Counter, deque
from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class Selection:
    """The drawn subgraph and what was left out of the full graph."""

    graph: nx.MultiDiGraph
    focus: tuple[str, ...] = ()  # node ids the neighbourhood is centred on
    hops: int = 0
    left_out: tuple[str, ...] = ()  # names of the entities not drawn, most connected first
    left_out_facts: int = 0
    total_nodes: int = 0
    total_facts: int = 0


def select(
    graph: nx.MultiDiGraph, *, max_nodes: int | None = None, focus: str | None = None, hops: int = 2
) -> Selection:
    """Keep the `hops`-neighbourhood of `focus` (if given), then at most `max_nodes` entities.

    Without a focus the most connected entities are kept (most statements and claims first);
    with one, the closest, then the most connected. Raises ValueError for bad limits or an
    unknown focus.
    """
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1):
        raise ValueError(f"max_nodes must be a positive integer, not {max_nodes!r}")
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        raise ValueError(f"hops must be a non-negative integer, not {hops!r}")
    degree = _involvement(graph)
    centres = tuple(find_entities(graph, focus)) if focus is not None else ()
    if centres:
        distance = _distances(graph, centres, hops)
        ranked = sorted(distance, key=lambda node: (distance[node], -degree[node], *_rank_name(graph, node)))
    else:
        ranked = sorted(graph, key=lambda node: (-degree[node], *_rank_name(graph, node)))
    kept = ranked[:max_nodes] if max_nodes is not None else ranked
    # A graph read capped (kg.graph.to_networkx(max_entities=...)) says what its reading left out.
    left_before = tuple(graph.graph.get("left_out", ()))
    total_facts = graph.graph.get("total_facts", graph.number_of_edges())
    common = {"focus": centres, "hops": hops if centres else 0,
              "total_nodes": graph.number_of_nodes() + len(left_before), "total_facts": total_facts}
    if len(kept) == graph.number_of_nodes():
        return Selection(graph=graph, left_out=left_before, left_out_facts=total_facts - graph.number_of_edges(),
                         **common)
    drawn = graph.subgraph(kept)
    kept_set = set(kept)
    left_out = sorted((node for node in graph if node not in kept_set),
                      key=lambda node: (-degree[node], *_rank_name(graph, node)))
    return Selection(
        graph=drawn,
        left_out=tuple(_label(graph, node) for node in left_out) + left_before,
        left_out_facts=total_facts - drawn.number_of_edges(),
        **common,
    )


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


def _involvement(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Per node, the statements it is a party to plus those attributed to its name or an alias,
    when no other entity goes by that name (speakers are names, not entities)."""
    claims: Counter[str] = Counter()
    for _, _, speakers in graph.edges(data="attributed_to"):
        claims.update(set(speakers or ()))
    names = {node: {_label(graph, node), *graph.nodes[node].get("aliases", ())} for node in graph}
    owners = Counter(name for forms in names.values() for name in forms)
    return {node: degree + sum(claims[name] for name in names[node] if owners[name] == 1)
            for node, degree in graph.degree()}


def _distances(graph: nx.MultiDiGraph, centres: tuple[str, ...], hops: int) -> dict[str, int]:
    """Undirected distance from the nearest centre, for nodes at most `hops` away."""
    distance = {centre: 0 for centre in centres}
    queue = deque(centres)
    while queue:
        node = queue.popleft()
        if distance[node] == hops:
            continue
        for neighbour in sorted({*graph.successors(node), *graph.predecessors(node)}):
            if neighbour not in distance:
                distance[neighbour] = distance[node] + 1
                queue.append(neighbour)
    return distance


def _label(graph: nx.MultiDiGraph, node: str) -> str:
    return graph.nodes[node].get("label") or node


def _rank_name(graph: nx.MultiDiGraph, node: str) -> tuple[str, str]:
    """Breaks ties in alphabetical order, ignoring case, then by IRI."""
    return _label(graph, node).casefold(), node
