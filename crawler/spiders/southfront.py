"""southfront.org: WordPress with /%postname%/ permalinks and wpDiscuz comments.

wpDiscuz loads further comments by AJAX ("load more"), so there are no static comment pages
to follow; the static HTML holds the first batch.
"""

from __future__ import annotations

from typing import Any, ClassVar

from crawler.spiders.news import NewsSpider
from crawler.url_rules import SOUTHFRONT, UrlRules


class SouthfrontSpider(NewsSpider):
    """``scrapy crawl southfront [-a since=YYYY-MM-DD] [-a limit=N] -O out.jsonl``."""

    name = "southfront"
    default_start: ClassVar[str | None] = "https://southfront.org/"
    url_rules: ClassVar[UrlRules | None] = SOUTHFRONT
    # Scrapy reads custom_settings from the class; Spider declares it a plain dict.
    custom_settings: dict[str, Any] | None = {  # noqa: RUF012
        "EXTRACT_SITE": "southfront.org"
    }
