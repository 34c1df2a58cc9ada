"""find_comment_thread on small pages in the markup WordPress core and wpDiscuz 7 print (the
other systems: test_comment_systems.py), and on the saved fixture pages."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from extractors.comment_systems import CommentThread, find_comment_thread

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def page(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(
        f"<html><head><title>t</title></head><body>{body}</body></html>"
    )


def thread_of(body: str) -> CommentThread:
    thread = find_comment_thread(page(body))
    assert thread is not None
    return thread


ARTICLE = """
<article class="post"><h1 class="entry-title">Ceasefire talks resume</h1>
<div class="entry-content"><p>Negotiators met again on Tuesday.</p>
<p>No agreement was reached.</p></div></article>
"""

# Walker_Comment::html5_comment() as WordPress 5/6 prints it, style "ol".
WP_HTML5 = (
    ARTICLE
    + """
<div id="comments" class="comments-area">
  <h2 class="comments-title">4 thoughts on &ldquo;Ceasefire talks resume&rdquo;</h2>
  <ol class="comment-list">
    <li id="comment-11" class="comment even thread-even depth-1 parent">
      <article id="div-comment-11" class="comment-body">
        <footer class="comment-meta">
          <div class="comment-author vcard">
            <img alt="" src="https://secure.gravatar.com/avatar/a?s=32"
                 class="avatar avatar-32 photo" height="32" width="32">
            <b class="fn"><a href="https://anna.example" class="url" rel="ugc external nofollow"
               >Anna Kovacs</a></b> <span class="says">says:</span>
          </div>
          <div class="comment-metadata">
            <a href="https://example.com/talks/#comment-11"><time
              datetime="2020-03-24T13:52:11+00:00">March 24, 2020 at 1:52 pm</time></a>
            <span class="edit-link"><a class="comment-edit-link" href="/wp-admin/">Edit</a></span>
          </div>
        </footer>
        <div class="comment-content">
          <p>The talks were always going to stall on the highway question.</p>
          <p>Second paragraph,<br>
          with a line break.</p>
        </div>
        <div class="reply"><a rel="nofollow" class="comment-reply-link"
          href="?replytocom=11#respond" aria-label="Reply to Anna Kovacs">Reply</a></div>
      </article>
      <ol class="children">
        <li id="comment-12" class="comment byuser bypostauthor odd alt depth-2 parent">
          <article id="div-comment-12" class="comment-body">
            <footer class="comment-meta">
              <div class="comment-author vcard"><b class="fn">Editor</b>
                <span class="says">says:</span></div>
              <div class="comment-metadata"><a href="#comment-12"><time
                datetime="2020-03-24T15:01:00+00:00">March 24, 2020 at 3:01 pm</time></a></div>
            </footer>
            <div class="comment-content"><p>Agreed, see our earlier report.</p></div>
            <div class="reply"><a class="comment-reply-link" href="?replytocom=12">Reply</a></div>
          </article>
          <ol class="children">
            <li id="comment-13" class="comment even depth-3">
              <article id="div-comment-13" class="comment-body">
                <footer class="comment-meta">
                  <div class="comment-author vcard"><b class="fn">Piotr</b>
                    <span class="says">says:</span></div>
                  <div class="comment-metadata"><a href="#comment-13"><time
                    datetime="2020-03-25T08:00:00+00:00">March 25, 2020 at 8:00 am</time></a></div>
                  <em class="comment-awaiting-moderation">Your comment is awaiting moderation.</em>
                </footer>
                <div class="comment-content"><p>Which report?</p></div>
              </article>
            </li>
          </ol>
        </li>
      </ol>
    </li>
    <li id="comment-14" class="comment odd alt thread-odd thread-alt depth-1">
      <article id="div-comment-14" class="comment-body">
        <footer class="comment-meta">
          <div class="comment-author vcard"><b class="fn">Dana</b>
            <span class="says">says:</span></div>
          <div class="comment-metadata"><a href="#comment-14"><time
            datetime="2020-03-26T10:10:00+00:00">March 26, 2020 at 10:10 am</time></a></div>
        </footer>
        <div class="comment-content"><p>Thanks for the maps.</p></div>
        <div class="reply"><a class="comment-reply-link" href="?replytocom=14">Reply</a></div>
      </article>
    </li>
  </ol>
  <div id="respond" class="comment-respond">
    <h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
    <form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
      <p class="comment-notes">Your email address will not be published.</p>
      <textarea id="comment" name="comment"></textarea>
    </form>
  </div>
</div>
"""
)

# Walker_Comment::comment() (the pre-html5 format), style "ul", with a pingback.
WP_OLD = (
    ARTICLE
    + """
<h3 id="comments">3 Responses to &#8220;Ceasefire talks resume&#8221;</h3>
<ol class="commentlist">
  <li class="comment even thread-even depth-1 parent" id="comment-21">
    <div id="div-comment-21" class="comment-body">
      <div class="comment-author vcard">
        <img alt="" src="/avatar.png" class="avatar avatar-32 photo" height="32" width="32">
        <cite class="fn"><a href="https://blog.example" rel="external nofollow" class="url"
          >Marek</a></cite> <span class="says">says:</span>
      </div>
      <div class="comment-meta commentmetadata"><a href="https://example.com/talks/#comment-21"
        >May 5, 2019 at 3:12 pm</a>&nbsp;&nbsp;<a class="comment-edit-link"
        href="/e">(Edit)</a></div>
      <p>Old-style comment body, first paragraph.</p>
      <p>And a second one.</p>
      <div class="reply"><a class="comment-reply-link" href="?replytocom=21">Reply</a></div>
    </div>
    <ul class="children">
      <li class="comment odd alt depth-2" id="comment-22">
        <div id="div-comment-22" class="comment-body">
          <div class="comment-author vcard"><cite class="fn">Lena</cite>
            <span class="says">says:</span></div>
          <div class="comment-meta commentmetadata"><a href="#comment-22"
            >May 6, 2019 at 9:00 am</a></div>
          <p>A reply <img src="/smile.png" alt=":)" class="wp-smiley"> with a smiley.</p>
          <div class="reply"><a class="comment-reply-link" href="?replytocom=22">Reply</a></div>
        </div>
      </li>
    </ul>
  </li>
  <li class="pingback even thread-even depth-1" id="comment-23">
    <div class="comment-body">Pingback: <a href="https://other.example/x" class="url"
      >Other blog &raquo; Links</a></div>
  </li>
</ol>
"""
)

# wpDiscuz 7, layout 1, as class.WpdiscuzWalker.php and themes/default/comment-form.php print it.
WPD_COMMENT = """
<div id="wpd-comm-{id}_{parent}" class="comment {extra} wpd-comment wpd_comment_level-{level}">
  <div class="wpd-comment-wrap wpd-blog-guest">
    <div class="wpd-comment-left"><div class="wpd-avatar"><img alt="{author}" src="/g.png"
      class="avatar avatar-64 photo" height="64" width="64"></div></div>
    <div id="comment-{id}" class="wpd-comment-right">
      <div class="wpd-comment-header">
        <div class="wpd-comment-author">{author}</div>
        <div class="wpd-comment-date" title="{full}"><i class="far fa-clock"
          aria-hidden="true"></i> {ago}</div>
        <div class="wpd-comment-link wpd-hidden"><span wpd-tooltip="Comment Link"><i
          class="fas fa-link" aria-hidden="true" data-wpd-clipboard="#comment-{id}"></i></span>
        </div>
      </div>
      {reply_to}
      <div class="wpd-comment-text">{text}</div>
      <div class="wpd-comment-footer">
        <div class="wpd-vote">
          <div class="wpd-vote-up wpd_not_clicked"><svg viewBox="0 0 24 24"><path d="M1"/></svg>
          </div>
          <div class="wpd-vote-result{vote_cls}" title="{votes}">{votes}</div>
          <div class="wpd-vote-down wpd_not_clicked"><svg viewBox="0 0 24 24"><path d="M1"/></svg>
          </div>
        </div>
        <div class="wpd-reply-button"><svg viewBox="0 0 24 24"><path d="M10"/></svg>
          <span>Reply</span></div>
        <div class="wpd-space"></div>
        <div class="wpd-toggle wpd-hidden wpd_not_clicked" wpd-tooltip="Hide Replies"><i
          class="fas fa-chevron-up"></i></div>
      </div>
    </div>
  </div>
  <div id="wpdiscuz_form_anchor-{id}_{parent}"></div>
  {children}
</div>
"""


def wpd_comment(
    cid: int,
    parent: int,
    level: int,
    *,
    author: str,
    text: str,
    votes: int = 0,
    children: str = "",
) -> str:
    reply_to = ""
    if parent:
        reply_to = (
            '<div class="wpd-reply-to"><i class="far fa-comments"></i>Reply to&nbsp;'
            f'<a href="#comment-{parent}">someone</a></div>'
        )
    return WPD_COMMENT.format(
        id=cid,
        parent=parent,
        level=level,
        extra="wpd-reply" if parent else "",
        author=author,
        full="March 24, 2020 1:52 pm",
        ago="5 years ago",
        reply_to=reply_to,
        text=text,
        vote_cls=" wpd-up" if votes > 0 else "",
        votes=votes,
        children=children,
    )


def wpd_section(comments: str, count: int) -> str:
    return f"""
<div id="comments" class="comments-area">
<div class="wpdiscuz_top_clearing"></div>
<div id="wpdcom" class="wpdiscuz_unauth wpd-default wpd-layout-1 wpd-comments-open">
  <div class="wc_social_plugin_wrapper"></div>
  <div class="wpd-form-wrap">
    <div class="wpd-form-head">
      <div class="wpd-sbs-toggle"><i class="far fa-envelope"></i> <span class="wpd-sbs-title"
        >Subscribe</span> <i class="fas fa-caret-down"></i></div>
      <div class="wpd-auth"><div class="wpd-login"></div></div>
    </div>
    <div class="wpdiscuz-subscribe-bar wpdiscuz-hidden">
      <form method="post" id="wpdiscuz-subscribe-form">
        <div class="wpdiscuz-subscribe-form-intro">Notify of </div>
        <div class="wpdiscuz-subscribe-form-option"><select class="wpdiscuz_select"
          name="wpdiscuzSubscriptionType"><option value="post">new follow-up comments</option>
          <option value="all_comment">new replies to my comments</option></select></div>
      </form>
    </div>
    <div class="wpd-form wpd-form-wrapper wpd-main-form-wrapper" id="wpd-main-form-wrapper-0_0">
      <form class="wpd_comm_form wpd_main_comm_form" method="post">
        <div class="wpd-field-comment"><div class="wpdiscuz-item wc-field-textarea">
          <div class="wpdiscuz-textarea-wrap"><div class="wpd-avatar"><img alt="guest"
            src="/g.png" class="avatar avatar-56 photo" height="56" width="56"></div>
          <textarea id="wc-textarea-0_0" placeholder="Join the discussion"
            name="wc_comment" class="wc_comment wpd-field"></textarea></div></div></div>
      </form>
    </div>
  </div>
  <div id="wpd-threads" class="wpd-thread-wrapper">
    <div class="wpd-thread-head">
      <div class="wpd-thread-info" data-comments-count="{count}"><span class="wpdtc"
        title="{count}">{count}</span> Comments</div>
      <div class="wpd-space"></div>
      <div class="wpd-thread-filter">
        <div class="wpd-filter wpdf-sorting"><span class="wpdiscuz-sort-button
          wpdiscuz-date-sort-asc wpdiscuz-sort-button-active" data-sorting="oldest">Oldest</span>
          <i class="fas fa-sort-down"></i><div class="wpdiscuz-sort-buttons"><span
          class="wpdiscuz-sort-button wpdiscuz-date-sort-desc" data-sorting="newest">Newest</span>
          <span class="wpdiscuz-sort-button wpdiscuz-vote-sort-up" data-sorting="by_vote"
          >Most Voted</span></div></div>
      </div>
    </div>
    <div class="wpd-comment-info-bar"><div class="wpd-current-view"><i
      class="fas fa-quote-left"></i> Inline Feedbacks</div><div class="wpd-filter-view-all"
      >View all comments</div></div>
    <div class="wpd-thread-list">
      {comments}
      <div class="wpdiscuz-comment-pagination"></div>
    </div>
  </div>
</div>
</div>
<div id="wpdiscuz-loading-bar" class="wpdiscuz-loading-bar-unauth"></div>
<div id="wpd-bubble-wrapper"><span id="wpd-bubble-all-comments-count" style="display:none;"
  title="{count}">{count}</span><div id="wpd-bubble-count"><svg></svg><span
  class="wpd-new-comments-count">0</span></div><div id="wpd-bubble"><svg></svg><div
  id="wpd-bubble-add-message">Would love your thoughts, please comment.<span
  id="wpd-bubble-add-message-close"><a href="#">x</a></span></div></div></div>
"""


WPDISCUZ = ARTICLE + wpd_section(
    wpd_comment(
        31,
        0,
        1,
        author='Nadia <span class="wpd-user-nicename">(@nadia)</span>',
        text="<p>The patrol covered only a short stretch of the road.</p><p>Still, a start.</p>",
        votes=7,
        children=wpd_comment(
            32,
            31,
            2,
            author="<a href='https://x.example' rel='nofollow'>Owen</a>",
            text="<p>A start that took two weeks.</p>",
            votes=-2,
            children=wpd_comment(33, 32, 3, author="Nadia", text="<p>Better late than never.</p>"),
        ),
    )
    + wpd_comment(
        34,
        0,
        1,
        author="Guest",
        text="<p>Short comment</p><a class='wpdiscuz-readmore'>Read more &raquo;</a>",
        votes=1200,
    ),
    count=4,
)


def test_wordpress_html5_nesting_and_fields() -> None:
    thread = thread_of(WP_HTML5)
    assert thread.system == "wordpress"
    assert [c.depth for c in thread.comments] == [0, 1, 2, 0]
    assert [c.parent_index for c in thread.comments] == [None, 0, 1, None]
    assert [c.author for c in thread.comments] == ["Anna Kovacs", "Editor", "Piotr", "Dana"]
    first = thread.comments[0]
    assert first.date_attr == "2020-03-24T13:52:11+00:00"
    assert first.date_raw == "March 24, 2020 at 1:52 pm"
    assert first.text == (
        "The talks were always going to stall on the highway question.\n\n"
        "Second paragraph,\nwith a line break."
    )
    assert first.upvotes is None
    assert thread.comments[2].text == "Which report?"  # moderation note dropped
    assert thread.stated_count == 4


def test_wordpress_section_is_the_comments_wrapper() -> None:
    tree = page(WP_HTML5)
    thread = find_comment_thread(tree)
    assert thread is not None
    assert [e.get("id") for e in thread.section_elements] == ["comments"]
    assert "Negotiators" not in thread.section_elements[0].text_content()


@pytest.mark.parametrize("ui", ["Reply", "says:", "Edit", "Leave a Reply"])
def test_wordpress_ui_text_is_not_in_comment_text(ui: str) -> None:
    for comment in thread_of(WP_HTML5).comments:
        assert ui not in comment.text


def test_wordpress_old_format_cite_commentmetadata_and_bare_paragraphs() -> None:
    thread = thread_of(WP_OLD)
    assert [(c.author, c.depth, c.parent_index) for c in thread.comments] == [
        ("Marek", 0, None),
        ("Lena", 1, 0),
    ]  # the pingback is not a reader comment
    marek, lena = thread.comments
    assert marek.date_raw == "May 5, 2019 at 3:12 pm"
    assert marek.date_attr is None
    assert marek.text == "Old-style comment body, first paragraph.\n\nAnd a second one."
    assert lena.text == "A reply :) with a smiley."
    assert thread.stated_count == 3  # as stated, pingback included


def test_wordpress_bare_list_section_takes_its_heading() -> None:
    thread = thread_of(WP_OLD)
    assert [e.tag for e in thread.section_elements] == ["h3", "ol"]


def test_wordpress_style_div_theme() -> None:
    thread = thread_of(
        """<div class="comment-list">
        <div class="comment depth-1" id="comment-1"><div class="comment-author vcard">
          <cite class="fn">Ann</cite> <span class="says">says:</span></div>
          <p>Top.</p>
          <div class="comment depth-2" id="comment-2"><div class="comment-author vcard">
            <cite class="fn">Ben</cite></div><p>Nested.</p></div>
        </div></div>"""
    )
    assert [(c.author, c.depth, c.parent_index, c.text) for c in thread.comments] == [
        ("Ann", 0, None, "Top."),
        ("Ben", 1, 0, "Nested."),
    ]


def test_wordpress_thread_listed_twice_in_tabs_counts_once() -> None:
    item = '<li class="comment" id="comment-5"><cite class="fn">Ann</cite><p>Hi.</p></li>'
    thread = thread_of(
        f'<ol class="commentlist" id="recent">{item}</ol>'
        f'<ol class="commentlist" id="top">{item}</ol>'
    )
    assert len(thread.comments) == 1


@pytest.mark.parametrize(
    ("heading", "count"),
    [
        ("4 thoughts on &ldquo;Ceasefire talks resume&rdquo;", 4),
        ("One thought on &ldquo;A 2 day truce&rdquo;", 1),
        ("16 Responses", 16),
        ("Comments (18)", 18),
        ("Comments <span class='num'>(1,186)</span>", 1186),
        ("No Comments", 0),
        ("Leave a Reply", None),
    ],
    ids=[
        "thoughts-on",
        "one-thought",
        "responses",
        "comments-parens",
        "thousands",
        "none",
        "no-count",
    ],
)
def test_wordpress_stated_count(heading: str, count: int | None) -> None:
    thread = thread_of(
        f'<div id="comments"><h2>{heading}</h2><ol class="commentlist">'
        '<li class="comment" id="comment-1"><cite class="fn">Ann</cite><p>Hi.</p></li></ol></div>'
    )
    assert thread.stated_count == count


def test_wpdiscuz_nesting_and_fields() -> None:
    thread = thread_of(WPDISCUZ)
    assert thread.system == "wpdiscuz"
    assert [c.depth for c in thread.comments] == [0, 1, 2, 0]
    assert [c.parent_index for c in thread.comments] == [None, 0, 1, None]
    assert [c.author for c in thread.comments] == ["Nadia", "Owen", "Nadia", "Guest"]
    first = thread.comments[0]
    assert first.date_raw == "5 years ago"
    assert first.date_attr == "March 24, 2020 1:52 pm"
    assert first.text == "The patrol covered only a short stretch of the road.\n\nStill, a start."
    assert [c.upvotes for c in thread.comments] == [7, -2, 0, 1200]
    assert thread.comments[3].text == "Short comment"
    assert thread.stated_count == 4


@pytest.mark.parametrize(
    "ui",
    [
        "Reply",
        "Subscribe",
        "Notify of",
        "guest",
        "Oldest",
        "Most Voted",
        "Inline Feedbacks",
        "View all comments",
        "Would love your thoughts",
        "Read more",
    ],
)
def test_wpdiscuz_ui_text_is_not_in_comment_text(ui: str) -> None:
    for comment in thread_of(WPDISCUZ).comments:
        assert ui not in comment.text


def test_wpdiscuz_sections_are_the_wrapper_and_the_bubble() -> None:
    thread = thread_of(WPDISCUZ)
    assert [e.get("id") for e in thread.section_elements] == ["comments", "wpd-bubble-wrapper"]


def test_wpdiscuz_without_static_comments_still_names_its_section() -> None:
    thread = thread_of(ARTICLE + wpd_section("", count=12))
    assert thread.system == "wpdiscuz"
    assert thread.comments == ()
    assert thread.stated_count == 12
    assert [e.get("id") for e in thread.section_elements] == ["comments", "wpd-bubble-wrapper"]


@pytest.mark.parametrize(
    "body",
    [
        ARTICLE,
        ARTICLE + '<div id="disqus_thread"></div>',
        ARTICLE + '<div id="comments"><ol class="commentlist"></ol></div>',
        ARTICLE
        + '<div id="respond"><h3>Leave a Reply</h3><form><textarea></textarea></form></div>',
        ARTICLE + '<ul class="recentcomments"><li class="recentcomments">Ann on Talks</li></ul>',
    ],
    ids=["article-only", "empty-disqus", "empty-list", "reply-form-only", "recent-comments-widget"],
)
def test_no_comments_gives_none(body: str) -> None:
    assert find_comment_thread(page(body)) is None


@pytest.mark.parametrize("body", [WP_HTML5, WP_OLD, WPDISCUZ], ids=["html5", "old", "wpdiscuz"])
def test_tree_is_not_modified(body: str) -> None:
    tree = page(body)
    before = lxml.html.tostring(tree)
    find_comment_thread(tree)
    assert lxml.html.tostring(tree) == before


FIXTURE_THREADS = [
    ("southfront-wpdiscuz", "wpdiscuz", [0, 1, 2, 0, 1, 0, 0], 7),
    ("autoblog-adcodes", "wordpress", [0, 1, 0], 3),
    ("wordpress-thesis", "wordpress", [0, 1, 0], None),  # "{ 3 comments… }" is no heading
    ("wordpress-disqus-ssr", "disqus", [0, 1, 2, 0], None),
    ("blogger-classic", "blogger", [0, 0, 0], 3),
    ("blogger-threaded-script", "blogger", [0, 1, 0], 3),
    ("typepad-comments", "movabletype", [0, 0], None),
    ("movabletype-classic", "movabletype", [0, 0, 0], None),
    ("drupal7-comments", "drupal", [0, 1, 0], None),
    ("vbulletin-article-comments", "vbulletin", [0, 0, 0], None),
    ("generic-nested-citem", "generic", [0, 1, 0], 3),
    ("generic-repeated-blocks", "repeated-blocks", [0, 0, 0], None),
]


@pytest.mark.parametrize(
    ("case", "system", "depths", "stated"), FIXTURE_THREADS, ids=[c[0] for c in FIXTURE_THREADS]
)
def test_fixture_pages(case: str, system: str, depths: list[int], stated: int | None) -> None:
    tree = lxml.html.document_fromstring((PAGES / case / "page.html").read_bytes())
    thread = find_comment_thread(tree)
    assert thread is not None
    assert (thread.system, [c.depth for c in thread.comments], thread.stated_count) == (
        system,
        depths,
        stated,
    )
    assert all(c.author and c.text for c in thread.comments)
    assert len(thread.origins) == len(thread.comments)


@pytest.mark.parametrize(
    "case", ["blacklistednews-related", "no-comments-related-dates", "disqus-script-only"]
)
def test_fixture_page_without_comments(case: str) -> None:
    path = PAGES / case / "page.html"
    assert find_comment_thread(lxml.html.document_fromstring(path.read_bytes())) is None


DATED = '<time datetime="2020-03-24T13:52:11+00:00">March 24, 2020</time>'
HOSTILE = {
    "count-heading": '<div id="comments"><h2>' + "1 " * 50_000 + "x</h2>"
    '<ol class="commentlist"><li class="comment"><cite class="fn">A</cite><p>t</p></li></ol></div>',
    "vote-result": '<div id="wpdcom"><div class="wpd-comment"><div class="wpd-vote-result">'
    + "1" * 50_000
    + ".x</div></div></div>",
    "author-says": f'<ol class="commentlist"><li class="comment">{DATED}<cite class="fn">'
    + "says " * 20_000
    + "x</cite><p>t</p></li></ol>",
    "ui-line": f'<ol class="commentlist"><li class="comment">{DATED}<div class="comment-content">'
    + "<p>["
    + " " * 50_000
    + "reply x</p></div></li></ol>",
    "lt-a": f'<ol class="commentlist"><li class="comment">{DATED}<div class="comment-content">'
    + "&lt;a" * 50_000
    + "</div></li></ol>",
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_finishes_with_one_comment(body: str) -> None:
    """Each regex meets a long adversarial string; a backtracking blow-up would hang here."""
    thread = thread_of(body)
    assert len(thread.comments) == 1
