"""The GraphDB bundle: a repository config GraphDB reads, TriG with one context per article, load.sh."""

from __future__ import annotations

import http.server
import re
import subprocess
import threading
from typing import ClassVar

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Literal, Namespace

from kg import export
from kg.graph import files as graph_files
from kg.graph import to_turtle

REP = Namespace("http://www.openrdf.org/config/repository#")
SR = Namespace("http://www.openrdf.org/config/repository/sail#")
SAIL = Namespace("http://www.openrdf.org/config/sail#")
GRAPHDB = Namespace("http://www.ontotext.com/config/graphdb#")


@pytest.fixture
def bundle(story):
    return export.render(story, "graphdb")


def test_repository_config_asks_for_no_inference(bundle):
    config = rdflib.Graph().parse(data=bundle["graphdb/repo-config.ttl"], format="turtle")
    repository = config.value(predicate=REP.repositoryID, object=Literal("kg"))
    assert repository is not None
    implementation = config.value(repository, REP.repositoryImpl)
    assert config.value(implementation, REP.repositoryType) == Literal("graphdb:SailRepository")
    sail = config.value(implementation, SR.sailImpl)
    assert config.value(sail, SAIL.sailType) == Literal("graphdb:Sail")
    assert config.value(sail, GRAPHDB.ruleset) == Literal("empty")
    assert config.value(sail, GRAPHDB["disable-sameAs"]) == Literal("true")
    assert len(list(ox.parse(bundle["graphdb/repo-config.ttl"].encode(), format=ox.RdfFormat.TURTLE))) == len(config)


def article_graphs(trig: str) -> list[str]:
    return sorted(str(quad.graph_name.value) for quad in ox.parse(trig.encode(), format=ox.RdfFormat.TRIG)
                  if not isinstance(quad.graph_name, ox.DefaultGraph))


def test_trig_has_one_context_per_article_also_when_read_from_flat_turtle(story, bundle, tmp_path):
    contexts = sorted(set(article_graphs(bundle["graphdb/graph.trig"])))
    assert contexts == ["https://example.org/kg/graph/counts"] + \
        ["https://example.org/kg/graph/d000000000000000" + str(n) for n in range(1, 5)] + \
        ["https://example.org/kg/graph/entities"]
    flat = tmp_path / "graph.ttl"
    flat.write_text(to_turtle(story), encoding="utf-8")
    assert export.render(graph_files.read_dataset(flat), "graphdb")["graphdb/graph.trig"] == bundle["graphdb/graph.trig"]


def test_load_script_is_valid_sh_and_uses_the_rest_api(bundle, tmp_path):
    script = tmp_path / "load.sh"
    script.write_text(bundle["graphdb/load.sh"], encoding="utf-8")
    assert subprocess.run(["sh", "-n", str(script)], capture_output=True).returncode == 0
    assert re.search(r'-X POST "\$url/repositories/kg/statements" \\\n\s+-H "Content-Type: application/trig" '
                     r"--data-binary @graph\.trig", bundle["graphdb/load.sh"])


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers like GraphDB's REST API would for a new repository, and records each request."""

    seen: ClassVar[list[tuple[str, str, str, bytes]]] = []

    def _answer(self, status: int, body: bytes = b"") -> None:
        length = int(self.headers.get("Content-Length") or 0)
        Recorder.seen.append((self.command, self.path, self.headers.get("Content-Type", ""), self.rfile.read(length)))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/rest/repositories/kg":
            self._answer(404)
        else:
            self._answer(200, b"382")

    def do_POST(self):
        self._answer(201 if self.path == "/rest/repositories" else 204)

    def log_message(self, *args):
        pass


def test_load_script_sends_the_config_then_the_trig(bundle, tmp_path):
    """The script's requests, recorded: this checks the script, not GraphDB (which is not installed here)."""
    folder = tmp_path / "graphdb"
    folder.mkdir()
    for name, text in bundle.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.seen = []
    try:
        run = subprocess.run(["sh", str(folder / "load.sh")], capture_output=True, text=True, timeout=60,
                             env={"PATH": "/usr/bin:/bin", "GRAPHDB_URL": f"http://127.0.0.1:{server.server_port}"})
    finally:
        server.shutdown()
    assert run.returncode == 0, run.stderr
    assert [(method, path) for method, path, _, _ in Recorder.seen] == [
        ("GET", "/rest/repositories/kg"), ("POST", "/rest/repositories"), ("POST", "/repositories/kg/statements"),
        ("GET", "/repositories/kg/size")]
    _, _, form_type, form = Recorder.seen[1]
    assert form_type.startswith("multipart/form-data") and b'name="config"' in form
    assert bundle["graphdb/repo-config.ttl"].encode() in form
    _, _, content_type, body = Recorder.seen[2]
    assert content_type == "application/trig" and body == bundle["graphdb/graph.trig"].encode()
    assert run.stdout.strip() == "382"


def test_graphdb_trig_reads_in_rapper_and_serdi_with_the_same_count(bundle, tmp_path):
    path = tmp_path / "graph.trig"
    path.write_text(bundle["graphdb/graph.trig"], encoding="utf-8")
    expected = len(list(ox.parse(path=str(path))))
    rapper = subprocess.run(["rapper", "-i", "trig", "-c", str(path)], capture_output=True, text=True)
    serdi = subprocess.run(["serdi", "-i", "trig", "-o", "nquads", str(path)], capture_output=True, text=True)
    assert f"returned {expected} triples" in rapper.stderr and "Warning" not in rapper.stderr
    assert serdi.returncode == 0 and not serdi.stderr and len(serdi.stdout.splitlines()) == expected
