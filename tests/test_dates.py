"""Dates as pages write them, to ISO 8601; a date we would have to complete is no date."""

from __future__ import annotations

import pytest

from extractors.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("August 21, 2019", "2019-08-21"),
        ("21 August 2019", "2019-08-21"),
        ("2019-08-21", "2019-08-21"),
        ("March 24, 2020 at 5:12 pm", "2020-03-24T17:12:00"),
        ("2020-11-26T16:45:12+00:00", "2020-11-26T16:45:12+00:00"),
        ("Nov 15, 2019 5:30 PM EST", "2019-11-15T17:30:00"),
        ("JULY 2020", None),
        ("2019", None),
        ("Monday", None),
        ("by the editors", None),
        ("", None),
        ("x" * 500, None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected
