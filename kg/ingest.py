"""Read articles from files and folders into cleaned Documents.

Reads .txt, .md, .html/.htm and .jsonl (one article a line: text, title, date, url, author).
Removes news-site boilerplate, keeps title, date, dateline and byline as metadata, tells each
article's language, and gives each document a stable id from its cleaned content.

Decoding: a byte order mark (UTF-8/16/32), else the declared charset (HTML meta, XML prolog),
else UTF-8, else charset-normalizer's guess. Folders are walked following each symbolic link
once. Whatever cannot be read (a bad file, a bad JSONL line, a loop, an unreadable folder, an
article in a language without a pipeline) becomes a `Skipped` record with a one-line reason,
never a crash and never silence.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from datetime import date as Date
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from kg.errors import KgError
from kg.lexicon import MONTHS, WEEKDAYS
from kg.types import Document, Skipped
from kg.workspace import OUTPUT_LOCK

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
NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|van|von|de|der|da|di|al|bin|and|&))*"
# "By Jane Doe", "By JANE DOE and JOHN ROE, Associated Press", "Posted on June 3, 2024 by John Smith"
BYLINE = re.compile(r"^(?i:(?:posted|published|updated)(?:\s+on)?\s+(?P<posted>[^|]{4,40}?)\s+)?"
                    r"(?i:by|written by|author\s*:)\s+(?P<name>" + NAME + r")(?:\s*[,|–—-]\s*" + NAME + r")?\s*$")
POSTED_LINE = re.compile(r"^(?:posted|published|updated)(?:\s+on)?:?\s+(?P<posted>.{4,40}?)\s*$", re.IGNORECASE)
AUTHOR_LINE = re.compile(r"^\s*(?:author|by|written by)\s*:?\s+(?P<name>[^\d,;:]{3,60}?)\s*$", re.IGNORECASE)
DATELINE = re.compile(
    r"^\s*(?:(?:" + "|".join(WEEKDAYS) + r"),?\s+)?"
    r"(?P<month>" + "|".join(MONTHS) + r")\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\s*$",
    re.IGNORECASE,
)
ISO_DATE = re.compile(r"^\s*(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
# "KYIV, Ukraine (AP) — ", "WASHINGTON (Reuters) - ", "KYIV, June 3 (Reuters) - ", "NEW YORK — "
DATELINE_PREFIX = re.compile(
    r"^\s*(?P<dateline>(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    r"(?:,\s+[A-Z][\w.]*(?:\s+[\w.]+){0,3}?)?\s*(?:\((?P<agency>[^()\n]{2,30})\))?)\s*(?:—|–|--|-)\s+")
DATELINE_LINES = 3  # a dateline opens one of the first lines (after the headline and a date)
TITLE_MAX_CHARACTERS = 200
DEFAULT_LANGUAGE = "en"  # the language of kg's shipped pipeline
LANGUAGE_SAMPLE = 4000  # characters read to tell an article's language
MIN_LETTERS_TO_TELL = 200
ASCII_LETTER = re.compile("[A-Za-z]")
NON_ASCII = re.compile("[^\x00-\x7f]")
MIN_LANGUAGE_CONFIDENCE = 0.9
# Words that make up a fifth of English news and are rare in other languages' text: a text where
# they are ENGLISH_SHARE of the words is English.
ENGLISH_FUNCTION_WORDS = frozenset({"the", "of", "and", "to", "that", "is", "was", "with", "for", "said", "his",
                                    "have", "has", "are", "were", "by", "from", "this", "which", "would"})
ENGLISH_SHARE = 0.12
LANGUAGE_ALIASES = {"wuu": "zh", "yue": "zh", "nb": "no", "nn": "no"}  # py3langid's labels to ISO 639-1
LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fa": "Persian", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ru": "Russian", "sv": "Swedish", "tr": "Turkish",
    "uk": "Ukrainian", "zh": "Chinese",
}
_language_identifier = None  # py3langid's, loaded on first use
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)|[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}")


class InputError(KgError):
    """Nothing could be read from the inputs; the message is one line."""


def read(paths: Iterable[str | Path], *, languages: Collection[str] | None = None,
         ) -> tuple[list[Document], list[Skipped]]:
    """All documents under the given files and folders, in a stable order, and what was skipped.

    With `languages` (ISO 639-1 codes of the configured pipelines), an article in another
    language is skipped, saying which language it is in.
    """
    documents: list[Document] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for path in _expand(paths, skipped):
        for item in _read_file(path):
            if isinstance(item, Document) and languages is not None and item.language not in languages:
                item = Skipped(item.source, f"written in {language_name(item.language)}, which has no spaCy "
                                            f"pipeline configured (give it one in kg.toml, e.g. "
                                            f"models.{item.language} = \"{item.language}_core_news_sm\")")
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
            found = len(skipped)
            files = sorted(_walk(path, skipped, visited=set()))
            if not files and len(skipped) == found:
                skipped.append(Skipped(str(path), "folder holds no articles (.txt, .md, .html, .jsonl)"))
            yield from files
        elif path.is_file():
            yield path
        elif path.is_symlink():
            skipped.append(Skipped(str(path), "broken symbolic link"))
        elif path.exists():
            skipped.append(Skipped(str(path), "not a regular file or folder"))
        else:
            skipped.append(Skipped(str(path), "no such file or folder"))


def _walk(folder: Path, skipped: list[Skipped], visited: set[tuple[int, int]],
          ancestors: tuple[tuple[int, int], ...] = ()) -> Iterator[Path]:
    """Article files under `folder`, following each symbolic link to a folder once; hidden names,
    kg's own output folders, loops, unreadable folders and odd files are reported, not read."""
    try:
        status = folder.stat()
    except OSError as error:
        skipped.append(Skipped(str(folder), f"cannot read folder: {error.strerror or error}"))
        return
    identity = (status.st_dev, status.st_ino)
    if identity in ancestors:
        skipped.append(Skipped(str(folder), f"symbolic link loop (back to {folder.resolve()}), not followed"))
        return
    if identity in visited:
        skipped.append(Skipped(str(folder), f"same folder as {folder.resolve()}, read once"))
        return
    visited.add(identity)
    try:
        entries = list(os.scandir(folder))
    except OSError as error:
        skipped.append(Skipped(str(folder), f"cannot read folder: {error.strerror or error}"))
        return
    if any(entry.name == OUTPUT_LOCK for entry in entries):
        skipped.append(Skipped(str(folder), "kg's output folder (it holds graph.html of a build), not read as input"))
        return
    # Real folders before links to folders, so a file is named by its own path where it can be.
    entries.sort(key=lambda entry: (entry.is_symlink(), entry.name))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError as error:
            skipped.append(Skipped(str(path), f"cannot read: {error.strerror or error}"))
            continue
        if is_dir:
            yield from _walk(path, skipped, visited, (*ancestors, identity))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        elif is_file:
            yield path
        elif entry.is_symlink() and not path.exists():
            skipped.append(Skipped(str(path), "broken symbolic link"))
        else:
            skipped.append(Skipped(str(path), "not a regular file (a pipe, socket or device)"))


def _read_file(path: Path) -> Iterator[Document | Skipped]:
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Skipped(source, f"unsupported file type {suffix or '(none)'}: kg reads .txt, .md, .html, .jsonl")
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Skipped(source, f"cannot read: {error.strerror or error}")
        return
    if not data.strip():
        yield Skipped(source, "empty file")
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(data, source)
        return
    text = decode(data, html=suffix in HTML_SUFFIXES)
    if text is None:
        yield Skipped(source, "binary file, not text")
    elif suffix in HTML_SUFFIXES:
        body, title, date, author, url = _html_text(text)
        yield _document(body, source=source, title=title, date=date, author=author, url=url)
    else:
        yield _document(_markdown_to_text(text) if suffix != ".txt" else text, source=source)


# Byte order marks, longest first: UTF-32's begin with UTF-16's.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*(?P<html>[A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["'](?P<xml>[A-Za-z0-9._:-]+)""",
    re.IGNORECASE)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do the pages that declare them.
WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "cp819",
                       "iso_8859-1", "windows-1252", "cp1252", "x-cp1252"}


def decode(data: bytes, *, html: bool = False) -> str | None:
    """Text of `data`: by its byte order mark, else its declared charset (HTML meta or XML prolog),
    else UTF-8, else the best guess of charset-normalizer (Latin-script guesses read as windows-1252,
    what browsers do). None for binary data."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            with contextlib.suppress(UnicodeDecodeError):
                return data[len(bom):].decode(encoding)
    if b"\x00" in data[:8192]:
        return None
    declared = DECLARED_CHARSET.search(data[:4096]) if html or data.lstrip().startswith(b"<?xml") else None
    if declared:
        label = (declared["html"] or declared["xml"]).decode("ascii").lower()
        if label in WINDOWS_1252_LABELS:
            return _windows_1252(data)
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            return data.decode(label)
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8")
    import charset_normalizer  # imported here: only files that are not UTF-8 need it

    guess = charset_normalizer.from_bytes(data[:65536]).best()
    if guess is None:
        return None
    text = data.decode(guess.encoding, errors="replace")
    letters = [char for char in text if ord(char) > 127 and char.isalpha()]
    latin = sum(1 for char in letters if unicodedata.name(char, "").startswith("LATIN"))
    return _windows_1252(data) if latin * 2 >= len(letters) else text


def _windows_1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined: ISO-8859-1's control characters
        return data.decode("latin-1")


def _read_jsonl(data: bytes, source: str) -> Iterator[Document | Skipped]:
    """Each line of a feed on its own: a bad line (bytes, JSON or fields) costs that line only."""
    for number, raw_line in enumerate(data.splitlines(), start=1):
        if not raw_line.strip():
            continue
        where = f"{source}:{number}"
        try:
            line = raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            yield Skipped(where, f"not UTF-8 text (byte 0x{raw_line[error.start]:02x} at column {error.start + 1})")
            continue
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


XML_PROLOG = re.compile(r"^\s*<\?xml[^>]*>")


def _html_text(html: str) -> tuple[str, str | None, str | None, str | None, str | None]:
    """Main text of an HTML page, with title, date, author and url when the page gives them."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it
    from lxml import html as lxml_html

    # huge_tree lifts libxml2's limits (elements nested past 255 levels would lose the body).
    parser = lxml_html.HTMLParser(huge_tree=True, remove_comments=True)
    try:
        # lxml refuses a str that still declares an encoding; the text is decoded already.
        tree = lxml_html.fromstring(XML_PROLOG.sub("", html, count=1), parser=parser)
        extracted = trafilatura.bare_extraction(tree, favor_recall=True, with_metadata=True, include_comments=False)
    except Exception:  # lxml and trafilatura/htmldate raise many types on malformed markup; fall back below
        extracted = None
    if extracted is not None:
        result = extracted if isinstance(extracted, dict) else extracted.as_dict()
        body = result.get("text") or ""
        title = result.get("title")
        if body.strip():
            if title and not body.lstrip().startswith(title):
                body = f"{title}\n\n{body}"
            return body, title, result.get("date"), result.get("author"), result.get("url")
    # trafilatura found no main text: keep all visible text, read by a tokenizer that builds no tree
    # (so it has no depth limit: libxml2 stops at 2,048 levels even with huge_tree)
    return _visible_text(html), None, None, None, None


class _VisibleText(HTMLParser):
    """The text of a page outside script, style, noscript and template, a line break at each block."""

    HIDDEN = {"script", "style", "noscript", "template"}
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _visible_text(html: str) -> str:
    reader = _VisibleText()
    try:
        reader.feed(html)
        reader.close()
    except Exception:  # the tokenizer is lenient; whatever it still trips on, keep what was read
        pass
    return "".join(reader.parts)


def _markdown_to_text(text: str) -> str:
    lines = [MARKDOWN_MARKUP.sub("", MARKDOWN_LINK.sub(r"\1", line)) for line in text.splitlines()]
    return "\n".join(lines)


def _document(raw: str, *, source: str, title: str | None = None, date: str | None = None,
              url: str | None = None, author: str | None = None) -> Document | Skipped:
    cleaned = _clean(raw)
    if not cleaned.text:
        return Skipped(source, "no article text after removing boilerplate")
    # The dateline is blanked, not cut: the text keeps its length, so what the parser reads and
    # every offset into Document.text are those of the article as cleaned.
    body, dateline = _blank_dateline(cleaned.text)
    if not body.strip():
        return Skipped(source, "no article text after removing boilerplate")
    return Document(
        id=document_id(body),
        text=body,
        title=capped_title(title or _first_line([line.strip() for line in body.split("\n")])),
        date=normalise_date(date) or cleaned.date,
        author=author or cleaned.author,
        url=url,
        source=source,
        language=detect_language(body),
        dateline=dateline,
        byline=cleaned.byline,
    )


class _Cleaned(NamedTuple):
    text: str
    title: str
    date: str | None
    author: str | None
    byline: str | None


def clean(raw: str) -> tuple[str, str, str | None, str | None]:
    """Cleaned text, title (first line), dateline date (ISO) and author of an article's text."""
    return _clean(raw)[:4]


def _clean(raw: str) -> _Cleaned:
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = CONTROL_CHARS.sub(" ", text).replace("\u00a0", " ").replace("\ufffd", " ")
    kept: list[str] = []
    date = author = byline = None
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
        if match := BYLINE.match(stripped) or AUTHOR_LINE.match(stripped):
            author = author or match.group("name").strip()
            byline = byline or stripped
            if date is None and match.groupdict().get("posted"):
                date = _dateline(match["posted"])
            continue
        if date is None and (match := POSTED_LINE.match(stripped)) and (found := _dateline(match["posted"])):
            date = found
            byline = byline or stripped
            continue
        if author and stripped.startswith(author) and re.search(r"\b(follow|is an? |is the )", stripped):
            continue  # the author's bio
        if stripped == _first_line(kept) and not any(kept[1:]):
            continue  # a headline repeated right under itself
        kept.append(stripped)
    while kept and not kept[-1]:
        kept.pop()
    return _Cleaned("\n".join(kept), _first_line(kept), date, author, byline)


def _blank_dateline(text: str) -> tuple[str, str | None]:
    """The text with the dateline that opens its first paragraphs ("KYIV, Ukraine (AP) — ") turned to
    spaces, and that dateline ("KYIV, Ukraine (AP)"); or the text as it is and None."""
    offset = 0
    for number, line in enumerate(text.split("\n")):
        if number >= DATELINE_LINES:
            break
        match = DATELINE_PREFIX.match(line)
        if match and (match["agency"] or (match["place"].isupper() and len(match["place"]) >= 3)):
            end = offset + match.end()
            return text[:offset] + " " * match.end() + text[end:], match["dateline"].strip()
        offset += len(line) + 1
    return text, None


def capped_title(title: str) -> str:
    """The title, cut at a word before TITLE_MAX_CHARACTERS (a page without line breaks has its whole
    text as first line)."""
    title = title.strip()
    if len(title) <= TITLE_MAX_CHARACTERS:
        return title
    cut = title.rfind(" ", 0, TITLE_MAX_CHARACTERS)
    return title[: cut if cut > TITLE_MAX_CHARACTERS // 2 else TITLE_MAX_CHARACTERS].rstrip() + "…"


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid, on its first LANGUAGE_SAMPLE characters).

    A text in Latin script too short to tell, or told with low confidence, counts as DEFAULT_LANGUAGE:
    names and numbers make short English look like anything, and such an article must not be lost.
    """
    global _language_identifier
    sample = text[:LANGUAGE_SAMPLE]
    # Letters, and those in Latin script, counted by regular expressions: a loop over the characters
    # cost more than the rest of reading an article. ASCII letters are A-Z and a-z; the others are few.
    ascii_letters = len(ASCII_LETTER.findall(sample))
    others = [char for char in NON_ASCII.findall(sample) if char.isalpha()]
    letters = ascii_letters + len(others)
    if not letters:
        return DEFAULT_LANGUAGE
    latin = ascii_letters + sum(1 for char in others if unicodedata.name(char, "").startswith("LATIN"))
    if latin * 2 >= letters and letters < MIN_LETTERS_TO_TELL:
        return DEFAULT_LANGUAGE
    words = re.findall(r"[a-z]+", sample.lower())
    if words and sum(word in ENGLISH_FUNCTION_WORDS for word in words) >= ENGLISH_SHARE * len(words):
        return "en"  # plainly English: no need to load the model (a second or more per build)
    if _language_identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier  # its model loads in about a second

        _language_identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    language, probability = _language_identifier.classify(sample)
    language = LANGUAGE_ALIASES.get(language, language)
    if latin * 2 >= letters and probability < MIN_LANGUAGE_CONFIDENCE:
        return DEFAULT_LANGUAGE
    return language


def language_name(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else f"language {code!r}"


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
