"""robots.txt as RFC 9309 reads it: a server error or an unreachable robots.txt disallows all.

Scrapy's ``RobotsTxtMiddleware`` parses whatever ``/robots.txt`` answered, so a 500 error
page (no rules in it) or a failed connection lets the crawler fetch everything. RFC 9309
says the opposite (section 2.3.1.4): when robots.txt is unreachable because of server or
network errors, the crawler MUST assume complete disallow. ``StrictRobotsTxtMiddleware``
takes Scrapy's place (same settings, same ``robotstxt/*`` stats) and reads the answer by
its status, after the retries of the retry middleware:

- 2xx: the rules in the body (Scrapy's behaviour);
- 4xx but 429 ("unavailable", section 2.3.1.3): no rules, everything allowed; the body of
  an error page is not read as rules;
- 5xx, 429 (a site asking us to slow down is not inviting a crawl) and failures to
  download (refused or reset connections, timeouts, DNS errors): complete disallow. Every
  request to that site is then dropped (``IgnoreRequest``) and counted in
  ``robotstxt/unavailable_disallow``; ``robotstxt/unavailable`` counts the sites, and a
  warning says which site and why, once per site.

A robots.txt request that another middleware refused (``IgnoreRequest``: too many
redirects, a redirect off the site) keeps Scrapy's behaviour, allow all, which section
2.3.1.2 permits for redirects. The decision holds for the whole crawl.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)

UNAVAILABLE_DISALLOW = "robotstxt/unavailable_disallow"
UNAVAILABLE_SITES = "robotstxt/unavailable"


def disallows_all(status: int) -> bool:
    """Whether a final robots.txt status means complete disallow (RFC 9309 2.3.1.4).

    >>> [disallows_all(s) for s in (200, 404, 410, 429, 500, 503)]
    [False, False, False, True, True, True]
    """
    return status >= 500 or status == 429


def allows_all(status: int) -> bool:
    """Whether a final robots.txt status means no rules at all (RFC 9309 2.3.1.3: 4xx)."""
    return 400 <= status < 500 and not disallows_all(status)


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    """RobotsTxtMiddleware that assumes complete disallow on a 5xx/429 or unreachable site."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        # Sites whose robots.txt could not be read, and why (for the log and the error).
        self.unreachable: dict[str, str] = {}

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if disallows_all(response.status):
            self._stats.inc_value("robotstxt/response_count")
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            self._disallow(netloc, f"HTTP {response.status}")
            return
        if allows_all(response.status):
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._disallow(netloc, f"{type(exc).__name__}: {exc}")

    def _disallow(self, netloc: str, reason: str) -> None:
        """Resolve ``netloc``'s pending parser to one that disallows everything."""
        self.unreachable[netloc] = reason
        self._stats.inc_value(UNAVAILABLE_SITES)
        logger.warning(
            "robots.txt of %(netloc)s unavailable (%(reason)s): assuming complete disallow "
            "(RFC 9309 2.3.1.4); no page of this site will be fetched",
            {"netloc": netloc, "reason": reason},
            extra={"spider": self.crawler.spider},
        )
        pending = self._parsers[netloc]
        parser = DisallowAll()
        self._parsers[netloc] = parser
        if not isinstance(pending, RobotParser) and pending is not None:
            pending.callback(parser)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, DisallowAll):
            netloc = urlparse_cached(request).netloc
            reason = self.unreachable.get(netloc, "unavailable")
            logger.debug(
                "Not fetched, robots.txt unavailable (%(reason)s): %(request)s",
                {"reason": reason, "request": request},
                extra={"spider": self.crawler.spider},
            )
            self._stats.inc_value(UNAVAILABLE_DISALLOW)
            raise IgnoreRequest(f"robots.txt unavailable ({reason}): complete disallow")
        super().process_request_2(rp, request)


class DisallowAll(RobotParser):
    """The rules of a robots.txt that could not be read: nothing is allowed."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> DisallowAll:
        return cls()

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False
