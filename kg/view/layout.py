"""Starting positions for the page's layout: each connected part laid out alone, then packed.

News graphs are one or two big stories and many small facts (two or three entities each). With
one force simulation for all, the small parts drift into the big ones and their labels collide;
laid out one by one and packed in rows, each stays an island and the big stories come first.
The page starts from these positions with physics off; unfreezing it lets the user shake them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx
import numpy

EDGE_LENGTH = 140  # px between linked entities in a big part
SMALL_PART = 4  # entities; small parts are drawn tighter
SMALL_EDGE_LENGTH = 90
GAP = 24  # px between two parts
# Sizes as the page draws them (vis-network scales both linearly with a node's number of facts).
DOT_RADIUS = (9, 38)  # px, least and most connected
LABEL_FONT = (15, 26)  # px
CHAR_EM = 0.6  # average character width in em, for a label's width
ASPECT = 1.4  # width / height of the packed drawing, for a landscape screen
MAX_PART = 200  # entities; a bigger part takes seconds here (networkx lays out a part in O(n²)): left to the browser
MAX_NODES = 1500  # entities; beyond, the browser's physics is quicker than spreading labels here
MAX_CORNER_PARTS = 24  # big parts placed corner by corner (cubic cost); the rest go into rows
LAYOUT_SEED = 7
SPREAD_ROUNDS = 80
SPREAD_GROWTH = 0.003  # per round with overlaps left
LABEL_PADDING = 8  # px kept free around each entity's box
SMALL_PART_ITERATIONS = 50
BIG_PART_ITERATIONS = 100


@dataclass(frozen=True)
class Layout:
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # empty: left to the browser
    main: frozenset[str] = frozenset()  # entities of the biggest parts, the stories worth a first look


def initial_layout(graph: nx.MultiDiGraph, labels: dict[str, str]) -> Layout:
    """Integer x, y per node, unless the graph is empty or too big to lay out here."""
    if not 0 < graph.number_of_nodes() <= MAX_NODES:
        return Layout()
    parts = sorted((sorted(part) for part in nx.weakly_connected_components(graph)), key=lambda p: (-len(p), p))
    if len(parts[0]) > MAX_PART:
        return Layout()
    extents = _extents(graph, labels)
    laid_out = [_layout_part(graph, part, extents) for part in parts]
    cornered = [len(nodes) > SMALL_PART for nodes in parts[:MAX_CORNER_PARTS]]
    big = [part for part, corner in zip(laid_out, cornered) if corner]
    small = laid_out[len(big):]
    small_area = sum((part_width + GAP) * (part_height + GAP) for _, part_width, part_height in small)
    corners = _pack_corners([(width, height) for _, width, height in big], below=small_area)
    width = max((x + part[1] for (x, _), part in zip(corners, big)), default=0.0)
    height = max((y + part[2] for (_, y), part in zip(corners, big)), default=0.0)
    area = sum((part_width + GAP) * (part_height + GAP) for _, part_width, part_height in laid_out)
    row_width = max(width, max((part[1] for part in small), default=0.0), math.sqrt(ASPECT * area))
    corners += _pack_rows([(part_width, part_height) for _, part_width, part_height in small], row_width,
                          beside=(width + GAP, height + GAP) if big else (0.0, 0.0))
    positions = {node: (round(x + node_x), round(y + node_y))
                 for (x, y), (part, _, _) in zip(corners, big + small) for node, (node_x, node_y) in part.items()}
    # The big stories: parts of more than SMALL_PART entities, at least half the size of the biggest.
    main = frozenset(node for part in parts if len(part) > SMALL_PART and 2 * len(part) >= len(parts[0])
                     for node in part)
    return Layout(positions, main)


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


def _extents(graph: nx.MultiDiGraph, labels: dict[str, str]) -> dict[str, tuple[float, float, float]]:
    """Width, height and how far below the dot's centre the middle is (px) of each entity as
    drawn: its dot with its label under it."""
    degree = dict(graph.degree())
    low, high = min(degree.values()), max(degree.values())
    extents = {}
    for node, value in degree.items():
        scale = (value - low) / (high - low) if high > low else 0.5
        radius = DOT_RADIUS[0] + scale * (DOT_RADIUS[1] - DOT_RADIUS[0])
        font = LABEL_FONT[0] + scale * (LABEL_FONT[1] - LABEL_FONT[0])
        extents[node] = (max(2 * radius, CHAR_EM * font * len(labels.get(node, ""))), 2 * radius + 1.4 * font,
                         0.7 * font)
    return extents


def _layout_part(graph: nx.MultiDiGraph, part: list[str], extents: dict[str, tuple[float, float, float]]):
    """Positions of one connected part, from (0, 0) at its top-left corner, and its width and height."""
    if len(part) == 1:
        raw = {part[0]: (0.0, 0.0)}
    else:
        simple = nx.Graph()
        simple.add_nodes_from(part)
        simple.add_edges_from(sorted((u, v) for u, v in graph.subgraph(part).edges() if u != v))
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
