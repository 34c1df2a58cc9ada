"""Scrapy settings for copydesk: deliberate defaults for crawling news sites politely.

Each value is a choice, not a leftover of the project template; the comment says why.
"""

BOT_NAME = "copydesk"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify ourselves; site owners can find the project and contact us.
USER_AGENT = "copydesk/0.1 (+https://pypi.org/project/copydesk/; news text archiving)"

# Politeness: obey robots.txt, few parallel requests per site, let AutoThrottle adapt.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.5

# News pages are rarely over a few MB; a larger body is a mistake or an attack.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
# Items of one response that go through the pipelines at once. Ours are synchronous, so more
# buys nothing, and Scrapy starts this many asyncio tasks for every response (its default,
# 100, cost the crawl about a quarter of its own CPU time).
CONCURRENT_ITEMS = 8
# Only http(s) is fetched: a URL from a page, feed, sitemap or robots.txt must never make the
# crawler read a local file (file://) or reach other services (ftp://, s3://, data:).
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}

# Retry transient failures (rate limits, server errors) a bounded number of times.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# A 429 or 503 with Retry-After (seconds or an HTTP-date) waits that long before its retry
# (crawler/retry_after.py, which replaces Scrapy's RetryMiddleware, which retries at once);
# a wait over RETRY_AFTER_MAX seconds gives up on the page (stats: retry_after/*).
RETRY_AFTER_HTTP_CODES = [429, 503]
RETRY_AFTER_MAX = 60

# Cookies are not needed to read articles and would leak into archives.
COOKIES_ENABLED = False
# No control ports: a crawler on a shared machine should not listen for commands.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

FEED_EXPORT_ENCODING = "utf-8"
# JSON lines reach the file one by one, not in 8 KB blocks (crawler/exporters.py): the
# incremental state remembers a record once it is exported, so a killed crawl must not lose
# the exported lines that sat in a buffer.
FEED_EXPORTERS = {
    "jsonlines": "crawler.exporters.FlushingJsonLinesItemExporter",
    "jsonl": "crawler.exporters.FlushingJsonLinesItemExporter",
    "jl": "crawler.exporters.FlushingJsonLinesItemExporter",
}
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Extraction runs in worker processes (0: one per core), off the reactor thread.
EXTRACT_WORKERS = 0
EXTRACT_FALLBACKS = False  # ExtractOptions.fallbacks: slower, no better F1

ITEM_PIPELINES = {
    "crawler.store_pipeline.StorePipeline": 50,
    "crawler.pipelines.RecordStatsPipeline": 100,
    "crawler.incremental.IncrementalPipeline": 200,
}

# Record store (crawler/store_pipeline.py): every record, error records and revisited
# articles included, upserted as it passes into the embedded SQLite store (WAL mode, no
# server) in `crawl/`, beside the archive and the incremental state; or into
# `-s STORE_URI=postgresql://...`. Switch off with `-s STORE_URI=` (empty).
STORE_URI = "crawl/store.sqlite"

# Incremental crawls (crawler/incremental.py): a later run skips articles it has already
# emitted, except those younger than REVISIT_DAYS, revisited for new comments; no record is
# emitted twice across runs. Switch off with `-s INCREMENTAL_ENABLED=0`.
INCREMENTAL_ENABLED = True
INCREMENTAL_STATE = "crawl/state.sqlite"
REVISIT_DAYS = 3
DOWNLOADER_MIDDLEWARES = {
    "crawler.incremental.IncrementalDownloaderMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.retry_after.RetryAfterMiddleware": 550,  # RetryMiddleware's place
    # robots.txt that answers 5xx/429 or cannot be reached disallows the whole site (RFC 9309
    # 2.3.1.4; Scrapy's would allow all): crawler/robots.py, in Scrapy's middleware's place.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.StrictRobotsTxtMiddleware": 100,
}

# trafilatura logs every page at DEBUG; INFO keeps crawl logs readable.
LOG_LEVEL = "INFO"

# WARC archive (crawler/archive.py): every fetched HTML page goes to rotating .warc.gz files,
# so the crawl can be re-cleaned offline (`copydesk extract crawl/*.warc.gz`) with the same
# records as the live crawl. Files are written as `.warc.gz.open` and renamed when complete.
# Switch off with `-s ARCHIVE_ENABLED=0`.
# JobdirGuard (crawler/jobdir.py): with `-s JOBDIR=...`, a job folder left by a killed crawl
# is moved aside instead of resumed (Scrapy saves a job consistently only when it stops).
EXTENSIONS = {"crawler.archive.WarcArchive": 500, "crawler.jobdir.JobdirGuard": 100}
ARCHIVE_ENABLED = True
# Folder for the files, relative to the working directory; file names never come from URLs:
# <ARCHIVE_PREFIX>-<UTC yyyymmddhhmmss>-<serial>-<pid>.warc.gz
ARCHIVE_DIR = "crawl"
ARCHIVE_PREFIX = "copydesk"
# Start a new file once one reaches this many (compressed) bytes.
ARCHIVE_ROTATE_BYTES = 100 * 1024 * 1024
# Set-Cookie, Cookie and Authorization headers are left out of the archive; True keeps them.
ARCHIVE_KEEP_COOKIES = False

# Spiders (crawler/spiders/news.py): how far discovery goes. Listing depth counts hops from
# the start page through sections (pagination does not count; its page number is bounded).
NEWS_LISTING_DEPTH = 2
NEWS_LISTING_PAGES = 10
NEWS_SITEMAP_DEPTH = 3

# A crawl frontier shared by several processes on several machines (crawler/frontier.py):
# `-s REDIS_URL=redis://host:6379/0` puts scrapy-redis's queue and dupe filter in place of
# Scrapy's, under the Redis keys `<FRONTIER_KEY>:requests` and `<FRONTIER_KEY>:dupefilter`.
# Unset: one process, Scrapy's own scheduler. The add-on applies it (it sees `-s` settings).
ADDONS = {"crawler.frontier.RedisFrontier": 0}
REDIS_URL = None
FRONTIER_KEY = "copydesk:%(spider)s"
# An idle process stays open while another is busy (each marks itself busy in
# `<FRONTIER_KEY>:workers`), polling Redis every FRONTIER_POLL_SECONDS; it closes once the
# queue has been empty and nobody busy for FRONTIER_IDLE_SECONDS. A killed process's busy mark
# lapses after FRONTIER_BUSY_TTL seconds.
FRONTIER_POLL_SECONDS = 0.5
FRONTIER_IDLE_SECONDS = 5.0
FRONTIER_BUSY_TTL = 15.0
