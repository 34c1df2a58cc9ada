"""find_comment_thread on small pages in the markup each comment system prints.

Each page follows the system's own template (named in the test); the article above the
comments is the same short story everywhere, so a test can also check that the section cut
out of the page never holds article text.
"""

from __future__ import annotations

import re

import lxml.html
import pytest

from extractors.comment_systems import (
    _FINDERS,
    _WPDISCUZ,
    CommentThread,
    find_comment_thread,
    page_names,
    script_only_system,
)
from extractors.comment_systems.blogs import blogger_items
from extractors.comment_systems.bylines import split_byline, untangle
from extractors.comment_systems.hosted import _EMBEDS
from extractors.comment_systems.jsliteral import JsSyntaxError, parse_js_literal

ARTICLE = """
<article class="post"><h1 class="entry-title">Harbour bridge reopens after repairs</h1>
<div class="entry-content"><p>The harbour bridge reopened to traffic on Monday after eight
months of repairs to its northern pier.</p><p>Engineers replaced 40 bearings and resurfaced
the whole deck.</p></div></article>
"""


def page(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(
        f"<html><head><title>t</title></head><body>{body}</body></html>"
    )


def thread_of(body: str) -> CommentThread:
    thread = find_comment_thread(page(ARTICLE + body))
    assert thread is not None
    return thread


def shape(thread: CommentThread) -> list[tuple[str | None, int, int | None]]:
    return [(c.author, c.depth, c.parent_index) for c in thread.comments]


def assert_section_holds_no_article(thread: CommentThread) -> None:
    for section in thread.section_elements:
        text = section.text_content()
        assert "northern pier" not in text
        assert "Harbour bridge reopens" not in text


# --- Disqus: the WordPress plugin's server-side copy (comments.php, dsq_comment()) ---------
DISQUS = """
<div id="disqus_thread"><div id="dsq-content"><ul id="dsq-comments">
  <li class="comment even thread-even depth-1" id="dsq-comment-115">
    <div id="dsq-comment-header-115" class="dsq-comment-header"><cite id="dsq-cite-115">
      http://ann.example <span id="dsq-author-user-115">Ann Lee</span></cite></div>
    <div id="dsq-comment-body-115" class="dsq-comment-body"><div id="dsq-comment-message-115"
      class="dsq-comment-message"><p>Took the bus across it this morning.</p></div></div>
    <ul class="children">
      <li class="comment odd alt depth-2" id="dsq-comment-117">
        <div id="dsq-comment-header-117" class="dsq-comment-header"><cite id="dsq-cite-117">
          <a id="dsq-author-user-117" href="http://bo.example" rel="nofollow">Bo</a></cite></div>
        <div id="dsq-comment-body-117" class="dsq-comment-body"><div
          id="dsq-comment-message-117" class="dsq-comment-message"><p>Was it faster?</p></div>
        </div>
      </li>
    </ul>
  </li>
  <li class="comment odd alt thread-odd depth-1" id="dsq-comment-118">
    <div id="dsq-comment-header-118" class="dsq-comment-header"><cite id="dsq-cite-118">
      <span id="dsq-author-user-118">Cy</span></cite></div>
    <div id="dsq-comment-body-118" class="dsq-comment-body"><div id="dsq-comment-message-118"
      class="dsq-comment-message"><p>About time.</p></div></div>
  </li>
</ul></div></div>
<script>var disqus_shortname = 'harbour';</script>
"""


def test_disqus_server_side_copy() -> None:
    thread = thread_of(DISQUS)
    assert thread.system == "disqus"
    assert shape(thread) == [("Ann Lee", 0, None), ("Bo", 1, 0), ("Cy", 0, None)]
    assert [c.text for c in thread.comments] == [
        "Took the bus across it this morning.",
        "Was it faster?",
        "About time.",
    ]
    assert [e.get("id") for e in thread.section_elements] == ["disqus_thread"]


@pytest.mark.parametrize(
    ("embed", "system"),
    [
        ('<div id="disqus_thread"></div><script>var disqus_shortname="x";</script>', "disqus"),
        ('<div id="livefyre-comments"></div>', "livefyre"),
        (
            "<div id='idc-container'></div><script>var idcomments_acct='a';</script>",
            "intensedebate",
        ),
        ('<div class="fb-comments" data-href="https://x.example/a"></div>', "facebook"),
        ('<fb:comments href="https://x.example/a" num_posts="10"></fb:comments>', "facebook"),
        ('<comments href="https://x.example/a" num_posts="10"></comments>', "facebook"),
        ("<script>var idcomments_acct = 'a'; var idcomments_post_id;</script>", "intensedebate"),
        ("<script>gigya.comments.showCommentsUI({categoryID: 'news'});</script>", "gigya"),
        (
            '<div class="comments" id="comments"><div class="comments-content"><script>'
            "var items = [{'id': '1', 'body': '\\74b\\76x', 'author': {'name': 'A'}}];"
            "</script></div></div>",
            None,  # Blogger's items are in the page: they are read, not "loaded by script"
        ),
    ],
    ids=[
        "disqus",
        "livefyre",
        "intensedebate",
        "facebook-div",
        "facebook-xfbml",
        "facebook-comments-tag",
        "intensedebate-script-only",
        "gigya",
        "blogger",
    ],
)
def test_script_only_embeds_are_named(embed: str, system: str | None) -> None:
    tree = page(ARTICLE + embed)
    thread = find_comment_thread(tree)
    if system is None:
        assert thread is not None and thread.comments
    else:
        assert thread is None
        assert script_only_system(tree) == system


def test_page_without_any_embed_names_none() -> None:
    assert script_only_system(page(ARTICLE)) is None


# --- Livefyre ------------------------------------------------------------------------------
LIVEFYRE = """
<div id="livefyre"><div id="lf_comments">
  <div class="lf_comment_container lf_level_1" id="lf_comment_3386">
    <div class="lf_comment_user"><a class="lf_user"><img class="lf_main_avatar" alt=""></a></div>
    <div class="lf_comment"><div class="lf_comment_body">
      <a class="lf_comment_user_nick" href="/u/mo">Mo</a>
      <span class="lf_comment_user_rating">44 pts</span>
      <div class="lf_body"><p>The detour added twenty minutes.</p></div></div>
      <div class="lf_comment_footer"><label class="lf_comment_date"></label>
        <a class="lf_share">share</a><a class="lf_like lf_button">Like</a></div></div>
  </div>
</div></div>
"""


def test_livefyre_v2() -> None:
    thread = thread_of(LIVEFYRE)
    assert thread.system == "livefyre"
    assert [(c.author, c.text) for c in thread.comments] == [
        ("Mo", "The detour added twenty minutes.")
    ]


# --- Blogger --------------------------------------------------------------------------------
BLOGGER_CLASSIC = """
<div class="comments" id="comments"><h4>2 comments:</h4>
<div id="Blog1_comments-block-wrapper"><dl class="avatar-comment-indent" id="comments-block">
  <dt class="comment-author " id="c24"><a name="c24"></a>
    <div class="avatar-image-container vcard"><img src="/a.gif" alt=""></div>
    <a href="http://www.blogger.com/profile/1" rel="nofollow">martine</a> said...</dt>
  <dd class="comment-body" id="Blog1_cmt-24"><p>Lovely photos of the pier.<br>Gros bisous</p></dd>
  <dd class="comment-footer"><span class="comment-timestamp"><a href="?showComment=1#c24"
    title="comment permalink">October 22, 2012 7:28 PM</a></span></dd>
  <dt class="comment-author " id="c25"><a name="c25"></a>Anonymous said...</dt>
  <dd class="comment-body" id="Blog1_cmt-25"><p>Which bus line?</p></dd>
  <dd class="comment-footer"><span class="comment-timestamp"><a href="?showComment=2#c25"
    title="comment permalink">October 23, 2012 9:01 AM</a></span></dd>
</dl></div></div>
"""


def test_blogger_classic_dt_dd() -> None:
    thread = thread_of(BLOGGER_CLASSIC)
    assert thread.system == "blogger"
    assert shape(thread) == [("martine", 0, None), ("Anonymous", 0, None)]
    assert thread.comments[0].text == "Lovely photos of the pier.\nGros bisous"
    assert thread.comments[0].date_raw == "October 22, 2012 7:28 PM"
    assert thread.stated_count == 2
    assert [e.get("id") for e in thread.section_elements] == ["comments"]


BLOGGER_THREADED = """
<div class="comments" id="comments"><h4>2 comments:</h4><div class="comments-content">
<div class="comment-thread"><ol><li class="comment" id="bc_0_0B">
  <div class="avatar-image-container"><img src="/b.png"></div>
  <div class="comment-block" id="c68"><div class="comment-header"><cite class="user"><a
    href="/profile/9">Dan</a></cite><span class="datetime secondary-text"><a
    href="?showComment=1#c68">7/10/2012</a></span></div>
    <p class="comment-content">It works, thanks.</p>
    <span class="comment-actions secondary-text"><a kind="i">Reply</a><span
      class="item-control blog-admin"><a>Delete</a></span></span></div>
  <div class="comment-replies"><div class="comment-thread inline-thread"><ol>
    <li class="comment" id="bc_0_1B"><div class="comment-block" id="c69">
      <div class="comment-header"><cite class="user">Eve</cite><span class="datetime">
      <a>7/11/2012</a></span></div><p class="comment-content">Glad to hear it.</p></div>
    </li></ol></div></div>
</li></ol></div></div></div>
"""


def test_blogger_threaded_after_its_script() -> None:
    thread = thread_of(BLOGGER_THREADED)
    assert thread.system == "blogger"
    assert shape(thread) == [("Dan", 0, None), ("Eve", 1, 0)]
    assert [c.text for c in thread.comments] == ["It works, thanks.", "Glad to hear it."]


BLOGGER_SCRIPT = r"""
<div class="comments" id="comments"><h4>2 comments:</h4><div class="comments-content">
<script async="async" src="//www.blogblog.com/dynamicviews/x/js/comments.js"></script>
<script type="text/javascript">
(function() {
  var items = [{'id': '55',
    'body': 'Who decides what we \74b\76really\74/b\76 need?\74br /\76Not me.',
    'timestamp': '1351467218234', 'author': {'name': 'Joan', 'profileUrl': 'x'},
    'displayTime': '10/28/12 5:33 PM'},
   {'id': '56', 'parentId': '55', 'body': 'The community should, I\x27d say.',
    'timestamp': '1351467717792', 'author': {'name': 'Brandt'}, 'displayTime': '10/28/12 5:41 PM'}];
  var msgs = {'loadMore': 'Load more...'};
})();
</script></div></div>
"""


def test_blogger_items_in_the_comments_script() -> None:
    thread = thread_of(BLOGGER_SCRIPT)
    assert thread.system == "blogger"
    assert shape(thread) == [("Joan", 0, None), ("Brandt", 1, 0)]
    joan, brandt = thread.comments
    assert joan.text == "Who decides what we really need?\nNot me."
    assert joan.date_raw == "10/28/12 5:33 PM"
    assert joan.date_attr == "2012-10-28T23:33:38+00:00"  # from the millisecond timestamp
    assert brandt.text == "The community should, I'd say."
    assert [e.get("id") for e in thread.section_elements] == ["comments"]


@pytest.mark.parametrize(
    "script",
    ["var items = [];", "var items = [{'id': '1', 'body': 'x'", "var items = 5;", "no items"],
    ids=["empty", "cut-off", "not-a-list", "absent"],
)
def test_blogger_items_that_cannot_be_read_give_none(script: str) -> None:
    assert blogger_items(script) == ()


# --- TypePad / Movable Type -----------------------------------------------------------------
TYPEPAD = """
<div class="comments" id="all-comments"><h3 class="comments-header">Comments</h3>
<div class="comments-content" id="comments-content">
  <a id="c6a00d83"></a>
  <div class="comment comment-odd comment-has-avatar" id="comment-6a00d8341c57a853ef017ee3">
    <div class="comment-avatar"><img src="/u.gif" alt="red heels" width="50"></div>
    <div class="comment-content" id="comment-6a00d8341c57a853ef017ee3-content"><span><p>Very
      much agree.</p></span></div>
    <p class="comment-footer">Posted by: <a rel="nofollow" href="http://h.example">Ann</a> |
      <a rel="nofollow" href="#comment-6a00d8341c57a853ef017ee3">09/21/2012 at 09:38 PM</a></p>
  </div>
  <div class="comment comment-even" id="comment-6a00d8341c57a853ef017d3c">
    <div class="comment-content"><span><p>Well written post.</p></span></div>
    <p class="comment-footer">Posted by: nabeel | <a href="#x">09/22/2012 at 08:40 AM</a></p>
  </div>
</div></div>
"""


def test_typepad_comment_footer_byline() -> None:
    thread = thread_of(TYPEPAD)
    assert thread.system == "movabletype"
    assert [(c.author, c.date_raw, c.text) for c in thread.comments] == [
        ("Ann", "09/21/2012 at 09:38 PM", "Very much agree."),
        ("nabeel", "09/22/2012 at 08:40 AM", "Well written post."),
    ]


# Movable Type 3's classic template: the comments follow the article in the same container.
MT_CLASSIC = """
<div class="content">
<h2>Death threats are not speech</h2>
<p>I have cancelled my talks this week. The threats began on Monday and have not stopped since
then, and I do not feel safe speaking in public at the moment, so the sessions are off.</p>
<p>The police have been told, and the posts have been saved. I will write more when I can,
but for now the comments stay open for anyone who wants to say something to the others.</p>
<p class="posted">Posted by Kathy on April 6, 2007 | <a href="/p">Permalink</a></p>
<h2><a id="comments"></a>Comments</h2>
<a id="c64426688"></a>
<p>Wow - that just sucks.</p>
<p>Some people are mighty sick.</p>
<p class="posted">Posted by: <a href="http://a.example">Andrew </a> | Mar 26, 2007 2:00:18 PM</p>
<a id="c64426804"></a>
<p>I'm really sorry to see this.</p>
<p class="posted">Posted by: Robby Russell | Mar 26, 2007 2:01:23 PM</p>
</div>
"""


def test_movable_type_anchor_runs_cut_only_the_comments() -> None:
    tree = page(MT_CLASSIC)
    thread = find_comment_thread(tree)
    assert thread is not None and thread.system == "movabletype"
    assert [(c.author, c.date_raw, c.text) for c in thread.comments] == [
        (
            "Andrew",
            "Mar 26, 2007 2:00:18 PM",
            "Wow - that just sucks.\n\nSome people are mighty sick.",
        ),
        ("Robby Russell", "Mar 26, 2007 2:01:23 PM", "I'm really sorry to see this."),
    ]
    cut = " ".join(e.text_content() for e in thread.section_elements)
    assert "cancelled my talks" not in cut
    assert "Comments" in cut  # the heading over the comments goes with them
    assert "Posted by Kathy" not in cut


# --- Squarespace 5 journals ----------------------------------------------------------------
SQUARESPACE = """
<div id="comments" class="journal-comment-area"><div class="comment-wrapper authored-by-None">
  <div class="comment" id="comment19133710"><div id="item19133710" class="body"><p>For disk
    I/O the difference is 3x.</p></div>
  <div class="signature">October 19, 2012 | <a href="/contributor/2" title="Unregistered
    Commenter"><img alt="Unregistered Commenter" src="/t.png">Fazal Majid</a></div></div>
</div></div>
"""


def test_squarespace_signature() -> None:
    thread = thread_of(SQUARESPACE)
    assert thread.system == "squarespace"
    (comment,) = thread.comments
    assert (comment.author, comment.date_raw, comment.text) == (
        "Fazal Majid",
        "October 19, 2012",
        "For disk I/O the difference is 3x.",
    )


# --- Drupal 7 (comment.tpl.php), replies in div.indented ------------------------------------
DRUPAL = """
<section id="comments" class="comment-wrapper"><h2 class="title">Comments</h2>
  <a id="comment-11"></a>
  <div class="comment comment-by-anonymous clearfix">
    <div class="attribution"><div class="submitted"><p class="commenter-name"><span
      class="username">Jeff (not verified)</span></p><p class="comment-time">Fri, 11/09/2012 -
      18:05</p></div></div>
    <div class="content"><div class="field field-name-comment-body"><p>Thank you for your
      words.</p></div><ul class="links inline"><li class="comment-reply"><a>reply</a></li></ul>
    </div>
  </div>
  <div class="indented">
    <a id="comment-12"></a>
    <div class="comment comment-by-node-author clearfix">
      <div class="attribution"><div class="submitted"><p class="commenter-name"><a
        class="username" href="/user/3">editor</a></p><p class="comment-time">Sat, 11/10/2012 -
        09:00</p></div></div>
      <div class="content"><div class="field-name-comment-body"><p>Thanks, Jeff.</p></div></div>
    </div>
  </div>
  <a id="comment-13"></a>
  <div class="comment comment-by-anonymous clearfix">
    <div class="submitted">Submitted by Shobhan on Fri, 11/09/2012 - 16:55</div>
    <div class="content"><p>Romney won 49 percent.</p></div>
  </div>
</section>
"""


def test_drupal_indented_replies_and_submitted_lines() -> None:
    thread = thread_of(DRUPAL)
    assert thread.system == "drupal"
    assert shape(thread) == [("Jeff", 0, None), ("editor", 1, 0), ("Shobhan", 0, None)]
    assert [c.text for c in thread.comments] == [
        "Thank you for your words.",
        "Thanks, Jeff.",
        "Romney won 49 percent.",
    ]
    assert thread.comments[2].date_raw == "Fri, 11/09/2012 - 16:55"
    assert [e.get("id") for e in thread.section_elements] == ["comments"]


# --- JComments (Joomla) -------------------------------------------------------------------------
JCOMMENTS = """
<div id="jc"><div id="comments"><h4>Comments</h4><div class="comments-list" id="comments-list-0">
  <div class="odd" id="comment-item-3"><div class="comment-box usertype-guest">
    <span class="comments-vote"><span id="comment-vote-holder-3"><a class="vote-good"
      title="Good comment!"></a><a class="vote-poor" title="Poor comment!"></a>
      <span class="vote-good">+4</span></span></span>
    <a class="comment-anchor" href="#comment-3" id="comment-3">#1</a>
    <span class="comment-author">munya</span> <span class="comment-date">2011-06-02 13:28</span>
    <div class="comment-body" id="comment-body-3">I need a solar system for my house</div>
    <span class="comments-buttons"><a href="#">Quote</a></span></div></div>
</div></div></div>
"""


def test_jcomments_votes() -> None:
    thread = thread_of(JCOMMENTS)
    assert thread.system == "jcomments"
    (comment,) = thread.comments
    assert (comment.author, comment.date_raw, comment.text, comment.upvotes) == (
        "munya",
        "2011-06-02 13:28",
        "I need a solar system for my house",
        4,
    )


# --- forums embedded as comment threads ---------------------------------------------------------
VBULLETIN = """
<div id="postlist" class="postlist restrain"><ol id="posts" class="posts">
  <li class="postbitlegacy postbitim postcontainer old" id="post_101">
    <div class="posthead"><span class="postdate old"><span class="date">06-03-2012,&nbsp;<span
      class="time">09:15 AM</span></span></span><a class="postcounter">#1</a></div>
    <div class="postdetails"><div class="userinfo"><div class="username_container"><a
      class="username offline popupctrl" href="member.php?2"><strong>ivy</strong></a></div>
      <span class="usertitle">Junior Member</span></div>
      <div class="postbody"><div class="postrow"><div class="content"><div id="post_message_101">
        <blockquote class="postcontent restore">The bridge toll is back as well.</blockquote>
      </div></div></div></div></div>
  </li>
  <li class="postbitlegacy postbitim postcontainer old" id="post_102">
    <div class="posthead"><span class="date">06-03-2012, 10:02 AM</span></div>
    <div class="postdetails"><div class="userinfo"><a class="username" href="member.php?3"
      >oak</a></div><div class="postbody"><div id="post_message_102"><blockquote
      class="postcontent restore">Two euros each way.</blockquote></div></div></div>
  </li>
</ol></div>
"""

XENFORO = """
<div class="block-body js-replyNewMessageContainer">
  <article class="message message--post js-post js-inlineModContainer" data-author="kim"
    id="js-post-91">
    <div class="message-inner"><div class="message-cell message-cell--user"><section
      class="message-user"><h4 class="message-name"><a class="username" href="/m/kim.4/"
      >kim</a></h4></section></div>
    <div class="message-cell message-cell--main"><header class="message-attribution"><ul><li
      class="u-concealed"><a href="/t/91"><time class="u-dt" datetime="2026-06-02T08:00:00+0000"
      >Jun 2, 2026</time></a></li></ul></header>
    <div class="message-content js-messageContent"><article class="message-body js-selectToQuote"
      ><div class="bbWrapper">Closed again on weekends from July.</div></article></div>
    </div></div>
  </article>
</div>
"""

PHPBB = """
<div id="page-body"><div id="p4512" class="post bg2"><div class="inner"><div class="postbody">
  <h3 class="first"><a href="#p4512">Re: bridge</a></h3>
  <p class="author"><a href="./viewtopic.php?p=4512#p4512"><img src="icon_post_target.gif"
    alt="Post"></a>by <strong><a href="./memberlist.php?u=54" class="username">lea</a></strong>
    &raquo; Tue Jan 01, 2013 10:00 am</p>
  <div class="content">Finally open again.</div>
  <div id="sig4512" class="signature">lea's signature</div>
</div><dl class="postprofile" id="profile4512"><dt><a class="username">lea</a></dt>
  <dd><strong>Posts:</strong> 12</dd></dl></div></div></div>
"""

SLASHCODE = """
<ul id="commentlisting" class="d2">
  <li id="tree_40747335" class="comment oneline"><div id="comment_40747335" class="cw">
    <div id="comment_top_40747335" class="commentTop"><div class="title"><h4><a>Not me!</a>
      <span class="score">(<span class="opt">Score:</span>2, Funny)</span></h4></div>
      <div class="details"><span class="by"><span class="byby">by </span><a
        href="//slashdot.org/~garaged">garaged <span class="uid">(579941)</span></a></span>
      <span class="otherdetails">on Monday July 23, 2012 @08:25PM (#40747335)</span></div></div>
    <div class="commentBody"><div id="comment_body_40747335"><p>I can build a computer!</p>
    </div></div><div class="commentSub"></div></div>
    <ul id="commtree_40747335"><li id="tree_40747357" class="comment oneline"><div
      id="comment_40747357" class="cw"><div class="commentTop"><div class="details"><span
      class="by"><span class="byby">by </span><a>kcin <span class="uid">(34043)</span></a>
      </span></div></div><div class="commentBody"><div id="comment_body_40747357"><p>I make
      my own wafers!</p></div></div></div></li></ul>
  </li>
</ul>
"""


@pytest.mark.parametrize(
    ("body", "system", "expected"),
    [
        (
            VBULLETIN,
            "vbulletin",
            [
                ("ivy", "The bridge toll is back as well.", 0),
                ("oak", "Two euros each way.", 0),
            ],
        ),
        (XENFORO, "xenforo", [("kim", "Closed again on weekends from July.", 0)]),
        (PHPBB, "phpbb", [("lea", "Finally open again.", 0)]),
        (
            SLASHCODE,
            "slashcode",
            [("garaged", "I can build a computer!", 0), ("kcin", "I make my own wafers!", 1)],
        ),
    ],
    ids=["vbulletin4", "xenforo2", "phpbb3", "slashcode"],
)
def test_forum_posts(body: str, system: str, expected: list[tuple[str, str, int]]) -> None:
    thread = thread_of(body)
    assert thread.system == system
    assert [(c.author, c.text, c.depth) for c in thread.comments] == expected
    assert_section_holds_no_article(thread)


def test_forum_dates() -> None:
    assert thread_of(XENFORO).comments[0].date_attr == "2026-06-02T08:00:00+0000"
    assert thread_of(PHPBB).comments[0].date_raw == "Tue Jan 01, 2013 10:00 am"
    assert thread_of(SLASHCODE).comments[0].date_raw == "Monday July 23, 2012 @08:25PM"


# --- the generic finders ----------------------------------------------------------------------
NAMED = """
<div class="grid_8 entry"><h3>Comments</h3><div id="node_29_comments_list" class="clist">
  <div class="citem" id="comment_item_111"><div id="comment_inner_111" class="comment cpic">
    <div id="comment_body_111" class="cbody"><p>Voted for the tunnel.</p></div>
    <p class="by">by <a href="/users/al">Al Brown</a> on <span class="time"><a>Aug 9, 2012
      9:38 AM EDT</a></span> <a class="reply_link">reply</a></p></div>
    <div class="citem" id="comment_item_112"><div id="comment_inner_112" class="comment cpic">
      <div id="comment_body_112" class="cbody"><p>The tunnel would flood.</p></div>
      <p class="by">by <a href="/users/bea">Bea</a> on <span class="time"><a>Aug 9, 2012
        9:50 AM EDT</a></span></p></div></div>
  </div>
  <div class="citem" id="comment_item_113"><div id="comment_inner_113" class="comment cpic">
    <div id="comment_body_113" class="cbody"><p>Neither, build a ferry.</p></div>
    <p class="by">by <a href="/users/cal">Cal</a> on <span class="time"><a>Aug 10, 2012
      8:00 AM EDT</a></span></p></div></div>
</div></div>
"""


def test_generic_comment_named_items_nest_by_the_tree() -> None:
    thread = thread_of(NAMED)
    assert thread.system == "generic"
    assert shape(thread) == [("Al Brown", 0, None), ("Bea", 1, 0), ("Cal", 0, None)]
    assert [c.text for c in thread.comments] == [
        "Voted for the tunnel.",
        "The tunnel would flood.",
        "Neither, build a ferry.",
    ]
    assert thread.comments[0].date_raw == "Aug 9, 2012 9:38 AM EDT"
    assert "the most frequent comment-named elements" in thread.origins[0]


REPEATED = """
<div id="comments_container"><div id="comments_displayed">
  <a name="90518"></a><div style="background:#efefef"><div style="float:left"><b>john</b></div>
    <div style="float:right">10/12/2012</div><div style="margin:10px">How did you save that?<br>
    A link please.</div><div class="comment_reply_link"><a class="comment-reply-link"
    >reply to this comment</a></div></div>
  <div class="comment-reply-form" style="display:none"><form><input name="name"></form></div>
  <a name="90519"></a><div style="background:#efefef"><div style="float:left"><b>mara</b></div>
    <div style="float:right">10/13/2012</div><div style="margin:10px">Great tutorial.</div></div>
</div></div>
"""


def test_generic_repeated_blocks_with_dates_in_a_comment_region() -> None:
    thread = thread_of(REPEATED)
    assert thread.system == "repeated-blocks"
    assert [(c.author, c.date_raw, c.text) for c in thread.comments] == [
        ("john", "10/12/2012", "How did you save that?\nA link please."),
        ("mara", "10/13/2012", "Great tutorial."),
    ]
    assert_section_holds_no_article(thread)


NOT_COMMENTS = {
    "related-with-dates": """
      <div class="related-posts"><h3>Related</h3><ul>
        <li class="comment-item"><a href="/a">Bridge tolls rise</a> <span>May 5, 2012</span>
          <p>Tolls rise by a euro from June, the council says.</p></li>
        <li class="comment-item"><a href="/b">Pier closed again</a> <span>May 9, 2012</span>
          <p>The pier is closed for inspection until further notice.</p></li></ul></div>""",
    "recent-comments-widget": """
      <aside id="sidebar"><div class="widget"><h3>Recent Comments</h3><ul>
        <li class="comment" id="comment-5">Ann on <a href="/x">Bridge tolls rise</a>
          May 5, 2012</li>
        <li class="comment" id="comment-6">Bo on <a href="/y">Pier closed</a> May 6, 2012</li>
      </ul></div></aside>""",
    "navigation": """
      <nav><ul class="comments"><li class="comment"><a href="/2012/05/">May 2012</a></li>
        <li class="comment"><a href="/2012/04/">April 2012</a></li></ul></nav>""",
    "comment-count-link": """
      <div class="post-meta"><span class="comment"><a href="#comments">12 Comments</a></span>
        <span class="date">May 5, 2012</span></div>""",
    "reply-form-only": """
      <div id="comments" class="comments-area"><div id="respond"><h3>Leave a Reply</h3>
        <form><p class="comment-form-comment"><label>Comment</label><textarea id="comment">
        </textarea></p></form></div></div>""",
    "comments-closed": '<div id="comments"><p class="nocomments">Comments are closed.</p></div>',
}


@pytest.mark.parametrize("body", NOT_COMMENTS.values(), ids=NOT_COMMENTS.keys())
def test_blocks_that_are_not_comments_give_none(body: str) -> None:
    assert find_comment_thread(page(ARTICLE + body)) is None


def test_a_block_holding_the_article_is_never_a_comment() -> None:
    body = f"""<div class="comment" id="comment-1">{ARTICLE}<p>by Ann on May 5, 2012</p></div>
      <div class="comment" id="comment-2"><p>by Bo on May 6, 2012</p><p>Short reply.</p></div>"""
    thread = find_comment_thread(page(body))
    assert thread is None or all("northern pier" not in c.text for c in thread.comments)


# --- the tree is only read ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [DISQUS, BLOGGER_CLASSIC, BLOGGER_SCRIPT, TYPEPAD, DRUPAL, VBULLETIN, NAMED, REPEATED],
    ids=["disqus", "blogger", "blogger-script", "typepad", "drupal", "vbulletin", "named", "rep"],
)
def test_tree_is_not_modified(body: str) -> None:
    tree = page(ARTICLE + body)
    before = lxml.html.tostring(tree)
    find_comment_thread(tree)
    assert lxml.html.tostring(tree) == before


# --- small parsers --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Posted by: Ann | 09/21/2012 at 09:38 PM", ("Ann", "09/21/2012 at 09:38 PM")),
        ("October 19, 2012 | Fazal Majid", ("Fazal Majid", "October 19, 2012")),
        ("by james on January 31, 2011 at 9:59 am.", ("james", "January 31, 2011 at 9:59 am")),
        ("1. William Kirk - August 8, 2012", ("William Kirk", "August 8, 2012")),
        ("by Ann » Tue Jan 01, 2013 10:00 am", ("Ann", "Tue Jan 01, 2013 10:00 am")),
        ("written by mike, October 19, 2012", ("mike", "October 19, 2012")),
        ("Posted by Ann", ("Ann", None)),
        ("May 5, 2012", (None, "May 5, 2012")),
    ],
)
def test_split_byline(line: str, expected: tuple[str | None, str | None]) -> None:
    assert split_byline(line) == expected


@pytest.mark.parametrize(
    ("author", "date", "expected"),
    [
        ("Thursday", None, ("Thursday", None)),
        (None, "Thursday, November 1 at 2:57 pm", (None, "Thursday, November 1 at 2:57 pm")),
        (None, "Posted: 11/6/2012 7:23am", (None, "Posted: 11/6/2012 7:23am")),
        (None, "Richard Shanks Posted: 11/6/2012 7:23am", ("Richard Shanks", "11/6/2012 7:23am")),
    ],
)
def test_untangle_keeps_what_is_not_a_name(
    author: str | None, date: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert untangle(author, date) == expected


def test_js_literal_refuses_deep_nesting() -> None:
    with pytest.raises(JsSyntaxError):
        parse_js_literal("[" * 500 + "]" * 500)


HOSTILE = {
    "js-long-string": "var items = [{'body': '" + "\\'" * 50_000 + "'}];",
    "js-unterminated": "var items = [{'body': '" + "a" * 100_000,
    "js-many-items": "var items = [" + "{'id': '1', 'author': {'name': 'a'}}," * 5_000 + "];",
}


@pytest.mark.parametrize("script", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_blogger_scripts_finish(script: str) -> None:
    assert len(blogger_items(script)) in {0, 1, 5_000}


def test_hostile_byline_finishes() -> None:
    assert split_byline("by " + "a " * 50_000 + "on May 5, 2012")[1] is not None


def test_markers_are_lowercase_as_page_names_are() -> None:
    """page_names lowercases the names, and markers match case-sensitively, so a marker
    with a capital letter would never match."""
    signs = [embed.names for embed in _EMBEDS if embed.names]
    for marker in [*(m for _, m in _FINDERS), _WPDISCUZ, *signs]:
        letters = re.sub(r"\\.", "", marker.pattern)  # \S, \d... are not letters to match
        assert letters == letters.lower(), marker.pattern
    names = page_names(page('<div id="Disqus_Thread" class="Comment-List"></div>'))
    assert "disqus_thread" in names and "comment-list" in names


def test_script_signs_are_what_the_queries_look_for() -> None:
    """A script sign is matched against the scripts as written: it must be the text its
    query looks for, with the same case, or the embed would never be named."""
    for embed in _EMBEDS:
        if embed.scripts:
            text = embed.scripts.pattern.replace("\\", "")  # the pattern's escapes: \.
            assert f"contains(., '{text}')" in embed.query.path
