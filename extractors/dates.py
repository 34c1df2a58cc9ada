"""Turning dates as pages write them into ISO 8601."""

from __future__ import annotations

import re
import warnings
from datetime import datetime

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
