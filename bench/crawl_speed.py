"""Crawl speed against offline extraction of the same pages (prints figures, fails nothing).

    .venv/bin/python -m bench.crawl_speed [--articles 2000]

Builds a large copy of the example site in a temporary folder, serves it from a separate
process on 127.0.0.1, and times a real ``scrapy crawl news`` of it (archive, store and
incremental state off, politeness delay off: the server is local). Then times
``copydesk extract -j 1`` over the same pages read from disk: the article pages the crawl
found and the comment pages it followed. Target: the crawl's extracted pages per second at
least match the single-process offline rate.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawler.example_site import build_site

PROJECT = Path(__file__).resolve().parent.parent


def start_server(root: Path) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler.example_site", "serve", "--root", str(root)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    line = server.stdout.readline().strip()  # "serving http://127.0.0.1:PORT/"
    return server, line.split()[-1]


def time_crawl(base_url: str, out: Path) -> tuple[float, set[str]]:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "news",
        "-a", f"start={base_url}",
        "-O", str(out),
        "-s", "ARCHIVE_ENABLED=0",
        "-s", "INCREMENTAL_ENABLED=0",
        "-s", "STORE_URI=",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
        "-s", "CONCURRENT_REQUESTS=32",
        "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, cwd=PROJECT, check=True)
    elapsed = time.perf_counter() - started
    return elapsed, _extracted_paths(out, base_url)


def time_offline(pages: list[Path], out: Path) -> tuple[float, int]:
    command = [sys.executable, "-m", "extractors.cli.main", "extract", *map(str, pages)]
    started = time.perf_counter()
    subprocess.run([*command, "-j", "1", "-o", str(out)], cwd=PROJECT, check=True)
    elapsed = time.perf_counter() - started
    return elapsed, _count_articles(out)


def _count_articles(path: Path) -> int:
    with path.open(encoding="utf-8") as lines:
        return sum(json.loads(line)["type"] == "article" for line in lines)


def _extracted_paths(records: Path, base_url: str) -> set[str]:
    """The URL paths of the pages the crawl extracted: articles and comment pages."""
    with records.open(encoding="utf-8") as lines:
        sources = {json.loads(line)["source"] for line in lines}
    return {source.removeprefix(base_url.rstrip("/")) for source in sources}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        build_site(work / "site", articles=args.articles)
        server, base_url = start_server(work / "site")
        try:
            crawl_seconds, paths = time_crawl(base_url, work / "crawl.jsonl")
        finally:
            server.terminate()
            server.wait()
        crawled = _count_articles(work / "crawl.jsonl")
        pages = [work / "site" / path.strip("/") / "index.html" for path in sorted(paths)]
        offline_seconds, _ = time_offline(pages, work / "offline.jsonl")
    crawl_rate, offline_rate = len(pages) / crawl_seconds, len(pages) / offline_seconds
    print(f"site: {args.articles} articles; the crawl found {crawled} articles")
    print(f"and extracted {len(pages)} pages (article pages and comment pages)")
    print(f"scrapy crawl news:       {crawl_seconds:6.1f} s = {crawl_rate:.1f} pages/s")
    print(f"copydesk extract -j 1:   {offline_seconds:6.1f} s = {offline_rate:.1f} pages/s")
    print(f"crawl / offline: {crawl_rate / offline_rate:.2f}")


if __name__ == "__main__":
    main()
