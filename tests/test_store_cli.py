"""The store from the command line and from a crawl, end to end.

``copydesk extract``/``clean-text -o STORE`` and ``copydesk export`` must give back exactly
what the JSONL output gives; ``copydesk search`` finds articles; a ``scrapy crawl`` writes
every record to its store (``crawl/store.sqlite`` by default, or ``STORE_URI``), and its
re-run updates a revisited article and adds its new comment beside the old ones.
PostgreSQL cases run when ``COPYDESK_TEST_POSTGRES_DSN`` is set, each in a schema of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from postgres_schema import fresh_postgres_schema
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler

from crawler.example_site import ArticleSpec, build_site, running_server
from crawler.store_pipeline import StorePipeline
from extractors.store import open_store
from extractors.store.parquet import read_parquet

ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = Path(sys.executable).with_name("copydesk")
COPYDESK = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "extractors.cli.main"]
PAGES = "fixtures/pages"
SEEDS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "fixtures" / "seeds").glob("*.txt"))
Records = list[dict[str, Any]]


def copydesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    (result,) = copydesk_at_once([*args])
    return result


def copydesk_at_once(*commands: list[str | Path]) -> list[subprocess.CompletedProcess[str]]:
    """Run independent commands side by side (each starts slowly: trafilatura's imports)."""
    processes = [
        subprocess.Popen(
            [*COPYDESK, *map(str, args)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for args in commands
    ]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        results.append(
            subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
        )
    return results


def jsonl(text: str) -> Records:
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``copydesk extract fixtures/pages`` once as JSONL and once into a SQLite store."""
    folder = tmp_path_factory.mktemp("extract")
    outputs = ("pages.jsonl", "pages.sqlite")
    for result in copydesk_at_once(*(["extract", PAGES, "-o", folder / out] for out in outputs)):
        assert result.returncode == 0, result.stderr
    return folder / "pages.jsonl", folder / "pages.sqlite"


@pytest.fixture
def postgres_uri() -> Iterator[str]:
    """A PostgreSQL store URI in a schema of its own, dropped afterwards."""
    with fresh_postgres_schema() as uri:
        yield uri


# --- extract / clean-text into a store, export back -------------------------------------
def test_exported_jsonl_is_the_extract_output_byte_for_byte(
    extracted: tuple[Path, Path], tmp_path: Path
) -> None:
    jsonl_out, store = extracted
    result = copydesk("export", store, "-o", tmp_path / "back.jsonl")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "back.jsonl").read_bytes() == jsonl_out.read_bytes()
    assert f"exported {len(jsonl(jsonl_out.read_text()))} records" in result.stderr


def test_exported_parquet_holds_the_same_records(
    extracted: tuple[Path, Path], tmp_path: Path
) -> None:
    jsonl_out, store = extracted
    result = copydesk("export", store, "-o", tmp_path / "back.parquet")
    assert result.returncode == 0, result.stderr
    assert list(read_parquet(tmp_path / "back.parquet")) == jsonl(jsonl_out.read_text())
    assert not list(tmp_path.glob(".*partial"))


def test_export_to_stdout_and_extracting_again_adds_no_duplicates(
    extracted: tuple[Path, Path], tmp_path: Path
) -> None:
    jsonl_out, store = extracted
    again = tmp_path / "again.sqlite"
    again.write_bytes(store.read_bytes())
    assert copydesk("extract", PAGES, "-o", again).returncode == 0
    result = copydesk("export", again)
    assert result.returncode == 0, result.stderr
    assert result.stdout == jsonl_out.read_text(encoding="utf-8")


def test_clean_text_into_a_store_exports_its_jsonl(tmp_path: Path) -> None:
    expected, stored = copydesk_at_once(
        ["clean-text", *SEEDS], ["clean-text", *SEEDS, "-o", tmp_path / "seeds.sqlite"]
    )
    assert stored.returncode == expected.returncode == 0, stored.stderr
    assert stored.stderr.splitlines()[-1].split(" (")[0] == expected.stderr.split(" (")[0]
    assert copydesk("export", tmp_path / "seeds.sqlite").stdout == expected.stdout


def test_error_records_go_to_the_store_too(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    store = tmp_path / "errors.sqlite"
    result = copydesk("extract", tmp_path / "empty.html", "-o", store)
    assert result.returncode == 1
    (record,) = jsonl(copydesk("export", store).stdout)
    assert record["type"] == "error"
    assert record["source"] == str(tmp_path / "empty.html")


def test_store_in_a_missing_folder_or_a_missing_store_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    nowhere, *reads = copydesk_at_once(
        ["extract", PAGES, "-o", tmp_path / "nowhere" / "s.sqlite"],
        ["export", missing],
        ["search", missing, "x"],
    )
    assert nowhere.returncode == 2
    assert "does not exist" in nowhere.stderr
    for result in reads:
        assert (result.returncode, result.stdout) == (2, "")
        assert "no store at" in result.stderr
    assert not missing.exists()


# --- search -------------------------------------------------------------------------------
def test_search_prints_id_headline_url_and_snippet(extracted: tuple[Path, Path]) -> None:
    jsonl_out, store = extracted
    articles = {r["id"]: r for r in jsonl(jsonl_out.read_text()) if r["type"] == "article"}
    result = copydesk("search", store, '"joint patrols"', "--jsonl")
    assert result.returncode == 0, result.stderr
    hits = jsonl(result.stdout)
    assert hits
    for hit in hits:
        assert hit["headline"] == articles[hit["id"]]["headline"]
        assert "joint patrols" in (hit["headline"] + articles[hit["id"]]["articleBody"]).lower()
        assert "[" in hit["snippet"]
    text = copydesk("search", store, "the", "--limit", "2")
    lines = text.stdout.splitlines()
    assert len(lines) == 6
    assert lines[0].split("  ", 1)[0] in articles


def test_search_without_a_match_exits_1(extracted: tuple[Path, Path]) -> None:
    result = copydesk("search", extracted[1], "zzyzx qwertyuiop")
    assert (result.returncode, result.stdout) == (1, "")


# --- PostgreSQL from the command line ------------------------------------------------------
def test_postgres_store_copied_from_sqlite_then_extracted_into(
    extracted: tuple[Path, Path], postgres_uri: str
) -> None:
    jsonl_out, store = extracted
    result = copydesk("export", store, "-o", postgres_uri)
    assert result.returncode == 0, result.stderr
    assert copydesk("extract", PAGES, "-o", postgres_uri).returncode == 0  # again: no dups
    assert copydesk("export", postgres_uri).stdout == jsonl_out.read_text(encoding="utf-8")


# --- a crawl writing the store ------------------------------------------------------------
NEW_COMMENT = "Posted between the two crawls: the store must add it to the old ones."


def crawl(folder: Path, name: str, start: str, store: str) -> Records:
    settings = {
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": 0,
        "EXTRACT_WORKERS": 1,
        "LOG_FILE": folder / f"{name}.log",
        "INCREMENTAL_STATE": folder / "state.sqlite",
        "REVISIT_DAYS": 3,
        "ARCHIVE_ENABLED": 0,
        "STORE_URI": store,
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"start={start}"]
    command += ["-O", str(folder / f"{name}.jsonl")]
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, timeout=90, check=False
    )
    log = (folder / f"{name}.log").read_text(encoding="utf-8")
    assert result.returncode == 0, log[-3000:]
    return jsonl((folder / f"{name}.jsonl").read_text(encoding="utf-8"))


def revise(root: Path, spec: ArticleSpec, headline: str) -> None:
    """A new headline and a new top-level comment on the article's page on disk."""
    page = root / spec.path.strip("/") / "index.html"
    html = page.read_text(encoding="utf-8").replace(spec.title, headline)
    end = "</ol><!-- .comment-list -->"
    assert html.count(end) == 1, spec.path
    cid = spec.post_id * 100 + 99
    new = (
        f'<li id="comment-{cid}" class="comment even depth-1">'
        f'<article id="div-comment-{cid}" class="comment-body"><footer class="comment-meta">'
        '<div class="comment-author vcard"><b class="fn">Late Reader</b></div></footer>'
        f'<div class="comment-content"><p>{NEW_COMMENT}</p></div></article></li>\n'
    )
    page.write_text(html.replace(end, new + end), encoding="utf-8")


def test_a_crawl_and_its_rerun_write_the_store(tmp_path: Path) -> None:
    store = str(tmp_path / "crawl" / "store.sqlite")  # a folder the pipeline makes
    now = datetime.now(UTC)
    manifest = build_site(tmp_path / "site", articles=5, today=now.date())
    young = next(
        a
        for a in manifest.articles
        if len(a.comment_pages) == 1
        and a.comments
        and now - datetime.fromisoformat(a.published) < timedelta(days=2)
    )
    with running_server(tmp_path / "site") as (_, base_url):
        first = crawl(tmp_path, "first", f"{base_url}/", store)
        with open_store(store) as opened:
            assert sorted(opened.records(), key=_key) == sorted(first, key=_key)
        revise(tmp_path / "site", young, "A revised headline")
        second = crawl(tmp_path, "second", f"{base_url}/", store)

    with open_store(store) as opened:
        stored = list(opened.records())
    by_id = {r["id"]: r for r in stored}
    assert len(by_id) == len(stored)  # no record twice
    assert set(by_id) == {r["id"] for r in first + second}
    article = next(r for r in stored if r["type"] == "article" and r["url"].endswith(young.path))
    assert article["headline"] == "A revised headline"  # updated by the revisit
    mine = [r for r in stored if r["type"] == "comment" and r["articleId"] == article["id"]]
    assert [c["text"] for c in mine].count(NEW_COMMENT) == 1
    assert len(mine) == len(young.comments) + 1  # the old ones are all kept
    assert all(r["type"] != "article" for r in second)  # the feed had it once, from run 1


def _key(record: dict[str, Any]) -> str:
    return str(record.get("id") or record["source"])


def test_a_crawl_writes_the_store_into_its_crawl_folder_by_default(tmp_path: Path) -> None:
    """No STORE_URI, ARCHIVE_DIR nor INCREMENTAL_STATE given, as a user runs it: the store is
    ``crawl/store.sqlite`` of the working directory, beside the archive and the state."""
    work = tmp_path / "work"
    work.mkdir()
    build_site(tmp_path / "site", articles=3)
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-O", "out.jsonl"]
    for setting in ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=0", "EXTRACT_WORKERS=1"):
        command += ["-s", setting]
    # Not run from the project root (whose crawl/ is the user's), so settings by module.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
    with running_server(tmp_path / "site") as (_, base_url):
        result = subprocess.run(
            [*command, "-a", f"start={base_url}/", "-s", "LOG_FILE=crawl.log"],
            cwd=work,
            env=env,
            capture_output=True,
            timeout=90,
            check=False,
        )
    assert result.returncode == 0, (work / "crawl.log").read_text(encoding="utf-8")[-3000:]
    records = jsonl((work / "out.jsonl").read_text(encoding="utf-8"))
    assert [r for r in records if r["type"] == "article"]
    made = {p.name for p in (work / "crawl").iterdir()}
    assert {"store.sqlite", "state.sqlite"} <= made
    assert any(name.endswith(".warc.gz") for name in made), made
    with open_store(str(work / "crawl" / "store.sqlite"), create=False) as opened:
        assert sorted(opened.records(), key=_key) == sorted(records, key=_key)


# The crawl above runs on SQLite only (a crawl costs seconds); the pipeline is the same
# code for every backend, so PostgreSQL is checked through STORE_URI without a crawl.
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_store_uri_picks_the_backend_of_the_pipeline(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    uri = (
        f"sqlite:///{tmp_path}/new/s.sqlite"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_uri")
    )
    crawler = get_crawler(settings_dict={"STORE_URI": uri})
    crawler.stats = StatsCollector(crawler)
    pipeline = StorePipeline.from_crawler(crawler)
    records = [
        {"type": "article", "id": "a1", "source": "u", "url": "u", "articleBody": "x"},
        {"type": "error", "source": "v", "stage": "read", "error": "E", "message": "m"},
    ]
    try:
        assert [pipeline.process_item(dict(r)) for r in records] == records
    finally:
        pipeline.close()
    assert crawler.stats.get_value("store/errors") == 1
    with open_store(uri) as opened:
        assert list(opened.records()) == records


def test_no_store_uri_no_pipeline() -> None:
    with pytest.raises(NotConfigured):
        StorePipeline.from_crawler(get_crawler(settings_dict={"STORE_URI": ""}))
