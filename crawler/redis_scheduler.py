"""scrapy-redis's scheduler, adapted to Scrapy 2.19 (used by crawler/frontier.py)."""

from __future__ import annotations

from typing import Any

from scrapy.http import Request
from scrapy_redis.scheduler import Scheduler


class RedisScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis has no type hints
    """scrapy-redis's scheduler, without the call Scrapy 2.19 deprecates.

    ``scrapy_redis.scheduler.Scheduler`` counts ``scheduler/enqueued/redis`` and
    ``scheduler/dequeued/redis`` with ``stats.inc_value(key, spider=...)``; the Scrapy we pin
    (2.19) warns (``ScrapyDeprecationWarning``) on every such call, logged once per call site.
    The same counts, without the ``spider`` argument.
    """

    stats: Any
    df: Any
    queue: Any

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
