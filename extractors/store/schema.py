"""The store's tables, and how a record becomes a row: one schema for every backend.

Each table keeps the whole record as JSON text (``record``), exactly as ``copydesk
extract`` writes it, so an export gives the records back unchanged; the other columns are
copies of a few fields for lookups and search. Rows are keyed by the records' stable
``id``, so storing a record again updates its row instead of adding one. ``seq`` numbers
rows in the order they were first stored (an update keeps it): exports follow it.

The SQL here is written once, with ``?`` placeholders and ``{seq}`` for the one column type
the backends spell differently; ``INSERT ... ON CONFLICT (id) DO UPDATE`` means the same
in SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from extractors.records import stable_id

Row = tuple[object, ...]


@dataclass(frozen=True)
class Table:
    """A table: its columns (``id`` first) and, per column, the record field it copies."""

    name: str
    fields: Mapping[str, str]  # column -> record field ("" for the computed ones)
    on_conflict: str  # what storing a known id again does

    @property
    def columns(self) -> tuple[str, ...]:
        return ("id", *self.fields, "record")

    def create(self, seq: str) -> str:
        typed = dict.fromkeys(self.columns, "TEXT")
        typed.update({"id": "TEXT NOT NULL UNIQUE", "position": "INTEGER"})
        body = ", ".join(f"{c} {typed[c]}" for c in self.columns)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (seq {seq}, {body})"

    def upsert(self) -> str:
        marks = ", ".join("?" for _ in self.columns)
        return (
            f"INSERT INTO {self.name} ({', '.join(self.columns)}) VALUES ({marks}) "
            f"ON CONFLICT (id) DO {self.on_conflict}"
        )


def _update_all(columns: Sequence[str]) -> str:
    return "UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in columns)


_ARTICLE_FIELDS = {
    "url": "url",
    "canonical_url": "canonicalUrl",
    "headline": "headline",
    "date_published": "datePublished",
    "in_language": "inLanguage",
    "site_name": "siteName",
    "source": "source",
    "body": "articleBody",
}
_COMMENT_FIELDS = {
    "article_id": "articleId",
    "parent_id": "parentId",
    "position": "position",
    "author": "author",
    "date_published": "datePublished",
    "source": "source",
}
_ERROR_FIELDS = {"source": "source", "stage": "stage", "error": "error", "message": "message"}

# A re-crawl updates an article and its known comments (text edited, votes counted) and
# adds new comments; rows are never deleted, so comments a later page no longer shows stay.
ARTICLES = Table("articles", _ARTICLE_FIELDS, _update_all([*_ARTICLE_FIELDS, "record"]))
COMMENTS = Table("comments", _COMMENT_FIELDS, _update_all([*_COMMENT_FIELDS, "record"]))
# An error is kept once however often the same input fails the same way.
ERRORS = Table("errors", _ERROR_FIELDS, "NOTHING")
TABLES = {"article": ARTICLES, "comment": COMMENTS, "error": ERRORS}

INDEXES = (
    "CREATE INDEX IF NOT EXISTS articles_url ON articles (url)",
    "CREATE INDEX IF NOT EXISTS articles_date ON articles (date_published)",
    "CREATE INDEX IF NOT EXISTS articles_language ON articles (in_language)",
    "CREATE INDEX IF NOT EXISTS comments_article ON comments (article_id, position)",
)

# Articles in the order first stored, each followed by its comments by position; comments
# of articles not in the store after them (by article id), then errors. Comment rows reuse
# their article's seq, so one ORDER BY gives the whole order.
EXPORT = """
SELECT record FROM (
    SELECT a.seq AS article_seq, a.id AS article_id, 0 AS kind, 0 AS position, a.id AS id,
           a.record AS record
    FROM articles a
    UNION ALL
    SELECT a.seq, c.article_id, 1, c.position, c.id, c.record
    FROM comments c LEFT JOIN articles a ON a.id = c.article_id
) AS ordered
ORDER BY article_seq NULLS LAST, article_id, kind, position, id
"""
EXPORT_ERRORS = "SELECT record FROM errors ORDER BY seq"
COUNTS = (
    "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM comments), "
    "(SELECT COUNT(*) FROM errors)"
)


def table_of(record: Mapping[str, Any]) -> Table:
    try:
        return TABLES[record["type"]]
    except KeyError:
        raise ValueError(f"not a copydesk record: type {record.get('type')!r}") from None


def row_of(record: Mapping[str, Any]) -> Row:
    """The row of ``record`` in its table, in ``table.columns`` order."""
    table = table_of(record)
    if table is ERRORS:
        parts = (record.get(f) for f in ("source", "stage", "error", "message"))
        key: object = stable_id("error", *(None if p is None else str(p) for p in parts))
    else:
        key = record.get("id")
        if not key:
            raise ValueError(f"{record['type']} record without an id: {record.get('source')!r}")
    values = [_column_value(record.get(f)) for f in table.fields.values()]
    return (key, *values, json.dumps(record, ensure_ascii=False))


def _column_value(value: object) -> object:
    # PostgreSQL text cannot hold NUL; the record JSON keeps it (escaped) either way.
    return value.replace("\x00", "") if isinstance(value, str) else value
