"""Turning dates as pages write them into ISO 8601."""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta

from dateutil import parser as date_parser

_HAS_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_HAS_TIME = re.compile(r"\d:\d\d")
# Two defaults that differ in every date field: a text that parses to the same date under
# both states its day, month and year itself.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))
_MAX_DATE_CHARS = 80


def parse_date(text: str) -> str | None:
    """ISO 8601 for a date written on a page, or None when ``text`` is not a date.

    Only a text that states day, month and year is taken, so "Monday", "July 2020" or
    "5 pm" give None: a date we would have to complete is not a date. A date without
    a time gives ``YYYY-MM-DD``; with a time, the full timestamp (with its offset if any).

    >>> parse_date("August 21, 2019")
    '2019-08-21'
    >>> parse_date("2020-03-24T17:12:00+00:00")
    '2020-03-24T17:12:00+00:00'
    >>> parse_date("by the editors") is None
    True
    """
    text = text.strip()
    if not text or len(text) > _MAX_DATE_CHARS or not _HAS_YEAR.search(text):
        return None
    try:
        with warnings.catch_warnings():
            # "EST"-style zone names: dateutil warns and returns the local time unzoned,
            # which is the best a page that names no offset lets us say.
            warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
            parsed, check = (date_parser.parse(text, default=default) for default in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if parsed.date() != check.date():
        return None
    if _HAS_TIME.search(text):
        return parsed.isoformat()
    return parsed.date().isoformat()


_RELATIVE = re.compile(
    r"^(?:(?P<count>\d+|an?|one)\s+(?P<unit>second|minute|hour|day|week|month|year)s?\s+ago"
    r"|(?P<word>just now|today|yesterday))$",
    re.IGNORECASE,
)
_UNIT_DAYS = {"week": 7, "month": 30, "year": 365}  # months and years: approximate, by design
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def resolve_relative_date(text: str, fetched_at: str | None) -> str | None:
    """ISO 8601 for "3 days ago", "an hour ago", "yesterday", counted back from ``fetched_at``.

    Without a fetch time there is nothing to count from, and the result is None. Seconds to
    days keep the time of day; weeks and longer give a date only, since "2 months ago" is
    not precise to the day anyway.

    >>> resolve_relative_date("3 days ago", "2020-11-26T18:00:00+00:00")
    '2020-11-23T18:00:00+00:00'
    >>> resolve_relative_date("2 weeks ago", "2020-11-26T18:00:00+00:00")
    '2020-11-12'
    >>> resolve_relative_date("3 days ago", None) is None
    True
    """
    found = _RELATIVE.match(text.strip())
    if found is None or not fetched_at:
        return None
    try:
        now = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    word = (found.group("word") or "").lower()
    if word:
        back = {"just now": timedelta(0), "today": timedelta(0), "yesterday": timedelta(days=1)}
        return (now - back[word]).date().isoformat() if word != "just now" else now.isoformat()
    count_text = found.group("count").lower()
    count = 1 if count_text in {"a", "an", "one"} else int(count_text)
    unit = found.group("unit").lower()
    if unit in _UNIT_SECONDS:
        return (now - timedelta(seconds=count * _UNIT_SECONDS[unit])).isoformat()
    return (now - timedelta(days=count * _UNIT_DAYS[unit])).date().isoformat()
