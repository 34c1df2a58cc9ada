"""Tests for extractors.decoding: bytes to text, with labels checked against the bytes."""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import random
import zipfile

import pytest

from extractors.decoding import DecodedText, decode_html, decode_text
from extractors.errors import EmptyInput, UndecodableInput

# Real text in each script: lines that trip RUF001 (look-alike letters) silence it.
RUSSIAN = (
    "Москва - столица России, город федерального значения, административный центр "
    "Центрального федерального округа. Правительство вчера объявило о новых мерах "
    "поддержки семей с детьми и малого бизнеса."
)
FRENCH = (
    "Le café est une boisson très appréciée en France. Où est la bibliothèque ? Voilà, "
    "c'est déjà l'été, et les élèves préparent leurs examens à la maison."
)
JAPANESE = (
    "東京は日本の首都であり、世界有数の大都市です。政府は昨日、子育て世帯と中小企業を"
    "支援する新たな対策を発表しました。来年から施行される予定です。"
)
CHINESE = (
    "北京是中华人民共和国的首都，也是全国的政治和文化中心。政府昨天宣布了支持有孩子的家庭"
    "和小企业的新措施，将从明年开始实施。"
)
UTF8_HEADER = "text/html; charset=utf-8"


def page(text: str, head: str = "") -> str:
    """A small HTML page around ``text``, with ``head`` inside <head>."""
    return (
        f"<!DOCTYPE html><html><head>{head}<title>News</title></head>"
        f'<body><article><p class="lead">{text}</p></article></body></html>'
    )


def meta_charset(label: str) -> str:
    return f'<meta charset="{label}">'


def meta_http_equiv(label: str) -> str:
    return f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'


# --- byte order marks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "codec", "expected_encoding"),
    [
        pytest.param(codecs.BOM_UTF8, "utf-8", "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le", id="utf-16le"),
        pytest.param(codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be", id="utf-16be"),
        pytest.param(codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le", id="utf-32le"),
    ],
)
def test_bom_decides_and_is_stripped(bom: bytes, codec: str, expected_encoding: str) -> None:
    html = page(RUSSIAN)
    # The header is wrong on purpose: a byte order mark wins over every label.
    decoded = decode_html(bom + html.encode(codec), content_type="text/html; charset=cp1252")
    assert decoded == DecodedText(html, expected_encoding, "bom")


def test_bom_in_plain_text() -> None:
    decoded = decode_text(codecs.BOM_UTF16_LE + "Café au lait\r\n".encode("utf-16-le"))
    assert decoded == DecodedText("Café au lait\r\n", "utf-16-le", "bom")


# --- declared encodings -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "codec", "expected_encoding"),
    [
        pytest.param("text/html; charset=windows-1251", "cp1251", "cp1251", id="windows-1251"),
        pytest.param('text/html; charset="KOI8-R"', "koi8-r", "koi8-r", id="quoted-koi8-r"),
        pytest.param("text/html;charset=UTF-8", "utf-8", "utf-8", id="utf-8-no-space"),
    ],
)
def test_header_label(content_type: str, codec: str, expected_encoding: str) -> None:
    html = page(RUSSIAN)
    decoded = decode_html(html.encode(codec), content_type=content_type)
    assert decoded == DecodedText(html, expected_encoding, "header")


def test_header_latin1_label_is_read_as_windows_1252() -> None:
    """WHATWG: the iso-8859-1 label means windows-1252 (curly quotes at 0x93/0x94)."""
    html = page("\u201cLe café\u201d est très apprécié.")
    decoded = decode_html(html.encode("cp1252"), content_type="text/html; charset=iso-8859-1")
    assert decoded == DecodedText(html, "cp1252", "header")


@pytest.mark.parametrize(
    ("head", "text", "codec", "expected_encoding"),
    [
        pytest.param(meta_charset("windows-1251"), RUSSIAN, "cp1251", "cp1251", id="charset-1251"),
        pytest.param(meta_charset("utf-8"), RUSSIAN, "utf-8", "utf-8", id="charset-utf-8"),
        pytest.param(
            meta_http_equiv("windows-1251"), RUSSIAN, "cp1251", "cp1251", id="http-equiv-1251"
        ),
        pytest.param(meta_charset("Shift_JIS"), JAPANESE, "shift_jis", "cp932", id="shift-jis"),
        pytest.param(meta_http_equiv("EUC-JP"), JAPANESE, "euc_jp", "euc_jp", id="euc-jp"),
        pytest.param(meta_charset("GBK"), CHINESE, "gbk", "gb18030", id="gbk"),
        pytest.param(meta_http_equiv("gb2312"), CHINESE, "gb2312", "gb18030", id="gb2312"),
    ],
)
def test_meta_label(head: str, text: str, codec: str, expected_encoding: str) -> None:
    html = page(text, head)
    decoded = decode_html(html.encode(codec))
    assert decoded == DecodedText(html, expected_encoding, "meta")


def test_header_wins_over_meta() -> None:
    html = page(RUSSIAN, meta_charset("koi8-r"))
    decoded = decode_html(html.encode("cp1251"), content_type="text/html; charset=windows-1251")
    assert decoded == DecodedText(html, "cp1251", "header")


def test_meta_is_used_when_the_header_label_is_wrong() -> None:
    html = page(RUSSIAN, meta_charset("windows-1251"))
    decoded = decode_html(html.encode("cp1251"), content_type=UTF8_HEADER)
    assert decoded == DecodedText(html, "cp1251", "meta")


def test_meta_utf16_label_on_ascii_bytes_means_utf8() -> None:
    html = page(RUSSIAN, meta_charset("utf-16"))
    assert decode_html(html.encode("utf-8")) == DecodedText(html, "utf-8", "meta")


@pytest.mark.parametrize(
    "label",
    [
        pytest.param("base64", id="base64"),
        pytest.param("unicode-escape", id="unicode-escape"),
        pytest.param("hz-gb-2312", id="hz-replacement"),
        pytest.param("no-such-encoding", id="unknown"),
    ],
)
def test_labels_outside_the_encoding_standard_are_ignored(label: str) -> None:
    html = page(r"Caf\u00e9 " + RUSSIAN)
    decoded = decode_html(html.encode("utf-8"), content_type=f"text/html; charset={label}")
    assert decoded == DecodedText(html, "utf-8", "detected")


def test_truncated_last_character_keeps_the_label() -> None:
    """A download cut inside the last character still decodes with its label."""
    body = page(RUSSIAN).encode("utf-8")[:-40]
    body = body[: body.rfind("к".encode()) + 1]  # half of a two-byte letter
    decoded = decode_html(body, content_type=UTF8_HEADER)
    assert decoded.method == "header"
    assert decoded.text.endswith("\ufffd")
    assert decoded.text[:-1] == body[:-1].decode("utf-8")


# --- wrong labels ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codec", "content_type", "expected_encoding"),
    [
        pytest.param(RUSSIAN, "cp1251", UTF8_HEADER, "cp1251", id="cp1251-as-utf-8"),
        pytest.param(RUSSIAN, "koi8-r", UTF8_HEADER, "koi8-r", id="koi8-r-as-utf-8"),
        pytest.param(
            RUSSIAN, "cp1251", "text/html; charset=iso-8859-1", "cp1251", id="cp1251-as-latin-1"
        ),
        pytest.param(FRENCH, "cp1252", UTF8_HEADER, "cp1252", id="cp1252-as-utf-8"),
        pytest.param(FRENCH, "latin-1", UTF8_HEADER, "cp1252", id="latin-1-as-utf-8"),
        pytest.param(
            RUSSIAN, "utf-8", "text/html; charset=windows-1252", "utf-8", id="utf-8-as-cp1252"
        ),
        pytest.param(
            "We met at the café on Main Street.",
            "utf-8",
            "text/html; charset=windows-1252",
            "utf-8",
            id="cafe-utf-8-as-cp1252",
        ),
        pytest.param(JAPANESE, "shift_jis", UTF8_HEADER, "cp932", id="shift-jis-as-utf-8"),
    ],
)
def test_wrong_label_falls_through_to_detection(
    text: str, codec: str, content_type: str, expected_encoding: str
) -> None:
    html = page(text)
    decoded = decode_html(html.encode(codec), content_type=content_type)
    assert decoded == DecodedText(html, expected_encoding, "detected")


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<p>We met at the café.</p>", id="one-word"),
        pytest.param(page("I had a café and a croissant this morning."), id="page"),
        pytest.param(page("Un café, s'il vous plaît.", meta_charset("utf-8")), id="meta-utf-8"),
    ],
)
def test_cafe_in_latin1_labelled_utf8(html: str) -> None:
    decoded = decode_html(html.encode("latin-1"), content_type=UTF8_HEADER)
    assert "café" in decoded.text
    assert decoded.text == html


def test_utf8_with_a_stray_byte_stays_utf8() -> None:
    """One windows-1252 byte in a UTF-8 page costs one U+FFFD, not the whole page."""
    good = page(RUSSIAN * 3).encode("utf-8")
    body = good[:200] + b"\x96" + good[200:]
    expected = good[:200].decode() + "\ufffd" + good[200:].decode()
    decoded = decode_html(body, content_type=UTF8_HEADER)
    assert decoded == DecodedText(expected, "utf-8", "detected", replaced=1)
    assert decoded.notes == (
        "decode: 1 byte could not be decoded as utf-8 and was replaced with U+FFFD",
    )


# --- replaced bytes are counted -------------------------------------------------------------
RU_PAGE = page(RUSSIAN * 3).encode()
CUT = page(RUSSIAN).encode()[: page(RUSSIAN).encode().rfind("а".encode()) + 1]
STRAY = {
    # body, content type, bytes replaced (each undecodable byte counts, not each U+FFFD)
    "lone-ff": (RU_PAGE + b"\xff", UTF8_HEADER, 1),
    "four-stray": (RU_PAGE.replace(b"</p>", b" \xff\xc0\xaf\xd0 </p>"), None, 4),
    "overlong-3": (RU_PAGE + b"\xe0\x80\xaf", UTF8_HEADER, 3),
    "cp1252-dashes-unlabelled": (RU_PAGE.replace(b" - ", b" \x96 "), None, 3),  # 3 dashes
    "cut-inside-the-last-character": (CUT, UTF8_HEADER, 1),
    "utf-16-odd-byte": (page(RUSSIAN).encode("utf-16-le") + b"A", None, 1),
    "valid-ufffd-is-not-replaced": (page("a \ufffd b " + RUSSIAN).encode(), UTF8_HEADER, 0),
    "clean": (RU_PAGE, UTF8_HEADER, 0),
}


@pytest.mark.parametrize(("body", "content_type", "replaced"), STRAY.values(), ids=STRAY.keys())
def test_replaced_bytes_are_counted(body: bytes, content_type: str | None, replaced: int) -> None:
    decoded = decode_html(body, content_type=content_type)
    assert decoded.replaced == replaced, (decoded.encoding, decoded.method)
    assert len(decoded.notes) == (1 if replaced else 0)
    if replaced:
        assert decoded.notes[0].startswith(f"decode: {replaced} byte")
        assert f"could not be decoded as {decoded.encoding} and w" in decoded.notes[0]


def test_replaced_bytes_in_plain_text() -> None:
    body = (RUSSIAN * 3).encode() + b" \xfe\xff end"
    decoded = decode_text(body)
    assert (decoded.encoding, decoded.replaced) == ("utf-8", 2)


# --- UTF-16/32 without a byte order mark -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        pytest.param(page(RUSSIAN), "utf-16-le", id="html-utf-16le"),
        pytest.param(page(RUSSIAN), "utf-16-be", id="html-utf-16be"),
        pytest.param(page(FRENCH), "utf-32-le", id="html-utf-32le"),
        pytest.param(RUSSIAN, "utf-16-le", id="cyrillic-text-utf-16le"),
        pytest.param(CHINESE, "utf-16-be", id="chinese-text-utf-16be"),
    ],
)
def test_wide_encodings_without_bom(text: str, codec: str) -> None:
    assert decode_html(text.encode(codec)) == DecodedText(text, codec, "detected")
    assert decode_text(text.encode(codec)) == DecodedText(text, codec, "detected")


def test_utf16_header_takes_byte_order_from_the_bytes() -> None:
    html = page(FRENCH)
    decoded = decode_html(html.encode("utf-16-be"), content_type="text/html; charset=utf-16")
    assert decoded == DecodedText(html, "utf-16-be", "header")


def test_utf8_label_on_utf16_bytes_is_refused() -> None:
    html = page(FRENCH)
    decoded = decode_html(html.encode("utf-16-le"), content_type=UTF8_HEADER)
    assert decoded == DecodedText(html, "utf-16-le", "detected")


# --- no label ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"The committee approved the budget on Tuesday.", id="ascii-sentence"),
        pytest.param(b"<p>The committee approved the budget.</p>", id="ascii-html"),
    ],
)
def test_plain_ascii_without_label(body: bytes) -> None:
    decoded = decode_html(body)
    assert decoded.text == body.decode("ascii")
    assert codecs.lookup(decoded.encoding).name in {"utf-8", "ascii", "cp1252"}


@pytest.mark.parametrize(
    ("text", "codec", "expected_encoding"),
    [
        pytest.param(RUSSIAN, "utf-8", "utf-8", id="utf-8"),
        pytest.param(RUSSIAN, "cp1251", "cp1251", id="cp1251"),
        pytest.param(FRENCH, "cp1252", "cp1252", id="cp1252"),
        pytest.param(JAPANESE, "iso2022_jp", "iso2022_jp", id="iso-2022-jp"),
        pytest.param(CHINESE, "gb18030", "gb18030", id="gb18030"),
    ],
)
def test_unlabelled_text_is_detected(text: str, codec: str, expected_encoding: str) -> None:
    assert decode_text(text.encode(codec)) == DecodedText(text, expected_encoding, "detected")
    html = page(text)
    assert decode_html(html.encode(codec)) == DecodedText(html, expected_encoding, "detected")


# --- binary and empty input ------------------------------------------------------------------


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<p>hi</p>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image", id="png"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "JPEG image", id="jpeg"),
        pytest.param(b"GIF89a\x01\x00\x01\x00" + bytes(32), "GIF image", id="gif"),
        pytest.param(b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(32), "WebP image", id="webp"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF document", id="pdf"),
        pytest.param(gzip.compress(page(FRENCH).encode()), "gzip stream", id="gzip"),
        pytest.param(_zip_bytes(), "ZIP archive", id="zip"),
        pytest.param(bz2.compress(page(FRENCH).encode()), "bzip2 stream", id="bzip2"),
    ],
)
def test_file_signatures_are_undecodable(body: bytes, kind: str) -> None:
    for decode in (decode_html, decode_text):
        with pytest.raises(UndecodableInput, match=f"^binary input: {kind} signature$"):
            decode(body)


@pytest.mark.parametrize("size", [pytest.param(n, id=f"{n}-bytes") for n in (300, 4096, 100_000)])
def test_random_binary_is_undecodable(size: int) -> None:
    body = random.Random(size).randbytes(size)
    for decode in (decode_html, decode_text):
        with pytest.raises(UndecodableInput, match=r"^binary input: "):
            decode(body)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"\x00\x01\x00\x00\x02\x00\x00\x00" * 512, id="little-endian-integers"),
        pytest.param(codecs.BOM_UTF8 + bytes(range(32)) * 64, id="utf-8-bom-then-controls"),
        pytest.param(codecs.BOM_UTF16_LE + b"\x01\x00\x07\x00" * 512, id="utf-16-bom-controls"),
    ],
)
def test_control_heavy_binary_is_undecodable(body: bytes) -> None:
    with pytest.raises(UndecodableInput, match=r"^binary input: \d+ control"):
        decode_html(body)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(b"", "^empty input: 0 bytes$", id="empty"),
        pytest.param(b" \t\r\n  \n", "only white space", id="ascii-white-space"),
        pytest.param("\u00a0\u3000\n".encode(), "only white space", id="unicode-white-space"),
        pytest.param(codecs.BOM_UTF8, "only white space", id="bom-only"),
        pytest.param(codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "white space", id="utf-16"),
    ],
)
def test_empty_input(body: bytes, message: str) -> None:
    for decode in (decode_html, decode_text):
        with pytest.raises(EmptyInput, match=message):
            decode(body)


# --- big input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "content_type", "expected_encoding"),
    [
        pytest.param("utf-8", UTF8_HEADER, "utf-8", id="utf-8-labelled"),
        pytest.param("cp1251", UTF8_HEADER, "cp1251", id="cp1251-mislabelled"),
        pytest.param("cp1251", None, "cp1251", id="cp1251-unlabelled"),
    ],
)
def test_20_mb_page_decodes(codec: str, content_type: str | None, expected_encoding: str) -> None:
    paragraph = f"<p>{RUSSIAN}</p>\n"
    html = page(paragraph * (20 * 1024 * 1024 // len(paragraph.encode(codec))))
    body = html.encode(codec)
    assert len(body) >= 19 * 1024 * 1024
    decoded = decode_html(body, content_type=content_type)
    assert decoded.encoding == expected_encoding
    assert decoded.text == html
