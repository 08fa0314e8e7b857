"""The view stage: a self-contained, offline, injection-safe HTML page of the graph."""

from kg.view.html import render_html
from kg.view.select import Selection, find_entities, select

__all__ = ["render_html", "select", "find_entities", "Selection"]
