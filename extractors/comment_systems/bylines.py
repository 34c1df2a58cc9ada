"""Names, dates, votes and counts as comment systems print them, taken apart and cleaned.

"Ann says:", "Posted by: Ann | 09/21/2012 at 09:38 PM", "written by Ann, May 5, 2012",
"Ann 12 days ago": a theme prints the name and the date together as often as apart. These
functions split them and trim what is not the name or the date; they only ever look at a
short text or a bounded part of one, so a hostile page cannot make them slow.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

_AUTHOR_HEAD_RE = re.compile(
    r"^(?:\d{1,5}\s*[.)]\s+|#\d{1,5}\s+)?(?:(?:posted|written|submitted|comment)\s+by\s*:?\s*"
    r"|by\s+|from\s*:\s*)?",
    re.IGNORECASE,
)
_AUTHOR_TAIL_RE = re.compile(
    r"\s*(?:(?:says|said|wrote|writes|dice|dijo|a\s+dit|schreibt|scrive)\s*(?::|\.\.\.|…)?"
    r"|[-–—|:,»]|\bon|\bposted|\(not\s+verified\))\s*$",
    re.IGNORECASE,
)
_DATE_TRIM = " \t\n/|\u00b7\u2022\u2013\u2014-,@.»"
_DATE_HEAD_RE = re.compile(
    r"^(?:(?:posted|published|written|submitted|added)\s+)?(?:on|at)\s+", re.IGNORECASE
)
_DATE_TAIL_RE = re.compile(r"\s+[-–—|]\s+\d+\s+\w+\s+ago$|\s*\(#?\d+\)$", re.IGNORECASE)
_MAX_AUTHOR_CHARS = 80


def clean_author(text: str) -> str | None:
    """A commenter's name without "says:", "by", numbering and separators around it."""
    text = " ".join(text.split())
    if len(text) > _MAX_AUTHOR_CHARS * 3:
        return None
    text = _AUTHOR_HEAD_RE.sub("", text, count=1)
    for _ in range(3):  # "Ann says: -" : a tail can follow a tail
        text = _AUTHOR_TAIL_RE.sub("", text).strip()
    if not text or len(text) > _MAX_AUTHOR_CHARS:
        return None
    return text


def clean_date(text: str) -> str | None:
    """A date as printed, trimmed; None for a text too long to be only a date."""
    text = " ".join(text.split()).strip(_DATE_TRIM)
    text = _DATE_TAIL_RE.sub("", _DATE_HEAD_RE.sub("", text)).strip(_DATE_TRIM)
    if len(text) > MAX_DATE_CHARS:
        return None
    return text or None


def nonempty(text: str) -> str | None:
    return text or None


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_LIKE_RE = re.compile(
    rf"""(?:
        \b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:\d{{4}}|at\b)   # August 9th, 2012
        | \b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{4}}      # 9 August 2012
        | \b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b                   # 09/08/2012, 2012-08-09
        | \b\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b
        | \b(?:just\s+now|yesterday|today)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
MAX_DATE_CHARS = 80


def mostly_date(text: str) -> bool:
    """Whether a short text is a date and little else ("Posted on May 5, 2012 at 3:12 pm")."""
    found = _DATE_LIKE_RE.search(text) if len(text) <= MAX_DATE_CHARS else None
    return found is not None and len(text) - (found.end() - found.start()) <= _MAX_DATE_REST


_MAX_DATE_REST = 30


def looks_like_date(text: str) -> bool:
    """Whether a short text holds a date as pages print them ("August 9th, 2012 at 8:38 am",
    "09/21/2012", "3 days ago"); long texts never do (a sentence may mention a date)."""
    return len(text) <= MAX_DATE_CHARS and _DATE_LIKE_RE.search(text) is not None


_BYLINE_HEAD_RE = re.compile(
    r"^(?:.{0,40}?\b(?:posted|written|submitted|comment(?:ed)?)\s+)?by\b\s*:?\s*", re.IGNORECASE
)
_BYLINE_COMMA_RE = re.compile(r",\s+")
_BYLINE_SPLIT_RE = re.compile(r"\s+(?:\||at|on|@|-|–|—|·|»)\s+", re.IGNORECASE)


def split_byline(line: str) -> tuple[str | None, str | None]:
    """(author, date) of a byline: "Posted by: Ann | May 5, 2012", "May 5, 2012 | Ann".

    >>> split_byline("Comment #1 - Posted by: Matt at November 10, 2012  5:39 PM")
    ('Matt', 'November 10, 2012 5:39 PM')
    """
    line = _BYLINE_HEAD_RE.sub("", " ".join(line.split()), count=1)
    parts = _BYLINE_SPLIT_RE.split(line, maxsplit=1)
    if len(parts) == 1 and not _DATE_LIKE_RE.match(line):  # "mike, October 19, 2012"
        parts = _BYLINE_COMMA_RE.split(line, maxsplit=1)
    if len(parts) == 1:
        if looks_like_date(line):
            return None, clean_date(line)
        return clean_author(line), None
    first, second = parts
    if looks_like_date(first) and not looks_like_date(second):
        first, second = second, first
    return clean_author(first), clean_date(second)


_NOT_A_NAME_RE = re.compile(
    r"^(?:posted|published|written|submitted|added|reply|permalink|link|edit|quote|#|\d+|on|at"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\W*$",
    re.IGNORECASE,
)
_MAX_NAME_CHARS = 60


def name_beside(text: str) -> str | None:
    """The commenter's name printed beside a date ("Ann —", "by Ann on"), if what is left
    beside the date reads as one."""
    name = clean_author(text)
    if name is None or len(name) > _MAX_NAME_CHARS or _NOT_A_NAME_RE.match(name):
        return None
    return name


_BY_RE = re.compile(r"\bby\b", re.IGNORECASE)


def untangle(author: str | None, date: str | None) -> tuple[str | None, str | None]:
    """A name and a date a theme printed in one element, taken apart.

    >>> untangle(None, "written by mike, October 19, 2012")
    ('mike', 'October 19, 2012')
    >>> untangle("Miles Taylor 12 days ago", None)
    ('Miles Taylor', '12 days ago')
    >>> untangle("Jack Friday", "Jack Friday November 6th, 2012 10:11 am")
    ('Jack Friday', 'November 6th, 2012 10:11 am')
    """
    if author is None and date and _BY_RE.search(date):
        return split_byline(date)
    if author and date and author != date:
        if author in date:  # "by Ann » May 5, 2012" as the date, "Ann" as the name
            return author, clean_date(date.split(author, 1)[1]) or date
        if date in author:  # "Ann on May 5, 2012" as the name
            return name_beside(author.split(date, 1)[0]) or author, date
    text = date if author is None else author if date is None else None
    found = _DATE_LIKE_RE.search(text) if text else None
    if text is None or found is None or found.start() == 0:
        return author, date
    name = name_beside(text[: found.start()])
    if name is None:
        return author, date
    return name, clean_date(text[found.start() :])


_VOTES_RE = re.compile(
    r"^[(\[]?([+-]?\d+(?:[.,]\d+)?)\s*([kKmM]?)(?:\s*(?:points?|pts|votes?))?[)\]]?$"
)


def to_int(value: str) -> int | None:
    """A vote or count as widgets print it: "12", "-3", "+4", "1.2K", "(7)"."""
    match = _VOTES_RE.match(value.strip().replace("\u2212", "-"))
    if not match:
        return None
    number, suffix = match.group(1), match.group(2).lower()
    if not suffix:
        return int(re.sub(r"[.,]", "", number))
    return round(float(number.replace(",", ".")) * (1_000 if suffix == "k" else 1_000_000))


# --- counts ("16 Responses to ...") ----------------------------------------------------
_COUNT_WORDS = (
    r"comments?|responses?|repl(?:y|ies)|thoughts?|reactions?|kommentare?|commentaires?"
    r"|comentarios?|commenti|reacties"
)
_COUNT_RES = (
    re.compile(rf"(\d[\d,.\u00a0 ]*)\s*(?:{_COUNT_WORDS})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_COUNT_WORDS})\s*[(:]\s*(\d[\d,.]*)", re.IGNORECASE),
)
_ONE_NO_RE = re.compile(rf"^\s*(?:there\s+are\s+)?(one|no)\s+(?:{_COUNT_WORDS})\b", re.IGNORECASE)


def count_in(heading: HtmlElement) -> int | None:
    """The number a heading states: "16 Responses", "Comments (18)", "No Comments"."""
    # the first words only: a broken </h2> may swallow the whole list
    text = " ".join(" ".join(heading.itertext()).split())[:120]
    if match := _ONE_NO_RE.match(text):
        return 1 if match.group(1).lower() == "one" else 0
    for pattern in _COUNT_RES:
        if match := pattern.search(text):
            digits = re.sub(r"[^\d]", "", match.group(1))
            return int(digits) if digits else None
    return None
