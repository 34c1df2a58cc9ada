"""Property-based tests of the public contract of ``extract`` and ``clean_text``.

Whatever the input (HTML-ish markup built from random tags, text, entities, comments and
charset declarations, raw bytes, or scraped text), the call either returns records or raises
a typed ``ExtractionError`` (which the CLI turns into an error record) with a message; no
other exception escapes. The records follow the schema (CONVENTIONS.md: ``type``,
``source``, stable ``id``; absent values ``null`` or ``[]``, never ``"None"`` or ``""``) and
serialize to JSON; the same input gives the same records.

Derandomized, with a fixed number of examples, so CI runs the same cases every time.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import ExtractionError, ExtractOptions, clean_text, extract
from extractors.errors import Stage
from extractors.pipeline import Extraction
from extractors.records import ErrorRecord

OPTIONS = ExtractOptions()
SOURCE = "fuzz.html"
STAGES: set[Stage] = {"read", "decode", "parse", "extract"}

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies ----------------------------------------------------------------------------
TAGS = [
    "html", "head", "body", "title", "meta", "article", "main", "div", "section", "p", "span",
    "a", "h1", "h2", "ul", "li", "table", "tr", "td", "br", "img", "script", "style", "nav",
    "aside", "footer", "time", "blockquote", "pre", "iframe", "svg", "math", "template",
    "noscript", "form", "textarea", "xmp", "plaintext",
]  # fmt: skip
ATTRIBUTES = ["class", "id", "href", "src", "datetime", "content", "name", "property", "lang"]
ENTITIES = ["&amp;", "&lt;", "&gt;", "&nbsp;", "&#8217;", "&#x1F600;", "&#0;", "&#xD800;",
            "&bogus;", "&", "&#99999999;", "&mdash;"]  # fmt: skip
CHARSETS = ["utf-8", "utf-16", "iso-8859-1", "windows-1251", "koi8-r", "shift_jis", "gb2312",
            "x-bogus", "", "utf-7", "utf-32"]  # fmt: skip
WORDS = st.sampled_from(
    ["council", "budget", "Advertisement", "Share this", "Related Articles", "Comments",
     "By Jane Doe", "2024-05-01", "Совет", "会议", "مجلس", "\u200b", "\ufeff", "\x00", "\r\n"]
)  # fmt: skip
TEXT = st.one_of(st.text(min_size=0, max_size=80), st.lists(WORDS, max_size=12).map(" ".join))


def attribute() -> st.SearchStrategy[str]:
    value = st.one_of(TEXT, st.sampled_from(["comment", "post-content", "entry", "byline"]))
    return st.builds(lambda name, v: f' {name}="{v}"', st.sampled_from(ATTRIBUTES), value)


def fragment() -> st.SearchStrategy[str]:
    leaf = st.one_of(
        TEXT,
        st.sampled_from(ENTITIES),
        st.builds(lambda t: f"<!-- {t} -->", TEXT),
        st.builds(lambda c: f'<meta charset="{c}">', st.sampled_from(CHARSETS)),
        st.builds(
            lambda c: f'<meta http-equiv="Content-Type" content="text/html; charset={c}">',
            st.sampled_from(CHARSETS),
        ),
        st.sampled_from(["<", ">", "</", "<p", "<![CDATA[", "]]>", "<?xml ?>", "<!DOCTYPE"]),
    )

    def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, attrs, inner, closed: (
                f"<{tag}{''.join(attrs)}>{inner}" + (f"</{tag}>" if closed else "")
            ),
            st.sampled_from(TAGS),
            st.lists(attribute(), max_size=3),
            st.lists(children, max_size=5).map("".join),
            st.booleans(),
        )

    return st.recursive(leaf, element, max_leaves=40)


HTML_PAGES = st.one_of(
    fragment(),
    st.builds(
        lambda head, paragraphs: (
            f"<!DOCTYPE html><html><head>{head}</head><body><article>"
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article></body></html>"
        ),
        fragment(),
        st.lists(st.one_of(TEXT, fragment()), min_size=1, max_size=8),
    ),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1251", "latin-1", "utf-32"])


@st.composite
def html_bytes(draw: st.DrawFn) -> bytes:
    page = draw(HTML_PAGES)
    return page.encode(draw(ENCODINGS), errors="replace")


# --- checks --------------------------------------------------------------------------------
def check_records(extraction: Extraction, source: str) -> list[dict[str, Any]]:
    records = [record.to_dict() for record in extraction.records()]
    article, *comments = records
    assert article["type"] == "article"
    assert all(comment["type"] == "comment" for comment in comments)
    for record in records:
        assert record["source"] == source
        assert isinstance(record["id"], str)
        assert len(record["id"]) == 16
        for name, value in record.items():
            assert value not in ("", "None"), (name, record)
            if isinstance(value, list):
                assert all(isinstance(v, str) and v.strip() for v in value), (name, value)
    # no body and no comments is a NoMainContent error; both entry points keep the comments
    # of a page or text whose body lines were all removed
    assert article["articleBody"] or comments, records
    assert {comment["articleId"] for comment in comments} <= {article["id"]}
    assert [comment["position"] for comment in comments] == list(range(len(comments)))
    ids = {comment["id"] for comment in comments}
    assert len(ids) == len(comments)
    assert all(c["parentId"] is None or c["parentId"] in ids for c in comments)
    json.dumps(records, ensure_ascii=False)  # serializable
    return records


def outcome(call: Any) -> list[dict[str, Any]] | dict[str, Any]:
    """The records of a call, or the error record the CLI would write for its failure."""
    try:
        extraction = call()
    except ExtractionError as exc:
        error = ErrorRecord.from_exception(SOURCE, exc).to_dict()
        assert error["stage"] in STAGES
        assert error["message"].strip(), error
        return error
    return check_records(extraction, SOURCE)


# --- properties ----------------------------------------------------------------------------
@FUZZ
@given(body=html_bytes(), url=st.sampled_from([None, "https://news.example/2024/05/story/"]))
def test_extract_html_bytes(body: bytes, url: str | None) -> None:
    first = outcome(lambda: extract(body, url, OPTIONS, source=SOURCE))
    assert outcome(lambda: extract(body, url, OPTIONS, source=SOURCE)) == first


@FUZZ
@given(body=st.binary(max_size=2000))
def test_extract_raw_bytes(body: bytes) -> None:
    first = outcome(lambda: extract(body, None, OPTIONS, source=SOURCE))
    assert outcome(lambda: extract(body, None, OPTIONS, source=SOURCE)) == first


@FUZZ
@given(page=HTML_PAGES)
def test_extract_str(page: str) -> None:
    first = outcome(lambda: extract(page, None, OPTIONS, source=SOURCE))
    assert outcome(lambda: extract(page, None, OPTIONS, source=SOURCE)) == first


SCRAPED_TEXT = st.lists(
    st.one_of(TEXT, WORDS, st.sampled_from(["", "  - reply", "Comments", "Reply", "* * *"])),
    max_size=30,
).map("\n".join)


@FUZZ
@given(text=st.one_of(SCRAPED_TEXT, st.text(max_size=500)))
def test_clean_text(text: str) -> None:
    first = outcome(lambda: clean_text(text, None, OPTIONS, source=SOURCE))
    assert outcome(lambda: clean_text(text, None, OPTIONS, source=SOURCE)) == first
