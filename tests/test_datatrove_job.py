"""Re-cleaning at scale (extractors/scale/): the datatrove job gives ``copydesk extract``'s records.

WARC files are written here from the example site's pages (fixtures/site) with the
``Copydesk-*`` headers a crawl archive carries: article pages, a later comment page, the
start page marked as a discovery page, a 404 and an image (not pages), and one file cut
short. The FastWARC reader must give ``extractors.inputs``'s items for every file, and the
datatrove job, run with two workers, the records of ``copydesk extract`` over the same files.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_inputs import STANDARD, build_warc
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.example_site import load_manifest
from crawler.example_site.server import render_file, resolve_path
from extractors.cli.main import main as copydesk
from extractors.inputs import InputFailure, InputItem, iter_html_inputs
from extractors.scale.fastwarc_reader import iter_warc_items

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "fixtures" / "site"
BASE = "http://news.example.test"
DATE = "2026-11-01T12:00:00Z"
CAP = 8 * 1024 * 1024

Page = tuple[str, int, bytes, dict[str, str]]  # URL path, status, body, Copydesk-* headers


def _page(path: str) -> bytes:
    found = resolve_path(SITE, path)
    assert found is not None, path
    return render_file(found, BASE)


def _write_warc(target: Path, pages: list[Page], content_type: str = "text/html") -> Path:
    with target.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        for path, status, body, marks in pages:
            http = StatusAndHeaders(
                f"{status} {'OK' if status == 200 else 'Not Found'}",
                [("Content-Type", content_type)],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    BASE + path,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": DATE, **marks},
                )
            )
    return target


@pytest.fixture(scope="module")
def warcs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four WARC files (sorted names: the order the job's tasks split them in)."""
    folder = tmp_path_factory.mktemp("warcs")
    articles = load_manifest(SITE).articles
    paged = next(a for a in articles if len(a.comment_pages) == 2)
    plain = [a for a in articles if a is not paged][:5]
    page_one = sum(c.page == 1 for c in paged.comments)
    article = {"Copydesk-Record": "article"}
    _write_warc(
        folder / "a.warc.gz",
        [
            ("/", 200, _page("/"), {"Copydesk-Record": "discovery"}),
            (paged.path, 200, _page(paged.path), article),
            (
                paged.comment_pages[1],
                200,
                _page(paged.comment_pages[1]),
                {
                    "Copydesk-Record": "comment-page",
                    "Copydesk-Article-URL": BASE + paged.path,
                    "Copydesk-Comment-Page": "2",
                    "Copydesk-Comment-Offset": str(page_one),
                },
            ),
            ("/missing/", 404, b"<html><body>Not found</body></html>", {}),
        ],
    )
    _write_warc(folder / "b.warc.gz", [(a.path, 200, _page(a.path), article) for a in plain[:3]])
    _write_warc(folder / "c.warc.gz", [("/logo.png", 200, b"\x89PNG....", {})], "image/png")
    whole = _write_warc(
        folder / "d.warc.gz", [(a.path, 200, _page(a.path), article) for a in plain[3:]]
    ).read_bytes()
    (folder / "d.warc.gz").write_bytes(whole[:-200])  # the last record cut short
    return folder


def _comparable(items: list[InputItem]) -> list[Any]:
    """Items with their failures as (source, class, message): exceptions compare by identity."""
    return [
        (i.source, type(i.error).__name__, str(i.error)) if isinstance(i, InputFailure) else i
        for i in items
    ]


def _fastwarc_items(path: Path) -> list[InputItem]:
    with path.open("rb") as stream:
        return list(iter_warc_items(str(path), stream, max_bytes=CAP))


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("cut", [0, 40], ids=["whole", "cut"])
def test_fastwarc_reader_gives_the_items_of_the_warcio_reader(
    tmp_path: Path, gz: bool, cut: int
) -> None:
    warc = build_warc(tmp_path / ("x.warc.gz" if gz else "x.warc"), STANDARD, gz=gz).path
    if cut:
        warc.write_bytes(warc.read_bytes()[:-cut])
    expected = _comparable(list(iter_html_inputs([str(warc)], max_bytes=CAP)))
    assert _comparable(_fastwarc_items(warc)) == expected
    assert isinstance(expected[-1], tuple) == bool(cut)  # a cut file ends in a failure


def test_fastwarc_reader_reads_crawler_headers_like_the_warcio_reader(warcs: Path) -> None:
    for path in sorted(warcs.glob("*.warc.gz")):
        expected = _comparable(list(iter_html_inputs([str(path)], max_bytes=CAP)))
        assert _comparable(_fastwarc_items(path)) == expected, path.name


def cut_at(path: str) -> str:
    """The offset of the last record of a WARC file."""
    return _comparable(list(iter_html_inputs([path], max_bytes=CAP)))[-1][0].rpartition("#")[2]


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _key(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True)


def test_datatrove_job_with_two_workers_gives_the_records_of_copydesk_extract(
    warcs: Path, tmp_path: Path
) -> None:
    files = [str(p) for p in sorted(warcs.glob("*.warc.gz"))]
    plain_out = tmp_path / "extract.jsonl"
    assert copydesk(["extract", *files, "-o", str(plain_out)]) == 1  # the cut file's error
    expected = _records(plain_out)

    out = tmp_path / "job"
    command = [sys.executable, "-m", "extractors.scale.datatrove_job", str(warcs), str(out)]
    result = subprocess.run(
        [*command, "--tasks", "3", "--workers", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outputs = sorted(out.glob("*.jsonl"))
    assert [p.name for p in outputs] == ["00000.jsonl", "00001.jsonl", "00002.jsonl"]
    records = [r for path in outputs for r in _records(path)]
    assert sorted(map(_key, records)) == sorted(map(_key, expected))
    # What the records are: the articles, page 2's comments attached to their article, the
    # cut record as an error; no record of the start page (discovery), the 404 or the image.
    kinds = {r["type"] for r in records}
    assert kinds == {"article", "comment", "error"}
    assert sum(r["type"] == "article" for r in records) == 1 + 3 + 1  # d's second is cut
    no_page, cut = sorted((r for r in records if r["type"] == "error"), key=lambda r: r["source"])
    assert (no_page["source"], cut["source"]) == (files[2], f"{files[3]}#{cut_at(files[3])}")
    assert "truncated" in cut["message"]
    assert not [r for r in records if r.get("url") in {BASE + "/", BASE + "/missing/"}]
    # Task 0 held a.warc.gz and d.warc.gz (files 0 and 3), in that order.
    first = [r["source"].rpartition("#")[0] for r in _records(outputs[0])]
    assert first == sorted(first) and set(first) == {files[0], files[3]}
