"""Load a graph into a running triple store through the SPARQL 1.1 Graph Store Protocol.

Each named graph (one per article) is sent with `PUT endpoint?graph=IRI` as Turtle, so pushing
again replaces the article's graph instead of duplicating it; triples outside named graphs go
to `?default`. With `graph=IRI` everything is merged into that one graph. GSP endpoints:
GraphDB `/repositories/ID/rdf-graphs/service`, Fuseki `/DATASET/data`, Oxigraph server
`/store`, Virtuoso `/sparql-graph-crud-auth` (digest login) or `/sparql-graph-crud`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Generator
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import httpx
import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import KgError
from kg.export import rdf

CONTENT_TYPE = "text/turtle"
ERROR_SNIPPET_CHARS = 300


class PushError(KgError, RuntimeError):
    """The endpoint could not be reached or refused the data; the message is one line."""


@dataclass(frozen=True)
class GraphUpload:
    """One GSP request: the Turtle of one graph, and where it goes."""

    graph: str | None  # target graph IRI; None is the endpoint's default graph
    url: str
    body: str
    triples: int

    @property
    def request_text(self) -> str:
        """The HTTP request as it would be sent (for --dry-run)."""
        size = len(self.body.encode("utf-8"))
        return f"PUT {self.url}\nContent-Type: {CONTENT_TYPE}\nContent-Length: {size}\n\n{self.body}"


def plan(dataset: Dataset, endpoint: str, *, graph: str | None = None,
         default_graph: str | None = None) -> list[GraphUpload]:
    """The requests that push `dataset` to the GSP `endpoint`, in a fixed order.

    `graph`: merge everything into this one graph. `default_graph`: where the triples outside any
    article graph go instead of the endpoint's default graph (Virtuoso's GSP has none).
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise PushError(f"{endpoint}: not an http(s) URL of a Graph Store Protocol endpoint")
    for option, iri in (("--graph", graph), ("--default-graph", default_graph)):
        if iri is not None:
            _check_iri(option, iri)
    if graph is not None:
        batches = [(graph, rdf.triples(dataset))]
    else:
        batches = [(str(name) if name is not None else default_graph, triples)
                   for name, triples in rdf.iter_graphs(rdf.by_article(dataset))]
    return [
        GraphUpload(graph=name, url=graph_url(endpoint, name), body=_turtle(dataset, triples), triples=len(triples))
        for name, triples in batches
        if triples
    ]


def graph_url(endpoint: str, graph: str | None) -> str:
    """`endpoint?graph=IRI` (percent-encoded), or `endpoint?default` for the default graph."""
    query = urlencode({"graph": graph}) if graph is not None else "default"
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def send(
    uploads: list[GraphUpload],
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60.0,
    progress: Callable[[GraphUpload], None] | None = None,
) -> None:
    """PUT every upload; PushError on the first refusal or when the endpoint cannot be reached."""
    auth = ChallengeAuth(user, password or "") if user else None
    with httpx.Client(auth=auth, timeout=timeout) as client:
        for upload in uploads:
            try:
                response = client.put(upload.url, content=upload.body.encode("utf-8"),
                                      headers={"Content-Type": CONTENT_TYPE})
            except httpx.HTTPError as error:
                raise PushError(f"{upload.url}: cannot reach the endpoint: {_reason(error)}") from None
            if response.status_code >= 400:
                target = f"<{upload.graph}>" if upload.graph else "the default graph"
                raise PushError(f"{upload.url}: refused {target}: HTTP {response.status_code} "
                                f"{response.reason_phrase}{_snippet(response.text)}")
            if progress:
                progress(upload)


class ChallengeAuth(httpx.Auth):
    """Log in with whatever the server asks for: Digest (Virtuoso) or Basic (GraphDB, Fuseki)."""

    def __init__(self, user: str, password: str) -> None:
        self._schemes = {"digest": httpx.DigestAuth(user, password), "basic": httpx.BasicAuth(user, password)}
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is None:
            response = yield request
            if response.status_code != 401:
                return
            challenge = response.headers.get("www-authenticate", "").lower()
            self._chosen = self._schemes["digest" if challenge.startswith("digest") else "basic"]
        yield from self._chosen.auth_flow(request)


def _turtle(dataset: Dataset, triples: list[ox.Triple]) -> str:
    prefixes = rdf.used_prefixes(dataset, triples)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


def _check_iri(option: str, iri: str) -> None:
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise PushError(f"{option} {iri!r} is not an absolute IRI: {error}") from None


def _reason(error: httpx.HTTPError) -> str:
    text = str(error) or type(error).__name__
    return " ".join(text.split())


def _snippet(body: str) -> str:
    """The server's explanation on one line: HTML tags dropped, whitespace collapsed, cut short."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    text = " ".join(text.split())
    if not text:
        return ""
    return ": " + (text if len(text) <= ERROR_SNIPPET_CHARS else text[:ERROR_SNIPPET_CHARS] + "...")
