"""Whole crawl runs: re-runs, interruptions, the WARC archive re-cleaned, fault routes.

Real ``scrapy crawl news`` subprocesses, run from the project root like tests/test_crawl.py,
against the example site (crawler/example_site/) served on 127.0.0.1 by this process.
Each scenario has its own server (so that its request counts, ``server.hits``, tell what its
crawls fetched) and its own folder for INCREMENTAL_STATE, JOBDIR, ARCHIVE_DIR, LOG_FILE and
the outputs. The scenarios are independent and run at the same time, one thread each, in a
module fixture; each test checks one scenario (an error in a scenario fails its test only).

Crawls run in their own session (process group), like a crawl started from a terminal: the
SIGINT and SIGKILL tests signal the whole group, extraction workers included, as Ctrl-C and
a container kill would.
"""

from __future__ import annotations

import ast
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.example_site import (
    ArticleSpec,
    ExampleSiteServer,
    SiteManifest,
    build_site,
    load_manifest,
    running_server,
)

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_SITE = ROOT / "fixtures" / "site"
COPYDESK = Path(sys.executable).with_name("copydesk")
CRAWL_SECONDS = 15  # each crawl
WAIT_SECONDS = 60  # a crawl that takes longer is killed and fails its test
REVISIT_DAYS = 3
# The new comments the incremental scenario adds to the site between its two runs.
NEW_COMMENT_AUTHOR = "Late Reader"
NEW_COMMENT_TEXT = "Posted after the first crawl: a second run must collect this one."


# --- running crawls ---------------------------------------------------------------------
@dataclass
class Crawl:
    """One ``scrapy crawl news`` subprocess and what it left in its folder."""

    name: str
    folder: Path
    process: subprocess.Popen[bytes]
    started: float
    seconds: float = 0.0

    @property
    def out(self) -> Path:
        return self.folder / f"{self.name}.jsonl"

    @property
    def log(self) -> str:
        path = self.folder / f"{self.name}.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def wait(self) -> int:
        try:
            code = self.process.wait(timeout=WAIT_SECONDS)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.seconds = time.perf_counter() - self.started
        return code

    def records(self) -> list[dict[str, Any]]:
        """The output, strictly: every line a whole JSON object (no torn last line)."""
        text = self.out.read_text(encoding="utf-8") if self.out.exists() else ""
        assert not text or text.endswith("\n"), f"{self.out}: torn last line {text[-200:]!r}"
        return [json.loads(line) for line in text.splitlines()]

    def stats(self) -> dict[str, Any]:
        """The stats Scrapy dumps at the end of the crawl (a pprint of a dict)."""
        match = re.search(r"Dumping Scrapy stats:\n(\{.*?\})\n", self.log, re.DOTALL)
        assert match, self.log[-3000:]
        text = re.sub(r"datetime\.datetime\([^)]*\)", "None", match.group(1))
        stats: dict[str, Any] = ast.literal_eval(text)
        return stats


def start_crawl(
    folder: Path, name: str, args: list[str], settings: dict[str, object] | None = None
) -> Crawl:
    """Start a crawl writing ``<name>.jsonl`` and ``<name>.log`` in ``folder``.

    The scenario's folder holds its incremental state (shared by its runs); the archive
    is off unless ``settings`` turn it on.
    """
    base: dict[str, object] = {
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": 0,
        "EXTRACT_WORKERS": 1,
        "LOG_LEVEL": "INFO",
        "LOG_FILE": folder / f"{name}.log",
        "INCREMENTAL_STATE": folder / "state.sqlite",
        "REVISIT_DAYS": REVISIT_DAYS,
        "ARCHIVE_ENABLED": 0,
        "ARCHIVE_DIR": folder / "warc",
        "STORE_URI": folder / "store.sqlite",
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "news", *args]
    command += ["-O", str(folder / f"{name}.jsonl")]
    for key, value in {**base, **(settings or {})}.items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    console = (folder / f"{name}.console").open("wb")
    with console:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as from a terminal
        )
    return Crawl(name, folder, process, time.perf_counter())


def run_crawl(
    folder: Path, name: str, args: list[str], settings: dict[str, object] | None = None
) -> Crawl:
    crawl = start_crawl(folder, name, args, settings)
    code = crawl.wait()
    assert code == 0, f"{name} exited with {code}\n{crawl.log[-3000:]}"
    return crawl


def article_hits(server: ExampleSiteServer, manifest: SiteManifest) -> int:
    with server.lock:
        return sum(server.hits[a.path] for a in manifest.articles)


def interrupt(
    crawl: Crawl, server: ExampleSiteServer, manifest: SiteManifest, sig: int, after: int
) -> int:
    """Once ``after`` article pages were served and an article record was written, send
    ``sig`` to the crawl's process group (pages served are not yet records: extraction runs
    in a worker, and a kill before its first result would test nothing)."""
    deadline = time.monotonic() + CRAWL_SECONDS
    while article_hits(server, manifest) < after or not _has_article_line(crawl.out):
        assert crawl.process.poll() is None, f"{crawl.name} ended early\n{crawl.log[-3000:]}"
        assert time.monotonic() < deadline, f"{crawl.name}: too few articles served in time"
        time.sleep(0.005)
    os.killpg(crawl.process.pid, sig)
    return crawl.wait()


def _has_article_line(out: Path) -> bool:
    try:
        return '"type": "article"' in out.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return False


def take_hits(server: ExampleSiteServer) -> Counter[str]:
    """The server's request counts so far, and start counting again from zero."""
    with server.lock:
        hits = Counter(server.hits)
        server.hits.clear()
    return hits


def ids(records: list[dict[str, Any]]) -> Counter[str]:
    return Counter(r["id"] for r in records if r["type"] in {"article", "comment"})


def of_type(records: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for r in records if r["type"] == kind]


def assert_site_covered_once(
    records: list[dict[str, Any]], manifest: SiteManifest, base_url: str
) -> None:
    """Every article of the site exactly once, with every comment exactly once."""
    duplicates = {i: n for i, n in ids(records).items() if n > 1}
    assert not duplicates, duplicates
    articles = {a["url"].removeprefix(base_url): a for a in of_type(records, "article")}
    assert sorted(articles) == sorted(a.path for a in manifest.articles)
    comments = Counter(c["articleId"] for c in of_type(records, "comment"))
    found = {spec.path: comments[articles[spec.path]["id"]] for spec in manifest.articles}
    assert found == {spec.path: len(spec.comments) for spec in manifest.articles}
    for spec in manifest.articles:
        mine = [
            c for c in of_type(records, "comment") if c["articleId"] == articles[spec.path]["id"]
        ]
        assert sorted(c["position"] for c in mine) == list(range(len(spec.comments))), spec.path


# --- scenario 1: an incremental re-run ----------------------------------------------------
@dataclass
class IncrementalRuns:
    base_url: str
    manifest: SiteManifest
    young: ArticleSpec
    old: ArticleSpec
    first: Crawl
    second: Crawl
    second_hits: Counter[str]
    ages: dict[str, timedelta]  # article path -> age at the second run


def _new_comment(spec: ArticleSpec, moment: datetime) -> str:
    cid = spec.post_id * 100 + 99
    return f"""<li id="comment-{cid}" class="comment even depth-1">
<article id="div-comment-{cid}" class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">{NEW_COMMENT_AUTHOR}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="{{BASE}}{spec.path}#comment-{cid}"><time datetime="{moment.isoformat(timespec="seconds")}">{moment:%B} {moment.day}, {moment.year} at 9:15 am</time></a></div>
</footer>
<div class="comment-content">
<p>{NEW_COMMENT_TEXT}</p>
</div>
</article>
</li>
"""  # noqa: E501 (one element per line, as WordPress prints them)


def add_comment(root: Path, spec: ArticleSpec, moment: datetime) -> None:
    """Append a new top-level comment to the article's (only) comment page on disk."""
    page = root / spec.path.strip("/") / "index.html"
    html = page.read_text(encoding="utf-8")
    end = "</ol><!-- .comment-list -->"
    assert html.count(end) == 1, spec.path
    page.write_text(html.replace(end, _new_comment(spec, moment) + end), encoding="utf-8")


def scenario_incremental(folder: Path) -> IncrementalRuns:
    """A site dated today: the newest articles are within REVISIT_DAYS, the rest older."""
    now = datetime.now(UTC)
    root = folder / "site"
    manifest = build_site(root, articles=12, today=now.date())

    def age(spec: ArticleSpec) -> timedelta:
        return datetime.now(UTC) - datetime.fromisoformat(spec.published)

    window, margin = timedelta(days=REVISIT_DAYS), timedelta(hours=2)
    # New comments go to articles with one comment page (WordPress would add them to the
    # last page) and comments already, clear of the revisit window's edge.
    candidates = [a for a in manifest.articles if len(a.comment_pages) == 1 and a.comments]
    young = next(a for a in candidates if age(a) < window - margin)
    old = next(a for a in reversed(candidates) if age(a) > window + margin)
    with running_server(root) as (server, base_url):
        args = ["-a", f"start={base_url}/"]
        first = run_crawl(folder, "first", args)
        take_hits(server)
        add_comment(root, young, now)
        add_comment(root, old, now)
        ages = {a.path: age(a) for a in manifest.articles}
        second = run_crawl(folder, "second", args)
        second_hits = take_hits(server)
    return IncrementalRuns(base_url, manifest, young, old, first, second, second_hits, ages)


# --- scenario 2: JOBDIR, stopped and resumed ----------------------------------------------
@dataclass
class JobRuns:
    base_url: str
    manifest: SiteManifest
    first: Crawl
    first_code: int
    second: Crawl
    hits: Counter[str]  # both runs


def scenario_job(folder: Path, site: Path, sig: signal.Signals, after: int) -> JobRuns:
    """A 60-article site fetched one request at a time, stopped by ``sig``, run again.

    At a polite pace (``DOWNLOAD_DELAY``): at full speed on 127.0.0.1 the whole site can be
    fetched before the extraction worker writes its first record, which ``interrupt``
    waits for, and then there is nothing left to resume."""
    manifest = load_manifest(site)
    with running_server(site) as (server, base_url):
        args = ["-a", f"start={base_url}/"]
        settings: dict[str, object] = {
            "JOBDIR": folder / "job",
            "CONCURRENT_REQUESTS": 1,
            "DOWNLOAD_DELAY": 0.05,
        }
        first = start_crawl(folder, "first", args, settings)
        code = interrupt(first, server, manifest, sig, after)
        # The same command again (but for the names of its output and log).
        second = run_crawl(folder, "second", args, settings)
        hits = take_hits(server)
    return JobRuns(base_url, manifest, first, code, second, hits)


# --- scenario 3: the WARC archive, re-cleaned offline ------------------------------------
@dataclass
class ArchiveRuns:
    base_url: str
    manifest: SiteManifest
    live: Crawl
    offline: list[dict[str, Any]]
    offline_seconds: float
    warc_files: list[Path]
    returncode: int
    stderr: str


def scenario_archive(folder: Path, site: Path, manifest: SiteManifest) -> ArchiveRuns:
    with running_server(site) as (_, base_url):
        live = run_crawl(folder, "live", ["-a", f"start={base_url}/"], {"ARCHIVE_ENABLED": 1})
    warc_files = sorted((folder / "warc").glob("*.warc.gz"))
    assert warc_files, live.log[-3000:]
    started = time.perf_counter()
    offline_out = folder / "offline.jsonl"
    result = subprocess.run(
        [str(COPYDESK), "extract", *map(str, warc_files), "-o", str(offline_out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=WAIT_SECONDS,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert result.returncode in {0, 1}, result.stderr  # 1: some error records (see the test)
    lines = offline_out.read_text(encoding="utf-8").splitlines()
    offline = [json.loads(line) for line in lines]
    return ArchiveRuns(
        base_url, manifest, live, offline, seconds, warc_files, result.returncode, result.stderr
    )


# --- scenario 4: fault routes -------------------------------------------------------------
FAULT_PATHS = {
    "flaky": "/faults/flaky?key=crawl-runs",  # 500, then 200 (an article page)
    "missing": "/faults/missing",  # 404
    "redirect-chain": "/faults/redirect-chain",  # 302, 302, 301, then the newest article
    "redirect-loop": "/faults/redirect-loop",  # 302 back and forth
    "slow": "/faults/slow?seconds=10",  # with DOWNLOAD_TIMEOUT=2
    "truncated": "/faults/truncated",  # shorter than its Content-Length
    "huge": "/faults/huge?bytes=300000",  # with DOWNLOAD_MAXSIZE=100000
    "rate-limited": "/faults/rate-limited",  # 429 with Retry-After: 1, then 200
    "reset": "/faults/reset",  # TCP RST
}
FAULT_SETTINGS: dict[str, object] = {"DOWNLOAD_TIMEOUT": 2, "DOWNLOAD_MAXSIZE": 100_000}


@dataclass
class FaultRun:
    base_url: str
    manifest: SiteManifest
    good: list[ArticleSpec]
    crawl: Crawl
    hits: Counter[str]


def scenario_faults(folder: Path, site: Path, manifest: SiteManifest) -> FaultRun:
    # Two good articles, not the newest: the redirect chain ends at the newest.
    good = [manifest.articles[3], manifest.articles[5]]
    with running_server(site) as (server, base_url):
        urls = [base_url + p for p in FAULT_PATHS.values()] + [base_url + a.path for a in good]
        crawl = run_crawl(folder, "faults", ["-a", "urls=" + ",".join(urls)], FAULT_SETTINGS)
        hits = take_hits(server)
    return FaultRun(base_url, manifest, good, crawl, hits)


# --- all scenarios at once ----------------------------------------------------------------
@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[Any]]]:
    bundled = BUNDLED_SITE if (BUNDLED_SITE / "manifest.json").is_file() else None
    if bundled is None:
        bundled = tmp_path_factory.mktemp("site20")
        build_site(bundled, articles=20)
    manifest = load_manifest(bundled)
    # Every article older than REVISIT_DAYS (the default build date is in the past): a
    # resumed crawl must not rely on revisits to finish what the first run began.
    big_site = tmp_path_factory.mktemp("site60")
    build_site(big_site, articles=60)

    def folder(name: str) -> Path:
        return tmp_path_factory.mktemp(name)

    scenarios: dict[str, Callable[[], Any]] = {
        "faults": lambda: scenario_faults(folder("faults"), bundled, manifest),  # mostly waits
        "sigkill": lambda: scenario_job(folder("sigkill"), big_site, signal.SIGKILL, 20),
        "sigint": lambda: scenario_job(folder("sigint"), big_site, signal.SIGINT, 10),
        "incremental": lambda: scenario_incremental(folder("incremental")),
        "archive": lambda: scenario_archive(folder("archive"), bundled, manifest),
    }
    # The faults crawl mostly waits on timeouts; the others share the cores.
    workers = 1 + max(2, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crawl-run") as pool:
        yield {name: pool.submit(run) for name, run in scenarios.items()}


def result(runs: dict[str, Future[Any]], name: str) -> Any:
    return runs[name].result(timeout=4 * WAIT_SECONDS)


# --- 1: incremental re-run ----------------------------------------------------------------
def test_rerun_emits_only_the_new_comment_of_a_young_article(runs: dict[str, Future[Any]]) -> None:
    r: IncrementalRuns = result(runs, "incremental")
    first, second = r.first.records(), r.second.records()
    assert_site_covered_once(first, r.manifest, r.base_url)
    assert of_type(second, "article") == []  # no article emitted again
    (comment,) = second  # exactly the new comment of the young article
    young_id = next(a["id"] for a in of_type(first, "article") if a["url"].endswith(r.young.path))
    assert comment["type"] == "comment"
    assert (comment["articleId"], comment["author"], comment["text"]) == (
        young_id,
        NEW_COMMENT_AUTHOR,
        NEW_COMMENT_TEXT,
    )
    assert comment["parentId"] is None
    assert comment["position"] == len(r.young.comments)  # after the ones already there
    assert comment["source"] == r.base_url + r.young.path
    union = ids(first + second)
    assert max(union.values()) == 1


def test_rerun_fetches_young_articles_and_not_old_ones(runs: dict[str, Future[Any]]) -> None:
    r: IncrementalRuns = result(runs, "incremental")
    hits = {a.path: r.second_hits[a.path] for a in r.manifest.articles}
    window, margin = timedelta(days=REVISIT_DAYS), timedelta(minutes=10)
    old = [p for p, age in r.ages.items() if age > window + margin]
    young = [p for p, age in r.ages.items() if age < window - margin]
    assert r.old.path in old
    assert r.young.path in young
    assert {p: hits[p] for p in old} == dict.fromkeys(old, 0)  # not fetched at all
    assert {p: hits[p] for p in young} == dict.fromkeys(young, 1)  # revisited once
    stats = r.second.stats()
    # The spider skips known, finished, old articles before requesting them (so that they
    # do not count towards -a limit): once each, whichever discovery path found them first.
    skipped_known = sum(
        v for k, v in stats.items() if re.fullmatch(r".*discovery/skipped/\w+/known", k)
    )
    assert skipped_known == sum(n == 0 for n in hits.values())
    assert "incremental/skipped_known" not in stats  # none reached the middleware's guard
    assert stats["incremental/revisited"] == sum(n == 1 for n in hits.values())
    assert skipped_known + stats["incremental/revisited"] == len(hits)
    assert stats["incremental/already_emitted/article"] == stats["incremental/revisited"]
    assert "incremental/unsettled_refetched" not in stats  # the first run ended cleanly
    # Without -a limit the spider's limit does not come into it: no discovery was cut.
    assert "copydesk/discovery/skipped/over_limit" not in stats
    for crawl in (r.first, r.second):
        assert crawl.seconds < CRAWL_SECONDS, (crawl.name, crawl.seconds)


# --- 2: JOBDIR pause and resume -----------------------------------------------------------
def _check_resumed(r: JobRuns) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    first, second = r.first.records(), r.second.records()  # no torn line in either
    assert_site_covered_once(first + second, r.manifest, r.base_url)
    assert 0 < len(of_type(first, "article")) < len(r.manifest.articles)  # really stopped
    assert "Spider closed (finished)" in r.second.log
    for crawl in (r.first, r.second):
        assert crawl.seconds < CRAWL_SECONDS, (crawl.name, crawl.seconds)
    return first, second


def test_sigint_then_resume_covers_the_site_once(runs: dict[str, Future[Any]]) -> None:
    r: JobRuns = result(runs, "sigint")
    assert r.first_code == 0, r.first.log[-3000:]
    assert "Received SIGINT, shutting down gracefully" in r.first.log
    assert "Spider closed (shutdown)" in r.first.log
    assert "Traceback" not in r.first.log + r.second.log
    assert re.search(r"Resuming crawl \(\d+ requests scheduled\)", r.second.log)
    _check_resumed(r)
    # Graceful: the job folder held the queue, so no article page was fetched twice.
    pages = [p for a in r.manifest.articles for p in a.comment_pages]
    assert {p: r.hits[p] for p in pages} == dict.fromkeys(pages, 1)
    assert "incremental/unsettled_refetched" not in r.second.stats()


def test_sigkill_then_rerun_loses_nothing(runs: dict[str, Future[Any]]) -> None:
    r: JobRuns = result(runs, "sigkill")
    assert r.first_code == -signal.SIGKILL
    assert "Spider closed" not in r.first.log  # killed, not closed
    first, _ = _check_resumed(r)
    # The killed run's job folder cannot be trusted (Scrapy saves it on close only): it is
    # set aside and the crawl starts afresh; the incremental state dedupes what was emitted.
    stats = r.second.stats()
    assert stats["jobdir/crashed_set_aside"] == 1
    assert "did not stop cleanly" in r.second.log
    # Every article the killed run emitted is fetched again (it may lack a comment page),
    # and emitted again only for what it lacked.
    assert stats["incremental/unsettled_refetched"] == len(of_type(first, "article"))
    assert stats["incremental/already_emitted/article"] == len(of_type(first, "article"))


# --- 3: WARC re-cleaning equals the live crawl --------------------------------------------
def _without(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in keys}


def _by_id(records: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    keyed = {(r["type"], r["id"]): r for r in records if r["type"] in {"article", "comment"}}
    assert len(keyed) == len(of_type(records, "article") + of_type(records, "comment"))
    return keyed


def test_offline_records_of_the_archive_equal_the_live_ones(
    runs: dict[str, Future[Any]],
) -> None:
    """``copydesk extract`` of the archive gives exactly the live records, but ``source``.

    Every article, and every comment of every comment page (page 2 attached to its article
    offline too), comes back equal; nothing more comes back: the pages the crawl fetched
    only for discovery (start page, listings) are marked so in the archive and skipped.
    ``source`` differs (the page URL live, ``<warc file>#<offset>`` offline);
    ``dateDownloaded`` is equal, since the spider passes the page's WARC-Date.
    """
    r: ArchiveRuns = result(runs, "archive")
    live = r.live.records()
    assert_site_covered_once(live, r.manifest, r.base_url)
    assert of_type(r.offline, "error") == []
    assert r.returncode == 0
    warcs = tuple(str(path) for path in r.warc_files)
    for record in r.offline:
        warc, _, offset = record["source"].rpartition("#")
        assert warc in warcs and offset.isdecimal(), record["source"]
    live_records, offline_records = _by_id(live), _by_id(r.offline)
    assert offline_records.keys() == live_records.keys()
    for key, record in live_records.items():
        assert _without(offline_records[key], "source") == _without(record, "source"), key
    assert len(r.offline) == len(live)
    # The discovery pages are in the archive all the same, skipped by copydesk extract.
    skipped = re.search(r", (\d+) discovery pages skipped \(", r.stderr)
    assert skipped and int(skipped.group(1)) > 0, r.stderr
    assert r.live.seconds < CRAWL_SECONDS
    assert r.offline_seconds < CRAWL_SECONDS


def test_offline_comment_pages_are_attached_to_their_article(
    runs: dict[str, Future[Any]],
) -> None:
    """The archive marks a later comment page with its article and comment offset.

    The page-2 record has ``Copydesk-Record: comment-page``, ``Copydesk-Article-URL``,
    ``Copydesk-Comment-Page: 2`` and ``Copydesk-Comment-Offset`` (page 1's comments);
    offline, it gives no article record, only its comments under the article's id.
    """
    r: ArchiveRuns = result(runs, "archive")
    roles, sources = _copydesk_headers(r.warc_files)
    assert {h.get("Copydesk-Record") for h in roles.values()} == {
        "article",
        "comment-page",
        "discovery",
    }
    offline_articles = {a["url"]: a for a in of_type(r.offline, "article")}
    assert sorted(offline_articles) == sorted(r.base_url + a.path for a in r.manifest.articles)
    paged = [a for a in r.manifest.articles if len(a.comment_pages) == 2]
    assert paged
    for spec in paged:
        article_url = r.base_url + spec.path
        page_one = sum(c.page == 1 for c in spec.comments)
        page_two_url = r.base_url + spec.comment_pages[1]
        assert roles[page_two_url] == {
            "Copydesk-Record": "comment-page",
            "Copydesk-Article-URL": article_url,
            "Copydesk-Comment-Page": "2",
            "Copydesk-Comment-Offset": str(page_one),
        }
        assert roles[article_url] == {"Copydesk-Record": "article"}
        article_id = offline_articles[article_url]["id"]
        page_two = [
            c for c in of_type(r.offline, "comment") if c["source"] == sources[page_two_url]
        ]
        assert len(page_two) == sum(c.page == 2 for c in spec.comments)
        assert {c["articleId"] for c in page_two} == {article_id}
        assert sorted(c["position"] for c in page_two) == list(range(page_one, len(spec.comments)))
    assert roles[r.base_url + "/"] == {"Copydesk-Record": "discovery"}  # the start page


def _copydesk_headers(files: list[Path]) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """By URL, the Copydesk-* WARC headers of each response record, and its path#offset."""
    found: dict[str, dict[str, str]] = {}
    sources: dict[str, str] = {}
    for path in files:
        with path.open("rb") as handle:
            records = ArchiveIterator(handle)
            for record in records:
                if record.rec_type != "response":
                    continue
                headers = {
                    name: value
                    for name, value in record.rec_headers.headers
                    if name.startswith("Copydesk-")
                }
                uri = record.rec_headers.get_header("WARC-Target-URI")
                record.content_stream().read()
                assert uri not in found, uri
                found[uri] = headers
                sources[uri] = f"{path}#{records.get_record_offset()}"
    return found, sources


# --- 4: faults ----------------------------------------------------------------------------
def test_fault_routes_end_in_bounded_time_with_every_outcome_counted(
    runs: dict[str, Future[Any]],
) -> None:
    r: FaultRun = result(runs, "faults")
    assert r.crawl.seconds < CRAWL_SECONDS, r.crawl.seconds
    base = r.base_url
    records = r.crawl.records()
    # The good articles, and the faults that end in an article after a retry or redirects.
    expected = {base + a.path for a in r.good} | {
        base + FAULT_PATHS["flaky"],
        base + FAULT_PATHS["rate-limited"],
        base + r.manifest.articles[0].path,  # where the redirect chain ends
    }
    assert {a["url"] for a in of_type(records, "article")} == expected
    assert max(ids(records).values()) == 1
    stats = r.crawl.stats()
    counted = {
        "finish_reason": "finished",
        "copydesk/articles": 5,
        # retries: 500 and 429 once (then 200); timeout, data loss and reset to the bound
        "retry/count": 1 + 1 + 3 + 3 + 3,
        "retry/max_reached": 3,
        "retry/reason_count/500 Internal Server Error": 1,
        "retry/reason_count/scrapy.exceptions.DownloadTimeoutError": 3,
        "retry/reason_count/scrapy.exceptions.ResponseDataLossError": 3,
        "retry/reason_count/scrapy.exceptions.DownloadFailedError": 3,  # the reset
        "downloader/response_status_count/404": 1,
        "httperror/response_ignored_status_count/404": 1,  # not retried
        "downloader/exception_type_count/scrapy.exceptions.DownloadTimeoutError": 4,
        "downloader/exception_type_count/scrapy.exceptions.ResponseDataLossError": 4,
        "downloader/exception_type_count/scrapy.exceptions.DownloadFailedError": 4,
        # the size cap: cancelled on the Content-Length, not retried
        "downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError": 1,
        "downloader/response_status_count/302": 2 + 2,  # chain 2, loop 2
        "downloader/response_status_count/301": 1,
        # The loop ends at the dupe filter, its first repeated URL: REDIRECT_MAX_TIMES
        # (which has no stat, only a DEBUG log line) would stop a dont_filter request.
        "dupefilter/filtered": 1,
        "retry_after/honoured": 1,
    }
    assert {key: stats.get(key) for key in counted} == counted
    # 429: retried once, after the 1 s of its Retry-After (crawler/retry_after.py); the
    # reason has no phrase in Scrapy's table ("429 Unknown Status").
    rate_limited = {k: v for k, v in stats.items() if k.startswith("retry/reason_count/429")}
    assert list(rate_limited.values()) == [1], rate_limited
    # The server's side: every retry bounded by RETRY_TIMES (3).
    hits = r.hits
    assert hits["/faults/flaky"] == hits["/faults/rate-limited"] == 2
    assert hits["/faults/slow"] == hits["/faults/truncated"] == 4
    assert hits["/faults/missing"] == hits["/faults/huge"] == 1
    assert hits["/faults/redirect-loop"] == hits["/faults/redirect-loop/b"] == 1
    assert [hits[f"/faults/redirect-chain{n}"] for n in ("", "/2", "/3")] == [1, 1, 1]
    # Twisted retries a request once by itself when a reused keep-alive connection fails.
    assert 4 <= hits["/faults/reset"] <= 8
    for path in (a.path for a in r.good):
        assert hits[path] == 1
