"""What every store does, written once over a backend's few primitives.

A backend (``sqlite.py``, ``postgres.py``) only says how to run a statement, how to spell
the ``seq`` column, and how full-text search is set up and queried; writing, upserting,
exporting and counting live here.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, ClassVar, Self

from extractors.store import schema


class StoreError(Exception):
    """The store could not be opened: no server, not a database file; the reason says."""


@dataclass(frozen=True)
class SearchHit:
    """An article matching a search; ``snippet`` shows matched words in ``[brackets]``."""

    id: str
    headline: str | None
    url: str | None
    snippet: str


@dataclass(frozen=True)
class StoreCounts:
    articles: int
    comments: int
    errors: int


class Store(ABC):
    """Articles, comments and errors by stable id; storing a record again updates its row.

    ``write`` runs in a transaction of its own, or in the one ``transaction()`` opened:
    a block that fails leaves the store as it was.
    """

    SEQ_COLUMN: ClassVar[str]  # how the backend spells an auto-numbered key column
    SEARCH_SCHEMA: ClassVar[tuple[str, ...]]  # the backend's full-text index
    SEARCH: ClassVar[str]  # (query, limit) -> id, headline, url, snippet
    BEGIN: ClassVar[str] = "BEGIN"
    SCHEMA_LOCK: ClassVar[tuple[str, ...]] = ()  # run first when creating the schema

    def __init__(self) -> None:
        self._in_transaction = False

    # --- the backend's primitives ---------------------------------------------------------
    @abstractmethod
    def _run(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (``?`` placeholders); its rows, if it returns any."""

    @abstractmethod
    def _run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None: ...

    @abstractmethod
    def _stream(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """The rows of a query, fetched as they are read (exports can be large)."""

    @abstractmethod
    def close(self) -> None: ...

    def _match(self, query: str) -> str:
        """``query`` as the backend's search expression."""
        return query

    # --- shared behaviour -----------------------------------------------------------------
    def _create_schema(self) -> None:
        with self.transaction():
            for statement in self.SCHEMA_LOCK:
                self._run(statement)
            for table in schema.TABLES.values():
                self._run(table.create(self.SEQ_COLUMN))
            for statement in (*schema.INDEXES, *self.SEARCH_SCHEMA):
                self._run(statement)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes in the block, or none of them; nested blocks join the outer one."""
        if self._in_transaction:
            yield
            return
        self._run(self.BEGIN)
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._run("ROLLBACK")
            raise
        else:
            self._run("COMMIT")
        finally:
            self._in_transaction = False

    def write(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Store records (article, comment or error dicts), inserting or updating by id."""
        batches: dict[str, list[schema.Row]] = {}
        for record in records:
            batches.setdefault(schema.table_of(record).name, []).append(schema.row_of(record))
        if not batches:
            return
        with self.transaction():
            for table in schema.TABLES.values():  # articles before their comments
                if rows := batches.get(table.name):
                    self._run_many(table.upsert(), rows)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record: articles in the order first stored, each followed by its comments
        by position; then comments whose article is not stored; then errors."""
        for sql in (schema.EXPORT, schema.EXPORT_ERRORS):
            for (text,) in self._stream(sql):
                yield json.loads(text)

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Articles whose headline or body has every word and "quoted phrase" of ``query``,
        best first."""
        if not query.strip():
            raise ValueError("empty search query")
        if limit < 1:
            raise ValueError(f"search limit must be 1 or more, not {limit}")
        rows = self._run(self.SEARCH, (self._match(query), limit))
        return [SearchHit(str(i), title, url, text or "") for i, title, url, text in rows]

    def counts(self) -> StoreCounts:
        ((articles, comments, errors),) = self._run(schema.COUNTS)
        return StoreCounts(int(articles), int(comments), int(errors))

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
