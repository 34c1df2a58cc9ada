"""The incremental-crawl state, middleware and pipeline, driven directly (no network)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DropItem, IgnoreRequest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.incremental import (
    ARTICLE_META,
    REVISIT_META,
    CrawlState,
    Decision,
    IncrementalDownloaderMiddleware,
    IncrementalPipeline,
)

NOW = datetime.now(UTC)


def article(url: str, published: datetime | None) -> dict[str, Any]:
    return {
        "type": "article",
        "id": f"id-{url}",
        "url": url,
        "source": url,
        "datePublished": published.isoformat() if published else None,
    }


def comment(comment_id: str) -> dict[str, Any]:
    return {"type": "comment", "id": comment_id, "articleId": "a1"}


@pytest.fixture
def components(tmp_path: Path) -> tuple[IncrementalDownloaderMiddleware, IncrementalPipeline]:
    settings = {"INCREMENTAL_STATE": str(tmp_path / "state.sqlite"), "REVISIT_DAYS": 3}
    crawler = get_crawler(Spider, settings)
    crawler.stats = MemoryStatsCollector(crawler)
    return (
        IncrementalDownloaderMiddleware.from_crawler(crawler),
        IncrementalPipeline.from_crawler(crawler),
    )


def test_state_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    state = CrawlState(path)
    assert state.add_article("https://a.example/1", "a1", None, NOW)
    state.close()
    reopened = CrawlState(path)
    assert not reopened.add_article("https://a.example/1", "a1", None, NOW)
    assert reopened.article_age("https://a.example/1", NOW + timedelta(days=1)) == timedelta(days=1)
    assert reopened.article_age("https://a.example/2", NOW) is None


def test_known_old_article_is_not_fetched_again(components: Any) -> None:
    middleware, pipeline = components
    pipeline.process_item(article("https://a.example/old", NOW - timedelta(days=30)))
    request = Request("https://a.example/old", meta={ARTICLE_META: True})
    with pytest.raises(IgnoreRequest):
        middleware.process_request(request)
    assert middleware.stats.get_value("incremental/skipped_known") == 1


def test_young_article_is_revisited_and_not_emitted_twice(components: Any) -> None:
    middleware, pipeline = components
    item = article("https://a.example/young", NOW - timedelta(days=1))
    pipeline.process_item(item)
    request = Request("https://a.example/young", meta={ARTICLE_META: True})
    assert middleware.process_request(request) is None
    assert request.meta[REVISIT_META] is True
    with pytest.raises(DropItem):
        pipeline.process_item(item)


def test_new_comments_pass_known_ones_drop(components: Any) -> None:
    _, pipeline = components
    assert pipeline.process_item(comment("c1"))["id"] == "c1"
    with pytest.raises(DropItem):
        pipeline.process_item(comment("c1"))
    assert pipeline.process_item(comment("c2"))["id"] == "c2"


def test_other_requests_and_new_articles_pass(components: Any) -> None:
    middleware, _ = components
    assert middleware.process_request(Request("https://a.example/feed/")) is None
    fresh = Request("https://a.example/new", meta={ARTICLE_META: True})
    assert middleware.process_request(fresh) is None
    assert REVISIT_META not in fresh.meta


def test_decide_names_what_a_run_does_with_an_article(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.sqlite")
    window = timedelta(days=3)
    state.add_article("https://a.example/old", "a1", (NOW - timedelta(days=30)).isoformat(), NOW)
    state.add_article("https://a.example/young", "a2", (NOW - timedelta(days=1)).isoformat(), NOW)
    assert state.decide("https://a.example/new", NOW, window) is Decision.NEW
    assert state.decide("https://a.example/young", NOW, window) is Decision.REVISIT
    assert state.decide("https://a.example/old", NOW, window) is Decision.SKIP
