"""When a fact happened, as dates the page can filter on: its articles' dates and its own time.

A fact's time is written as the article wrote it ("on May 2, 1783", "in March 2019", "by the late
1980s", "on Thursday"); the absolute ones become a span of days, the relative ones are left to the
article's date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable

from kg.lexicon import MONTHS

_MONTH = r"(?P<month>" + "|".join(MONTHS) + r")"
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
# Most specific first: a day, a month, a decade, a year.
TIME_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<month_number>\d\d)-(?P<day>\d\d)\b"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b", re.IGNORECASE),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    re.compile(_MONTH + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    re.compile(r"\b" + _YEAR + r"'?s\b"),
    re.compile(r"\b" + _YEAR + r"\b"),
)


def time_span(text: str) -> tuple[str, str] | None:
    """The first and last ISO day `text` names, or None if it names no year."""
    for pattern in TIME_PATTERNS:
        match = pattern.search(text or "")
        if not match:
            continue
        found = match.groupdict()
        year = int(found["year"])
        if found.get("month_number"):
            month = int(found["month_number"])
        elif found.get("month"):
            month = MONTHS.index(found["month"].lower()) + 1
        else:
            last = year + 9 if text[match.end() - 1] == "s" and year % 10 == 0 else year
            return f"{year:04d}-01-01", f"{last:04d}-12-31"
        if not 1 <= month <= 12:
            continue
        days = calendar.monthrange(year, month)[1]
        if found.get("day"):
            day = int(found["day"])
            if not 1 <= day <= days:
                continue
            return (f"{year:04d}-{month:02d}-{day:02d}",) * 2
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{days:02d}"
    return None


def fact_dates(time: str, article_dates: Iterable[str]) -> list[list[str]]:
    """The spans of days a fact belongs to: the time it gives, and the dates of its articles."""
    spans = {(date, date) for date in article_dates if re.fullmatch(r"\d{4}-\d\d-\d\d", date or "")}
    span = time_span(time)
    if span:
        spans.add(span)
    return [list(span) for span in sorted(spans)]
