"""Speed and memory of the extraction pipeline (prints figures, fails nothing).

    .venv/bin/python -m bench.throughput [--skip-memory]

On the scrapinghub pages (read from ../shared/benchmarks, never copied):
1. pages/s of copydesk's full pipeline and of bare ``trafilatura.extract``, timed page by
   page in alternation in one run, and their ratio (target >= 1.0);
2. copydesk's time per page over a plain ``lxml.html`` parse of the same page (parse floor);
3. ``copydesk extract -j 1`` against ``-j 2`` over the folder, median of three runs each
   (target: >= 1.8x);
4. peak RSS of ``copydesk extract`` over WARC files of 1,000 and 10,000 records made by
   repeating the pages (target: the larger within 10% of the smaller);
5. the time of a 20 MB page and of a page with 100,000 nested elements.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from itertools import cycle, islice
from pathlib import Path
from typing import NamedTuple

import lxml.html
import trafilatura
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractors import ExtractionError, ExtractOptions, extract
from extractors.datasets import DEFAULT_ROOT, SCRAPINGHUB, load_scrapinghub

PROJECT = Path(__file__).resolve().parent.parent
FOLDER = DEFAULT_ROOT / SCRAPINGHUB / "html"


def single_process(pages: list[bytes]) -> None:
    options = ExtractOptions()
    extract(pages[0], None, options)  # warm-up: language profiles, lazy imports
    trafilatura.extract(pages[0])
    times = {"copydesk": 0.0, "trafilatura": 0.0, "lxml parse": 0.0}
    for page in pages:
        times["copydesk"] += _timed(partial(_copydesk, page, options))
        times["trafilatura"] += _timed(partial(trafilatura.extract, page))
        times["lxml parse"] += _timed(partial(lxml.html.fromstring, page))
    rates = {name: len(pages) / seconds for name, seconds in times.items()}
    print(f"1. single process over {len(pages)} pages, alternating page by page:")
    for name, rate in rates.items():
        print(f"   {name:12} {rate:8.1f} pages/s  ({1000 / rate:6.2f} ms a page)")
    print(f"   copydesk / bare trafilatura: {rates['copydesk'] / rates['trafilatura']:.2f}")
    floor = times["copydesk"] / times["lxml parse"]
    print(f"2. parse floor: copydesk takes {floor:.1f}x an lxml parse of the same page")


def _copydesk(page: bytes, options: ExtractOptions) -> None:
    with contextlib.suppress(ExtractionError):  # an error record is a result too
        extract(page, None, options)


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


class CliRun(NamedTuple):
    seconds: float  # wall time of the whole process: interpreter start and imports too
    peak_kib: int
    own_rate: float  # the inputs/s the tool prints: from reading the first input to the end


_OWN_RATE = re.compile(r"([\d.]+) inputs/s\)")


def run_cli(*args: str) -> CliRun:
    """Wall time, peak RSS and printed rate of one ``copydesk`` run, output discarded."""
    command = [sys.executable, "-m", "extractors.cli.main", *args, "-o", os.devnull]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    printed = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    rate = _OWN_RATE.search(printed)
    return CliRun(elapsed, usage.ru_maxrss, float(rate[1]) if rate else 0.0)


def parallel(count: int) -> None:
    """-j 2 against -j 1 over the folder, then over it three times in one run: the fixed cost
    of starting (interpreter and imports, about 0.5 s, then rules, language profiles and
    lazy imports on the first pages) weighs less on more pages. Each is the median of three
    runs, alternating: single runs here vary by 10 to 20%. Two rates: pages over the whole
    process's wall time, and the rate the tool prints (from the first input read)."""
    for repeats in (1, 3):
        folders = [str(FOLDER)] * repeats
        runs: dict[str, list[CliRun]] = {"-j 1": [], "-j 2": []}
        for _ in range(3):
            for jobs, results in runs.items():
                results.append(run_cli("extract", *folders, *jobs.split()))
        pages = count * repeats
        wall = {
            jobs: pages / statistics.median(r.seconds for r in results)
            for jobs, results in runs.items()
        }
        own = {
            jobs: statistics.median(r.own_rate for r in results) for jobs, results in runs.items()
        }
        print(f"3. copydesk extract over {pages} pages, pages/s over the process's wall time:")
        print(f"   {_speedup(wall)};")
        print(f"   and as the tool prints it (from the first input read): {_speedup(own)}")


def _speedup(rates: dict[str, float]) -> str:
    one, two = rates["-j 1"], rates["-j 2"]
    return f"-j 1 {one:.1f}, -j 2 {two:.1f}: {two / one:.2f}x"


def write_warc(path: Path, pages: list[bytes], records: int) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number, page in enumerate(islice(cycle(pages), records)):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://bench.example/{number}",
                "response",
                payload=io.BytesIO(page),
                length=len(page),
                http_headers=headers,
            )
            writer.write_record(record)


def memory(pages: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        peaks = {}
        for records in (1_000, 10_000):
            warc = Path(folder) / f"bench-{records}.warc.gz"
            write_warc(warc, pages, records)
            seconds, peak, _ = run_cli("extract", str(warc), "-j", "1")
            peaks[records] = peak
            mib = peak / 1024
            print(f"4. {records:6} WARC records: peak RSS {mib:7.1f} MiB ({seconds:.0f} s)")
            warc.unlink()
        print(f"   10,000 / 1,000 peak: {peaks[10_000] / peaks[1_000]:.3f}")


def hostile_pages() -> None:
    sentence = "The council met on Tuesday to discuss the budget for next year. "
    article = f"<p>{sentence * 8}</p>"
    junk = "<li><a href='/x'>A link in a long sidebar of other stories</a></li>" * 320_000
    huge = f"<html><body><article>{article * 5}</article><ul>{junk}</ul></body></html>"
    nested = f"<html><body>{'<div>' * 100_000}{article}{'</div>' * 100_000}</body></html>"
    for name, page in (("20 MB page", huge), ("100,000 nested divs", nested)):
        started = time.perf_counter()
        try:
            extract(page.encode(), None, ExtractOptions())
            outcome = "article"
        except ExtractionError as exc:
            outcome = type(exc).__name__
        size = len(page) / 1e6
        print(f"5. {name} ({size:.1f} MB): {outcome} in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--skip-memory", action="store_true", help="skip the 10,000-record run")
    args = parser.parse_args()
    pages = [page.read_html() for page in load_scrapinghub()]
    single_process(pages)
    parallel(len(pages))
    if not args.skip_memory:
        memory(pages)
    hostile_pages()


if __name__ == "__main__":
    main()
