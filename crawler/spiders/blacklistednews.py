"""blacklistednews.com: articles at /article/<id>/<slug>.html, listings at /news.php."""

from __future__ import annotations

from typing import Any, ClassVar

from crawler.spiders.news import NewsSpider
from crawler.url_rules import BLACKLISTEDNEWS, UrlRules


class BlacklistedNewsSpider(NewsSpider):
    """``scrapy crawl blacklistednews [-a since=YYYY-MM-DD] [-a limit=N] -O out.jsonl``."""

    name = "blacklistednews"
    default_start: ClassVar[str | None] = "https://www.blacklistednews.com/"
    url_rules: ClassVar[UrlRules | None] = BLACKLISTEDNEWS
    # Scrapy reads custom_settings from the class; Spider declares it a plain dict.
    custom_settings: dict[str, Any] | None = {  # noqa: RUF012
        "EXTRACT_SITE": "blacklistednews.com"
    }
