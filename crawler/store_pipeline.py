"""An item pipeline that writes every record of a crawl to a store (``extractors.store``).

``STORE_URI`` names the store: a path ending in ``.sqlite`` or a ``sqlite:///`` URI (the
embedded store, no server), or a ``postgresql://`` URI. The default is
``crawl/store.sqlite``, relative to the working directory like the WARC archive and the
incremental state; ``-s STORE_URI=`` (empty) switches the pipeline off. Crawls run from the
same folder share that store, as they share the incremental state: records are upserted by
their stable ``id``, and the SQLite store waits for another writer's lock (its busy timeout)
instead of failing, so two crawls writing one store file at once both land.

It runs before the other pipelines (ITEM_PIPELINES order 50), so the store gets:

* error records, which ``RecordStatsPipeline`` then drops from the feed;
* the records the incremental pipeline drops as already emitted: a re-crawl that revisits a
  young article updates its row, and its new comments are added beside the old ones. The
  feed still has each record once; the store has each record once, as last seen.

Each record is committed as it passes, so a killed crawl keeps what it stored. Stats:
``store/articles``, ``store/comments``, ``store/errors``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from extractors.store import Store, open_store, store_target


class StorePipeline:
    def __init__(self, store: Store, stats: StatsCollector) -> None:
        self.store, self.stats = store, stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        target = crawler.settings.get("STORE_URI")
        if not target:
            raise NotConfigured("STORE_URI is not set")
        assert crawler.stats is not None
        named = store_target(str(target))
        if named is None:
            raise ValueError(f"STORE_URI {target!r}: not a .sqlite path nor a postgresql:// URI")
        if named.kind == "sqlite":
            Path(named.location).parent.mkdir(parents=True, exist_ok=True)
        pipeline = cls(open_store(named), crawler.stats)
        # After spider_closed, whose handlers may still pass records through.
        crawler.signals.connect(pipeline.close, signal=signals.engine_stopped)
        return pipeline

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self.store.write([item])
        self.stats.inc_value(f"store/{item['type']}s")
        return item

    def close(self) -> None:
        self.store.close()
