"""The main job on the bundled example: serve ``fixtures/site``, crawl it, report what came out.

    python -m crawler.demo [--out DIR]

Starts the example news site on 127.0.0.1, runs a real ``scrapy crawl news`` against it,
then prints where the records, the SQLite store and the WARC files went and what they hold.
The crawl uses the project's settings, with the politeness delay off: the site is on this
machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawler.example_site import running_server
from extractors.store import open_store

PROJECT = Path(__file__).resolve().parent.parent
SITE = PROJECT / "fixtures" / "site"
SQLITE_FILES = ("", "-wal", "-shm")  # a database and its WAL-mode companions


def crawl(base_url: str, out: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "news",
        "-a", f"start={base_url}",
        "-O", str(out / "records.jsonl"),
        "-s", f"ARCHIVE_DIR={out / 'warc'}",
        "-s", f"INCREMENTAL_STATE={out / 'state.sqlite'}",
        "-s", f"STORE_URI={out / 'store.sqlite'}",
        "-s", f"LOG_FILE={out / 'crawl.log'}",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=0",
    ]  # fmt: skip
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)


def report(out: Path) -> str:
    records = [json.loads(line) for line in (out / "records.jsonl").open(encoding="utf-8")]
    kinds = Counter(record["type"] for record in records)
    article = next(record for record in records if record["type"] == "article")
    warcs = sorted((out / "warc").glob("*.warc.gz"))
    responses = 0
    for warc in warcs:
        with warc.open("rb") as stream:
            responses += sum(r.rec_type == "response" for r in ArchiveIterator(stream))
    sample = {key: article[key] for key in ("headline", "authors", "datePublished", "url")}
    with open_store(str(out / "store.sqlite"), create=False) as store:
        stored = store.counts()
    return "\n".join(
        [
            f"records: {out / 'records.jsonl'}",
            f"  {kinds['article']} articles, {kinds['comment']} comments",
            f"  first article: {json.dumps(sample, ensure_ascii=False)}",
            f"  its body starts: {article['articleBody'][:120]!r}",
            f"SQLite store: {out / 'store.sqlite'}",
            f"  {stored.articles} articles, {stored.comments} comments, {stored.errors} errors"
            f" (search: copydesk search {out / 'store.sqlite'} WORDS)",
            f"WARC archive: {out / 'warc'}",
            f"  {len(warcs)} file(s), {responses} HTML responses"
            f" (re-clean offline: copydesk extract {out / 'warc'}/*.warc.gz)",
            f"crawl log: {out / 'crawl.log'}",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=Path("demo-output"), help="output folder")
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    # a fresh demo each time: the records, store, archive and incremental state of this run
    databases = [out / f"{name}.sqlite{end}" for name in ("state", "store") for end in SQLITE_FILES]
    for stale in [out / "records.jsonl", *databases, *(out / "warc").glob("*.warc.gz")]:
        stale.unlink(missing_ok=True)
    with running_server(SITE) as (_, base_url):
        print(f"serving the example site at {base_url}", flush=True)
        result = crawl(base_url, out)
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        print(f"the crawl failed (exit {result.returncode}); see {out / 'crawl.log'}")
        return 1
    print(report(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
