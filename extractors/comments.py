"""Reader comments as found on a page, and their conversion to comment records.

Both finders (``text_comments`` for scraped text, ``comment_systems`` for markup) produce
``RawComment`` lists in page order; ``to_records`` gives them stable ids and parent links.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extractors.dates import parse_date, resolve_relative_date
from extractors.records import Comment, stable_id
from extractors.rules import Rule, RuleKind, Zone


@dataclass(frozen=True)
class RawComment:
    """One comment as found, before it gets ids.

    ``parent_index`` is the index of the parent in the same list (always an earlier one);
    ``text`` holds paragraphs separated by a blank line, UI text already removed.
    """

    author: str | None
    text: str
    depth: int = 0
    parent_index: int | None = None
    date_raw: str | None = None
    date_attr: str | None = None
    upvotes: int | None = None


# "Milan Griffes on September 12, 2018 at 4:47 pm": themes that print name and date as one line
_AUTHOR_WITH_DATE = re.compile(r"^(?P<author>.+?)\s+(?:on|at|[-–|·,])\s+(?P<date>.+)$")


def split_author_date(comment: RawComment) -> RawComment:
    """Move a date that a theme printed into the author line into ``date_raw``."""
    if comment.author is None or comment.date_raw or comment.date_attr:
        return comment
    found = _AUTHOR_WITH_DATE.match(comment.author)
    if found is None or parse_date(found.group("date")) is None:
        return comment
    return replace(comment, author=found.group("author"), date_raw=found.group("date"))


def concatenate(*threads: Sequence[RawComment]) -> list[RawComment]:
    """Several threads as one list in order, parent indexes shifted to stay right."""
    joined: list[RawComment] = []
    for thread in threads:
        offset = len(joined)
        joined.extend(
            comment
            if comment.parent_index is None
            else replace(comment, parent_index=comment.parent_index + offset)
            for comment in thread
        )
    return joined


def to_records(
    raw: Sequence[RawComment],
    *,
    article_id: str,
    source: str,
    fetched_at: str | None = None,
) -> list[Comment]:
    """Comment records for ``raw``, with ids that stay the same on every run.

    ``fetched_at`` (ISO 8601) resolves relative dates such as "3 days ago".

    An id depends on the article, the parent, the author, the date and the text (and on how
    many identical comments came before), not on the position, so that a comment keeps its
    id when new comments appear above it on a later visit.
    """
    ids: list[str] = []
    seen: Counter[tuple[str | None, ...]] = Counter()
    records = []
    for position, comment in enumerate(map(split_author_date, raw)):
        parent_id = ids[comment.parent_index] if comment.parent_index is not None else None
        key = (parent_id, comment.author, comment.date_raw, comment.text)
        seen[key] += 1
        comment_id = stable_id(article_id, *key, seen[key])
        ids.append(comment_id)
        records.append(
            Comment(
                id=comment_id,
                source=source,
                articleId=article_id,
                parentId=parent_id,
                position=position,
                depth=comment.depth,
                author=comment.author or None,
                datePublished=_comment_date(comment, fetched_at),
                text=comment.text or None,
                upvoteCount=comment.upvotes,
            )
        )
    return records


def _comment_date(comment: RawComment, fetched_at: str | None) -> str | None:
    for candidate in (comment.date_attr, comment.date_raw):
        if candidate:
            parsed = parse_date(candidate) or resolve_relative_date(candidate, fetched_at)
            if parsed:
                return parsed
    return None


def clean_comment_texts(
    raw: Sequence[RawComment], rules: Sequence[Rule]
) -> tuple[list[RawComment], Counter[str]]:
    """Comments found in markup, each line of their text through the comment-zone rules.

    Inline tokens go (``strip-inline``), and lines a ``drop-line`` rule matches ("Reply",
    "Report", a lone vote count, a separator glyph); captures and runs are for the article's
    text and do not apply. Returns the comments and how many lines each rule removed.
    """
    usable = [
        rule
        for rule in rules
        if Zone.COMMENTS in rule.zones and rule.kind in {RuleKind.DROP_LINE, RuleKind.STRIP_INLINE}
    ]
    fired: Counter[str] = Counter()
    out = []
    for comment in raw:
        paragraphs = []
        for paragraph in comment.text.split("\n\n"):
            lines = [_clean_line(line, usable, fired) for line in paragraph.split("\n")]
            if kept := [line for line in lines if line]:
                paragraphs.append("\n".join(kept))
        out.append(replace(comment, text="\n\n".join(paragraphs)))
    return out, fired


def _clean_line(line: str, rules: Sequence[Rule], fired: Counter[str]) -> str:
    for rule in rules:
        if rule.kind is RuleKind.STRIP_INLINE and rule.matches(line):
            line = " ".join(rule.remove_tokens(line).split())
            if not line:
                fired[rule.name] += 1
                return ""
        elif rule.kind is RuleKind.DROP_LINE and rule.matches(line):
            fired[rule.name] += 1
            return ""
    return line
