"""Item pipelines: count records, and turn error records into dropped items."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector


class RecordStatsPipeline:
    """Counts records by type; an error record is dropped with its reason and counted.

    Stats: ``copydesk/articles``, ``copydesk/comments``, ``copydesk/errors/<ErrorClass>``.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordStatsPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        kind = item.get("type")
        if kind == "error":
            self.stats.inc_value(f"copydesk/errors/{item['error']}")
            raise DropItem(f"{item['source']}: {item['error']}: {item['message']}")
        self.stats.inc_value(f"copydesk/{kind}s")
        return item
