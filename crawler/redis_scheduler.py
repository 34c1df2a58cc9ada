"""scrapy-redis's scheduler, adapted to Scrapy 2.19 and to crawlers that wait for each other
(used by crawler/frontier.py).

**Waiting for the others.** scrapy-redis lets a process close as soon as the shared queue is
empty and it has nothing in flight. At the start of a crawl that is the usual case for all
but one process (the queue is empty while another fetches the start page), so one process
did the whole crawl. Here a process that goes idle stays open while the frontier is alive:

* Each process marks itself *busy* in the sorted set ``<FRONTIER_KEY>:workers`` (member: a
  worker id, score: busy until, on the Redis server's clock) from its start until Scrapy
  says it is idle (``spider_idle``: nothing in flight, the queue empty), and again from the
  moment it takes a request. The mark is refreshed every ``FRONTIER_POLL_SECONDS`` and
  lapses ``FRONTIER_BUSY_TTL`` seconds after the last refresh, so a killed process stops
  counting as busy by itself.
* On ``spider_idle`` the process raises ``DontCloseSpider`` and polls Redis every
  ``FRONTIER_POLL_SECONDS``: a request in the queue is taken at once (Scrapy's engine would
  look again only on its 5 s heartbeat); the process closes (``finished``) once the queue
  has been empty and no other process busy for ``FRONTIER_IDLE_SECONDS`` in a row. The grace
  also covers processes started a little later than the first.

The request the poll takes is handed to the engine with ``engine.crawl``, which wakes it;
the scheduler keeps that request (it was popped from Redis already and is in the dupe
filter) and gives it back from ``next_request``. Everything else comes from Redis as
before.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
import warnings
from collections import deque
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, ScrapyDeprecationWarning
from scrapy.http import Request
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.scheduler import Scheduler

logger = logging.getLogger(__name__)


class RedisScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis has no type hints
    """scrapy-redis's scheduler, without the call Scrapy 2.19 deprecates, and which keeps an
    idle process open while the shared frontier is alive (see the module's text).

    ``scrapy_redis.scheduler.Scheduler`` counts ``scheduler/enqueued/redis`` and
    ``scheduler/dequeued/redis`` with ``stats.inc_value(key, spider=...)``; the Scrapy we pin
    (2.19) warns (``ScrapyDeprecationWarning``) on every such call, logged once per call site.
    The same counts, without the ``spider`` argument. Stats of the waiting:
    ``frontier/idle_waits`` (times it went idle and stayed open), ``frontier/taken_when_idle``
    (requests the poll took), ``frontier/idle_seconds`` (time spent idle, open).
    """

    stats: Any
    df: Any
    queue: Any
    server: Any
    crawler: Crawler
    poll_seconds: float
    idle_seconds: float
    busy_ttl: float
    workers_key: str
    worker: str
    _clock_offset: float
    _idle_since: float | None
    _quiet_since: float | None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        scheduler: RedisScheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        settings = crawler.settings
        scheduler.poll_seconds = settings.getfloat("FRONTIER_POLL_SECONDS", 0.5)
        scheduler.idle_seconds = settings.getfloat("FRONTIER_IDLE_SECONDS", 5.0)
        scheduler.busy_ttl = settings.getfloat("FRONTIER_BUSY_TTL", 15.0)
        return scheduler

    # --- scrapy-redis's scheduler, adapted -------------------------------------------
    def open(self, spider: Spider) -> None:
        # scrapy-redis notes a frontier that already holds requests (a process joining a
        # crawl, or a resumed one) with spider.log(), which Scrapy 2.19 deprecates; the note
        # itself is still logged.
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", r"Spider\.log\(\) is deprecated", ScrapyDeprecationWarning
            )
            super().open(spider)
        # <FRONTIER_KEY>:requests -> <FRONTIER_KEY>:workers
        self.workers_key = self.queue.key.rsplit(":", 1)[0] + ":workers"
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        seconds, micros = self.server.time()
        self._clock_offset = float(seconds) + micros / 1e6 - time.time()  # to Redis's clock
        self._taken: deque[Request] = deque()  # popped by the poll, handed to the engine
        self._handing: Request | None = None
        self._busy_until = 0.0  # our mark's expiry, 0 when not marked
        self._idle_since = None  # monotonic, while idle and kept open
        self._quiet_since = None  # monotonic: queue empty, nobody busy
        self._closing = False
        self._mark_busy()  # from the start: the others must not close before we begin
        self.crawler.signals.connect(self._spider_idle, signal=signals.spider_idle)
        self._poll = create_looping_call(self._tick)
        self._poll.start(self.poll_seconds, now=False)

    def close(self, reason: str) -> None:
        if self._poll.running:
            self._poll.stop()
        self._end_idle()
        self.server.zrem(self.workers_key, self.worker)
        super().close(reason)

    def enqueue_request(self, request: Request) -> bool:
        if request is self._handing:  # taken by the poll: already popped and seen
            self._taken.append(request)
            return True
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        if self._taken:
            return self._taken.popleft()
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request is not None:
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
            self._mark_busy()
        return request

    def has_pending_requests(self) -> bool:
        return bool(self._taken) or bool(len(self.queue))

    # --- waiting for the other processes ---------------------------------------------
    def _spider_idle(self) -> None:
        """Nothing in flight and the queue empty: stay open unless the frontier is done."""
        if self._busy_until:
            self.server.zrem(self.workers_key, self.worker)
            self._busy_until = 0.0
        if self._idle_since is None:
            self._idle_since = time.monotonic()
            if self.stats:
                self.stats.inc_value("frontier/idle_waits")
        if self._frontier_done():
            self._closing = True
            return  # the engine closes the spider
        raise DontCloseSpider

    def _tick(self) -> None:
        if self._closing:
            return
        if self._idle_since is None:  # working: keep the mark fresh
            self._mark_busy()
            return
        if self.crawler.engine.needs_backout():  # the engine is closing: take nothing more
            return
        request = self.queue.pop(0)
        if request is not None:
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
                self.stats.inc_value("frontier/taken_when_idle")
            self._mark_busy()
            self._end_idle()
            self._handing = request
            try:
                self.crawler.engine.crawl(request)  # wakes the engine; see enqueue_request
            finally:
                self._handing = None
        elif self._frontier_done():
            self._closing = True
            logger.info("Shared frontier done: queue empty, no other crawler busy")
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="finished"))

    def _frontier_done(self) -> bool:
        """True once the queue has been empty and nobody busy for ``idle_seconds``."""
        pipe = self.server.pipeline(transaction=False)
        pipe.zcard(self.queue.key).zcount(self.workers_key, f"({self._now()}", "+inf")
        queued, busy = pipe.execute()
        if int(queued) or int(busy):
            self._quiet_since = None
            return False
        now = time.monotonic()
        if self._quiet_since is None:
            self._quiet_since = now
        return now - self._quiet_since >= self.idle_seconds

    def _mark_busy(self) -> None:
        """Mark this process busy for ``busy_ttl`` (a Redis write only when the mark is old)."""
        now = self._now()
        if self._busy_until - now < self.busy_ttl - 2 * self.poll_seconds:
            self._busy_until = now + self.busy_ttl
            self.server.zadd(self.workers_key, {self.worker: self._busy_until})
        self._end_idle()

    def _end_idle(self) -> None:
        if self._idle_since is not None:
            if self.stats:
                waited = time.monotonic() - self._idle_since
                self.stats.inc_value("frontier/idle_seconds", round(waited, 3), start=0)
            self._idle_since = None
        self._quiet_since = None

    def _now(self) -> float:
        """The Redis server's clock (the same for every crawler machine)."""
        return time.time() + self._clock_offset
