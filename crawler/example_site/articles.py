"""Article pages of the example site, with their WordPress comment threads.

``article_page`` renders the body (with the article's in-content chrome), the share bar, the
Related Articles block and the comment thread (``ol.comment-list``, replies in
``ul.children``); an article with two comment pages renders once per page.
"""

# ruff: noqa: E501 (HTML templates keep one element per line, as WordPress prints them)

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from crawler.example_site.frame import RECENT_POSTS, Site, esc, long_date, when
from crawler.example_site.manifest import BASE, SECTIONS, SITE_NAME, ArticleSpec, CommentSpec


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"


def article_page(site: Site, article: ArticleSpec, comment_page: int) -> str:
    path = article.comment_pages[comment_page - 1]
    published = when(article.published)
    section_title = dict(SECTIONS)[article.section]
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": article.published,
            "dateModified": article.modified,
            "author": {"@type": "Person", "name": article.author},
            "publisher": {"@type": "Organization", "name": SITE_NAME},
            "commentCount": len(article.comments),
            "inLanguage": "en-US",
        },
        ensure_ascii=False,
    ).replace("</", "<\\/")
    head = site.head(
        canonical=path,
        description=article.description,
        og_type="article",
        title=article.title,
        extra=f"""
<meta property="article:section" content="{section_title}">
<meta property="article:published_time" content="{article.published}">
<meta property="article:modified_time" content="{article.modified}">
<meta name="author" content="{esc(article.author)}">
<script type="application/ld+json">{ld}</script>""",
    )
    main = f"""<article id="post-{article.post_id}" class="post-{article.post_id} post type-post status-publish format-standard hentry category-{article.section}">
<header class="entry-header">
<div class="entry-cats"><a href="{BASE}/section/{article.section}/" rel="category tag">{section_title}</a></div>
<h1 class="entry-title">{esc(article.title)}</h1>
<div class="entry-meta">
<div class="byline">By <span class="author vcard"><span class="fn">{esc(article.author)}</span></span></div>
<div class="posted-on">Posted on <time class="entry-date published" datetime="{article.published}">{long_date(published)}</time></div>
</div>
</header>
<div class="entry-content">
{_body(site, article)}
{_share_bar(article)}
</div>
</article>
{_related(site, article)}
{_comments(article, comment_page)}"""
    suffix = f" \u2013 Page {comment_page}" if comment_page > 1 else ""
    return site.page(
        title=f"{article.title}{suffix} | {SITE_NAME}",
        head=head,
        body_class=f"post-template-default single single-post postid-{article.post_id}",
        main=main,
    )


def _body(site: Site, article: ArticleSpec) -> str:
    blocks = [f"<p>{esc(p)}</p>" for p in article.paragraphs]
    ad = (
        '<div class="code-block code-block-2" style="margin: 8px auto; text-align: center;">\n'
        '<p class="ad-label">Advertisement</p>\n'
        '<ins class="adsbygoogle" style="display:block; text-align:center;"'
        ' data-ad-layout="in-article" data-ad-format="fluid"'
        ' data-ad-client="ca-pub-0000000000000000" data-ad-slot="2020202020"></ins>\n'
        "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>"
    )
    if "ad-label" in article.chrome:
        blocks.insert(3, "<p>Advertisement</p>")
    blocks.insert(2, ad)
    if "ad-shortcodes" in article.chrome:
        blocks.insert(0, "<p> [ad_1]<br>\n</p>")
        blocks.append("<p>[ad_2]</p>")
    blocks.extend(_content_chrome(site, article))
    return "\n".join(blocks)


def _content_chrome(site: Site, article: ArticleSpec) -> list[str]:
    """The chrome after the body that plugins print inside the content, in page order."""
    out = []
    if "share-line" in article.chrome:
        out.append("<p>Share This Article...</p>")
    if "donation-box" in article.chrome:
        days, month = site.days_left()
        out.append(
            '<div class="wp-block-group">\n'
            f"<p>{days} DAYS LEFT UNTIL THE END OF {month}</p>\n"
            "<p>0 $</p>\n<p>2,500 $</p>\n<p>5,000 $</p>\n"
            "<p>Support us!</p>\n</div>"
        )
    if "newsletter-box" in article.chrome:
        out.append(
            '<div class="wp-block-group">\n<p>Sign up for our newsletter</p>\n'
            "<p>Enter your email address:</p>\n</div>"
        )
    recent = [a for a in site.linked[: RECENT_POSTS + 1] if a.path != article.path]
    if "recent-posts" in article.chrome:
        items = "\n".join(
            f'<li><a href="{BASE}{a.path}">{esc(a.title)}</a> - {long_date(when(a.published))}</li>'
            for a in recent[:RECENT_POSTS]
        )
        out.append(f"<h4>Latest News</h4>\n<ul>\n{items}\n</ul>")
    if "copyright-line" in article.chrome:
        out.append(f"<p>&copy; {site.plan.now.year} {SITE_NAME}. All rights reserved.</p>")
    if "related-list" in article.chrome:
        items = "\n".join(
            f'<li><a href="{BASE}{a.path}">{esc(a.title)}</a></li>'
            for a in site.related_posts(article)
        )
        out.append(f"<p><strong>Related Articles:</strong></p>\n<ul>\n{items}\n</ul>")
    return out


def _share_bar(article: ArticleSpec) -> str:
    url = f"{BASE}{article.path}"
    items = "".join(
        f'<li class="share-{name.lower()}"><a rel="nofollow noopener" class="sd-button"'
        f' href="{href}" target="_blank"><span>{name}</span></a></li>'
        for name, href in (
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
            ("Twitter", f"https://twitter.com/intent/tweet?url={url}"),
            ("Email", f"mailto:?subject={quote(article.title)}&amp;body={url}"),
            ("Print", "#print"),
        )
    )
    return (
        '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block'
        ' sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3>'
        f'<div class="sd-content"><ul>{items}<li class="share-end"></li></ul></div></div></div>'
    )


def _related(site: Site, article: ArticleSpec) -> str:
    picks = site.related_posts(article)
    if not picks:
        return ""
    items = "\n".join(
        f"""<div class="related-article media">
<div class="media-body"><h4><a href="{BASE}{a.path}">{esc(a.title)}</a></h4>
<p>{esc(a.description)}</p></div>
</div>"""
        for a in picks
    )
    return f"""<section class="related-articles">
<h3 class="section-title">Related Articles:</h3>
{items}
</section>"""


def _comments(article: ArticleSpec, page: int) -> str:
    shown = [(i, c) for i, c in enumerate(article.comments) if c.page == page]
    respond = _respond(article)
    if not shown:
        return f'<div id="comments" class="comments-area">\n{respond}\n</div>'
    count = len(article.comments)
    heading = (
        f"One thought on &ldquo;<span>{esc(article.title)}</span>&rdquo;"
        if count == 1
        else f"{count} thoughts on &ldquo;<span>{esc(article.title)}</span>&rdquo;"
    )
    nav = _comment_nav(article, page)
    tree = _comment_items(article, shown, parent=None, page_path=article.comment_pages[page - 1])
    return f"""<div id="comments" class="comments-area">
<h2 class="comments-title">{heading}</h2>
{nav}
<ol class="comment-list">
{tree}
</ol><!-- .comment-list -->
{nav}
{respond}
</div><!-- #comments -->"""


def _comment_nav(article: ArticleSpec, page: int) -> str:
    if len(article.comment_pages) < 2:
        return ""
    if page == 1:
        link = (
            f'<div class="nav-next"><a href="{BASE}{article.comment_pages[1]}#comments">'
            "Newer Comments &rarr;</a></div>"
        )
    else:
        link = (
            f'<div class="nav-previous"><a href="{BASE}{article.path}#comments">'
            "&larr; Older Comments</a></div>"
        )
    return (
        '<nav class="navigation comment-navigation" aria-label="Comments">\n'
        '<h2 class="screen-reader-text">Comments navigation</h2>\n'
        f'<div class="nav-links">{link}</div>\n</nav>'
    )


def _comment_items(
    article: ArticleSpec,
    shown: Sequence[tuple[int, CommentSpec]],
    *,
    parent: int | None,
    page_path: str,
) -> str:
    items = []
    for index, comment in shown:
        if comment.parent != parent:
            continue
        children = _comment_items(article, shown, parent=index, page_path=page_path)
        items.append(_comment_item(article, comment, children, page_path, index))
    return "\n".join(items)


def _comment_item(
    article: ArticleSpec, comment: CommentSpec, children: str, page_path: str, index: int
) -> str:
    moment = when(comment.published)
    avatar = hashlib.md5(comment.author.encode(), usedforsecurity=False).hexdigest()[:12]
    paras = "\n".join(f"<p>{esc(p)}</p>" for p in comment.text.split("\n\n"))
    parity = "even" if index % 2 == 0 else "odd alt"
    classes = f"comment {parity} depth-{comment.depth + 1}" + (" parent" if children else "")
    nested = f'\n<ul class="children">\n{children}\n</ul><!-- .children -->' if children else ""
    cid, author = comment.id, esc(comment.author)
    return f"""<li id="comment-{cid}" class="{classes}">
<article id="div-comment-{cid}" class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard"><img alt="" src="https://secure.gravatar.com/avatar/{avatar}?s=56&amp;d=mm" class="avatar avatar-56 photo" height="56" width="56"> <b class="fn">{author}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="{BASE}{page_path}#comment-{cid}"><time datetime="{comment.published}">{long_date(moment)} at {_clock(moment)}</time></a></div>
</footer>
<div class="comment-content">
{paras}
</div>
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{BASE}{article.path}?replytocom={cid}#respond" data-commentid="{cid}" aria-label="Reply to {author}">Reply</a></div>
</article>{nested}
</li>"""


def _respond(article: ArticleSpec) -> str:
    return f"""<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="{BASE}{article.path}#respond" style="display:none;">Cancel reply</a></small></h3>
<form action="{BASE}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required fields are marked <span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" required></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" required></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"> <input type="hidden" name="comment_post_ID" value="{article.post_id}" id="comment_post_ID"> <input type="hidden" name="comment_parent" id="comment_parent" value="0"></p>
</form>
</div><!-- #respond -->"""
