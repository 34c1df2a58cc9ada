"""Comment records from found comments: ids, parents, dates and author lines."""

from __future__ import annotations

from extractors.comments import RawComment, concatenate, split_author_date, to_records


def test_ids_are_stable_when_new_comments_appear_above() -> None:
    old = [RawComment("Ann", "First."), RawComment("Bob", "Reply.", 1, 0)]
    new = [
        RawComment("Cy", "Newest."),
        RawComment("Ann", "First."),
        RawComment("Bob", "Reply.", 1, 1),
    ]
    old_ids = [c.id for c in to_records(old, article_id="a", source="s")]
    new_ids = [c.id for c in to_records(new, article_id="a", source="s")]
    assert new_ids[1:] == old_ids


def test_identical_comments_get_distinct_ids() -> None:
    records = to_records(
        [RawComment("Ann", "+1"), RawComment("Ann", "+1")], article_id="a", source="s"
    )
    assert records[0].id != records[1].id


def test_parent_ids_and_empty_text() -> None:
    records = to_records(
        [RawComment("Ann", "Top."), RawComment("Bob", "", 1, 0)], article_id="a", source="s"
    )
    assert records[1].parentId == records[0].id
    assert records[1].text is None
    assert [r.position for r in records] == [0, 1]


def test_concatenate_shifts_parent_indexes() -> None:
    first = [RawComment("Ann", "One.")]
    second = [RawComment("Bob", "Two."), RawComment("Cy", "Three.", 1, 0)]
    joined = concatenate(first, second)
    assert joined[2].parent_index == 1


def test_date_printed_in_the_author_line_is_split_off() -> None:
    comment = split_author_date(RawComment("Milan Griffes on September 12, 2018 at 4:47 pm", "Hi"))
    assert comment.author == "Milan Griffes"
    assert comment.date_raw == "September 12, 2018 at 4:47 pm"
    (record,) = to_records([comment], article_id="a", source="s")
    assert record.datePublished == "2018-09-12T16:47:00"


def test_author_without_a_date_is_left_alone() -> None:
    assert split_author_date(RawComment("Anne on the Hill", "Hi")).author == "Anne on the Hill"


def test_relative_dates_count_back_from_the_fetch_time() -> None:
    (record,) = to_records(
        [RawComment("Ann", "Hi", date_raw="3 days ago")],
        article_id="a",
        source="s",
        fetched_at="2020-11-26T18:00:00+00:00",
    )
    assert record.datePublished == "2020-11-23T18:00:00+00:00"
    (unknown,) = to_records(
        [RawComment("Ann", "Hi", date_raw="3 days ago")], article_id="a", source="s"
    )
    assert unknown.datePublished is None
