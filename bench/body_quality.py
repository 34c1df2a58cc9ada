"""Body quality and speed on the scrapinghub set: copydesk against bare trafilatura.

Run from the project root (the data is read from ../shared/benchmarks, never copied):

    .venv/bin/python -m bench.body_quality [--root PATH] [--bootstrap N]

Prints precision, recall, F1 ± the bootstrap standard deviation of F1, and pages/s for
each configuration. Only the extraction call is timed; reading and gunzipping each page
happen before the clock starts. The HTML is given to trafilatura as a UTF-8 string, as the
leaderboard's own runner does (the set's README: "gzip-compressed and utf-8 encoded").
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura
from trafilatura.settings import Document

from extractors import ExtractionError, ExtractOptions, extract
from extractors.datasets import DEFAULT_ROOT, SCRAPINGHUB, load_scrapinghub
from extractors.scoring import PageScore, score_page, summarize

Extractor = Callable[[str], str | None]


def extract_defaults(html: str) -> str | None:
    """``trafilatura.extract`` with every argument left at its default (comments on)."""
    result: str | None = trafilatura.extract(html)
    return result


def bare_precision(html: str) -> str | None:
    """``bare_extraction`` with favor_precision and without comments: the body text."""
    document = trafilatura.bare_extraction(html, favor_precision=True, include_comments=False)
    if not isinstance(document, Document):  # None: nothing found (no dict without as_dict)
        return None
    text: str | None = document.text
    return text


COPYDESK_OPTIONS = ExtractOptions()


def copydesk_extract(html: str) -> str | None:
    """copydesk's whole pipeline (decoding, trafilatura, cleaners, comments, language)."""
    try:
        return extract(html.encode("utf-8"), None, COPYDESK_OPTIONS).article.articleBody
    except ExtractionError:
        return None


CONFIGURATIONS: dict[str, Extractor] = {
    "copydesk extract (full pipeline)": copydesk_extract,
    "extract() all defaults": extract_defaults,
    "bare_extraction favor_precision, no comments": bare_precision,
}


def run(name: str, extractor: Extractor, pages: list[tuple[str, str, str]], bootstrap: int) -> None:
    extractor(pages[0][1])  # warm-up, untimed: the first call pays for lazy set-up
    scores: list[PageScore] = []
    elapsed = 0.0
    for page_id, html, gold in pages:
        start = time.perf_counter()
        extracted = extractor(html)
        elapsed += time.perf_counter() - start
        scores.append(score_page(page_id, extracted, gold))
    summary = summarize(scores, bootstrap=bootstrap)
    empty = sum(score.precision is None for score in scores)
    print(
        f"{name:<46} P={summary.precision:.3f} R={summary.recall:.3f} "
        f"F1={summary.f1:.3f} ± {summary.f1_stdev:.3f}  "
        f"{len(scores) / elapsed:6.1f} pages/s  ({empty} empty of {summary.pages})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT / SCRAPINGHUB)
    parser.add_argument("--bootstrap", type=int, default=1000)
    args = parser.parse_args()
    pages = [
        (page.page_id, page.read_html().decode("utf-8"), page.gold_body)
        for page in load_scrapinghub(args.root)
    ]
    print(f"trafilatura {trafilatura.__version__}, {len(pages)} pages from {args.root}")
    for name, extractor in CONFIGURATIONS.items():
        run(name, extractor, pages, args.bootstrap)


if __name__ == "__main__":
    main()
