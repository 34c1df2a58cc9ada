"""Scoring copydesk (and, side by side, bare trafilatura) on a benchmark set.

Bodies and comments are scored apart with the shingle metric of ``scoring``. A comment is
scored as its author line followed by its text, the way the dragnet gold keeps them.
``evaluate_page`` is a pure function of one page, so pages can be scored in worker processes.

The metadata fields are counted, not scored: neither benchmark set has metadata gold, so the
summary gives each field's fill rate (the fraction of pages whose record has it non-empty; a
page that gave an error record counts as empty).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import trafilatura
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html

from extractors.datasets import BenchmarkPage
from extractors.errors import ExtractionError
from extractors.options import ExtractOptions
from extractors.pipeline import Extraction, extract
from extractors.records import Article, Comment
from extractors.scoring import PageScore, Summary, score_page, summarize

# The article fields whose fill rate ``copydesk eval`` reports, in the order shown.
METADATA_FIELDS = ("headline", "authors", "datePublished", "inLanguage")


@dataclass(frozen=True)
class SystemOutput:
    """What one extractor gave for a page, as text to score.

    metadata: the non-empty ``METADATA_FIELDS`` of its record, as text to show.
    """

    body: str | None
    comments: str | None
    error: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PageResult:
    """Scores and texts of one page, for the summary and the report."""

    page: BenchmarkPage
    copydesk: SystemOutput
    body: PageScore
    comments: PageScore  # against empty gold where the page has no comments
    rules_fired: dict[str, int] = field(default_factory=dict)
    baseline: SystemOutput | None = None
    baseline_body: PageScore | None = None
    baseline_comments: PageScore | None = None


@dataclass(frozen=True)
class EvalSummary:
    pages: int
    body: Summary
    comments: Summary | None
    baseline_body: Summary | None
    baseline_comments: Summary | None
    rules_fired: Counter[str]
    comments_on_pages_without: int
    baseline_comments_on_pages_without: int | None
    fill_rates: dict[str, float] = field(default_factory=dict)
    baseline_fill_rates: dict[str, float] | None = None


def comments_as_text(comments: Sequence[Comment]) -> str | None:
    """Each comment as its author line then its text, blank lines between comments."""
    blocks = ["\n".join(part for part in (c.author, c.text) if part) for c in comments]
    return "\n\n".join(block for block in blocks if block) or None


def article_metadata(article: Article) -> dict[str, str]:
    """The non-empty ``METADATA_FIELDS`` of ``article``, authors joined by "; "."""
    values = {
        "headline": article.headline,
        "authors": "; ".join(a for a in article.authors if a.strip()),
        "datePublished": article.datePublished,
        "inLanguage": article.inLanguage,
    }
    return {name: value for name, value in values.items() if value and value.strip()}


def fill_rates(outputs: Sequence[SystemOutput]) -> dict[str, float]:
    """For each of ``METADATA_FIELDS``, the fraction of ``outputs`` that have it non-empty.

    >>> fill_rates([SystemOutput("b", None, metadata={"headline": "H"}), SystemOutput(None, None)])
    {'headline': 0.5, 'authors': 0.0, 'datePublished': 0.0, 'inLanguage': 0.0}
    """
    if not outputs:
        return {}
    return {
        name: sum(name in output.metadata for output in outputs) / len(outputs)
        for name in METADATA_FIELDS
    }


def run_copydesk(
    page: BenchmarkPage, options: ExtractOptions
) -> tuple[SystemOutput, Extraction | None]:
    try:
        extraction = extract(page.read_html(), page.url, options, source=page.page_id)
    except ExtractionError as exc:
        return SystemOutput(None, None, f"{type(exc).__name__}: {exc}"), None
    output = SystemOutput(
        extraction.article.articleBody,
        comments_as_text(extraction.comments),
        metadata=article_metadata(extraction.article),
    )
    return output, extraction


def run_trafilatura(page: BenchmarkPage) -> SystemOutput:
    """Bare trafilatura with its comments on, body and comments read apart.

    Its metadata is read by a separate ``extract_metadata`` call, so that the body is the
    one the default ``bare_extraction`` gives (``with_metadata=False``). trafilatura
    gives no language without a target language: its ``inLanguage`` is always empty.
    """
    html_bytes = page.read_html()
    document = trafilatura.bare_extraction(html_bytes, url=page.url, include_comments=True)
    if not isinstance(document, Document):
        return SystemOutput(None, None, "trafilatura returned nothing")
    tree = load_html(html_bytes)
    meta = extract_metadata(tree, default_url=page.url) if tree is not None else None
    values = {
        "headline": meta.title if meta else None,
        "authors": meta.author if meta else None,
        "datePublished": meta.date if meta else None,
        "inLanguage": meta.language if meta else None,
    }
    metadata = {name: value for name, value in values.items() if value and value.strip()}
    return SystemOutput(document.text or None, document.comments or None, metadata=metadata)


def evaluate_page(
    page: BenchmarkPage, options: ExtractOptions, with_baseline: bool = False
) -> PageResult:
    output, extraction = run_copydesk(page, options)
    fired = dict(extraction.diagnostics.rules_fired()) if extraction else {}
    baseline = run_trafilatura(page) if with_baseline else None
    return PageResult(
        page=page,
        copydesk=output,
        body=score_page(page.page_id, output.body, page.gold_body),
        comments=score_page(page.page_id, output.comments, page.gold_comments),
        rules_fired=fired,
        baseline=baseline,
        baseline_body=score_page(page.page_id, baseline.body, page.gold_body) if baseline else None,
        baseline_comments=(
            score_page(page.page_id, baseline.comments, page.gold_comments) if baseline else None
        ),
    )


def summarize_results(results: Sequence[PageResult], *, bootstrap: int = 1000) -> EvalSummary:
    """Macro precision and recall over pages, F1 of the two, with its bootstrap spread.

    Comments are scored over every page of a set that has comment gold (a page without
    comments has empty comment gold: reporting comments there costs precision), and the
    count of pages without comment gold where comments were reported is given apart.
    """
    set_has_comment_gold = any(r.page.gold_comments is not None for r in results)
    with_baseline = any(r.baseline is not None for r in results)
    fired: Counter[str] = Counter()
    for result in results:
        fired.update(result.rules_fired)
    return EvalSummary(
        pages=len(results),
        body=summarize([r.body for r in results], bootstrap=bootstrap),
        comments=(
            summarize([r.comments for r in results], bootstrap=bootstrap)
            if set_has_comment_gold
            else None
        ),
        baseline_body=(
            summarize([r.baseline_body for r in results if r.baseline_body], bootstrap=bootstrap)
            if with_baseline
            else None
        ),
        baseline_comments=(
            summarize(
                [r.baseline_comments for r in results if r.baseline_comments], bootstrap=bootstrap
            )
            if with_baseline and set_has_comment_gold
            else None
        ),
        rules_fired=fired,
        comments_on_pages_without=sum(
            r.page.gold_comments is None and bool(r.copydesk.comments) for r in results
        ),
        baseline_comments_on_pages_without=(
            sum(
                r.page.gold_comments is None and bool(r.baseline and r.baseline.comments)
                for r in results
            )
            if with_baseline
            else None
        ),
        fill_rates=fill_rates([r.copydesk for r in results]),
        baseline_fill_rates=(
            fill_rates([r.baseline for r in results if r.baseline]) if with_baseline else None
        ),
    )
