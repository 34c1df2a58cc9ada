"""Every fixture gives exactly its reviewed records, checked one field at a time.

Cases: the five seed texts (``fixtures/seeds``) and saved pages (``fixtures/pages``); see
``tests/fixture_cases.py``. A failure names the case and the field that changed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from fixture_cases import FixtureCase, all_cases

ARTICLE_FIELDS = [
    "id",
    "source",
    "url",
    "canonicalUrl",
    "headline",
    "authors",
    "datePublished",
    "datePublishedRaw",
    "dateModified",
    "inLanguage",
    "description",
    "articleBody",
    "keywords",
    "mainImage",
    "siteName",
    "commentCount",
    "dateDownloaded",
]
COMMENT_FIELDS = [
    "id",
    "articleId",
    "parentId",
    "position",
    "depth",
    "author",
    "datePublished",
    "text",
    "upvoteCount",
]
CASES = all_cases()


@cache
def produced(case: FixtureCase) -> list[dict[str, Any]]:
    return [record.to_dict() for record in case.run().records()]


def by_type(records: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [record for record in records if record["type"] == kind]


@pytest.mark.parametrize("field", ARTICLE_FIELDS)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_article_field(case: FixtureCase, field: str) -> None:
    (expected,) = by_type(case.expected(), "article")
    (actual,) = by_type(produced(case), "article")
    assert actual[field] == expected[field]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_comment_count(case: FixtureCase) -> None:
    assert len(by_type(produced(case), "comment")) == len(by_type(case.expected(), "comment"))


@pytest.mark.parametrize("field", COMMENT_FIELDS)
@pytest.mark.parametrize(
    "case",
    [case for case in CASES if by_type(case.expected(), "comment")],
    ids=lambda case: case.name,
)
def test_comment_field(case: FixtureCase, field: str) -> None:
    expected = [comment[field] for comment in by_type(case.expected(), "comment")]
    actual = [comment[field] for comment in by_type(produced(case), "comment")]
    assert actual == expected


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_records_are_complete_and_typed(case: FixtureCase) -> None:
    """No empty strings or "None" strings: absent values are null or []."""
    for record in produced(case):
        for name, value in record.items():
            assert value not in ("", "None", "null"), f"{record['type']}.{name} = {value!r}"


def test_seed_expectations_stated_by_the_pages_themselves() -> None:
    """Facts the seed pages state, independent of the recorded files."""
    cases = {case.name[:3]: case for case in CASES}
    threaded = by_type(produced(cases["003"]), "comment")
    assert len(threaded) == 32
    assert max(comment["depth"] for comment in threaded) == 2
    assert sum(comment["text"] is None for comment in threaded) == 1
    flat = produced(cases["004"])
    assert len(by_type(flat, "comment")) == 10
    assert by_type(flat, "article")[0]["commentCount"] == 10
    assert by_type(produced(cases["000"]), "article")[0]["datePublished"] == "2019-08-21"


def test_extraction_is_deterministic() -> None:
    for case in CASES:
        first = [record.to_dict() for record in case.run().records()]
        assert first == produced(case)
