"""Storing records in a database: SQLite (embedded, the default) or PostgreSQL.

A store is named by a target string, the same for ``copydesk ... -o`` and the crawler's
``STORE_URI``: a path ending in ``.sqlite`` (or ``.sqlite3``), ``sqlite:///relative/path``,
``sqlite:////absolute/path``, or a ``postgresql://`` URI.

>>> store_target("crawl/store.sqlite")
StoreTarget(kind='sqlite', location='crawl/store.sqlite')
>>> store_target("sqlite:////var/lib/copydesk/news.db")
StoreTarget(kind='sqlite', location='/var/lib/copydesk/news.db')
>>> store_target("out.jsonl") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from extractors.store.base import SearchHit, Store, StoreCounts, StoreError
from extractors.store.sqlite import SqliteStore

__all__ = [
    "SearchHit",
    "Store",
    "StoreCounts",
    "StoreError",
    "StoreTarget",
    "open_store",
    "store_target",
]

_SQLITE_SUFFIXES = (".sqlite", ".sqlite3")
_SQLITE_SCHEME = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class StoreTarget:
    kind: Literal["sqlite", "postgresql"]
    location: str  # a file path, or the PostgreSQL connection URI


def store_target(text: str) -> StoreTarget | None:
    """The store ``text`` names, or ``None`` when it names none (a JSONL path, say)."""
    if text.startswith(_POSTGRES_SCHEMES):
        return StoreTarget("postgresql", text)
    if text.startswith(_SQLITE_SCHEME):
        return StoreTarget("sqlite", text.removeprefix(_SQLITE_SCHEME))
    if text.lower().endswith(_SQLITE_SUFFIXES):
        return StoreTarget("sqlite", text)
    return None


def open_store(target: str | StoreTarget, *, create: bool = True) -> Store:
    """The store ``target`` names, its tables created if missing.

    ``create=False`` refuses to make a new SQLite file (for reading: export, search).
    Raises ``ValueError`` when ``target`` names no store, ``FileNotFoundError`` when the
    SQLite file is missing and not to be created, ``StoreError`` when it cannot be opened.
    """
    named = store_target(target) if isinstance(target, str) else target
    if named is None:
        raise ValueError(f"{target!r} names no store (a .sqlite path or a postgresql:// URI)")
    if named.kind == "postgresql":
        from extractors.store.postgres import PostgresStore  # noqa: PLC0415 (psycopg on demand)

        return PostgresStore(named.location)
    if not create and not Path(named.location).is_file():
        raise FileNotFoundError(f"no store at {named.location!r}")
    return SqliteStore(named.location)
