"""A persistent, incremental knowledge graph: an on-disk Oxigraph store and a document index.

    kg build new-articles/ --store archive/ --out out/   # parses only what the store lacks
    kg remove d0123456789abcdef --store archive/          # drops an article, and what only it supported
    kg query queries/articles.sparql --graph archive/graph   # the live graph is an Oxigraph folder

The store keeps every article it was given (an archive): a build adds the new articles, replaces
an article whose file changed (same source, new content) and leaves the others. The graph is
always rebuilt from the cached analyses of all its articles, so it is exactly the graph a fresh
build of those articles gives; only the named graphs that changed are rewritten in Oxigraph.

Layout of a store folder, and why it survives a build killed at any moment:
    kg-store.json      marks the folder as a kg store (format version)
    analyses.sqlite    each analysed article (Document, and its Analysis under the fingerprint of
                       its language's pipeline) as compressed JSON; rows are only added, and swept once no
                       snapshot needs them, so a killed build keeps all it had analysed
    snapshot-<n>/      one complete version: oxigraph/ (one named graph per article plus the
                       entities graph) and index.json (its articles, a hash of each graph)
    graph              symlink to the live snapshot's oxigraph/; replaced by one atomic rename
                       after the new snapshot is complete, so readers see the old or the new graph
    lock               held (flock) by the one process that writes
A new snapshot starts as a hard-link backup of the live one (Oxigraph's `backup`), so a build
costs what changed, not the size of the archive. Leftovers of a killed build are swept on open.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import sqlite3
import types
import typing
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

import pyoxigraph as ox
import spacy.util
from kg import __version__, nlp, workspace
from kg.errors import KgError
from kg.graph.quads import QuadSpool
from kg.types import Analysis, Document

FORMAT = 1
PACKAGE = Path(__file__).parent
MARKER = "kg-store.json"
LIVE_LINK = "graph"
PENDING_QUADS = ".pending.nq"
NEW_STORE_FILES = {"lock", f".{MARKER}.tmp"}
SNAPSHOT = re.compile(r"^snapshot-(\d{6})$")
# The code an Analysis depends on, besides the spaCy pipeline: a change re-analyses every article.
ANALYSIS_CODE = ("nlp.py", "types.py", "lexicon.py", "extract")
SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS analyses (id TEXT NOT NULL, fingerprint TEXT NOT NULL, data BLOB NOT NULL,
                                     PRIMARY KEY (id, fingerprint));
"""


class StoreError(KgError):
    """A folder that is not a usable kg store, or one in use by another process; one line."""


@dataclass(frozen=True)
class Commit:
    """What a commit changed in the live graph."""

    snapshot: str | None  # the new snapshot's name, None when nothing changed
    added: int  # named graphs written (new or changed)
    removed: int  # named graphs dropped


# --- fingerprints, order, records ----------------------------------------------------------------

def pipeline_fingerprint(model: str | os.PathLike | None = None) -> str:
    """A hash of what an Analysis depends on: the spaCy pipeline's files and kg's nlp and extract code."""
    digest = hashlib.sha256(__version__.encode())
    for name in ANALYSIS_CODE:
        _hash_tree(digest, PACKAGE / name)
    chosen = nlp.resolve_model(model)
    path = Path(chosen)
    if not path.exists():
        try:
            path = spacy.util.get_package_path(chosen)
        except Exception:  # not an installed package either: the name is all there is to go on
            digest.update(chosen.encode())
            return digest.hexdigest()[:20]
    _hash_tree(digest, path)
    return digest.hexdigest()[:20]


@dataclass(frozen=True)
class Fingerprints:
    """The pipeline fingerprint of each language's articles (kg.toml's [models], else the default model's).

    An article's analysis is kept under the fingerprint of the pipeline that parses it, so changing
    one language's pipeline re-parses that language's articles and no others.
    """

    default: str
    by_language: tuple[tuple[str, str], ...] = ()  # (ISO 639-1 code, fingerprint), sorted

    @classmethod
    def of_pipelines(cls, model: str | os.PathLike | None = None,
                     models: dict[str, str] | None = None) -> Fingerprints:
        fingerprint = functools.cache(pipeline_fingerprint)  # one pipeline may serve several languages
        return cls(fingerprint(model), tuple(sorted((language, fingerprint(chosen))
                                                    for language, chosen in (models or {}).items())))

    def of(self, document: Document) -> str:
        """The fingerprint of the pipeline that parses `document` (the rule of kg.executors.Pipelines)."""
        return dict(self.by_language).get(document.language, self.default)


def _hash_tree(digest: hashlib._Hash, root: Path) -> None:
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and
                                                 "__pycache__" not in p.parts)
    for path in files:
        digest.update(str(path.relative_to(root.parent)).encode() + b"\0" + path.read_bytes() + b"\0")


def canonical_order(documents: Iterable[Document]) -> list[Document]:
    """Documents sorted by source (numbers in it compared as numbers: feed.jsonl:2 before :10), then id.

    A store's graph must not depend on the order articles arrived in.
    """
    def key(document: Document) -> tuple:
        parts = re.split(r"(\d+)", document.source)
        return [int(part) if i % 2 else part for i, part in enumerate(parts)], document.id

    return sorted(documents, key=key)


def encode(record, *, without: tuple[str, ...] = ()) -> bytes:
    """A frozen dataclass record (Document, Analysis, ...) as compressed JSON, less the fields `without`."""
    plain = {name: value for name, value in _plain(record).items() if name not in without}
    return zlib.compress(json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode(), 3)


def decode(kind: type, data: bytes, **given):
    """The record of type `kind` that `encode` wrote, with the fields left out `given`."""
    return _typed(kind, json.loads(zlib.decompress(data)), given)


def _plain(value):
    if is_dataclass(value):
        return {field.name: _plain(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


@typing.no_type_check
def _typed(kind, value, given=None):
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        return _typed(next(arg for arg in typing.get_args(kind) if arg is not type(None)), value)
    if origin is tuple:
        return tuple(_typed(typing.get_args(kind)[0], item) for item in value)
    if is_dataclass(kind):
        hints = _hints(kind)
        # Fields a newer kg added are left to their defaults; fields an older one had are dropped.
        return kind(**{name: _typed(hints[name], item) for name, item in value.items() if name in hints},
                    **(given or {}))
    return value


_HINTS: dict[type, dict[str, type]] = {}


def _hints(kind: type) -> dict[str, type]:
    if kind not in _HINTS:
        _HINTS[kind] = typing.get_type_hints(kind)
    return _HINTS[kind]


def graph_digests(quads: QuadSpool) -> dict[str, str]:
    """A hash of each named graph's quads (in the spool's order, which depends only on the graph's content)."""
    hashes: dict[str, hashlib._Hash] = {}
    for subject, predicate, n3, graph, tag, lexical in quads.records():
        digest = hashes.get(graph)
        if digest is None:
            digest = hashes[graph] = hashlib.sha256()
        digest.update("\0".join((subject, predicate, n3, tag, lexical, "\n")).encode())
    return {graph: digest.hexdigest()[:32] for graph, digest in hashes.items()}


# --- the store -----------------------------------------------------------------------------------

class Store:
    """A kg store folder, opened for writing by this process until close()."""

    def __init__(self, path: str | os.PathLike, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not (self.path / MARKER).is_file():
            raise StoreError(f"no kg store at {self.path} (make one with kg build --store {self.path})")
        self._check_folder()
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.path / "lock", "a+")
        try:
            workspace.locked(self._lock)  # this process's alone: forked workers let go of it
        except BlockingIOError:
            self._lock.close()
            raise StoreError(f"store {self.path} is in use by another kg process; wait for it to finish") from None
        marker = self.path / MARKER
        if not marker.exists():  # written whole, then renamed: a killed first build leaves no half marker
            temporary = marker.with_name(f".{MARKER}.tmp")
            temporary.write_text(json.dumps({"format": FORMAT, "tool": "kg"}) + "\n", encoding="utf-8")
            os.replace(temporary, marker)
        self._db = sqlite3.connect(self.path / "analyses.sqlite", isolation_level=None)
        self._db.executescript(SCHEMA)
        self.live = self._live_snapshot()
        self.index = self._read_index(self.live)
        self._sweep_snapshots()

    def _check_folder(self) -> None:
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"store {self.path} is a file, not a folder")
        if not self.path.is_dir() or all(entry.name in NEW_STORE_FILES for entry in self.path.iterdir()):
            return  # new, empty, or a first build killed before it wrote anything
        marker = self.path / MARKER
        try:
            found = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise StoreError(f"{self.path} is not a kg store (no readable {MARKER}): give a new or empty folder") \
                from None
        if found.get("format") != FORMAT:
            raise StoreError(f"store {self.path} has format {found.get('format')!r}; this kg reads format {FORMAT}")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()
        self._lock.close()  # releases the flock

    # --- the live snapshot ---

    def _live_snapshot(self) -> str | None:
        link = self.path / LIVE_LINK
        if not link.is_symlink():
            return None
        name = Path(os.readlink(link)).parts[0]
        if not SNAPSHOT.match(name) or not (self.path / name / "index.json").is_file():
            raise StoreError(f"store {self.path} is damaged: {LIVE_LINK} points to {os.readlink(link)!r}")
        return name

    def _read_index(self, snapshot: str | None) -> dict:
        if snapshot is None:
            return {"format": FORMAT, "documents": [], "graphs": {}}
        return json.loads((self.path / snapshot / "index.json").read_text(encoding="utf-8"))

    def _sweep_snapshots(self) -> None:
        """Delete every snapshot but the live one: older versions, and a killed build's partial one."""
        for entry in self.path.iterdir():
            if SNAPSHOT.match(entry.name) and entry.name != self.live:
                shutil.rmtree(entry, ignore_errors=True)
        (self.path / f".{LIVE_LINK}.tmp").unlink(missing_ok=True)
        (self.path / PENDING_QUADS).unlink(missing_ok=True)

    @property
    def graph_path(self) -> Path | None:
        """The live Oxigraph folder (open it with pyoxigraph.Store.read_only), None for an empty store."""
        return self.path / self.live / "oxigraph" if self.live else None

    def document_ids(self) -> list[str]:
        """The live articles' ids, in canonical order."""
        return [entry["id"] for entry in self.index["documents"]]

    def documents(self) -> list[Document]:
        """The live articles, in canonical order."""
        return [self._document(doc_id) for doc_id in self.document_ids()]

    def _document(self, doc_id: str) -> Document:
        row = self._db.execute("SELECT data FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise StoreError(f"store {self.path} is damaged: article {doc_id} has no record")
        return decode(Document, row[0])

    # --- planning a build ---

    def plan(self, inputs: Iterable[Document], remove: Iterable[str] = ()) -> list[Document]:
        """The articles after this build: live ones, minus `remove` (ids or sources) and older versions
        of changed inputs (same source, other content), plus the inputs; in canonical order."""
        inputs = list(inputs)
        dropped = set(remove)
        live = self.documents()
        unknown = sorted(dropped - {document.id for document in live} - {document.source for document in live})
        if unknown:
            raise StoreError(f"store {self.path} has no article {', '.join(unknown)} (give a document id or source)")
        sources = {document.source for document in inputs}
        by_id = {document.id: document for document in live
                 if document.id not in dropped and document.source not in dropped and document.source not in sources}
        by_id.update((document.id, document) for document in inputs)
        return canonical_order(by_id.values())

    def missing(self, documents: Iterable[Document], fingerprints: Fingerprints) -> list[Document]:
        """The documents the store has no analysis of by their language's pipeline (to be parsed)."""
        known = set(self._db.execute("SELECT id, fingerprint FROM analyses"))
        return [document for document in documents if (document.id, fingerprints.of(document)) not in known]

    def save(self, analyses: Iterable[Analysis], fingerprints: Fingerprints) -> None:
        """Keep analyses (one transaction), so no later build, even after a crash, parses them again."""
        rows = [(analysis.document.id, fingerprints.of(analysis.document),
                 encode(analysis, without=("document",)), encode(analysis.document)) for analysis in analyses]
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO analyses VALUES (?, ?, ?)", [row[:3] for row in rows])
            self._db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?)", [(row[0], row[3]) for row in rows])

    def analyses(self, documents: Iterable[Document], fingerprints: Fingerprints) -> Iterator[Analysis]:
        """The saved analysis of each document (raises StoreError if one was never saved)."""
        for document in documents:
            row = self._db.execute("SELECT data FROM analyses WHERE id = ? AND fingerprint = ?",
                                   (document.id, fingerprints.of(document))).fetchone()
            if row is None:
                raise StoreError(f"store {self.path}: no analysis of {document.source} ({document.id})")
            yield decode(Analysis, row[0], document=document)

    # --- committing a new version ---

    def commit(self, documents: list[Document], quads: QuadSpool, fingerprints: Fingerprints) -> Commit:
        """Make `quads` (the graph of `documents`) the live graph, rewriting only the graphs that changed.

        The spool is read twice, streamed: once to hash each named graph, once to write the quads of
        those that changed; no rdflib Dataset of the whole archive is ever made. Nothing is written when
        nothing changed. Until the final rename the live graph is untouched.
        """
        entries = [{"id": document.id, "source": document.source} for document in documents]
        old = self.index["graphs"]
        digests = graph_digests(quads)
        changed = sorted(iri for iri, digest in digests.items() if old.get(iri) != digest)
        pending = self.path / PENDING_QUADS
        with open(pending, "wb") as handle:  # the changed graphs, streamed to disk
            ox.serialize(quads.oxigraph_quads(set(changed)), output=handle, format=ox.RdfFormat.N_QUADS)
        gone = sorted(set(old) - set(digests))
        if not changed and not gone and entries == self.index["documents"]:
            pending.unlink()
            self._sweep_records(documents, fingerprints)  # a changed pipeline, the same graph: old analyses go
            return Commit(snapshot=None, added=0, removed=0)
        number = 1 + max((int(match[1]) for entry in self.path.iterdir() if (match := SNAPSHOT.match(entry.name))),
                         default=0)
        name = f"snapshot-{number:06d}"
        folder = self.path / name
        folder.mkdir()
        if self.live:
            ox.Store.read_only(str(self.graph_path)).backup(str(folder / "oxigraph"))
        oxigraph = ox.Store(str(folder / "oxigraph"))
        for iri in gone + changed:
            oxigraph.remove_graph(ox.NamedNode(iri))
        oxigraph.bulk_load(path=str(pending), format=ox.RdfFormat.N_QUADS)
        oxigraph.flush()
        del oxigraph  # closes the RocksDB database
        index = {"format": FORMAT, "fingerprint": fingerprints.default,
                 "fingerprints": dict(fingerprints.by_language), "documents": entries, "graphs": digests}
        # No atomic write needed: until the switch below, this snapshot is a leftover that open() sweeps.
        with open(folder / "index.json", "w", encoding="utf-8") as handle:
            handle.write(json.dumps(index, indent=1, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        _fsync_folder(folder)
        pending.unlink()
        self._switch(name)
        self._sweep_records(documents, fingerprints)
        return Commit(snapshot=name, added=len(changed), removed=len(gone))

    def _switch(self, name: str) -> None:
        temporary = self.path / f".{LIVE_LINK}.tmp"
        temporary.unlink(missing_ok=True)
        os.symlink(f"{name}/oxigraph", temporary)
        os.replace(temporary, self.path / LIVE_LINK)
        _fsync_folder(self.path)
        self.live, self.index = name, self._read_index(name)
        self._sweep_snapshots()

    def _sweep_records(self, documents: list[Document], fingerprints: Fingerprints) -> None:
        """Forget articles no longer live (removed ones leave no text behind) and stale analyses: the
        live articles (`documents`) keep only their analysis by their language's pipeline."""
        with self._transaction():
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS live (id TEXT PRIMARY KEY, fingerprint TEXT)")
            self._db.execute("DELETE FROM live")
            self._db.executemany("INSERT INTO live VALUES (?, ?)",
                                 [(document.id, fingerprints.of(document)) for document in documents])
            self._db.execute("DELETE FROM documents WHERE id NOT IN (SELECT id FROM live)")
            self._db.execute("DELETE FROM analyses WHERE (id, fingerprint) NOT IN (SELECT id, fingerprint FROM live)")

    def _transaction(self):
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, *exc) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _fsync_folder(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


__all__ = ["Commit", "Fingerprints", "Store", "StoreError", "canonical_order", "pipeline_fingerprint"]
