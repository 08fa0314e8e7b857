"""Ingest: formats, boilerplate, metadata, stable ids, and bad input as Skipped records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import ingest

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BOILERPLATE = [
    "Exit mobile version", "Please enter your comment!", "Please enter your name here",
    "The reCAPTCHA verification period has expired. Please reload the page.", "› Subscribe",
    "Comments are closed.", "More Articles", "views", "0 comment",
    "Disclaimer: This post has been auto-published from an agency feed",
    "Dave DeCamp is the news editor of Antiwar.com",
]


@pytest.fixture(scope="module")
def seed_documents():
    documents, skipped = ingest.read([SEEDS])
    assert skipped == []
    return documents


def test_seeds_are_read_in_stable_order_with_content_ids(seed_documents):
    assert len(seed_documents) == 5
    again, _ = ingest.read([SEEDS])
    assert [d.id for d in again] == [d.id for d in seed_documents]
    assert all(d.id == ingest.document_id(d.text) for d in seed_documents)
    assert len({d.id for d in seed_documents}) == 5


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_is_removed(seed_documents, line):
    assert not any(line in d.text for d in seed_documents)


def test_title_date_and_author_are_kept(seed_documents):
    by_title = {d.title: d for d in seed_documents}
    kremlin = by_title["Kremlin says US-made weapons already used in attempted attacks on Russia"]
    assert kremlin.date == "2024-06-21"
    assert "Friday, June 21, 2024" not in kremlin.text
    pushes = by_title["Ukraine Pushes for US To Allow US Weapons To Be Used on Russian Territory"]
    assert pushes.author == "Dave DeCamp"
    repeated = by_title["Biden to discuss missile strikes on Russia with Zelensky – White House"]
    assert repeated.text.count("Biden to discuss missile strikes on Russia with Zelensky") == 1


def test_jsonl_markdown_and_html(tmp_path):
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"title": "Norway decides", "date": "2024-05-31T09:00:00Z", "url": "https://example.org/a",
                    "text": "Norway authorized Kyiv to use its weapons."}) + "\n"
        + "{not json\n"
        + json.dumps({"title": "no text"}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "note.md").write_text("# Finland agrees\n\n**Finland** said [yes](https://x.org) on Friday.\n",
                                      encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><head><title>Peskov speaks</title><script>alert(1)</script></head><body><nav>Home | News</nav>"
        "<article><h1>Peskov speaks</h1><p>Dmitry Peskov told reporters on Wednesday that it was no secret "
        "that more and more equipment was being sent to the Ukrainian military.</p></article></body></html>",
        encoding="utf-8",
    )
    documents, skipped = ingest.read([tmp_path])
    by_title = {d.title: d for d in documents}
    assert by_title["Norway decides"].date == "2024-05-31"
    assert by_title["Norway decides"].url == "https://example.org/a"
    assert by_title["Finland agrees"].text == "Finland agrees\n\nFinland said yes on Friday."
    assert "Dmitry Peskov told reporters" in by_title["Peskov speaks"].text
    assert "alert(1)" not in by_title["Peskov speaks"].text
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert reasons["feed.jsonl:2"].startswith("not valid JSON")
    assert "text" in reasons["feed.jsonl:3"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        ("only-boilerplate.txt", b"Exit mobile version\nComments are closed.\n", "no article text"),
        ("slides.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(tmp_path, name, content, reason):
    (tmp_path / "good.txt").write_text("Norway authorized Kyiv to strike Russia.", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    documents, skipped = ingest.read([tmp_path / "good.txt", bad])
    assert [d.title for d in documents] == ["Norway authorized Kyiv to strike Russia."]
    assert len(skipped) == 1 and skipped[0].source == str(bad)
    assert skipped[0].reason.startswith(reason)


def test_folder_without_articles_and_missing_path(tmp_path):
    (tmp_path / "empty").mkdir()
    documents, skipped = ingest.read([tmp_path / "empty", tmp_path / "missing.txt"])
    assert documents == []
    assert [s.reason for s in skipped] == ["folder holds no articles (.txt, .md, .html, .jsonl)",
                                           "no such file or folder"]


def test_duplicate_articles_are_read_once(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Same story.\n\nSame words.", encoding="utf-8")
    documents, skipped = ingest.read([tmp_path])
    assert len(documents) == 1
    assert skipped[0].reason == f"duplicate of {tmp_path / 'a.txt'}"
