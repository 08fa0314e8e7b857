"""Ingest: formats, boilerplate, metadata, stable ids, and bad input as Skipped records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import hostile_corpus

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


# --- a hostile user's disk (tests/hostile_corpus.py) -----------------------------------------------

def test_every_good_article_of_the_hostile_corpus_is_read_and_every_other_path_reported(tmp_path):
    good, expected_skips = hostile_corpus.write(tmp_path / "corpus", unreadable=False)
    documents, skipped = ingest.read([tmp_path / "corpus"], languages={"en"})
    by_source = {Path(d.source).relative_to(tmp_path / "corpus").as_posix(): d for d in documents}
    assert sorted(by_source) == sorted(good)
    for source, phrase in good.items():
        assert phrase in by_source[source].text, source
    reasons = {Path(item.source).relative_to(tmp_path / "corpus").as_posix(): item.reason for item in skipped}
    for source, word in expected_skips.items():
        assert word in reasons.pop(source), (source, reasons.get(source))
    assert reasons == {"linked-folder": f"same folder as {tmp_path / 'corpus' / 'linked-folder-target'}, read once",
                       "linked-folder-target/loop": f"symbolic link loop (back to {tmp_path / 'corpus'}), not followed"}
    assert all("\n" not in item.reason and item.reason for item in skipped)


def test_encodings_are_decoded_not_guessed_wrong(tmp_path):
    good, _ = hostile_corpus.write(tmp_path, unreadable=False)
    documents, _ = ingest.read([tmp_path])
    texts = {Path(d.source).name: d.text for d in documents}
    assert "Norway's café owners in Tromsø" in texts["latin1.txt"]  # Latin-1, no declaration
    assert "the “decision” on Thursday — a step" in texts["cp1252.html"]  # declared windows-1252
    assert "Prix: 5 €." in texts["xml-prolog.html"]  # ISO-8859-15 in the XML prolog: € is 0xA4
    assert texts["utf16.txt"].startswith("The Pentagon") and texts["utf32.txt"].startswith("Stoltenberg")


@pytest.mark.parametrize(("encoding", "text"), [
    ("cp1251", "Путин заявил в пятницу, что Россия не будет вести переговоры с Киевом, пока продолжаются удары."),
    ("koi8-r", "Путин заявил в пятницу, что Россия не будет вести переговоры с Киевом, пока продолжаются удары."),
    ("gb18030", "中国外交部发言人周五表示，北京呼吁各方保持克制，通过对话解决乌克兰危机。"),
    ("cp1252", "Zelensky’s “peace plan” — a €100 deal, officials said."),
])
def test_undeclared_encodings_are_detected(encoding, text):
    assert ingest.decode((text * 3).encode(encoding)) == text * 3


def test_a_feed_loses_only_its_bad_line(tmp_path):
    lines = [json.dumps({"text": f"Norway sent {n} trucks to Ukraine on Friday."}).encode() for n in range(100)]
    lines[41] = lines[41].replace(b"trucks", "trucks à".encode("latin-1"))
    column = lines[41].index(b"\xe0") + 1
    (tmp_path / "feed.jsonl").write_bytes(b"\n".join(lines))
    documents, skipped = ingest.read([tmp_path / "feed.jsonl"])
    assert len(documents) == 99
    assert [(item.source, item.reason) for item in skipped] == [
        (f"{tmp_path / 'feed.jsonl'}:42", f"not UTF-8 text (byte 0xe0 at column {column})")]


@pytest.mark.parametrize("depth", [10, 300, 3000])
def test_deeply_nested_html_keeps_its_body(tmp_path, depth):
    body = "Blinken said the United States would keep sending air defence systems to Kyiv."
    (tmp_path / "deep.html").write_text("<html><body>" + "<div>" * depth + f"<p>{body}</p>" + "</div>" * depth
                                        + "</body></html>", encoding="utf-8")
    documents, skipped = ingest.read([tmp_path / "deep.html"])
    assert skipped == [] and body in documents[0].text


def test_a_one_line_article_of_200k_characters_has_a_capped_title(tmp_path):
    text = hostile_corpus.one_line_article(200_000)
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    (document,), _ = ingest.read([tmp_path / "long.txt"])
    assert len(document.text) == len(text)
    assert len(document.title) <= ingest.TITLE_MAX_CHARACTERS + 1 and document.title.endswith("…")
    assert text.startswith(document.title[:-1])


def test_articles_in_languages_without_a_pipeline_are_skipped_with_the_language(tmp_path):
    (tmp_path / "ru.txt").write_text(hostile_corpus.RUSSIAN, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(hostile_corpus.CHINESE, encoding="utf-8")
    (tmp_path / "en.txt").write_text("Biden met Zelensky.", encoding="utf-8")  # too short to tell: English
    documents, skipped = ingest.read([tmp_path], languages={"en"})
    assert [Path(d.source).name for d in documents] == ["en.txt"]
    assert [(Path(item.source).name, item.reason.split(",")[0]) for item in skipped] == [
        ("ru.txt", "written in Russian (ru)"), ("zh.txt", "written in Chinese (zh)")]
    assert 'models.ru = "ru_core_news_sm"' in skipped[0].reason
    documents, skipped = ingest.read([tmp_path], languages={"en", "ru", "zh"})
    assert {Path(d.source).name: d.language for d in documents} == {"en.txt": "en", "ru.txt": "ru", "zh.txt": "zh"}


@pytest.mark.parametrize("text", [
    "Norway authorized Kyiv to strike Russia.",
    "Peskov speaks",
    "The Kremlin denied it.",
    "Zelensky thanked Norway.",
])
def test_short_english_is_never_taken_for_another_language(text):
    assert ingest.detect_language(text) == "en"


def test_the_seeds_are_english():
    documents, _ = ingest.read([SEEDS])
    assert {document.language for document in documents} == {"en"}


@pytest.mark.parametrize(("first_paragraph", "dateline", "rest"), [
    ("KYIV, Ukraine (AP) — Ukrainian forces struck a bridge.", "KYIV, Ukraine (AP)",
     "Ukrainian forces struck a bridge."),
    ("WASHINGTON (Reuters) - The Pentagon said on Friday it would send more rockets.", "WASHINGTON (Reuters)",
     "The Pentagon said on Friday it would send more rockets."),
    ("KYIV, June 3 (Reuters) - Ukraine said it downed 20 drones.", "KYIV, June 3 (Reuters)",
     "Ukraine said it downed 20 drones."),
    ("NEW YORK — The United Nations met on Monday.", "NEW YORK", "The United Nations met on Monday."),
    ("Kyiv (AFP) - Ukraine said it downed 20 drones.", "Kyiv (AFP)", "Ukraine said it downed 20 drones."),
])
def test_a_dateline_is_blanked_out_of_the_text_and_kept(tmp_path, first_paragraph, dateline, rest):
    (tmp_path / "a.txt").write_text(f"Headline here\n\n{first_paragraph}\n\nMore text.", encoding="utf-8")
    (document,), _ = ingest.read([tmp_path / "a.txt"])
    assert document.dateline == dateline
    cleaned = f"Headline here\n\n{first_paragraph}\n\nMore text."
    assert len(document.text) == len(cleaned)  # blanked, not cut: offsets are those of the cleaned article
    start = cleaned.index(rest)
    assert document.text[start:start + len(rest)] == rest
    assert document.text[len("Headline here\n\n"):start].strip() == ""
    assert document.title == "Headline here"


@pytest.mark.parametrize("first_paragraph", [
    "NATO members Norway and Finland - the latest - agreed.",  # a sentence, not a dateline
    "Biden - the president - spoke on Friday.",
    "US — China talks resumed.",
])
def test_sentences_that_merely_start_with_a_name_and_a_dash_are_kept(tmp_path, first_paragraph):
    (tmp_path / "a.txt").write_text(f"Headline\n\n{first_paragraph}", encoding="utf-8")
    (document,), _ = ingest.read([tmp_path / "a.txt"])
    assert document.dateline is None and first_paragraph in document.text


@pytest.mark.parametrize(("line", "author", "date"), [
    ("By Jane Doe", "Jane Doe", None),
    ("By JANE DOE and JOHN ROE, Associated Press", "JANE DOE and JOHN ROE", None),
    ("Posted on June 3, 2024 by John Smith", "John Smith", "2024-06-03"),
    ("Published on June 3, 2024", None, "2024-06-03"),
])
def test_bylines_are_taken_out_and_kept(tmp_path, line, author, date):
    (tmp_path / "a.txt").write_text(f"Headline\n{line}\n\nNorway authorized Kyiv to strike Russia.", encoding="utf-8")
    (document,), _ = ingest.read([tmp_path / "a.txt"])
    assert line not in document.text
    assert (document.byline, document.author, document.date) == (line, author, date)


def test_by_the_way_is_not_a_byline(tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\nBy the way, Russia attacked Kyiv.", encoding="utf-8")
    (document,), _ = ingest.read([tmp_path / "a.txt"])
    assert document.byline is None and "By the way, Russia attacked Kyiv." in document.text
