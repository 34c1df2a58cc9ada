"""A JOBDIR that a killed crawl left behind is set aside, not resumed.

Scrapy makes a job folder (``-s JOBDIR=...``) consistent only when the spider closes: the
scheduler then writes its queue headers and ``requests.queue/active.json``, the dupe filter
its last seen fingerprints, ``SpiderState`` the ``spider.state`` pickle. A crawl killed before
that (SIGKILL, the OOM killer, a container stop, a second Ctrl-C) leaves files that disagree:
a disk queue file without its 4-byte header makes queuelib raise on every later push, so the
resumed crawl silently drops every request of that priority (the start page and sections,
say) and still ends "finished"; requests may be marked seen that were never fetched; an
``active.json`` of an earlier clean stop may describe queues that have changed since.

``JobdirGuard`` writes ``<JOBDIR>/copydesk-running`` when the spider opens and removes it
when the engine has stopped, after Scrapy saved the job. A crawl that finds the marker at
start moves the folder aside to ``<JOBDIR>.crashed-<UTC yyyymmddhhmmss>``, logs a warning,
counts ``jobdir/crashed_set_aside`` and starts afresh. Nothing is lost by starting afresh,
and with the incremental state (crawler/incremental.py, on by default) nothing is emitted
twice: it holds what the killed crawl emitted, and makes the new crawl fetch again the
articles that crawl had not finished.

Without ``JOBDIR`` the extension is off.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

logger = logging.getLogger(__name__)

MARKER = "copydesk-running"


class JobdirGuard:
    """Scrapy extension: set aside a job folder whose last crawl did not stop cleanly."""

    def __init__(self, crawler: Crawler, folder: Path) -> None:
        self.crawler = crawler
        self.folder = folder
        self.set_aside: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        folder = job_dir(crawler.settings)
        if not folder:
            raise NotConfigured  # no message: no "Disabled" warning in every crawl without one
        guard = cls(crawler, Path(folder))
        # Extensions are built before the engine, so the scheduler and SpiderState open
        # the fresh folder, not the one set aside.
        guard.check()
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(guard.engine_stopped, signal=signals.engine_stopped)
        return guard

    @property
    def marker(self) -> Path:
        return self.folder / MARKER

    def check(self) -> None:
        if not self.marker.exists():
            return
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        target = self.folder.with_name(f"{self.folder.name}.crashed-{stamp}")
        serial = 1
        while target.exists():
            serial += 1
            target = self.folder.with_name(f"{self.folder.name}.crashed-{stamp}-{serial}")
        self.folder.rename(target)
        self.folder.mkdir(parents=True)  # job_dir() made it; Scrapy expects it
        self.set_aside = target
        logger.warning(
            "JOBDIR %s was left by a crawl that did not stop cleanly (killed?); its queue "
            "cannot be trusted, so it was moved to %s and this crawl starts afresh (the "
            "incremental state keeps what was emitted from being emitted again)",
            self.folder,
            target,
        )

    def spider_opened(self) -> None:
        if self.set_aside is not None and self.crawler.stats is not None:
            self.crawler.stats.set_value("jobdir/crashed_set_aside", 1)
        self.marker.write_text(f"{datetime.now(UTC).isoformat()}\n", encoding="utf-8")

    def engine_stopped(self) -> None:
        # After spider_closed: the scheduler and SpiderState have saved the job by now.
        self.marker.unlink(missing_ok=True)
