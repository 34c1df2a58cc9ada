"""The embedded store: one SQLite file in WAL mode, searched with FTS5. No server needed.

WAL lets readers (``copydesk search``, an export) work while a crawl writes;
``synchronous=NORMAL`` keeps every committed record through a crash of the process (not
through a power cut), at a fraction of the cost of a sync per commit.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from extractors.store.base import Store, StoreError

# FTS5 over articles' headline and body, kept in step by triggers; the text itself stays in
# ``articles`` (an external-content index), so it is not stored twice.
_SEARCH_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    "headline, body, content='articles', content_rowid='seq')",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts (rowid, headline, body) VALUES (new.seq, new.headline, new.body);"
    " END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE ON articles BEGIN "
    "INSERT INTO articles_fts (articles_fts, rowid, headline, body) "
    "VALUES ('delete', old.seq, old.headline, old.body); "
    "INSERT INTO articles_fts (rowid, headline, body) VALUES (new.seq, new.headline, new.body);"
    " END",
)
_SEARCH = """
SELECT a.id, a.headline, a.url, snippet(articles_fts, -1, '[', ']', '…', 16)
FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
WHERE articles_fts MATCH ?
ORDER BY articles_fts.rank, a.seq
LIMIT ?
"""
_TERM = re.compile(r'"([^"]*)"?|(\S+)')  # a "quoted phrase" (closed or not), or a word


class SqliteStore(Store):
    SEQ_COLUMN = "INTEGER PRIMARY KEY"  # the rowid: an update keeps it
    SEARCH_SCHEMA = _SEARCH_SCHEMA
    SEARCH = _SEARCH
    BEGIN = "BEGIN IMMEDIATE"  # take the write lock first: no upgrade deadlock between writers
    BUSY_SECONDS = 30.0

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        # Autocommit: transactions are the explicit ones of Store.transaction. ``timeout`` is
        # the busy timeout: a writer (two crawls or commands on one store file) waits up to
        # BUSY_SECONDS for the other's lock instead of failing with "database is locked".
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=self.BUSY_SECONDS)
        except sqlite3.Error as exc:  # a missing folder, say
            raise StoreError(f"{self.path}: {exc}") from exc
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._create_schema()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"{self.path}: {exc}") from exc

    def _run(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._db.execute(sql, params).fetchall()

    def _run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self._db.executemany(sql, rows)

    def _stream(self, sql: str) -> Iterator[tuple[Any, ...]]:
        yield from self._db.execute(sql)

    def _match(self, query: str) -> str:
        return fts5_query(query)

    def close(self) -> None:
        self._db.close()


def fts5_query(query: str) -> str:
    """Every word and "quoted phrase" of ``query`` as an FTS5 phrase, all required.

    Quoting each term keeps FTS5's operators and punctuation from being read as syntax:

    >>> fts5_query('drone "joint patrol" AND c++')
    '"drone" "joint patrol" "AND" "c++"'
    """
    terms = [phrase if phrase is not None else word for phrase, word in _terms(query)]
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms if term.strip())


def _terms(query: str) -> Iterator[tuple[str | None, str]]:
    for match in _TERM.finditer(query):
        yield (match.group(1), match.group(2) or "")
