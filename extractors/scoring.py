"""The benchmark metric: 4-token shingle precision, recall and F1 (see benchmarks/README.md).

This is the metric of the public article-extraction leaderboard (scrapinghub's
``evaluate.py``), so figures measured here compare with the published ones:

- tokens are the ``\\w+`` runs of a text (Unicode word characters, case kept);
- the units are the multiset of 4-token shingles (consecutive 4-grams); a text of 1-3
  tokens gives one shorter shingle, a text without tokens gives none;
- per page, tp is the multiset intersection of extracted and gold shingles, fp the
  extracted rest, fn the gold rest;
- precision is the mean of tp/(tp+fp) over the pages whose extraction has a shingle,
  recall the mean of tp/(tp+fn) over the pages whose gold has one, and F1 = 2PR/(P+R) of
  those two means (not a mean of per-page F1);
- its spread is the standard deviation of F1 over bootstrap resamples of the pages, with
  a fixed seed so that the same scores always give the same figure.

>>> score_page("p", "the cat sat on the mat", "the cat sat on a mat").tp
1
"""

from __future__ import annotations

import math
import random
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["PageScore", "Summary", "score_page", "shingles", "summarize", "tokenize"]

SHINGLE_SIZE = 4

# re's str patterns are Unicode-aware: \w covers letters and digits of every script and "_".
_TOKEN = re.compile(r"\w+")


def tokenize(text: str | None) -> list[str]:
    """The ``\\w+`` runs of ``text``, case kept.

    >>> tokenize("Don't stop — 2 Größen!")
    ['Don', 't', 'stop', '2', 'Größen']
    """
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text``.

    A text with fewer than ``size`` tokens (but at least one) gives one shorter shingle;
    a text without tokens gives an empty multiset.

    >>> shingles("a b c")
    Counter({('a', 'b', 'c'): 1})
    """
    if size < 1:
        raise ValueError(f"shingle size must be at least 1, not {size}")
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PageScore:
    """Shingle counts of one page and the ratios derived from them.

    precision: tp/(tp+fp), or ``None`` when the extraction has no shingle.
    recall: tp/(tp+fn), or ``None`` when the gold has no shingle.
    f1: the page's own F1 (for listing the worst pages; the summary does not average
        it): ``None`` when neither side has a shingle, 0.0 when only one side has.
    """

    page_id: str
    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None


def score_page(page_id: str, extracted: str | None, gold: str | None) -> PageScore:
    """Compare one page's extracted text with its gold text (``None`` counts as empty)."""
    found = shingles(extracted)
    wanted = shingles(gold)
    tp = (found & wanted).total()
    fp = found.total() - tp
    fn = wanted.total() - tp
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1: float | None
    if precision is None or recall is None:
        f1 = None if precision is None and recall is None else 0.0
    else:
        f1 = _harmonic_mean(precision, recall)
    return PageScore(page_id, tp, fp, fn, precision, recall, f1)


@dataclass(frozen=True)
class Summary:
    """The figures of one extractor over one set of pages.

    f1_stdev: standard deviation of F1 over the bootstrap resamples (NaN without any).
    pages: how many pages were scored (all of them, whatever their precision and recall).
    """

    precision: float
    recall: float
    f1: float
    f1_stdev: float
    pages: int

    @property
    def f1_ci95(self) -> float:
        """1.96 standard deviations: the "±" that scrapinghub's ``evaluate.py`` prints."""
        return 1.96 * self.f1_stdev


def summarize(scores: Sequence[PageScore], *, bootstrap: int = 1000, seed: int = 0) -> Summary:
    """Mean precision, mean recall, their F1, and F1's bootstrap standard deviation.

    The bootstrap draws ``bootstrap`` resamples of the pages (with replacement) from a
    private ``random.Random(seed)``, so equal inputs give equal results. A resample in
    which no page defines precision (or recall) has no F1 and is left out.
    """
    if bootstrap < 0:
        raise ValueError(f"bootstrap must be 0 or more, not {bootstrap}")
    figures = _figures(scores)
    if figures is None:
        raise ValueError(
            "cannot summarize: no page has an extraction with a shingle, "
            "or no page has a gold text with a shingle"
        )
    precision, recall, f1 = figures
    rng = random.Random(seed)
    resampled_f1 = []
    for _ in range(bootstrap):
        resample = rng.choices(scores, k=len(scores))
        resample_figures = _figures(resample)
        if resample_figures is not None:
            resampled_f1.append(resample_figures[2])
    f1_stdev = statistics.stdev(resampled_f1) if len(resampled_f1) >= 2 else math.nan
    return Summary(precision, recall, f1, f1_stdev, len(scores))


def _figures(scores: Sequence[PageScore]) -> tuple[float, float, float] | None:
    """(precision, recall, F1) of the pages, or ``None`` when P or R is undefined."""
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    if not precisions or not recalls:
        return None
    precision = math.fsum(precisions) / len(precisions)
    recall = math.fsum(recalls) / len(recalls)
    return precision, recall, _harmonic_mean(precision, recall)


def _harmonic_mean(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
