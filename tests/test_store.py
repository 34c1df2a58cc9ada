"""The record store: the same behaviour tests over SQLite and, when a server is given,
PostgreSQL (``COPYDESK_TEST_POSTGRES_DSN``; .ci/services.sh starts one).

Each PostgreSQL test gets a schema of its own, dropped afterwards, so tests are independent.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from postgres_schema import fresh_postgres_schema

from extractors.records import Article, Comment, ErrorRecord
from extractors.store import Store, StoreTarget, open_store, store_target
from extractors.store.parquet import read_parquet, write_parquet

Record = dict[str, Any]
OpenStore = Callable[[], Store]


def article(key: str, headline: str, body: str, **extra: Any) -> Record:
    return Article(
        id=key,
        source=f"fixtures/{key}.html",
        url=f"https://news.example/{key}/",
        headline=headline,
        authors=["A. Writer"],
        datePublished="2024-05-01",
        inLanguage="en",
        articleBody=body,
        **extra,
    ).to_dict()


def comment(key: str, article_id: str, position: int, text: str, **extra: Any) -> Record:
    return Comment(
        id=key,
        source=f"fixtures/{article_id}.html",
        articleId=article_id,
        parentId=None,
        position=position,
        depth=0,
        author="Reader",
        text=text,
        **extra,
    ).to_dict()


def error(source: str, message: str = "no main content") -> Record:
    return ErrorRecord(source, "extract", "NoMainContent", message).to_dict()


PATROL = article(
    "a1", "Joint patrol in the strait", "Drones flew over the joint patrol.\n\nShips followed."
)
HARVEST = article("a2", "Harvest festival", "The village celebrated the harvest with music.")


@pytest.fixture(params=["sqlite", "postgresql"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenStore]:
    """Opens (and reopens) one fresh store of the backend; closes what it opened."""
    opened: list[Store] = []
    if request.param == "sqlite":
        target = str(tmp_path / "store.sqlite")
        yield lambda: opened.append(open_store(target)) or opened[-1]
    else:
        with fresh_postgres_schema() as target:
            try:
                yield lambda: opened.append(open_store(target)) or opened[-1]
            finally:
                for store in opened:  # before the schema is dropped
                    store.close()
                opened.clear()
    for store in opened:
        store.close()


@pytest.fixture
def store(opener: OpenStore) -> Store:
    return opener()


# --- writing and reading back -------------------------------------------------------------
def test_records_come_back_unchanged_articles_then_their_comments_then_errors(
    store: Store,
) -> None:
    records = [
        error("fixtures/broken.html"),
        HARVEST,
        comment("c2", "a2", 1, "Second on harvest"),
        comment("c1", "a2", 0, "First on harvest"),
        PATROL,
        comment("c3", "a1", 0, "On patrol"),
    ]
    store.write(records)
    assert list(store.records()) == [
        HARVEST,
        records[3],
        records[2],
        PATROL,
        records[5],
        records[0],
    ]
    counts = store.counts()
    assert (counts.articles, counts.comments, counts.errors) == (2, 3, 1)


def test_restoring_an_article_updates_its_row_and_keeps_its_place(store: Store) -> None:
    store.write([PATROL, HARVEST])
    updated = {**PATROL, "headline": "Joint patrol, updated", "commentCount": 4}
    store.write([updated])
    assert list(store.records()) == [updated, HARVEST]
    assert store.counts().articles == 2


def test_a_recrawl_with_only_new_comments_keeps_the_old_ones(store: Store) -> None:
    old = [comment("c1", "a1", 0, "first"), comment("c2", "a1", 1, "second")]
    store.write([PATROL, *old])
    newer = comment("c3", "a1", 2, "third, posted later")
    voted = {**old[1], "upvoteCount": 7}
    store.write([PATROL, voted, newer])
    assert list(store.records()) == [PATROL, old[0], voted, newer]
    assert store.counts().comments == 3


def test_the_same_error_is_kept_once_and_different_ones_all(store: Store) -> None:
    store.write([error("fixtures/a.html"), error("fixtures/b.html")])
    store.write([error("fixtures/a.html"), error("fixtures/a.html", "another reason")])
    kept = [(r["source"], r["message"]) for r in store.records()]
    assert kept == [
        ("fixtures/a.html", "no main content"),
        ("fixtures/b.html", "no main content"),
        ("fixtures/a.html", "another reason"),
    ]


def test_comments_of_an_article_not_in_the_store_come_after_the_articles(store: Store) -> None:
    orphan = comment("c9", "zz", 0, "a later comment page, its article elsewhere")
    store.write([orphan, PATROL])
    assert list(store.records()) == [PATROL, orphan]


def test_what_was_stored_is_there_after_reopening(opener: OpenStore) -> None:
    with opener() as first:
        first.write([PATROL, comment("c1", "a1", 0, "kept")])
    with opener() as second:
        assert [r["id"] for r in second.records()] == ["a1", "c1"]


def test_a_failed_transaction_stores_nothing(store: Store) -> None:
    store.write([HARVEST])
    with pytest.raises(RuntimeError), store.transaction():
        store.write([PATROL])
        store.write([comment("c1", "a1", 0, "lost with its block")])
        raise RuntimeError("interrupted")
    assert list(store.records()) == [HARVEST]


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"id": "x", "source": "s"}, "not a copydesk record"),
        ({"type": "page", "id": "x"}, "not a copydesk record"),
        ({**PATROL, "id": None}, "article record without an id"),
    ],
    ids=["no-type", "unknown-type", "no-id"],
)
def test_a_batch_with_a_bad_record_is_refused_whole(store: Store, bad: Record, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        store.write([HARVEST, bad])
    assert list(store.records()) == []


def test_nul_characters_are_kept_in_the_record(store: Store) -> None:
    odd = {**PATROL, "headline": "Joint\x00patrol"}
    store.write([odd])
    assert list(store.records()) == [odd]


# --- search -------------------------------------------------------------------------------
@pytest.fixture
def searchable(store: Store) -> Store:
    store.write([PATROL, HARVEST, article("a3", "Patrol boats", "Boats on patrol again.")])
    return store


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("drones", ["a1"]),
        ("DRONES ships", ["a1"]),
        ('"joint patrol"', ["a1"]),
        ('"patrol joint"', []),
        ("drones harvest", []),
        ("festival", ["a2"]),  # a headline word
        ("c++ AND (", []),  # punctuation and operators are words, not syntax
        ('"joint patrol', ["a1"]),  # an unclosed quote
    ],
)
def test_search_finds_articles_with_every_word_and_phrase(
    searchable: Store, query: str, found: list[str]
) -> None:
    assert [hit.id for hit in searchable.search(query)] == found


def test_search_gives_headline_url_and_a_snippet_marking_the_words(searchable: Store) -> None:
    (hit,) = searchable.search("ships")
    assert (hit.headline, hit.url) == (PATROL["headline"], PATROL["url"])
    assert "[Ships]" in hit.snippet


def test_search_limit_and_empty_query(searchable: Store) -> None:
    assert len(searchable.search("patrol")) == 2
    assert len(searchable.search("patrol", limit=1)) == 1
    with pytest.raises(ValueError, match="empty"):
        searchable.search("  ")


def test_search_sees_updated_bodies(searchable: Store) -> None:
    searchable.write([{**HARVEST, "articleBody": "Rain stopped the fair."}])
    assert searchable.search("harvest music") == []
    assert [hit.id for hit in searchable.search("rain")] == ["a2"]


# --- targets, files, exports --------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("out/store.sqlite", StoreTarget("sqlite", "out/store.sqlite")),
        ("STORE.SQLITE3", StoreTarget("sqlite", "STORE.SQLITE3")),
        ("sqlite:///rel/news.db", StoreTarget("sqlite", "rel/news.db")),
        ("postgresql://u@h/db", StoreTarget("postgresql", "postgresql://u@h/db")),
        ("postgres://u@h/db", StoreTarget("postgresql", "postgres://u@h/db")),
        ("out.jsonl", None),
        ("-", None),
    ],
)
def test_store_targets(text: str, target: StoreTarget | None) -> None:
    assert store_target(text) == target


def test_reading_a_missing_sqlite_store_does_not_create_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no store"):
        open_store(str(tmp_path / "missing.sqlite"), create=False)
    assert not (tmp_path / "missing.sqlite").exists()
    with pytest.raises(ValueError, match="names no store"):
        open_store("out.jsonl")


def test_sqlite_store_is_in_wal_mode(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.sqlite")) as store:
        store.write([PATROL])
        with sqlite3.connect(tmp_path / "s.sqlite") as reader:
            assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            assert reader.execute("SELECT COUNT(*) FROM articles").fetchone() == (1,)


def _write_one_by_one(path: str, writer: int, count: int) -> None:
    """Open the store and write ``count`` records, one transaction each (as a crawl does)."""
    with open_store(path) as store:
        for n in range(count):
            store.write([error(f"writer-{writer}/page-{n}")])


def test_sqlite_writers_in_several_processes_wait_for_each_other(tmp_path: Path) -> None:
    """Crawls sharing one store file (the default ``crawl/store.sqlite``): the busy timeout
    makes a writer wait for another's lock, from creating the tables on, so all land."""
    path = str(tmp_path / "shared.sqlite")
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_one_by_one, args=(path, w, 100)) for w in range(4)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(60)
    assert [process.exitcode for process in writers] == [0] * 4
    with open_store(path, create=False) as store:
        assert store.counts().errors == 400


def test_a_sqlite_writer_waits_for_a_long_transaction(tmp_path: Path) -> None:
    path = str(tmp_path / "s.sqlite")
    with open_store(path) as holder, holder.transaction():
        holder.write([PATROL])
        context = multiprocessing.get_context("spawn")
        waiting = context.Process(target=_write_one_by_one, args=(path, 0, 1))
        waiting.start()
        waiting.join(1.0)
        assert waiting.exitcode is None  # still waiting for the lock, not failed
    waiting.join(60)
    assert waiting.exitcode == 0
    with open_store(path, create=False) as store:
        assert store.counts().articles == 1
        assert store.counts().errors == 1


def test_parquet_round_trip_keeps_every_record_and_field(tmp_path: Path) -> None:
    records = [
        PATROL,
        comment("c1", "a1", 0, "ok", upvoteCount=3),
        error("fixtures/x.html"),
        HARVEST,
    ]
    assert write_parquet(records, tmp_path / "out.parquet") == 4
    assert list(read_parquet(tmp_path / "out.parquet")) == records
    assert write_parquet([], tmp_path / "empty.parquet") == 0
    assert list(read_parquet(tmp_path / "empty.parquet")) == []
