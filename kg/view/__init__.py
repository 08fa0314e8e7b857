"""The view stage: a self-contained, offline, injection-safe HTML page of the graph."""

from kg.view.html import render_html
from kg.view.select import Selection, choose, find_entities, importance, select

__all__ = ["render_html", "select", "choose", "importance", "find_entities", "Selection"]
