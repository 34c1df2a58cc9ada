"""Tests for extractors.inputs: CLI paths to a stream of documents or failures."""

from __future__ import annotations

import gzip
import io
import itertools
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractors.errors import InputTooLarge, UnreadableInput
from extractors.inputs import (
    InputDocument,
    InputFailure,
    InputItem,
    iter_html_inputs,
    iter_text_inputs,
)

MIB = 1024 * 1024
CAP = MIB
HTML = b"<!DOCTYPE html><html><head><title>t</title></head><body><p>Hello</p></body></html>"
DATE = "2024-05-01T12:00:00Z"


def html_items(*paths: str | Path, max_bytes: int = CAP) -> list[InputItem]:
    return list(iter_html_inputs([str(p) for p in paths], max_bytes=max_bytes))


def text_items(*paths: str | Path, max_bytes: int = CAP) -> list[InputItem]:
    return list(iter_text_inputs([str(p) for p in paths], max_bytes=max_bytes))


def write(path: Path, body: bytes, *, gz: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(body) if gz else body)
    return path


def only_failure(items: list[InputItem]) -> InputFailure:
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, InputFailure), item
    return item


# --- single files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "gz"),
    [
        ("page.html", False),
        ("page.htm", False),
        ("page.xhtml", False),
        ("page.htm.gz", True),
        ("page.html.gz", True),
    ],
)
def test_html_file_gives_its_bytes(tmp_path: Path, name: str, gz: bool) -> None:
    path = write(tmp_path / name, HTML, gz=gz)
    assert html_items(path) == [InputDocument(source=str(path), body=HTML)]


@pytest.mark.parametrize(
    ("name", "gz"),
    [("page.php", False), ("download", False), ("saved.bin", True), ("page.html.orig", True)],
)
def test_explicit_file_is_read_whatever_its_extension(tmp_path: Path, name: str, gz: bool) -> None:
    path = write(tmp_path / name, HTML, gz=gz)
    assert html_items(path) == [InputDocument(source=str(path), body=HTML)]


def test_source_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "sub" / "page.html", HTML)
    monkeypatch.chdir(tmp_path)
    items = list(iter_html_inputs(["./sub//page.html"], max_bytes=CAP))
    assert [item.source for item in items] == ["./sub//page.html"]


# --- folders ---------------------------------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ["b.html", "a.htm", "sub/c.html.gz", "z/d.xhtml", "sub/deeper/e.HTML"]:
        write(site / name, name.encode(), gz=name.endswith(".gz"))
    for name in ["style.css", "logo.png", "sub/script.js", "notes.txt", "page.php"]:
        write(site / name, HTML)

    items = html_items(site)

    assert all(isinstance(item, InputDocument) for item in items)
    assert [item.source for item in items] == [
        str(site / "a.htm"),
        str(site / "b.html"),
        str(site / "sub" / "c.html.gz"),
        str(site / "sub" / "deeper" / "e.HTML"),
        str(site / "z" / "d.xhtml"),
    ]
    bodies = [item.body for item in items if isinstance(item, InputDocument)]
    assert bodies == [b"a.htm", b"b.html", b"sub/c.html.gz", b"sub/deeper/e.HTML", b"z/d.xhtml"]


@pytest.mark.parametrize(
    "contents",
    [[], ["style.css", "img/logo.png"]],
    ids=["empty-folder", "no-matching-files"],
)
def test_folder_without_matching_files_says_so(tmp_path: Path, contents: list[str]) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in contents:
        write(folder / name, b"x")

    failure = only_failure(html_items(folder))

    assert failure.source == str(folder)
    assert isinstance(failure.error, UnreadableInput)
    assert str(folder) in str(failure.error)
    assert "no HTML" in str(failure.error)


def test_folder_of_warc_files_is_read_as_warc(tmp_path: Path) -> None:
    warc = build_warc(tmp_path / "crawl" / "one.warc.gz", [HTML_PAGE], gz=True)
    items = html_items(tmp_path / "crawl")
    assert [item.source for item in items] == [f"{warc.path}#{warc.offsets[0]}"]


# --- failures that do not stop the stream ----------------------------------------------


def test_missing_path_is_a_failure_and_the_stream_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "good.html", HTML)
    missing = tmp_path / "missing.html"

    items = html_items(missing, good)

    assert len(items) == 2
    failure, document = items
    assert isinstance(failure, InputFailure)
    assert failure.source == str(missing)
    assert isinstance(failure.error, UnreadableInput)
    assert "No such file or directory" in str(failure.error)
    assert document == InputDocument(source=str(good), body=HTML)


def test_path_under_a_file_is_unreadable(tmp_path: Path) -> None:
    parent = write(tmp_path / "page.html", HTML)
    failure = only_failure(html_items(parent / "child.html"))
    assert isinstance(failure.error, UnreadableInput)


@pytest.mark.parametrize(
    ("mangle", "expected"),
    [
        (lambda data: data[: len(data) // 2], "truncated gzip"),
        (lambda data: data[:10] + b"\xff" * 40 + data[50:], "corrupt gzip"),
        (lambda data: data[:-8] + b"\x00" * 8, "not a valid gzip"),
    ],
    ids=["truncated", "corrupt-deflate-data", "bad-crc"],
)
def test_broken_gzip_is_unreadable(
    tmp_path: Path, mangle: Callable[[bytes], bytes], expected: str
) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(mangle(gzip.compress(HTML * 50)))

    failure = only_failure(html_items(path))

    assert isinstance(failure.error, UnreadableInput)
    assert expected in str(failure.error)


# --- size caps -------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize(
    ("size", "too_large"), [(CAP, False), (CAP + 1, True)], ids=["at-cap", "over-cap"]
)
def test_size_cap(tmp_path: Path, gz: bool, size: int, too_large: bool) -> None:
    path = write(tmp_path / "page.html", b"x" * size, gz=gz)
    [item] = html_items(path, max_bytes=CAP)
    if too_large:
        assert isinstance(item, InputFailure)
        assert isinstance(item.error, InputTooLarge)
    else:
        assert isinstance(item, InputDocument)
        assert len(item.body) == CAP


@pytest.fixture(scope="module")
def gzip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 MiB of zeros, gzipped to about 200 KiB."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.html.gz"
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    zeros = bytes(MIB)
    with path.open("wb") as out:
        for _ in range(200):
            out.write(compressor.compress(zeros))
        out.write(compressor.flush())
    return path


def test_gzip_bomb_stops_at_the_cap(gzip_bomb: Path) -> None:
    assert gzip_bomb.stat().st_size < MIB
    tracemalloc.start()
    try:
        [item] = html_items(gzip_bomb, max_bytes=10 * MIB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(item, InputFailure)
    assert isinstance(item.error, InputTooLarge)
    assert peak < 40 * MIB  # reading it all would take 200 MiB


# --- WARC files ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rec:
    """One record to write into a test WARC."""

    kind: str
    url: str
    body: bytes
    content_type: str | None = None
    content_encoding: str | None = None
    status: str = "200 OK"
    warc_headers: tuple[tuple[str, str], ...] = ()  # beside WARC-Date


@dataclass(frozen=True)
class Warc:
    path: Path
    offsets: list[int]  # where each record starts, measured while writing


REQUEST = Rec("request", "https://news.example/a", b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n")
HTML_PAGE = Rec("response", "https://news.example/a", HTML, "text/html; charset=utf-8")
XHTML_PAGE = Rec("response", "https://news.example/b", b"<html>b</html>", "application/xhtml+xml")
PNG = Rec("response", "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png")
GZIPPED_PAGE = Rec(
    "response", "https://news.example/c", gzip.compress(b"<html>c</html>"), "text/html", "gzip"
)
STANDARD = [REQUEST, HTML_PAGE, XHTML_PAGE, PNG, GZIPPED_PAGE]


def build_warc(path: Path, records: list[Rec], *, gz: bool) -> Warc:
    path.parent.mkdir(parents=True, exist_ok=True)
    offsets = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for rec in records:
            offsets.append(out.tell())
            writer.write_record(warc_record(writer, rec))
    return Warc(path, offsets)


def warc_record(writer: WARCWriter, rec: Rec) -> object:
    if rec.kind != "response":
        return writer.create_warc_record(
            rec.url,
            rec.kind,
            payload=io.BytesIO(rec.body),
            length=len(rec.body),  # without it warcio buffers in a never-closed temp file
            warc_headers_dict={"WARC-Date": DATE},
        )
    headers = [("Content-Type", rec.content_type)] if rec.content_type else []
    if rec.content_encoding:
        headers.append(("Content-Encoding", rec.content_encoding))
    return writer.create_warc_record(
        rec.url,
        "response",
        payload=io.BytesIO(rec.body),
        length=len(rec.body),
        http_headers=StatusAndHeaders(rec.status, headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": DATE, **dict(rec.warc_headers)},
    )


def documents(items: list[InputItem]) -> list[InputDocument]:
    return [item for item in items if isinstance(item, InputDocument)]


@pytest.fixture(params=[False, True], ids=["warc", "warc.gz"])
def gz(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def test_warc_gives_its_html_responses(tmp_path: Path, gz: bool) -> None:
    warc = build_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), STANDARD, gz=gz)
    at = [f"{warc.path}#{offset}" for offset in warc.offsets]

    items = html_items(warc.path)

    assert items == [
        InputDocument(at[1], HTML, HTML_PAGE.url, "text/html; charset=utf-8", DATE),
        InputDocument(at[2], b"<html>b</html>", XHTML_PAGE.url, "application/xhtml+xml", DATE),
        InputDocument(at[4], b"<html>c</html>", GZIPPED_PAGE.url, "text/html", DATE),
    ]
    assert html_items(warc.path) == items  # the same sources every run


def test_warc_response_without_content_type_is_sniffed(tmp_path: Path, gz: bool) -> None:
    records = [
        Rec("response", "https://news.example/html", HTML),
        Rec("response", "https://news.example/data", b'{"not": "html"}'),
    ]
    warc = build_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), records, gz=gz)

    assert [(item.url, item.content_type) for item in documents(html_items(warc.path))] == [
        ("https://news.example/html", None)
    ]


def test_warc_record_over_the_cap_fails_alone(tmp_path: Path, gz: bool) -> None:
    big = Rec("response", "https://news.example/big", b"<html>" + b"x" * 2000, "text/html")
    warc = build_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), [big, HTML_PAGE], gz=gz)

    items = html_items(warc.path, max_bytes=1000)

    assert len(items) == 2
    failure, document = items
    assert isinstance(failure, InputFailure)
    assert isinstance(failure.error, InputTooLarge)
    assert failure.source == f"{warc.path}#{warc.offsets[0]}"
    assert isinstance(document, InputDocument)
    assert document.body == HTML


def test_warc_content_encoding_bomb_stops_at_the_cap(tmp_path: Path) -> None:
    bomb = Rec(
        "response", "https://news.example/bomb", gzip.compress(bytes(50 * MIB)), "text/html", "gzip"
    )
    warc = build_warc(tmp_path / "crawl.warc.gz", [bomb], gz=True)

    failure = only_failure(html_items(warc.path, max_bytes=MIB))

    assert isinstance(failure.error, InputTooLarge)


def test_warc_without_html_says_so(tmp_path: Path) -> None:
    warc = build_warc(tmp_path / "crawl.warc", [REQUEST, PNG], gz=False)
    failure = only_failure(html_items(warc.path))
    assert isinstance(failure.error, UnreadableInput)
    assert "no successful (2xx) HTML response records" in str(failure.error)


def test_warc_error_pages_are_not_documents(tmp_path: Path) -> None:
    """A 404 or 500 HTML page in an archive is not an article: the live crawl skips it too."""
    error_pages = [
        Rec(
            "response",
            f"https://news.example/{code}",
            b"<html><p>Oops</p></html>",
            "text/html",
            status=f"{code} Error",
        )
        for code in (404, 500, 301)
    ]
    ok = Rec("response", "https://news.example/ok", b"<html><p>Fine</p></html>", "text/html")
    warc = build_warc(tmp_path / "crawl.warc", [*error_pages, ok], gz=False)
    assert [doc.url for doc in documents(html_items(warc.path))] == ["https://news.example/ok"]


ARTICLE_URL = "https://news.example/2024/05/01/story/"
COMMENT_PAGE_HEADERS = (
    ("Copydesk-Record", "comment-page"),
    ("Copydesk-Article-URL", ARTICLE_URL),
    ("Copydesk-Comment-Page", "2"),
    ("Copydesk-Comment-Offset", "50"),
)


def test_warc_copydesk_headers_say_what_the_crawl_made_of_each_page(
    tmp_path: Path, gz: bool
) -> None:
    """crawler/archive.py's headers: role, and a comment page's article and offset."""
    records = [
        Rec(
            "response",
            ARTICLE_URL,
            HTML,
            "text/html",
            warc_headers=(("Copydesk-Record", "article"),),
        ),
        Rec(
            "response",
            ARTICLE_URL + "comment-page-2/",
            HTML,
            "text/html",
            warc_headers=COMMENT_PAGE_HEADERS,
        ),
        Rec(
            "response",
            "https://news.example/",
            HTML,
            "text/html",
            warc_headers=(("Copydesk-Record", "discovery"),),
        ),
        HTML_PAGE,  # another archive's record: no Copydesk headers
    ]
    warc = build_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), records, gz=gz)

    docs = documents(html_items(warc.path))

    assert [(d.crawl_role, d.comment_page_of, d.comment_offset) for d in docs] == [
        ("article", None, 0),
        ("comment-page", ARTICLE_URL, 50),
        ("discovery", None, 0),
        (None, None, 0),
    ]
    assert docs[1].url == ARTICLE_URL + "comment-page-2/"  # the page's own URL stays
    assert docs[1].source == f"{warc.path}#{warc.offsets[1]}"


@pytest.mark.parametrize("offset", [None, "", "-1", "x", "\u0661"])
def test_warc_comment_page_without_a_valid_offset_fails_alone(
    tmp_path: Path, offset: str | None
) -> None:
    headers = tuple(h for h in COMMENT_PAGE_HEADERS if h[0] != "Copydesk-Comment-Offset")
    if offset is not None:
        headers += (("Copydesk-Comment-Offset", offset),)
    page = Rec("response", ARTICLE_URL + "comment-page-2/", HTML, "text/html", warc_headers=headers)
    warc = build_warc(tmp_path / "crawl.warc", [page, HTML_PAGE], gz=False)

    failure, document = html_items(warc.path)

    assert isinstance(failure, InputFailure)
    assert isinstance(failure.error, UnreadableInput)
    assert failure.source == f"{warc.path}#{warc.offsets[0]}"
    assert "Copydesk-Comment-Offset" in str(failure.error)
    assert isinstance(document, InputDocument)
    assert document.url == HTML_PAGE.url


def header_end(data: bytes, start: int) -> int:
    return data.index(b"\r\n\r\n", start) + 4


# Where to cut (or break) the uncompressed WARC, inside the last record (GZIPPED_PAGE).
BREAKS: dict[str, Callable[[bytes, int], bytes]] = {
    "in-warc-headers": lambda data, start: data[: start + 30],
    "after-warc-headers": lambda data, start: data[: header_end(data, start)],
    "in-http-headers": lambda data, start: data[: header_end(data, start) + 20],
    "in-body": lambda data, start: data[:-12],
    "garbage-record": lambda data, start: data[:start] + b"not a WARC record\r\n\r\n",
    "long-content-length": lambda data, start: (
        data[:start] + data[start:].replace(b"Content-Length: ", b"Content-Length: 1", 1)
    ),
    "short-content-length": lambda data, start: shorten_content_length(data, start, by=10),
}


def shorten_content_length(data: bytes, start: int, *, by: int) -> bytes:
    head, rest = data[start:].split(b"Content-Length: ", 1)
    digits, tail = rest.split(b"\r\n", 1)
    new_length = str(int(digits) - by).encode()
    return data[:start] + head + b"Content-Length: " + new_length + b"\r\n" + tail


@pytest.mark.parametrize("where", BREAKS)
def test_broken_warc_gives_earlier_records_then_one_failure(tmp_path: Path, where: str) -> None:
    warc = build_warc(tmp_path / "crawl.warc", STANDARD, gz=False)
    start = warc.offsets[-1]
    warc.path.write_bytes(BREAKS[where](warc.path.read_bytes(), start))

    items = html_items(warc.path, tmp_path / "missing.html")

    assert [item.url for item in documents(items)] == [HTML_PAGE.url, XHTML_PAGE.url]
    failures = [item for item in items if isinstance(item, InputFailure)]
    assert len(failures) == 2  # the broken record, then the next path still read
    assert failures[0].source == f"{warc.path}#{start}"
    assert isinstance(failures[0].error, UnreadableInput)
    assert failures[1].source == str(tmp_path / "missing.html")


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.75])
def test_truncated_warc_gz_gives_earlier_records_then_one_failure(
    tmp_path: Path, fraction: float
) -> None:
    warc = build_warc(tmp_path / "crawl.warc.gz", STANDARD, gz=True)
    data = warc.path.read_bytes()
    start = warc.offsets[-1]
    warc.path.write_bytes(data[: start + int((len(data) - start) * fraction)])

    items = html_items(warc.path)

    assert [item.url for item in documents(items)] == [HTML_PAGE.url, XHTML_PAGE.url]
    assert len(items) == 3
    failure = items[-1]
    assert isinstance(failure, InputFailure)
    assert failure.source == f"{warc.path}#{start}"
    assert isinstance(failure.error, UnreadableInput)


def test_warc_gzipped_as_one_stream_is_reported(tmp_path: Path) -> None:
    plain = build_warc(tmp_path / "crawl.warc", STANDARD, gz=False)
    whole = write(tmp_path / "whole.warc.gz", plain.path.read_bytes(), gz=True)

    items = html_items(whole)

    failures = [item for item in items if isinstance(item, InputFailure)]
    assert len(failures) == 1
    assert "warcio recompress" in str(failures[0].error)


# --- text inputs -----------------------------------------------------------------------


def test_text_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    write(folder / "b.txt", b"second")
    write(folder / "a.txt.gz", b"first", gz=True)
    write(folder / "c" / "d.txt", b"third")
    write(folder / "page.html", HTML)
    build_warc(folder / "crawl.warc", [HTML_PAGE], gz=False)
    notes = write(tmp_path / "notes.md", b"named explicitly", gz=True)

    items = text_items(folder, notes)

    assert items == [
        InputDocument(str(folder / "a.txt.gz"), b"first"),
        InputDocument(str(folder / "b.txt"), b"second"),
        InputDocument(str(folder / "c" / "d.txt"), b"third"),
        InputDocument(str(notes), b"named explicitly"),
    ]


@pytest.mark.parametrize(
    ("name", "size", "error"),
    [("missing.txt", None, UnreadableInput), ("big.txt", CAP + 1, InputTooLarge)],
    ids=["missing", "too-large"],
)
def test_text_failures(tmp_path: Path, name: str, size: int | None, error: type) -> None:
    path = tmp_path / name
    if size is not None:
        write(path, b"x" * size)
    failure = only_failure(text_items(path))
    assert isinstance(failure.error, error)


def test_text_folder_without_text_files_says_so(tmp_path: Path) -> None:
    write(tmp_path / "page.html", HTML)
    failure = only_failure(text_items(tmp_path))
    assert "no text files" in str(failure.error)


# --- streaming -------------------------------------------------------------------------


def test_paths_are_consumed_lazily(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", HTML)

    def endless() -> Iterator[str]:
        for _ in range(100):
            yield str(path)
        pytest.fail("the paths were consumed eagerly")

    first = list(itertools.islice(iter_html_inputs(endless(), max_bytes=CAP), 3))
    assert [item.source for item in first] == [str(path)] * 3


def test_memory_stays_flat_over_10000_files(tmp_path: Path) -> None:
    body = b"<p>" + b"x" * 1000 + b"</p>"
    for folder in range(100):
        for name in range(100):
            write(tmp_path / f"{folder:03}" / f"{name:03}.html", body)

    def peak_while_reading(paths: list[str]) -> tuple[int, int]:
        tracemalloc.start()
        try:
            count = sum(1 for _ in iter_html_inputs(paths, max_bytes=CAP))
            return count, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    # Flat means 10,000 files cost what 1,000 do: holding the extra 9,000 documents would
    # add over 9 MiB. A first untraced pass pays for one-off growth that is not ours, such
    # as CPython resizing its table of interned strings (pathlib interns path parts).
    sum(1 for _ in iter_html_inputs([str(tmp_path)], max_bytes=CAP))
    small_count, small_peak = peak_while_reading([str(tmp_path / f"{n:03}") for n in range(10)])
    count, peak = peak_while_reading([str(tmp_path)])
    assert (small_count, count) == (1_000, 10_000)
    assert peak < small_peak + MIB
