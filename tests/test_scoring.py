"""The benchmark metric, on small cases computed by hand."""

from __future__ import annotations

import doctest
import math
import random
from collections import Counter

import pytest

from extractors import scoring
from extractors.scoring import PageScore, score_page, shingles, summarize, tokenize

# --- tokens and shingles -----------------------------------------------------------


def test_tokens_are_unicode_word_runs_with_case_kept() -> None:
    assert tokenize("L'État, c'est MOI — 東京 3.14 snake_case") == [
        "L",
        "État",
        "c",
        "est",
        "MOI",
        "東京",
        "3",
        "14",
        "snake_case",
    ]


def test_tokenize_none_and_punctuation_only() -> None:
    assert tokenize(None) == []
    assert tokenize(" -- !? \n\t… ") == []


def test_shingles_are_consecutive_four_grams() -> None:
    assert shingles("a b c d e f") == Counter(
        {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1, ("c", "d", "e", "f"): 1}
    )


def test_shingles_count_repeats() -> None:
    # 12 tokens give 9 shingles; "x y z w" starts at positions 0, 4 and 8.
    found = shingles("x y z w x y z w x y z w")
    assert found.total() == 9
    assert found[("x", "y", "z", "w")] == 3
    assert found[("y", "z", "w", "x")] == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello", Counter({("Hello",): 1})),
        ("Hello, world!", Counter({("Hello", "world"): 1})),
        ("one two three", Counter({("one", "two", "three"): 1})),
        ("one two three four", Counter({("one", "two", "three", "four"): 1})),
        ("", Counter()),
        ("  ...  ", Counter()),
        (None, Counter()),
    ],
    ids=["1-token", "2-tokens", "3-tokens", "4-tokens", "empty", "no-tokens", "none"],
)
def test_short_texts_give_one_shorter_shingle_or_none(
    text: str | None, expected: Counter[tuple[str, ...]]
) -> None:
    assert shingles(text) == expected


def test_shingle_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        shingles("a b", size=0)


# --- one page ----------------------------------------------------------------------


def test_identical_texts_score_one() -> None:
    page = score_page("p", "a b c d e f", "a b c d e f")
    assert page == PageScore("p", tp=3, fp=0, fn=0, precision=1.0, recall=1.0, f1=1.0)


def test_whitespace_punctuation_and_line_ends_do_not_count() -> None:
    page = score_page("p", "a, b;\r\n c  d!", "a b c d")
    assert (page.tp, page.fp, page.fn) == (1, 0, 0)


def test_case_is_kept() -> None:
    page = score_page("p", "The cat sat down", "the cat sat down")
    assert (page.tp, page.fp, page.fn) == (0, 1, 1)


def test_disjoint_texts_score_zero() -> None:
    page = score_page("p", "a b c d e", "v w x y z")
    assert page == PageScore("p", tp=0, fp=2, fn=2, precision=0.0, recall=0.0, f1=0.0)


def test_partial_overlap() -> None:
    # extracted: abcd bcde cdef; gold: cdef defg efgh fghi
    page = score_page("p", "a b c d e f", "c d e f g h i")
    assert (page.tp, page.fp, page.fn) == (1, 2, 3)
    assert page.precision == pytest.approx(1 / 3)
    assert page.recall == pytest.approx(1 / 4)
    assert page.f1 == pytest.approx(2 / 7)


def test_overlap_is_a_multiset_intersection() -> None:
    # extracted "x y z w" x3 (9 shingles: xyzw 3, yzwx 2, zwxy 2, wxyz 2);
    # gold: xyzw yzwq zwqx wqxy qxyz xyzw (6 shingles, xyzw twice).
    # A set intersection would say tp=1; the multiset one counts min(3, 2) = 2.
    page = score_page("p", "x y z w x y z w x y z w", "x y z w q x y z w")
    assert (page.tp, page.fp, page.fn) == (2, 7, 4)
    assert page.precision == pytest.approx(2 / 9)
    assert page.recall == pytest.approx(2 / 6)


def test_repeated_extraction_of_a_short_gold_is_penalised() -> None:
    page = score_page("p", "x y z w x y z w x y z w", "x y z w")
    assert (page.tp, page.fp, page.fn) == (1, 8, 0)
    assert page.precision == pytest.approx(1 / 9)
    assert page.recall == 1.0


def test_short_texts_match_only_whole() -> None:
    assert score_page("p", "Hello world", "Hello world").f1 == 1.0
    # a short shingle is not a prefix of a longer one
    page = score_page("p", "a b", "a b c d e")
    assert (page.tp, page.fp, page.fn) == (0, 1, 2)
    page = score_page("p", "Hello world", "Hello there world")
    assert (page.tp, page.fp, page.fn) == (0, 1, 1)


@pytest.mark.parametrize("extracted", [None, "", " \n ", "— … —"])
def test_empty_extraction_has_no_precision_and_zero_recall(extracted: str | None) -> None:
    page = score_page("p", extracted, "a b c d e")
    assert page == PageScore("p", tp=0, fp=0, fn=2, precision=None, recall=0.0, f1=0.0)


def test_empty_gold_has_no_recall_and_zero_precision() -> None:
    page = score_page("p", "a b c d e", "")
    assert page == PageScore("p", tp=0, fp=2, fn=0, precision=0.0, recall=None, f1=0.0)


def test_both_empty_has_no_ratios() -> None:
    page = score_page("p", None, None)
    assert page == PageScore("p", tp=0, fp=0, fn=0, precision=None, recall=None, f1=None)


# --- many pages --------------------------------------------------------------------


def test_precision_and_recall_average_over_their_own_pages() -> None:
    scores = [
        score_page("full", "a b c d", "a b c d e"),  # P 1, R 1/2
        score_page("missed", None, "a b c d e"),  # P undefined, R 0
        score_page("spurious", "v w x y z", None),  # P 0, R undefined
        score_page("nothing", "", ""),  # neither
    ]
    summary = summarize(scores, bootstrap=0)
    assert summary.precision == pytest.approx((1 + 0) / 2)
    assert summary.recall == pytest.approx((0.5 + 0) / 2)
    assert summary.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)
    assert summary.pages == 4
    # F1 of the means, not the mean of the per-page F1s (2/3, 0, 0 -> 2/9)
    assert summary.f1 != pytest.approx(2 / 9)


def test_pages_are_weighted_equally_not_by_length() -> None:
    scores = [
        PageScore("long", tp=900, fp=100, fn=0, precision=0.9, recall=1.0, f1=None),
        PageScore("short", tp=1, fp=1, fn=1, precision=0.5, recall=0.5, f1=None),
    ]
    summary = summarize(scores, bootstrap=0)
    assert summary.precision == pytest.approx(0.7)
    assert summary.recall == pytest.approx(0.75)


def test_summary_needs_both_precision_and_recall() -> None:
    with pytest.raises(ValueError, match="cannot summarize"):
        summarize([score_page("p", None, "a b c d")])
    with pytest.raises(ValueError, match="cannot summarize"):
        summarize([score_page("p", "a b c d", None)])
    with pytest.raises(ValueError, match="cannot summarize"):
        summarize([])


def _varied_scores() -> list[PageScore]:
    texts = ["a b c d e f g", "a b c d e", "c d e f g", "x y z w", "a b c d e f g h i"]
    return [
        score_page(f"{i}-{j}", extracted, gold)
        for i, extracted in enumerate(texts)
        for j, gold in enumerate(texts)
    ]


def test_bootstrap_is_deterministic() -> None:
    scores = _varied_scores()
    first = summarize(scores)
    assert first == summarize(scores)
    assert first == summarize(scores, seed=0, bootstrap=1000)
    assert first.f1_stdev > 0
    assert summarize(scores, seed=1).f1_stdev != first.f1_stdev
    assert first.f1_ci95 == pytest.approx(1.96 * first.f1_stdev)


def test_bootstrap_leaves_the_global_random_state_alone() -> None:
    random.seed(7)
    expected = random.random()
    random.seed(7)
    summarize(_varied_scores())
    assert random.random() == expected


def test_bootstrap_of_identical_pages_has_no_spread() -> None:
    scores = [score_page(str(i), "a b c d e", "a b c d e f") for i in range(10)]
    assert summarize(scores).f1_stdev == 0.0


def test_bootstrap_spread_shrinks_with_more_pages() -> None:
    few = _varied_scores()
    many = [
        PageScore(f"{s.page_id}/{k}", s.tp, s.fp, s.fn, s.precision, s.recall, s.f1)
        for s in few
        for k in range(16)
    ]
    # 16 times the pages: about a quarter of the standard deviation
    ratio = summarize(many).f1_stdev / summarize(few).f1_stdev
    assert 0.18 < ratio < 0.32


def test_without_bootstrap_the_spread_is_nan() -> None:
    summary = summarize(_varied_scores(), bootstrap=0)
    assert math.isnan(summary.f1_stdev)
    with pytest.raises(ValueError, match="bootstrap"):
        summarize(_varied_scores(), bootstrap=-1)


def test_doctests() -> None:
    assert doctest.testmod(scoring).failed == 0
