"""Later comment pages of an article: their comments, attached to the article.

WordPress splits long threads over ``<article>/comment-page-2/`` and so on; each page
repeats the article and shows some of the comments. The crawler (``parse_comment_page``)
and ``copydesk extract`` of a crawl's WARC archive both call :func:`extract_comment_page`,
so the two give the same comment records.
"""

from __future__ import annotations

from dataclasses import replace

from extractors.options import ExtractOptions
from extractors.pipeline import extract
from extractors.records import Article, Comment


def extract_comment_page(
    body: bytes | str,
    article_url: str,
    offset: int,
    options: ExtractOptions,
    *,
    source: str,
    content_type: str | None = None,
    date_downloaded: str | None = None,
) -> list[Comment]:
    """The comments of a later comment page of the article at ``article_url``.

    The page is extracted as if it were at ``article_url``, so ``articleId`` is the
    article's id and comment ids are made the way the article page makes them; parent
    links stay as ``extract`` gives them (each WordPress comment page holds whole threads).
    Positions start at ``offset``, the number of comments on the pages before. The
    article record of the page (the article's text again) is dropped. ``date_downloaded``
    is the moment relative comment dates ("2 hours ago") are resolved against. Raises an
    ``ExtractionError`` subclass on bad input, as ``extract`` does.
    """
    if offset < 0:
        raise ValueError(f"offset must be 0 or more, got {offset}")
    extraction = extract(
        body,
        article_url,
        options,
        source=source,
        content_type=content_type,
        date_downloaded=date_downloaded,
    )
    return [replace(c, position=c.position + offset) for c in extraction.comments]


def page_records(
    body: bytes | str,
    url: str | None,
    options: ExtractOptions,
    *,
    source: str,
    content_type: str | None = None,
    date_downloaded: str | None = None,
    comment_page_of: str | None = None,
    comment_offset: int = 0,
) -> list[Article | Comment]:
    """The records of one HTML page: an article page's article and comments, or, with
    ``comment_page_of`` (the article's URL), only the comments of a later comment page.

    One dispatch for the crawler's workers and ``copydesk extract``, so both treat a page
    the same way.
    """
    if comment_page_of is None:
        extraction = extract(
            body,
            url,
            options,
            source=source,
            content_type=content_type,
            date_downloaded=date_downloaded,
        )
        return extraction.records()
    comments = extract_comment_page(
        body,
        comment_page_of,
        comment_offset,
        options,
        source=source,
        content_type=content_type,
        date_downloaded=date_downloaded,
    )
    return list(comments)
