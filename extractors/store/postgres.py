"""The PostgreSQL store: the same tables and upserts as SQLite, searched with a tsvector.

Search uses the ``simple`` text configuration (lower-cased words, no stemming, no stop
words), like SQLite's FTS5 tokenizer: articles come in many languages, and a query finds
the same articles on either backend.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import psycopg

from extractors.store.base import Store, StoreError

_SEARCH_SCHEMA = (
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', coalesce(headline, '') || ' ' || coalesce(body, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS articles_search ON articles USING GIN (search)",
)
# websearch_to_tsquery reads words and "quoted phrases" as the SQLite store does.
_SEARCH = """
SELECT a.id, a.headline, a.url,
       ts_headline('simple', coalesce(a.body, ''), q.query,
                   'StartSel=[, StopSel=], MinWords=8, MaxWords=16')
FROM articles a, websearch_to_tsquery('simple', ?) AS q(query)
WHERE a.search @@ q.query
ORDER BY ts_rank(a.search, q.query) DESC, a.seq
LIMIT ?
"""


class PostgresStore(Store):
    SEQ_COLUMN = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"  # an upsert keeps it
    SEARCH_SCHEMA = _SEARCH_SCHEMA
    SEARCH = _SEARCH
    # Two processes creating the tables at once would collide in the catalog: take turns.
    SCHEMA_LOCK = ("SELECT pg_advisory_xact_lock(7347387)",)

    def __init__(self, dsn: str) -> None:
        super().__init__()
        # Autocommit: transactions are the explicit ones of Store.transaction.
        try:
            self._db = psycopg.connect(dsn, autocommit=True)
        except psycopg.OperationalError as exc:  # the DSN may hold a password: not repeated
            raise StoreError(f"cannot connect to PostgreSQL: {exc}") from exc
        self._create_schema()

    def _run(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        cursor = self._db.execute(_placeholders(sql), params)
        return cursor.fetchall() if cursor.description else []

    def _run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        with self._db.cursor() as cursor:
            cursor.executemany(_placeholders(sql), rows)

    def _stream(self, sql: str) -> Iterator[tuple[Any, ...]]:
        with self._db.cursor() as cursor:
            yield from cursor.stream(_placeholders(sql))

    def close(self) -> None:
        self._db.close()


def _placeholders(sql: str) -> str:
    """The shared SQL's ``?`` placeholders as psycopg's ``%s`` (the SQL has no other ?)."""
    return sql.replace("?", "%s")
