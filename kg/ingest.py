"""Read articles from files and folders into cleaned Documents.

Reads .txt, .md, .html/.htm and .jsonl (one article a line: text, title, date, url, author).
Removes news-site boilerplate, keeps title, dateline and author, and gives each document a
stable id from its cleaned content. Unreadable inputs become `Skipped` records, never crashes.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date as Date
from pathlib import Path

from kg.errors import KgError
from kg.types import Document, Skipped

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# Whole lines that news sites wrap around an article (matched case-insensitively).
BOILERPLATE_LINES = [
    r"exit mobile version",
    r"please enter your comment!?",
    r"please enter your name here",
    r"you have entered an incorrect email address!?.*",
    r"the recaptcha verification period has expired.*",
    r"[›»>]?\s*subscribe",
    r"comments are closed\.?",
    r"comments?",
    r"\d+\s+comments?",
    r"more articles",
    r"related (articles|posts|stories)",
    r"read more:?",
    r"advertisement",
    r"share( this)?( article)?:?",
    r"(\d[\d,.]*\s*)?views?",
    r"\d+",
    r"_{2,}|-{3,}|\*{3,}",
    r"disclaimer:.*",
    r"(the )?associated press writers? .* contributed to this report\.?",
    r"follow (us|him|her) on .*",
]
BOILERPLATE = re.compile(r"^\s*(?:" + "|".join(BOILERPLATE_LINES) + r")\s*$", re.IGNORECASE)
AUTHOR_LINE = re.compile(r"^\s*(?:author|by|written by)\s*:?\s+(?P<name>[^\d,;:]{3,60}?)\s*$", re.IGNORECASE)
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
DATELINE = re.compile(
    r"^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?P<month>" + "|".join(MONTHS) + r")\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\s*$",
    re.IGNORECASE,
)
ISO_DATE = re.compile(r"^\s*(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)|[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}")


class InputError(KgError):
    """Nothing could be read from the inputs; the message is one line."""


def read(paths: Iterable[str | Path]) -> tuple[list[Document], list[Skipped]]:
    """All documents under the given files and folders, in a stable order, and what was skipped."""
    documents: list[Document] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for path in _expand(paths, skipped):
        for item in _read_file(path):
            if isinstance(item, Skipped):
                skipped.append(item)
            elif item.id in seen:
                skipped.append(Skipped(item.source, f"duplicate of {seen[item.id]}"))
            else:
                seen[item.id] = item.source
                documents.append(item)
    return documents, skipped


def _expand(paths: Iterable[str | Path], skipped: list[Skipped]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                skipped.append(Skipped(str(path), "folder holds no articles (.txt, .md, .html, .jsonl)"))
            yield from files
        elif path.is_file():
            yield path
        else:
            skipped.append(Skipped(str(path), "no such file or folder"))


def _read_file(path: Path) -> Iterator[Document | Skipped]:
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Skipped(source, f"cannot read: {error.strerror or error}")
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Skipped(source, f"unsupported file type {suffix or '(none)'}: kg reads .txt, .md, .html, .jsonl")
        return
    if not data.strip():
        yield Skipped(source, "empty file")
        return
    if b"\x00" in data[:8192]:
        yield Skipped(source, "binary file, not text")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield Skipped(source, f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})")
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(text, source)
    elif suffix in HTML_SUFFIXES:
        body, title, date, author, url = _html_text(text)
        yield _document(body, source=source, title=title, date=date, author=author, url=url)
    else:
        yield _document(_markdown_to_text(text) if suffix != ".txt" else text, source=source)


def _read_jsonl(text: str, source: str) -> Iterator[Document | Skipped]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Skipped(where, f"not valid JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Skipped(where, 'no "text" field with the article text')
            continue

        def field(name: str) -> str | None:
            value = record.get(name)
            return str(value).strip() or None if value is not None else None

        yield _document(record["text"], source=where, title=field("title"), date=field("date"),
                        url=field("url"), author=field("author"))


def _html_text(html: str) -> tuple[str, str | None, str | None, str | None, str | None]:
    """Main text of an HTML page, with title, date, author and url when the page gives them."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        extracted = trafilatura.bare_extraction(html, favor_recall=True, with_metadata=True, include_comments=False)
    except Exception:  # malformed markup trips asserts deep in trafilatura/htmldate; fall back below
        extracted = None
    if extracted is not None:
        result = extracted if isinstance(extracted, dict) else extracted.as_dict()
        body = result.get("text") or ""
        title = result.get("title")
        if body.strip():
            if title and not body.lstrip().startswith(title):
                body = f"{title}\n\n{body}"
            return body, title, result.get("date"), result.get("author"), result.get("url")
    from lxml import html as lxml_html  # trafilatura found no main text: keep all visible text

    try:
        tree = lxml_html.fromstring(html)
    except Exception:  # lxml raises several types on malformed markup; nothing usable then
        return "", None, None, None, None
    for element in tree.xpath("//script|//style|//noscript|//template"):
        if element.getparent() is None:
            return "", None, None, None, None  # the whole page is a script: no text
        element.drop_tree()
    return tree.text_content(), None, None, None, None


def _markdown_to_text(text: str) -> str:
    lines = [MARKDOWN_MARKUP.sub("", MARKDOWN_LINK.sub(r"\1", line)) for line in text.splitlines()]
    return "\n".join(lines)


def _document(raw: str, *, source: str, title: str | None = None, date: str | None = None,
              url: str | None = None, author: str | None = None) -> Document | Skipped:
    text, found_title, found_date, found_author = clean(raw)
    if not text:
        return Skipped(source, "no article text after removing boilerplate")
    body = text
    return Document(
        id=document_id(body),
        text=body,
        title=(title or found_title or "").strip(),
        date=normalise_date(date) or found_date,
        author=author or found_author,
        url=url,
        source=source,
    )


def clean(raw: str) -> tuple[str, str, str | None, str | None]:
    """Cleaned text, title (first line), dateline date (ISO) and author of an article's text."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = CONTROL_CHARS.sub(" ", text).replace("\u00a0", " ").replace("\ufffd", " ")
    kept: list[str] = []
    date = author = None
    for line in text.split("\n"):
        stripped = re.sub(r"[ \t]+", " ", line).strip()
        if not stripped:
            if kept and kept[-1]:
                kept.append("")
            continue
        if BOILERPLATE.match(stripped):
            continue
        if date is None and (found := _dateline(stripped)):
            date = found
            continue
        if match := AUTHOR_LINE.match(stripped):
            author = author or match.group("name").strip()
            continue
        if author and stripped.startswith(author) and re.search(r"\b(follow|is an? |is the )", stripped):
            continue  # the author's bio
        if stripped == _first_line(kept) and not any(kept[1:]):
            continue  # a headline repeated right under itself
        kept.append(stripped)
    while kept and not kept[-1]:
        kept.pop()
    title = _first_line(kept)
    return "\n".join(kept), title, date, author


def _first_line(lines: list[str]) -> str:
    return next((line for line in lines if line), "")


def _dateline(line: str) -> str | None:
    match = DATELINE.match(line)
    if not match:
        return None
    try:
        return Date(int(match["year"]), MONTHS.index(match["month"].lower()) + 1, int(match["day"])).isoformat()
    except ValueError:
        return None


def normalise_date(value: str | None) -> str | None:
    """An ISO date from "2024-06-21", "2024-06-21T10:00:00Z" or "Friday, June 21, 2024"."""
    if not value:
        return None
    if match := ISO_DATE.match(value):
        try:
            return Date(int(match["year"]), int(match["month"]), int(match["day"])).isoformat()
        except ValueError:
            return None
    return _dateline(value)


def document_id(text: str) -> str:
    return "d" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
