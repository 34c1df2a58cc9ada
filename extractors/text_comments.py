"""Reader comments in scraped text: where the section starts and how it splits into comments.

Two shapes are recognised, both seen in real scraper output:

* bullet threads, nested by indentation: ``  • Author`` followed by the comment's lines
  indented deeper; a bullet indented further than the one above is a reply to it;
* flat lists under a comment widget's header (``Subscribe / Notify of / 10 Comments``):
  an author line, an optional date line, then the comment's paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.comments import RawComment
from extractors.dates import parse_date
from extractors.rules import Rule, Zone

_BULLET = re.compile(r"^(?P<indent>[ \t]*)[•◦▪●‣∙*]\s+(?P<name>\S.*?)\s*$")
_SAYS = re.compile(r"\s+(?:says|said|wrote)\s*:?\s*$", re.IGNORECASE)
_NOT_A_NAME_END = (".", "!", "?", ":", ";", ",", '"', "”", "…")
_MAX_NAME_WORDS = 5
_MAX_NAME_CHARS = 50
_MIN_THREAD_BULLETS = 2
_MARKER_WINDOW = 6  # a second widget line must follow within this many non-blank lines


@dataclass(frozen=True)
class CommentLine:
    """A surviving line of the comment section, indentation kept."""

    text: str
    number: int


def find_comment_section(lines: Sequence[str], rules: Sequence[Rule]) -> int | None:
    """Index of the first line of the comment section, or None when there is none."""
    starts = [
        start
        for start in (_widget_start(lines, rules), _bullet_thread_start(lines))
        if start is not None
    ]
    return min(starts, default=None)


def _widget_start(lines: Sequence[str], rules: Sequence[Rule]) -> int | None:
    markers = [rule for rule in rules if rule.comment_marker and Zone.COMMENTS in rule.zones]
    filled = [(i, line) for i, line in enumerate(lines) if line.strip()]
    is_marker = [any(rule.matches(line) for rule in markers) for _, line in filled]
    for position, (index, _) in enumerate(filled):
        window = is_marker[position + 1 : position + 1 + _MARKER_WINDOW]
        if is_marker[position] and any(window):
            return index
    return None


def _bullet_thread_start(lines: Sequence[str]) -> int | None:
    starts = [i for i in range(len(lines)) if _opens_bullet_comment(lines, i)]
    return starts[0] if len(starts) >= _MIN_THREAD_BULLETS else None


def _opens_bullet_comment(lines: Sequence[str], index: int) -> bool:
    """A bullet with a name on it whose next non-blank line is indented deeper (or is none)."""
    found = _BULLET.match(lines[index])
    if found is None or not is_name_like(found.group("name")):
        return False
    following = next((line for line in lines[index + 1 :] if line.strip()), None)
    return following is None or _indent(following) > len(found.group("indent"))


def is_name_like(text: str) -> bool:
    """Short, without sentence punctuation at the end: how commenters' names look."""
    text = _SAYS.sub("", text.strip())
    return (
        0 < len(text.split()) <= _MAX_NAME_WORDS
        and len(text) <= _MAX_NAME_CHARS
        and not text.endswith(_NOT_A_NAME_END)
        and not text.replace(" ", "").isdigit()
    )


def parse_comments(lines: Sequence[CommentLine]) -> list[RawComment]:
    """Split the surviving lines of a comment section into comments, in page order."""
    if any(_BULLET.match(line.text) for line in lines):
        return _parse_bullet_thread(lines)
    return _parse_flat_list(lines)


@dataclass
class _Draft:
    """A comment being collected."""

    author: str
    depth: int = 0
    parent_index: int | None = None
    date_raw: str | None = None
    paragraphs: list[str] | None = None

    def add(self, text: str) -> None:
        self.paragraphs = [*(self.paragraphs or []), " ".join(text.split())]

    def finish(self) -> RawComment:
        return RawComment(
            author=self.author,
            text="\n\n".join(self.paragraphs or []),
            depth=self.depth,
            parent_index=self.parent_index,
            date_raw=self.date_raw,
        )


def _parse_bullet_thread(lines: Sequence[CommentLine]) -> list[RawComment]:
    drafts: list[_Draft] = []
    open_bullets: list[tuple[int, int]] = []  # (indent, draft index) of the current ancestry
    for line in lines:
        bullet = _BULLET.match(line.text)
        if bullet is None:
            if drafts:
                _add_line(drafts[-1], line.text)
            continue
        indent = len(bullet.group("indent"))
        while open_bullets and open_bullets[-1][0] >= indent:
            open_bullets.pop()
        parent = open_bullets[-1][1] if open_bullets else None
        drafts.append(_Draft(_author(bullet.group("name")), len(open_bullets), parent))
        open_bullets.append((indent, len(drafts) - 1))
    return [draft.finish() for draft in drafts]


def _parse_flat_list(lines: Sequence[CommentLine]) -> list[RawComment]:
    """Author line, optional date line, paragraphs; the line after an author is always text."""
    drafts: list[_Draft] = []
    expecting_text = False
    for index, line in enumerate(lines):
        text = line.text.strip()
        has_next = index + 1 < len(lines)
        if not expecting_text and has_next and is_name_like(text):
            drafts.append(_Draft(_author(text)))
            expecting_text = True
        elif drafts:
            _add_line(drafts[-1], text)
            expecting_text = False
    return [draft.finish() for draft in drafts]


def _add_line(draft: _Draft, text: str) -> None:
    """A date line right after the author is the comment's date; anything else is text."""
    if draft.paragraphs is None and draft.date_raw is None and parse_date(text):
        draft.date_raw = text.strip()
    else:
        draft.add(text)


def _author(text: str) -> str:
    return " ".join(_SAYS.sub("", text.strip()).split())


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))
