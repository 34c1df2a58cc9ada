"""Later comment pages: ``extract_comment_page``, the crawler's worker, ``copydesk extract``.

The pages are those of the bundled example site (fixtures/site): WordPress pages whose
comments run over ``comment-page-2/``, with the manifest saying which comment is on which
page.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.example_site import ArticleSpec, load_manifest
from crawler.example_site.manifest import BASE
from crawler.extraction import response_input
from extractors import EmptyInput, ExtractOptions, extract
from extractors.cli.runner import Job, RecordDicts
from extractors.comment_pages import extract_comment_page

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "fixtures" / "site"
HOST = "http://news.example"
OPTIONS = ExtractOptions()
DATE = "2026-11-02T10:00:00.000000Z"

pytestmark = pytest.mark.skipif(
    not (SITE / "manifest.json").is_file(), reason="the bundled example site is missing"
)


@dataclass(frozen=True)
class Paged:
    """An article of two comment pages: its URLs and served bytes, and its manifest entry."""

    spec: ArticleSpec
    url: str
    page_two_url: str
    page_one: bytes
    page_two: bytes

    @property
    def on_page_one(self) -> int:
        return sum(c.page == 1 for c in self.spec.comments)


def _served(path: str) -> bytes:
    """A site file as the example server sends it, ``{BASE}`` filled in."""
    return (
        (SITE / path.strip("/") / "index.html").read_bytes().replace(BASE.encode(), HOST.encode())
    )


@pytest.fixture(scope="module")
def paged() -> Paged:
    manifest = load_manifest(SITE)
    spec = next(a for a in manifest.articles if len(a.comment_pages) == 2)
    first, second = spec.comment_pages
    return Paged(spec, HOST + first, HOST + second, _served(first), _served(second))


# --- extract_comment_page -------------------------------------------------------------------


def test_comments_are_attached_to_the_article_after_the_earlier_pages(paged: Paged) -> None:
    article = extract(paged.page_one, paged.url, OPTIONS, source="page-1")
    assert [c.position for c in article.comments] == list(range(paged.on_page_one))

    comments = extract_comment_page(
        paged.page_two, paged.url, paged.on_page_one, OPTIONS, source="page-2"
    )

    on_page_two = [c for c in paged.spec.comments if c.page == 2]
    assert [(c.author, c.text) for c in comments] == [(c.author, c.text) for c in on_page_two]
    assert [c.position for c in comments] == list(
        range(paged.on_page_one, len(paged.spec.comments))
    )
    assert {c.articleId for c in comments} == {article.article.id}
    assert {c.source for c in comments} == {"page-2"}
    ids = {c.id for c in comments}
    assert ids.isdisjoint(c.id for c in article.comments)
    assert {c.parentId for c in comments} <= ids | {None}  # whole threads on the page
    depth = {c.id: c.depth for c in comments}
    assert [c.depth for c in comments] == [c.depth for c in on_page_two]
    assert all(depth[c.parentId] == c.depth - 1 for c in comments if c.parentId)


def test_ids_and_parents_are_extract_s_with_the_article_url(paged: Paged) -> None:
    """Only the article record is dropped and positions shifted; the rest is ``extract``'s."""
    whole = extract(paged.page_two, paged.url, OPTIONS, source="s", date_downloaded=DATE)

    comments = extract_comment_page(
        paged.page_two, paged.url, 7, OPTIONS, source="s", date_downloaded=DATE
    )

    assert [c.to_dict() for c in comments] == [
        {**c.to_dict(), "position": c.position + 7} for c in whole.comments
    ]
    own_url = extract(paged.page_two, paged.page_two_url, OPTIONS, source="s")
    assert {c.articleId for c in own_url.comments}.isdisjoint(c.articleId for c in comments)


def test_offset_zero_and_str_body(paged: Paged) -> None:
    from_bytes = extract_comment_page(paged.page_two, paged.url, 0, OPTIONS, source="s")
    from_text = extract_comment_page(
        paged.page_two.decode("utf-8"), paged.url, 0, OPTIONS, source="s"
    )
    assert from_bytes == from_text
    assert from_bytes[0].position == 0


def test_bad_input_raises_like_extract_and_a_negative_offset_is_refused(paged: Paged) -> None:
    with pytest.raises(EmptyInput):
        extract_comment_page(b"", paged.url, 3, OPTIONS, source="s")
    with pytest.raises(ValueError, match="offset"):
        extract_comment_page(paged.page_two, paged.url, -1, OPTIONS, source="s")


# --- the crawler's extraction inputs -------------------------------------------------------


def _worker_records(paged: Paged, body: bytes, comment_offset: int | None) -> RecordDicts:
    """What a crawler's PageExtractor worker gives for page two fetched with ``body``."""
    request = Request(paged.page_two_url, meta={"archive_date": DATE})
    response = HtmlResponse(
        paged.page_two_url,
        body=body,
        headers={"Content-Type": "text/html; charset=UTF-8"},
        request=request,
    )
    return Job("html", OPTIONS).run(
        response_input(response, paged.url, comment_offset=comment_offset)
    )


def test_worker_comment_page_mode_gives_extract_comment_page_records(paged: Paged) -> None:
    records = _worker_records(paged, paged.page_two, paged.on_page_one)

    expected = extract_comment_page(
        paged.page_two,
        paged.url,
        paged.on_page_one,
        OPTIONS,
        source=paged.page_two_url,
        content_type="text/html; charset=UTF-8",
        date_downloaded=DATE,
    )
    assert records == [c.to_dict() for c in expected]
    assert records  # the page has comments


def test_worker_page_mode_is_unchanged_and_errors_are_records(paged: Paged) -> None:
    whole = _worker_records(paged, paged.page_two, None)
    on_page_two = len(paged.spec.comments) - paged.on_page_one
    assert [r["type"] for r in whole] == ["article"] + ["comment"] * on_page_two
    assert [r["position"] for r in whole[1:]] == list(range(on_page_two))  # not shifted
    assert whole[0]["dateDownloaded"] == DATE  # the archive's date, as copydesk extract reads it
    (error,) = _worker_records(paged, b"", 3)
    assert (error["type"], error["error"], error["source"]) == (
        "error",
        "EmptyInput",
        paged.page_two_url,
    )


# --- copydesk extract of a crawler's archive ------------------------------------------------


@dataclass(frozen=True)
class Archived:
    url: str
    body: bytes
    headers: dict[str, str]


def _write_warc(path: Path, pages: list[Archived]) -> list[int]:
    """Response records as crawler/archive.py writes them; their offsets."""
    offsets = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        for page in pages:
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=UTF-8"),
                    ("Content-Length", str(len(page.body))),
                ],
                protocol="HTTP/1.1",
            )
            offsets.append(out.tell())
            writer.write_record(
                writer.create_warc_record(
                    page.url,
                    "response",
                    payload=io.BytesIO(page.body),
                    length=len(page.body),
                    http_headers=http_headers,
                    warc_headers_dict={"WARC-Date": DATE, **page.headers},
                )
            )
    return offsets


def _copydesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("copydesk")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "extractors.cli.main"]
    return subprocess.run(
        [*command, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_copydesk_extract_attaches_comment_pages_and_skips_discovery_pages(
    paged: Paged, tmp_path: Path
) -> None:
    home = HOST + "/"
    warc = tmp_path / "crawl.warc.gz"
    offsets = _write_warc(
        warc,
        [
            Archived(home, _served("/"), {"Copydesk-Record": "discovery"}),
            Archived(paged.url, paged.page_one, {"Copydesk-Record": "article"}),
            Archived(
                paged.page_two_url,
                paged.page_two,
                {
                    "Copydesk-Record": "comment-page",
                    "Copydesk-Article-URL": paged.url,
                    "Copydesk-Comment-Page": "2",
                    "Copydesk-Comment-Offset": str(paged.on_page_one),
                },
            ),
        ],
    )
    source = [f"{warc}#{offset}" for offset in offsets]

    result = _copydesk("extract", warc)

    assert result.returncode == 0, result.stderr
    records = _records(result.stdout)
    article = extract(
        paged.page_one, paged.url, OPTIONS, source=source[1], date_downloaded=DATE
    ).records()
    later = extract_comment_page(
        paged.page_two,
        paged.url,
        paged.on_page_one,
        OPTIONS,
        source=source[2],
        date_downloaded=DATE,
    )
    assert records == [r.to_dict() for r in [*article, *later]]
    assert sorted(r["position"] for r in records if r["type"] == "comment") == list(
        range(len(paged.spec.comments))
    )
    assert ", 1 discovery pages skipped (" in result.stderr
    assert "copydesk: 2 inputs, 1 articles," in result.stderr

    # -j 2 gives the same; --discovery-pages extracts the home page too, as a page
    assert _copydesk("extract", "-j", "2", warc).stdout == result.stdout
    everything = _copydesk("extract", "--discovery-pages", warc)
    assert everything.returncode == 0, everything.stderr
    pages = [r for r in _records(everything.stdout) if r["type"] == "article"]
    assert [(p["url"], p["source"]) for p in pages] == [(home, source[0]), (paged.url, source[1])]
    assert "skipped" not in everything.stderr
