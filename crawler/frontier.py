"""A crawl frontier shared by several crawler processes, in Redis (scrapy-redis).

One setting switches it on: ``-s REDIS_URL=redis://host:6379/0``. The add-on
:class:`RedisFrontier` (listed in ``ADDONS``) then puts the request queue and the
dupe filter of ``scrapy_redis`` in place of Scrapy's own, so every ``scrapy crawl`` process
given the same ``REDIS_URL`` and ``FRONTIER_KEY`` takes requests from one queue, and a URL
is fetched once between them all, whichever process found it. Without ``REDIS_URL`` nothing
changes. Settings:

* ``REDIS_URL`` (unset): the Redis server (``redis://[:password@]host:port/db``).
* ``FRONTIER_KEY`` (``copydesk:%(spider)s``): prefix of the Redis keys, ``<key>:requests``
  (a sorted set: the queue, by priority), ``<key>:dupefilter`` (a set of request
  fingerprints) and ``<key>:workers`` (a sorted set: which process is busy until when). Give
  each crawl of a site its own key (for example with the date); the keys stay in Redis after
  the crawl (a process that ends must not wipe the queue the others still read), so delete
  them when the crawl is over:
  ``redis-cli -u $REDIS_URL del <key>:requests <key>:dupefilter <key>:workers``.

What is shared, and what is not:

* Shared: the queue and the "seen" fingerprints, so an article page, a listing, a sitemap
  and a comment page are fetched once in all. Each process runs discovery from the start
  page (the ``robots.txt`` request and the start page are ``dont_filter``, so each process's
  own copy is fetched, by whichever process pops it); every request they find goes through
  the shared dupe filter. Requests are pickled into Redis (scrapy-redis's default), so the
  Redis server must be reachable by the crawler machines only.
* Per process: the spider's ``-a limit=N`` count (so up to N articles per process), its
  stats, its WARC archive (``ARCHIVE_DIR``), its output, and the incremental state
  (``INCREMENTAL_STATE``, a SQLite file): a repeat crawl skips what *that machine* emitted
  before. Across machines the shared dupe filter is what prevents a second fetch within a
  crawl; between crawls (with a new ``FRONTIER_KEY``) records are deduplicated downstream by
  their stable ``id``. A comment page fetched by another process leaves its article
  unsettled in the first one's state, so that machine's next run fetches the article again
  and emits only what it lacks.
* ``JOBDIR`` is not needed (the queue lives in Redis and outlives the processes); a
  stopped process can be started again with the same command and joins the shared queue.
  The requests a process holds in memory when it is killed are lost (scrapy-redis pops a
  request before downloading it).
* A process that has nothing to do stays open while the frontier is alive and takes
  requests as soon as another process adds them (``crawler.redis_scheduler``): every
  process marks itself busy in ``<key>:workers`` while it works, and an idle one closes once
  the queue has been empty and no other process busy for ``FRONTIER_IDLE_SECONDS`` (5) in a
  row. It polls Redis every ``FRONTIER_POLL_SECONDS`` (0.5); a killed process's mark lapses
  after ``FRONTIER_BUSY_TTL`` (15) seconds. A process started more than
  ``FRONTIER_IDLE_SECONDS`` after the others have all finished finds the crawl done.

Checked against Scrapy 2.19 (scrapy-redis 0.9.1 is tested up to Scrapy 2.11), see
``crawler.redis_scheduler.RedisScheduler`` for the one incompatibility worked around here.
scrapy-redis is in the ``scale`` extra (``pip install 'copydesk[scale]'``).
"""

from __future__ import annotations

import importlib.util
import logging
from typing import Any

from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

DEFAULT_KEY = "copydesk:%(spider)s"


class RedisFrontier:
    """Scrapy add-on: with ``REDIS_URL`` set, the scheduler and dupe filter of scrapy-redis.

    An add-on sees the command line's ``-s`` settings, which ``settings.py`` cannot.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("REDIS_URL")
        if not url:
            return
        if importlib.util.find_spec("scrapy_redis") is None:
            raise UsageError("REDIS_URL needs scrapy-redis: pip install 'copydesk[scale]'")
        key = settings.get("FRONTIER_KEY") or DEFAULT_KEY
        shared: dict[str, Any] = {
            "SCHEDULER": "crawler.redis_scheduler.RedisScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            "SCHEDULER_QUEUE_KEY": f"{key}:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"{key}:dupefilter",
            # Never flush: one process ending must not wipe the queue the others read.
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_FLUSH_ON_START": False,
        }
        for name, value in shared.items():
            settings.set(name, value, priority="addon")
        if settings.get("JOBDIR"):
            logger.warning("JOBDIR is not used with REDIS_URL: the queue is kept in Redis")
