"""The cleaner's structural behaviour: zones, runs, cuts, headlines, comment sections."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from extractors.cleaning import (
    HEADLINE,
    MASTHEAD,
    REPEATED_HEADLINE,
    SITE_NAME,
    CleanedText,
    Role,
    clean_lines,
    is_body_paragraph,
)
from extractors.rules import generic_rules

PROSE = (
    "The ministry said on Tuesday that the talks would resume next week in Geneva, "
    "after a pause of several months."
)
PROSE_2 = (
    "Diplomats from both sides described the previous round as constructive but "
    "warned that a deal was still far off."
)


def clean(text: str, headline: str | None = None, site_names: Sequence[str] = ()) -> CleanedText:
    return clean_lines(text, generic_rules(), headline=headline, site_names=site_names)


def rule_of(result: CleanedText, text: str) -> str | None:
    return next(d.rule for d in result.decisions if d.text == text)


def test_body_paragraph_needs_length_and_a_sentence_end() -> None:
    assert is_body_paragraph(PROSE)
    assert not is_body_paragraph("Russia Rejects Reports About Airstrikes On US-backed Forces")
    assert not is_body_paragraph("Short sentence.")


@pytest.mark.parametrize(
    ("line", "prose"),
    [
        (
            "東京都は二十日、新しい路面電車の路線を来年春に開業すると発表した。",
            True,
        ),
        ("서울시는 20일 새로운 노면전차 노선을 내년 봄에 개통한다고 발표했다.", True),
        ("北京市政府宣布，新的有轨电车线路将于明年春天开通，预计每天有两万名乘客。", True),
        ("ホーム ニュース スポーツ エンタメ 経済 国際 社会 科学", False),  # a menu
        ("新しい路面電車の路線", False),  # a title: short, no sentence end
    ],
)
def test_body_paragraph_counts_words_in_text_without_spaces(line: str, prose: bool) -> None:
    """Chinese and Japanese put no spaces between words: their prose must still count as
    prose, or a page in them never gets a body zone."""
    assert is_body_paragraph(line) is prose


def test_drop_run_needs_the_minimum_run() -> None:
    lone = clean(f"Headline Of The Story\n{PROSE}\n5,000 $\n{PROSE_2}")
    assert "5,000 $" in lone.paragraphs
    ladder = clean(f"0 $\n2,500 $\n5,000 $\nHeadline Of The Story\n{PROSE}")
    assert ladder.paragraphs == (PROSE,)
    assert rule_of(ladder, "2,500 $") == "donation-amount-ladder"


def test_runs_skip_lines_other_rules_removed() -> None:
    text = "\n".join(
        [
            "-",
            "First other post title here - November 6, 2020",
            "-",
            "Second other post title here - November 3, 2020",
            "Headline Of The Story",
            PROSE,
        ]
    )
    result = clean(text)
    assert result.paragraphs == (PROSE,)
    assert rule_of(result, "Second other post title here - November 3, 2020") == (
        "post-title-with-date"
    )


def test_cut_after_removes_the_rest_of_the_article_only() -> None:
    text = "\n".join(
        [
            "Headline Of The Story",
            PROSE,
            "Related Articles:",
            PROSE_2,
            "Subscribe",
            "Notify of",
            "Jane Roe",
            "A comment that survives the cut above.",
        ]
    )
    result = clean(text)
    assert result.paragraphs == (PROSE,)
    assert rule_of(result, PROSE_2) == "related-articles-section"
    assert [c.author for c in result.comments] == ["Jane Roe"]


def test_cut_marker_of_a_sidebar_inside_the_body_removes_only_the_box() -> None:
    text = "\n".join(
        [
            "Headline Of The Story",
            PROSE,
            "Related",
            "- Other Story Of The Week (July 24, 2012)",
            "Another Story In Brief",
            PROSE_2,
            PROSE,
            PROSE_2,
            "Related Articles:",
            "Another Story Title",
            PROSE,
        ]
    )
    result = clean(text)
    assert result.paragraphs == (PROSE, PROSE_2, PROSE, PROSE_2)
    assert rule_of(result, "Another Story In Brief") == "related-articles-section"
    assert rule_of(result, "Another Story Title") == "related-articles-section"


def test_teaser_paragraphs_much_shorter_than_the_article_are_cut() -> None:
    teasers = [
        "Officials in the capital said the new bridge would open next spring.",
        "A court in the north ruled that the election result would stand.",
        "Farmers in the south warned that the drought would cut the harvest.",
    ]
    article = [PROSE, PROSE_2, PROSE, PROSE_2, PROSE]
    text = "\n".join(["Headline Of The Story", *article, "Related Articles:", "Title", *teasers])
    result = clean(text)
    assert result.paragraphs == tuple(article)
    assert {rule_of(result, teaser) for teaser in teasers} == {"related-articles-section"}


def test_cut_marker_above_the_body_removes_only_itself() -> None:
    result = clean(f"Related Articles:\nHeadline Of The Story\n{PROSE}\n{PROSE_2}")
    assert result.paragraphs == (PROSE, PROSE_2)
    assert result.headline == "Headline Of The Story"


def test_repeated_title_like_line_is_the_headline() -> None:
    text = f"Site Name Here\nThe Real Headline Of It\nMenu Item\nThe Real Headline Of It\n{PROSE}"
    result = clean(text)
    assert result.headline == "The Real Headline Of It"
    assert rule_of(result, "Site Name Here") == MASTHEAD
    decisions = result.decisions
    assert [d.rule for d in decisions if d.text == "The Real Headline Of It"] == [
        HEADLINE,
        REPEATED_HEADLINE,
    ]


def test_repeats_match_across_quote_styles() -> None:
    text = f"Turkey’s ‘Limited’ Patrol Ends\n{PROSE}\nTurkey's 'Limited' Patrol Ends\n{PROSE_2}"
    result = clean(text)
    assert rule_of(result, "Turkey's 'Limited' Patrol Ends") == REPEATED_HEADLINE


def test_known_headline_from_metadata_wins() -> None:
    result = clean(f"Other Title Like Line\n{PROSE}", headline="The Page Title")
    assert result.headline == "The Page Title"
    assert result.paragraphs == ("Other Title Like Line", PROSE)


def test_text_starting_with_prose_has_no_headline() -> None:
    result = clean(f"{PROSE}\n{PROSE_2}")
    assert result.headline is None
    assert result.paragraphs == (PROSE, PROSE_2)


def test_site_names_are_removed_as_whole_lines_only() -> None:
    result = clean(
        f"Headline Of The Story\n{PROSE}\nSouthFront\n{PROSE_2}", site_names=["SouthFront"]
    )
    assert rule_of(result, "SouthFront") == SITE_NAME
    assert result.paragraphs == (PROSE, PROSE_2)


def test_captures_fill_fields_and_leave_the_body() -> None:
    result = clean(
        f"Headline Of The Story\nBy Jane Doe and Omar Khan\nPublished: May 2, 2021\n{PROSE}"
    )
    assert result.captures == {
        "authors": ["Jane Doe and Omar Khan"],
        "datePublished": ["May 2, 2021"],
    }
    assert result.paragraphs == (PROSE,)


def test_body_sentence_mentioning_boilerplate_words_stays() -> None:
    lines = [
        "The advertisement ran for three weeks in the local paper, the company said on Monday.",
        "Share prices fell sharply on Monday after the announcement of the new sanctions.",
        "Related articles in the press suggested otherwise, but the ministry did not comment.",
    ]
    result = clean("Headline Of The Story\n" + "\n".join(lines))
    assert result.paragraphs == tuple(lines)


def test_every_input_line_gets_a_decision() -> None:
    text = f"Headline Of The Story\n\n{PROSE}\nAdvertisement\n"
    result = clean(text)
    decisions = result.decisions
    assert [d.number for d in decisions] == [1, 2, 3, 4]
    assert [d.role for d in decisions] == [Role.HEADLINE, Role.BLANK, Role.BODY, Role.REMOVED]


def test_single_widget_word_in_the_body_does_not_open_a_comment_section() -> None:
    result = clean(f"Headline Of The Story\n{PROSE}\nSubscribe\n{PROSE_2}")
    assert result.comments == ()
    assert result.paragraphs == (PROSE, PROSE_2)


@pytest.mark.parametrize(
    ("line", "rule", "zone_line"),
    [
        (
            "You can follow any responses to this entry through the RSS 2.0 feed. "
            "You can leave a response, or trackback from your own site.",
            "blog-feed-notice",
            "after",
        ),
        ("RSS feed for comments on this post. TrackBack URI", "blog-feed-notice", "after"),
        ("The comments to this entry are closed.", "blog-feed-notice", "after"),
        (
            "Read more: Tencent profit falls as Alibaba threat and economic woes weigh",
            "read-also-teaser",
            "between",
        ),
        (
            "Also on rt.com Journalists threatened with arrests as the purge goes on",
            "read-also-teaser",
            "between",
        ),
        (
            "(Leggi anche su: I Cavalieri dello Zodiaco: ecco gli attori –FOTO)",
            "read-also-teaser",
            "after",
        ),
        ("Click here to subscribe to The Paradigm Newsletter", "newsletter-promo", "after"),
        (
            "Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters.",
            "newsletter-promo",
            "between",
        ),
        ("Pick Six Newsletter", "newsletter-promo", "between"),
        (
            "A version of this article appeared July 24, 2012, on page A2 in the U.S. edition "
            "of The Wall Street Journal, with the headline: Suspect Is Silent.",
            "print-edition-note",
            "between",
        ),
        ("Follow @dmkravets and @ThreatLevel on Twitter.", "social-follow-line", "after"),
        ("Like this story? Share it with a friend!", "share-call", "after"),
        (
            "Connecting helps us make signing up quick and easy. "
            "We'll never post without your permission.",
            "share-call",
            "between",
        ),
        (
            "If you enjoyed this article, enter your email below to get free updates!",
            "enjoyed-this-appeal",
            "after",
        ),
        (
            "ATENÇÃO: Comentários com textos ininteligíveis ou que faltem com respeito ao usuário "
            "não serão aprovados pelo moderador.",
            "comment-policy-notice",
            "after",
        ),
        ("CLICK HERE TO GET THE FOX NEWS APP", "app-promo", "between"),
        (
            "[button link=”http://example.com/review/” type=”big”] Send us YOUR review[/button]",
            "button-shortcode",
            "between",
        ),
        (
            "Hacker Monthly is a print magazine curated from the top articles of Hacker News. "
            "Learn more »",
            "promo-arrow-line",
            "after",
        ),
        (
            "About the Author: Derek Halpern is the marketing guy at DIYthemes, "
            "and founder of Social Triggers.",
            "about-the-author",
            "after",
        ),
        (
            "Published: November 7th, 2012 | Tags: NFL AM, Jacksonville Jaguars",
            "meta-line-with-tags",
            "before",
        ),
        (
            "Get Motor Cycle Monthly delivered through your letterbox every month. "
            "12 issues for £11.99. "
            "Click here for more information.",
            "subscription-offer",
            "between",
        ),
    ],
)
def test_publisher_boilerplate_around_the_article_is_removed(
    line: str, rule: str, zone_line: str
) -> None:
    """Promotions, feed notices and teasers for other articles, placed before, between or after
    the article's paragraphs, leave the body; the paragraphs stay."""
    article = {
        "before": [line, PROSE, PROSE_2],
        "between": [PROSE, line, PROSE_2],
        "after": [PROSE, PROSE_2, line],
    }[zone_line]
    result = clean("\n".join(["Headline Of The Story", *article]))
    assert rule_of(result, line) == rule
    assert result.paragraphs == (PROSE, PROSE_2)


def test_titles_with_a_date_and_a_teaser_in_a_list_are_removed() -> None:
    items = [
        "- Nintendo Download Highlights New Content - November 8, 2012 Exciting games, and more!",
        "- Fractured Soul - Three new videos - November 1, 2012 Download three trailers!",
    ]
    result = clean("\n".join(["Headline Of The Story", PROSE, *items, PROSE_2]))
    assert [rule_of(result, item) for item in items] == ["post-title-with-date"] * 2
    assert result.paragraphs == (PROSE, PROSE_2)
