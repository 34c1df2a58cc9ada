"""The ``copydesk eval --report`` page, checked as a file and rendered in headless Chromium.

The report is built from fixture pages (never the benchmarks) in the dragnet layout, so it
has bodies, comments, missing and extra words. The browser tests run where
``/usr/bin/chromium`` exists (Debian's ``chromium`` package) and skip elsewhere.
"""

from __future__ import annotations

import gzip
import json
import struct
import subprocess
import zlib
from pathlib import Path

import lxml.html
import pytest
from fixture_cases import PAGES

from extractors.cli.main import main

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium) to render in"
)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# (name in the set, fixture folder, how the gold is made from the reviewed body)
PAGE_CASES = (
    ("exact", "southfront-wpdiscuz", "exact"),
    ("gold-cut", "blacklistednews-related", "half"),  # the extraction has extra words
    ("gold-added", "wordpress-thesis", "added"),  # the extraction misses words
)
ADDED = "This sentence is only in the gold and nowhere on the page at all."


def _records(folder: Path) -> list[dict[str, str]]:
    lines = (folder / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "dragnet-dev"
    (root / "html").mkdir(parents=True)
    (root / "gold").mkdir()
    for name, case, how in PAGE_CASES:
        folder = PAGES / case
        (root / "html" / f"{name}.html.gz").write_bytes(
            gzip.compress((folder / "page.html").read_bytes())
        )
        records = _records(folder)
        body = records[0]["articleBody"]
        gold = {"exact": body, "half": body[: len(body) // 2], "added": f"{body}\n\n{ADDED}"}[how]
        comments = [f"{r['author']}\n{r['text']}" for r in records if r["type"] == "comment"]
        if comments and how == "exact":
            gold += "\n!@#$%^&*()  COMMENTS\n" + "\n\n".join(comments)
        (root / "gold" / f"{name}.txt").write_text(gold, encoding="utf-8")
    path = root.parent / "report.html"
    assert main(["eval", str(root), "--report", str(path)]) == 0
    return path


def _section_ids(tree: lxml.html.HtmlElement) -> list[str]:
    return [str(section.get("id")) for section in tree.xpath("//section")]


def test_report_is_self_contained(report: Path) -> None:
    tree = lxml.html.fromstring(report.read_bytes())
    assert not tree.xpath("//script | //link | //img | //iframe | //object | //embed")
    assert not tree.xpath("//*[@src]")
    assert "url(" not in "".join(tree.xpath("//style/text()"))
    # links are only to the pages' own URLs and to anchors in the report
    hrefs = tree.xpath("//a/@href")
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs)
    anchors = [h[1:] for h in hrefs if h.startswith("#")]
    assert sorted(anchors) == sorted(_section_ids(tree))


def test_report_lists_pages_worst_first_with_differences(report: Path) -> None:
    tree = lxml.html.fromstring(report.read_bytes())
    ids = _section_ids(tree)
    assert ids[-1] == "exact"
    assert set(ids) == {"exact", "gold-cut", "gold-added"}
    missing = " ".join(tree.xpath("//section[@id='gold-added']//*[@class='missing']//text()"))
    assert "only in the gold" in missing
    assert tree.xpath("//section[@id='gold-cut']//*[@class='extra']")
    assert not tree.xpath("//section[@id='exact']//*[@class='missing' or @class='extra']")


def _chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    profile = cwd / "chromium-profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@needs_chromium
def test_report_parses_in_chromium_with_highlights_and_order(report: Path, tmp_path: Path) -> None:
    dom = _chromium("--dump-dom", report.as_uri(), cwd=tmp_path).stdout
    tree = lxml.html.fromstring(dom)
    written = lxml.html.fromstring(report.read_bytes())
    assert _section_ids(tree) == _section_ids(written)
    assert len(tree.xpath("//span[@class='missing']")) == len(
        written.xpath("//span[@class='missing']")
    )
    assert tree.xpath("//section[@id='gold-cut']//span[@class='extra']")
    index_links = [a.get("href") for a in tree.xpath("//table[@class='index']//a")]
    assert index_links == [f"#{page_id}" for page_id in _section_ids(tree)]
    assert tree.xpath("//section//span[@class='rule']")  # the rules that fired, shown
    assert tree.xpath("//table[contains(@class, 'fill-rates')]")


@needs_chromium
def test_report_screenshot_is_not_blank(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    _chromium(f"--screenshot={shot}", "--window-size=1400,1600", report.as_uri(), cwd=tmp_path)
    width, height, pixels = _png_pixels(shot.read_bytes())
    assert (width, height) == (1400, 1600)
    assert len(set(pixels)) > 50  # text, highlights and badges: many distinct byte values


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed (still filtered) image data of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat = 8, b""
    width = height = 0
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        chunk = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        offset += 12 + length
    return width, height, zlib.decompress(idat)
