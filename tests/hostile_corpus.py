"""A corpus folder as a hostile user's disk holds it, made fresh by the tests that read it.

Every English article in it is a good article that kg must read; everything else must give one
line saying what was skipped and why. `GOOD` maps each good article's file (or JSONL line) to a
phrase its cleaned text holds; `SKIPPED` maps each path that must be reported to a word of its reason.
"""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

from bench.long_article import SENTENCES, one_line_article

ENGLISH = {
    "latin1.txt": "Norway’s café owners in Tromsø said the government authorized Kyiv to strike targets in "
                  "Russia. Finland followed on Friday, officials said.",
    "cp1252.html": "Zelensky thanked Norway for the “decision” on Thursday — a step the Kremlin condemned.",
    "utf16.txt": "The Pentagon confirmed that Ukraine used American rockets near Kharkiv on Sunday.",
    "utf32.txt": "Stoltenberg urged NATO allies to lift the limits on the weapons they send to Ukraine.",
    "xml-prolog.html": "Macron told reporters in Paris that France had trained Ukrainian pilots.",
    "deep.html": "Blinken said the United States would keep sending air defence systems to Kyiv.",
    "linked-folder-target/inside.txt": "Sweden announced a new package of armoured vehicles for Ukraine.",
}
FEED_LINES = [
    "Germany said it would send more Patriot missiles to Ukraine.",
    "Poland closed its airspace after a Russian drone crossed the border.",
]
RUSSIAN = "Путин заявил в пятницу, что Россия не будет вести переговоры с Киевом, пока продолжаются удары. " * 3
CHINESE = "中国外交部发言人周五表示，北京呼吁各方保持克制，通过对话解决乌克兰危机。中方愿意继续发挥建设性作用。" * 3
def write(folder: Path, *, unreadable: bool = True, long_characters: int = 200_000,
          ) -> tuple[dict[str, str], dict[str, str]]:
    """Write the hostile corpus into `folder`; returns (GOOD, SKIPPED) for it: the good articles' sources
    (relative to `folder`) with a phrase of their text, and the paths to report with a word of the reason."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "latin1.txt").write_bytes(ENGLISH["latin1.txt"].replace("’", "'").encode("latin-1"))
    (folder / "cp1252.html").write_bytes(
        ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
         f"<title>Thanks</title></head><body><article><p>{ENGLISH['cp1252.html']}</p></article></body></html>")
        .encode("cp1252"))
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + ENGLISH["utf16.txt"].encode("utf-16-le"))
    (folder / "utf32.txt").write_bytes(codecs.BOM_UTF32_BE + ENGLISH["utf32.txt"].encode("utf-32-be"))
    (folder / "xml-prolog.html").write_bytes(
        ('<?xml version="1.0" encoding="ISO-8859-15"?><html><body><article><p>'
         f"{ENGLISH['xml-prolog.html']} Prix: 5 €.</p></article></body></html>").encode("iso-8859-15"))
    depth = 300
    (folder / "deep.html").write_text(
        "<html><head><title>Deep</title></head><body>" + "<div>" * depth
        + f"<p>{ENGLISH['deep.html']}</p>" + "</div>" * depth + "</body></html>", encoding="utf-8")
    lines = [json.dumps({"title": f"Feed {n}", "text": text}).encode("utf-8") for n, text in enumerate(FEED_LINES)]
    lines.insert(1, json.dumps({"title": "Bad byte", "text": "Kiev est la capitale"}).encode("utf-8")
                 .replace(b"capitale", "capitale à Genève".encode("latin-1")))
    (folder / "feed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / "russian.txt").write_text(RUSSIAN, encoding="utf-8")
    (folder / "chinese.txt").write_text(CHINESE, encoding="utf-8")
    (folder / "long.txt").write_text(one_line_article(long_characters), encoding="utf-8")
    target = folder / "linked-folder-target"
    target.mkdir(exist_ok=True)
    (target / "inside.txt").write_text(ENGLISH["linked-folder-target/inside.txt"], encoding="utf-8")
    os.symlink(target, folder / "linked-folder")  # the same folder again: read once
    os.symlink(folder, target / "loop")  # back to the top: a loop
    os.symlink(folder / "missing.txt", folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")  # reading it would block for ever
    skipped = {
        "feed.jsonl:2": "not UTF-8",
        "russian.txt": "Russian",
        "chinese.txt": "Chinese",
        "dangling.txt": "broken symbolic link",
        "pipe.txt": "not a regular file",
    }
    if unreadable:
        locked = folder / "locked"
        locked.mkdir()
        (locked / "secret.txt").write_text("Nobody can read this article.", encoding="utf-8")
        locked.chmod(0)  # unreadable for a process without CAP_DAC_OVERRIDE (see `unprivileged`)
        skipped["locked"] = "cannot read folder"
    good = {name: text.split(".")[0].replace("’", "'") for name, text in ENGLISH.items()}
    good.update({f"feed.jsonl:{1 if n == 0 else 3}": text.split(".")[0] for n, text in enumerate(FEED_LINES)})
    good["long.txt"] = SENTENCES.split(",")[0]
    return good, skipped


def unprivileged(command: list[str]) -> list[str]:
    """`command` run without the capabilities that let root read any folder (so chmod 000 holds)."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *command]
