"""Starting positions for the page: the graph's communities laid out one by one, titled, packed.

An archive is many stories; one force simulation for all of them gives a hairball. Here each
community (networkx's Louvain, seeded) is laid out alone and packed as an island, the most
important stories first, each with room above it for its title (its top entities). Concepts and
dates (hidden until the reader asks) sit around the entity they are most linked to, so showing
them moves nothing. The page starts from these positions with physics off; unfreezing it lets
the user shake them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy

from kg import deferred

nx = deferred("networkx")  # imported on first use (kg.DEFERRED_MODULES)

EDGE_LENGTH = 140  # px between linked entities in a big part
SMALL_PART = 4  # entities; small parts are drawn tighter
SMALL_EDGE_LENGTH = 90
GAP = 36  # px between two parts
# Sizes as the page draws them (vis-network scales both linearly with a node's importance).
DOT_RADIUS = (9, 38)  # px, least and most important
LABEL_FONT = (15, 26)  # px
CHAR_EM = 0.6  # average character width in em, for a label's width
TITLE_CHAR_EM = 0.7  # the same in a title (bold), with room to spare
ASPECT = 1.3  # width / height of the packed drawing, for a landscape screen
MAX_PART = 300  # entities; a bigger community is split again (networkx lays out a part in O(n²))
MAX_SPLITS = 4  # times a too-big community is split, each time finer
MAX_NODES = 6000  # entities; beyond, the browser's physics lays the graph out
MAX_CORNER_PARTS = 24  # big parts placed corner by corner (cubic cost); the rest go into rows
LAYOUT_SEED = 7
SPREAD_ROUNDS = 80
SPREAD_GROWTH = 0.003  # per round with overlaps left
LABEL_PADDING = 8  # px kept free around each entity's box
SMALL_PART_ITERATIONS = 50
BIG_PART_ITERATIONS = 100
TITLED = 5  # entities; communities at least this big get a title
TITLE_ENTITIES = 3  # names in a community's title
TITLE_SCREEN_PX = 16  # a title's size on screen when the whole drawing fits the screen
SCREEN_WIDTH = 1300  # px of a typical screen the graph has (beside the page's panel)
OPT_IN_RING = 70  # px from its anchor's dot to a concept placed around it
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class Cluster:
    """A community drawn as one island, and its title."""

    nodes: tuple[str, ...]  # most important first
    title: tuple[str, ...]  # its most important entities, named in its title
    centre: tuple[int, int]  # where the title is drawn (its baseline's middle)
    font: int  # px


@dataclass(frozen=True)
class Layout:
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # empty: left to the browser
    clusters: tuple[Cluster, ...] = ()  # the titled communities, most important first


def initial_layout(graph: nx.Graph, labels: dict[str, str], importance: dict[str, int],
                   opt_in: frozenset[str] = frozenset()) -> Layout:
    """Integer x, y per node and the titled clusters, unless the graph is empty or too big to lay out here.

    `graph` ties the entities (kg.view.select.ties: facts, and speakers to what they claim, weighted).
    `importance` sizes the entities and orders the clusters. The core (entities tied to others
    that are not `opt_in`) is laid out in communities; the others are placed around the core
    entity they are most tied to, or else packed last.
    """
    if not 0 < graph.number_of_nodes() <= MAX_NODES:
        return Layout()
    core = sorted(node for node in graph if node not in opt_in and any(other not in opt_in for other in graph[node]))
    extents = _extents(importance, labels)
    communities = _communities(graph, core, importance)
    anchored, loose = _anchors(graph, sorted(set(graph) - set(core)), set(core), importance)
    loose_parts = [sorted(part) for part in nx.connected_components(graph.subgraph(loose))]
    parts = communities + sorted(loose_parts, key=lambda part: (-len(part), part))
    titled = [len(part) >= TITLED for part in communities] + [False] * len(loose_parts)
    drawn = [_layout_part(graph, part, extents) for part in parts]
    # A title must be readable when the page first shows the whole drawing: its size depends on the
    # drawing's, which grows with the titles, so it is sized twice.
    font = 0.0
    for _ in range(2):
        placed, corners, width = _pack(drawn, titled, labels, parts, font)
        font = TITLE_SCREEN_PX * width / SCREEN_WIDTH
    placed, corners, width = _pack(drawn, titled, labels, parts, font)
    positions = {node: (round(x + node_x), round(y + node_y))
                 for (x, y), (part, _, _) in zip(corners, placed) for node, (node_x, node_y) in part.items()}
    clusters = tuple(
        Cluster(nodes=tuple(part), title=_title(part, labels),
                centre=(round(x + part_width / 2), round(y + font)), font=round(font))
        for part, title, (x, y), (_, part_width, _) in zip(parts, titled, corners, placed) if title)
    positions.update(_around(anchored, positions))
    return Layout(positions, clusters)


def _pack(drawn: list, titled: list[bool], labels: dict[str, str], parts: list[list[str]], font: float):
    """The parts with room for their titles (`font` px), their top-left corners, and the drawing's width."""
    placed = []
    for (points, width, height), title, part in zip(drawn, titled, parts):
        if title:
            text = TITLE_CHAR_EM * font * len(_title_text(part, labels))
            points = {node: (x + max(0.0, (text - width) / 2), y + 1.7 * font) for node, (x, y) in points.items()}
            width, height = max(width, text), height + 1.7 * font
        placed.append((points, width, height))
    cornered = [len(part) > SMALL_PART for part in parts[:MAX_CORNER_PARTS]]
    count = cornered.index(False) if False in cornered else len(cornered)
    big, small = placed[:count], placed[count:]
    small_area = sum((width + GAP) * (height + GAP) for _, width, height in small)
    corners = _pack_corners([(width, height) for _, width, height in big], below=small_area)
    width = max((x + part[1] for (x, _), part in zip(corners, big)), default=0.0)
    height = max((y + part[2] for (_, y), part in zip(corners, big)), default=0.0)
    area = sum((part_width + GAP) * (part_height + GAP) for _, part_width, part_height in placed)
    row_width = max(width, max((part[1] for part in small), default=0.0), math.sqrt(ASPECT * area))
    corners += _pack_rows([(part_width, part_height) for _, part_width, part_height in small], row_width,
                          beside=(width + GAP, height + GAP) if big else (0.0, 0.0))
    return placed, corners, max((x + part[1] for (x, _), part in zip(corners, placed)), default=0.0)


def _title(part: list[str], labels: dict[str, str]) -> tuple[str, ...]:
    """A community's most important entities with a proper name ("Fort Lee" before "city"), then the others."""
    named = [node for node in part if any(char.isupper() for char in labels.get(node, node))]
    return tuple((named + [node for node in part if node not in named])[:TITLE_ENTITIES])


def _title_text(part: list[str], labels: dict[str, str]) -> str:
    return " · ".join(labels.get(node, node) for node in _title(part, labels))


def _communities(graph: nx.Graph, nodes: list[str], importance: dict[str, int]) -> list[list[str]]:
    """Louvain communities of `nodes` (ties weigh by their number), each most important first, the
    most important communities first. A community too big to lay out is split again, finer."""
    # Louvain walks sets of nodes (and so does iterating a small subgraph view): with str ids their
    # order changes with Python's hash seed, and so would the communities; with int ids (in sorted
    # order), built in sorted order, it is the same in every process.
    ids = sorted(nodes)
    number = {node: index for index, node in enumerate(ids)}
    numbered = nx.Graph()
    numbered.add_nodes_from(range(len(ids)))
    numbered.add_weighted_edges_from(sorted(
        (*sorted((number[u], number[v])), weight) for u, v, weight in graph.subgraph(ids).edges(data="weight")))
    found = [sorted(community) for community in nx.community.louvain_communities(numbered, seed=LAYOUT_SEED)]
    communities = []
    for community in found:
        pending, resolution = [community], 1.0
        for _ in range(MAX_SPLITS):
            if all(len(part) <= MAX_PART for part in pending):
                break
            resolution *= 2
            pending = [sorted(piece) for part in pending for piece in (
                nx.community.louvain_communities(numbered.subgraph(part), seed=LAYOUT_SEED, resolution=resolution)
                if len(part) > MAX_PART else [part])]
        communities += pending
    ranked = [sorted((ids[index] for index in part), key=lambda node: (-importance.get(node, 0), node))
              for part in communities]
    return sorted(ranked, key=lambda part: (-sum(importance.get(node, 0) for node in part), part))


def _anchors(graph: nx.Graph, nodes: list[str], core: set[str],
             importance: dict[str, int]) -> tuple[dict[str, list[str]], list[str]]:
    """Opt-in entities by the core entity they share most facts with (then the most important);
    those with none are loose."""
    anchored: dict[str, list[str]] = {}
    loose = []
    for node in nodes:
        links = {other: graph[node][other]["weight"] for other in graph[node] if other in core}
        if links:
            anchor = min(links, key=lambda other: (-links[other], -importance.get(other, 0), other))
            anchored.setdefault(anchor, []).append(node)
        else:
            loose.append(node)
    return anchored, loose


def _around(anchored: dict[str, list[str]], positions: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Opt-in entities on a spiral around their anchor, outside its dot."""
    placed = {}
    for anchor, nodes in sorted(anchored.items()):
        x, y = positions[anchor]
        for index, node in enumerate(nodes):
            radius = OPT_IN_RING * (1 + 0.25 * index)
            angle = GOLDEN_ANGLE * index
            placed[node] = (round(x + radius * math.cos(angle)), round(y + radius * math.sin(angle)))
    return placed


def _pack_corners(sizes: list[tuple[float, float]], *, below: float) -> list[tuple[float, float]]:
    """Top-left corners for boxes, biggest first: each goes to the free corner of the boxes placed
    so far that keeps the drawing, with `below` px² of small parts in rows under it, smallest on
    a screen."""
    placed: list[tuple[float, float, float, float]] = []
    corners = []
    for width, height in sizes:
        candidates = {(0.0, 0.0)} | {(x + w + GAP, y) for x, y, w, _ in placed} | {(x, y + h + GAP)
                                                                                  for x, y, _, h in placed}

        def cost(corner: tuple[float, float]) -> tuple[float, float, float]:
            right = max([corner[0] + width, *(x + w for x, _, w, _ in placed)])
            bottom = max([corner[1] + height, *(y + h for _, y, _, h in placed)]) + below / right
            return max(right, bottom * ASPECT), corner[1], corner[0]

        free = [corner for corner in candidates if not any(
            corner[0] < x + w + GAP and x < corner[0] + width + GAP and corner[1] < y + h + GAP
            and y < corner[1] + height + GAP for x, y, w, h in placed)]
        corner = min(free, key=cost)
        placed.append((*corner, width, height))
        corners.append(corner)
    return corners


def _pack_rows(sizes: list[tuple[float, float]], row_width: float, *,
               beside: tuple[float, float]) -> list[tuple[float, float]]:
    """Top-left corners for boxes in rows of at most row_width. Rows above beside[1] start at
    beside[0], right of the big parts; below them, at 0."""
    def row_start(y: float) -> float:
        return beside[0] if y < beside[1] else 0.0

    corners = []
    y = row_height = 0.0
    x = row_start(y)
    for width, height in sizes:
        if x + width > row_width and x > row_start(y):  # this row is full
            y, x, row_height = y + row_height + GAP, row_start(y + row_height + GAP), 0.0
        if x + width > row_width and x > 0:  # no room beside the big parts: go below them
            y, x = max(y, beside[1]), 0.0
        corners.append((x, y))
        x += width + GAP
        row_height = max(row_height, height)
    return corners


def _extents(importance: dict[str, int], labels: dict[str, str]) -> dict[str, tuple[float, float, float]]:
    """Width, height and how far below the dot's centre the middle is (px) of each entity as
    drawn: its dot with its label under it."""
    low, high = min(importance.values(), default=0), max(importance.values(), default=0)
    extents = {}
    for node, value in importance.items():
        scale = (value - low) / (high - low) if high > low else 0.5
        radius = DOT_RADIUS[0] + scale * (DOT_RADIUS[1] - DOT_RADIUS[0])
        font = LABEL_FONT[0] + scale * (LABEL_FONT[1] - LABEL_FONT[0])
        extents[node] = (max(2 * radius, CHAR_EM * font * len(labels.get(node, ""))), 2 * radius + 1.4 * font,
                         0.7 * font)
    return extents


def _layout_part(graph: nx.Graph, part: list[str], extents: dict[str, tuple[float, float, float]]):
    """Positions of one connected part, from (0, 0) at its top-left corner, and its width and height."""
    if len(part) == 1:
        raw = {part[0]: (0.0, 0.0)}
    else:
        simple = nx.Graph()
        simple.add_nodes_from(part)
        simple.add_edges_from(sorted(graph.subgraph(part).edges()))
        small = len(part) <= SMALL_PART
        raw = {node: tuple(point) for node, point in nx.spring_layout(
            simple, seed=LAYOUT_SEED, iterations=SMALL_PART_ITERATIONS if small else BIG_PART_ITERATIONS).items()}
        lengths = [math.dist(raw[u], raw[v]) for u, v in simple.edges()]
        wanted = SMALL_EDGE_LENGTH if small else EDGE_LENGTH
        scale = wanted / (sum(lengths) / len(lengths)) if lengths and sum(lengths) else wanted
        raw = _lie_down({node: (x * scale, y * scale) for node, (x, y) in raw.items()})
        raw = _spread_labels(raw, extents)
    left = min(x - extents[node][0] / 2 for node, (x, _) in raw.items())
    right = max(x + extents[node][0] / 2 for node, (x, _) in raw.items())
    top = min(y + extents[node][2] - extents[node][1] / 2 for node, (_, y) in raw.items())
    bottom = max(y + extents[node][2] + extents[node][1] / 2 for node, (_, y) in raw.items())
    return {node: (x - left, y - top) for node, (x, y) in raw.items()}, right - left, bottom - top


def _lie_down(points: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Rotate a part so that its longest extent is horizontal: wide parts pack tighter on a
    landscape screen. The sign is fixed (first node on the left, above) so the result is stable."""
    nodes = list(points)
    coordinates = numpy.array([points[node] for node in nodes])
    centred = coordinates - coordinates.mean(axis=0)
    _, vectors = numpy.linalg.eigh(centred.T @ centred)
    rotated = centred @ vectors[:, ::-1]  # main axis first
    for axis in (0, 1):
        if rotated[0, axis] > 0:
            rotated[:, axis] *= -1
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, rotated)}


def _spread_labels(points: dict[str, tuple[float, float]],
                   extents: dict[str, tuple[float, float, float]]) -> dict[str, tuple[float, float]]:
    """Push apart entities whose boxes (dot and label) overlap, each pair along the axis where
    they overlap least, until none do (or SPREAD_ROUNDS): hubs otherwise bury their neighbours'
    names. Where pushes cannot settle it (a crowded part), the part also grows a little each round."""
    nodes = list(points)
    middle = numpy.array([(0.0, extents[node][2]) for node in nodes])
    position = numpy.array([points[node] for node in nodes], dtype=float) + middle
    half = numpy.array([extents[node][:2] for node in nodes]) / 2 + LABEL_PADDING
    index = numpy.arange(len(nodes))
    tie = numpy.sign(index[:, None] - index[None, :]).astype(float)
    for _ in range(SPREAD_ROUNDS):
        delta = position[:, None, :] - position[None, :, :]  # i minus j
        overlap = half[:, None, :] + half[None, :, :] - numpy.abs(delta)
        clashing = (overlap > 0).all(axis=2) & (index[:, None] != index[None, :])
        if not clashing.any():
            break
        along_x = overlap[:, :, 0] < overlap[:, :, 1]
        direction = numpy.where(delta == 0, tie[:, :, None], numpy.sign(delta))  # coincident: by index
        push = numpy.stack([
            numpy.where(clashing & along_x, overlap[:, :, 0] * direction[:, :, 0], 0).sum(axis=1),
            numpy.where(clashing & ~along_x, overlap[:, :, 1] * direction[:, :, 1], 0).sum(axis=1),
        ], axis=1) / 2
        centre = position.mean(axis=0)
        position = centre + (position + push - centre) * (1 + SPREAD_GROWTH)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, position - middle)}
