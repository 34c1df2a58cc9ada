"""Comments found in markup, through the pipeline: cleaners, diagnostics and ``explain``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extractors import ExtractOptions, extract
from extractors.comments import RawComment, clean_comment_texts
from extractors.errors import NoMainContent
from extractors.pipeline import rules_for

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"

ARTICLE = """<html><head><title>Harbour bridge reopens</title></head><body>
<article><h1>Harbour bridge reopens after repairs</h1><div class="entry-content">
<p>The harbour bridge reopened to traffic on Monday after eight months of repairs to its
northern pier, the county council said in a statement on Monday morning.</p>
<p>Engineers replaced forty bearings and resurfaced the whole deck, and the footway on the
seaward side is wider by half a metre than it was before the works began.</p></div></article>
{comments}</body></html>"""

THREAD = """<div id="comments"><h2>2 Responses</h2><ol class="commentlist">
<li class="comment" id="comment-1"><div class="comment-author vcard"><cite class="fn">Ann</cite>
<span class="says">says:</span></div><div class="comment-meta commentmetadata"><a href="#comment-1"
>May 5, 2019 at 3:12 pm</a></div><div class="comment-content"><p>Took the bus across it.</p>
<p>Like</p><p>12</p><p>[ad_1]</p></div></li>
<li class="comment" id="comment-2"><div class="comment-author vcard"><cite class="fn">Bo</cite>
</div><div class="comment-content"><p>Was it faster?</p></div></li></ol></div>"""


def test_comment_text_goes_through_the_comment_zone_rules() -> None:
    extraction = extract(ARTICLE.format(comments=THREAD), "https://x.example/a", ExtractOptions())
    texts = [c.text for c in extraction.comments]
    assert texts == ["Took the bus across it.", "Was it faster?"]  # "Like", "12", [ad_1] gone
    assert any("cleaners removed lines of comment text" in n for n in extraction.diagnostics.notes)
    assert "Took the bus" not in extraction.article.articleBody
    assert "northern pier" in extraction.article.articleBody


def test_a_page_whose_main_text_is_all_boilerplate_keeps_its_comments() -> None:
    chrome = """<html><head><title>Harbour bridge reopens after repairs</title></head><body>
<nav><p>Home</p></nav><article><h1>Harbour bridge reopens after repairs</h1>
<p>Previous post: Council meets on Tuesday</p><p>Next post: Ferry timetable changes</p>
</article>{comments}</body></html>"""
    extraction = extract(chrome.format(comments=THREAD), "https://x.example/a", ExtractOptions())
    assert extraction.article.articleBody is None
    assert [c.text for c in extraction.comments] == ["Took the bus across it.", "Was it faster?"]
    with pytest.raises(NoMainContent):
        extract(chrome.format(comments=""), "https://x.example/a", ExtractOptions())


def test_every_comment_says_why_it_was_taken() -> None:
    extraction = extract(ARTICLE.format(comments=THREAD), "https://x.example/a", ExtractOptions())
    origins = extraction.diagnostics.comment_origins
    assert len(origins) == len(extraction.comments) == 2
    assert origins[0].startswith("wordpress (") and "li#comment-1" in origins[0]
    assert "comments: wordpress thread, 2 comments" in extraction.diagnostics.notes


def test_clean_comment_texts_keeps_paragraphs_and_counts_rules() -> None:
    raw = [RawComment("Ann", "First line\nReply\n\nSecond paragraph\n\n...", 0)]
    cleaned, fired = clean_comment_texts(raw, rules_for(None))
    assert cleaned[0].text == "First line\n\nSecond paragraph"
    assert sum(fired.values()) == 2


def test_script_only_comments_are_named_in_the_diagnostics() -> None:
    page = (PAGES / "disqus-script-only" / "page.html").read_bytes()
    extraction = extract(page, "https://northpier.example/2012/11/lifeboat-crew/", ExtractOptions())
    assert extraction.comments == ()
    assert (
        "comments: none in the static HTML; the page loads them by script (disqus)"
        in extraction.diagnostics.notes
    )


@pytest.mark.parametrize(
    "case", ["wordpress-disqus-ssr", "drupal7-comments", "generic-repeated-blocks"]
)
def test_explain_shows_the_thread_tree_and_why(case: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "extractors.cli.main",
            "explain",
            f"fixtures/pages/{case}/page.html",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    tail = result.stdout.split("comments (", 1)[1]
    assert tail.count("└") == tail.count("taken: ") > 0
    assert "note: comments: " in result.stdout
