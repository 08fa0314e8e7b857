"""Property tests: ingest never raises on hostile input, and what it returns is well formed.

Inputs: arbitrary Unicode (with control characters and lone surrogates escaped by the
writer), arbitrary bytes, very long lines, empty and whitespace-only files, malformed HTML
and broken JSONL. Every file becomes either Documents or one-line Skipped records.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import ingest
from kg.types import Document, Skipped

PROPERTY_SETTINGS = settings(max_examples=100, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Characters that stress cleaning: C0/C1 controls, line and paragraph separators, BOM,
# zero-width and bidi marks, NBSP, the replacement character, combining marks, astral plane.
AWKWARD_CHARACTERS = [chr(c) for c in range(0x00, 0x20)] + [
    "\x7f", "\x85", "\u00a0", "\u2028", "\u2029", "\ufeff", "\u200b", "\u200d", "\u202e", "\ufffd",
    "\u0301", "e\u0301", "\U0001f600", "\U00010348", "\r\n", "\r",
]
unicode_text = st.lists(
    st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(AWKWARD_CHARACTERS)), max_size=400
).map("".join)
words = st.text(alphabet=string.ascii_letters + " .,;", min_size=1, max_size=40)
long_line = st.builds(lambda word, n: (word + " ") * n, words, st.integers(min_value=200, max_value=1500))
whitespace = st.text(alphabet=" \t\n\r\u00a0\u2028\u3000\x0b\x0c", max_size=200)
article_text = st.one_of(unicode_text, long_line, whitespace,
                         st.lists(st.one_of(unicode_text, long_line), min_size=1, max_size=5).map("\n\n".join))

TAGS = ["p", "div", "script", "style", "article", "h1", "title", "a", "span", "table", "td", "noscript", "!--",
        "![CDATA[", "meta", "html", "body", "head", "template", "svg"]
html_piece = st.one_of(
    st.sampled_from(TAGS).map(lambda tag: f"<{tag}>"),
    st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
    st.sampled_from(TAGS).map(lambda tag: f"<{tag} class=\"x\" data-y='"),
    st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&#99999999;", "&bogus;", "&", "<", ">", "-->", "<?xml", "]]>"]),
    unicode_text,
)
malformed_html = st.lists(st.one_of(html_piece, long_line), max_size=20).map("".join)

json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | unicode_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["text", "title", "date", "url"]),
                                                               inner, max_size=4),
    max_leaves=8,
)
jsonl_line = st.one_of(
    st.builds(lambda text, title, date: json.dumps({"text": text, "title": title, "date": date}),
              article_text, st.one_of(st.none(), unicode_text), st.one_of(st.none(), unicode_text)),
    json_value.map(json.dumps),
    unicode_text.map(lambda text: text.replace("\n", " ")),  # not JSON at all
)
jsonl_file = st.lists(jsonl_line, max_size=6).map("\n".join)


def encode(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")


def assert_well_formed(documents: list[Document], skipped: list[Skipped]) -> None:
    for document in documents:
        assert isinstance(document, Document)
        assert document.text.strip(), "a document has text"
        assert not ingest.CONTROL_CHARS.search(document.text)
        assert "\r" not in document.text
        assert document.id == ingest.document_id(document.text)
        assert document.date is None or len(document.date) == 10
    for item in skipped:
        assert isinstance(item, Skipped)
        assert item.reason and "\n" not in item.reason, "a skip reason is one line"
    assert len({document.id for document in documents}) == len(documents), "ids are distinct"


def read_one(folder: Path, name: str, data: bytes) -> tuple[list[Document], list[Skipped]]:
    path = folder / name
    path.write_bytes(data)
    try:
        return ingest.read([path])
    finally:
        path.unlink()


@PROPERTY_SETTINGS
@given(text=article_text, suffix=st.sampled_from([".txt", ".md"]))
def test_any_text_file_reads_without_error(tmp_path, text, suffix):
    documents, skipped = read_one(tmp_path, f"article{suffix}", encode(text))
    assert_well_formed(documents, skipped)
    assert len(documents) + len(skipped) == 1


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_any_bytes_read_without_error(tmp_path, data, suffix):
    documents, skipped = read_one(tmp_path, f"article{suffix}", data)
    assert_well_formed(documents, skipped)


@PROPERTY_SETTINGS
@given(html=malformed_html)
def test_malformed_html_reads_without_error(tmp_path, html):
    documents, skipped = read_one(tmp_path, "page.html", encode(html))
    assert_well_formed(documents, skipped)
    assert len(documents) + len(skipped) == 1


@PROPERTY_SETTINGS
@given(lines=jsonl_file)
def test_broken_jsonl_reads_line_by_line(tmp_path, lines):
    documents, skipped = read_one(tmp_path, "feed.jsonl", encode(lines))
    assert_well_formed(documents, skipped)
    for item in skipped:
        assert item.source.startswith(str(tmp_path / "feed.jsonl"))


@PROPERTY_SETTINGS
@given(text=whitespace)
def test_whitespace_only_files_are_skipped(tmp_path, text):
    documents, skipped = read_one(tmp_path, "blank.txt", encode(text))
    assert documents == []
    assert len(skipped) == 1


@PROPERTY_SETTINGS
@given(text=article_text)
def test_cleaning_is_idempotent(text):
    cleaned, *_ = ingest.clean(text)
    assert ingest.clean(cleaned)[0] == cleaned
