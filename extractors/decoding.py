"""Bytes to text: choose a page's encoding the way a browser does, but check the labels.

Why this module exists: encoding labels lie. Crawls bring windows-1251 pages served as
utf-8, latin-1 pages behind a utf-8 ``<meta>``, UTF-16 files without a byte order mark, and
now and then an image or a PDF where a page was expected. w3lib follows the WHATWG order
(BOM, HTTP header, ``<meta>``) but trusts whatever label it finds and decodes with
``errors="replace"``, which turns a mislabelled page into a stream of U+FFFD; and
charset-normalizer guesses well but gets slow on big inputs. So here:

* a label (header or ``<meta>``, read through w3lib's WHATWG mapping) is used only when the
  bytes decode strictly with it, and, for single-byte labels, when the text does not look
  like mojibake;
* otherwise the encoding is detected: UTF-16/32 from the pattern of NUL bytes, UTF-8 by
  validation, the rest by charset-normalizer on a bounded sample of the text between tags,
  so detection costs the same on a 20 MB page as on a 200 KB one;
* binary input (known file signatures, or many control bytes) raises ``UndecodableInput``
  and input with no text raises ``EmptyInput``, so callers get typed errors, not garbage;
* bytes that had to be replaced with U+FFFD are counted (``DecodedText.replaced``) and
  said in a diagnostics note, so a damaged page is not silently taken for a clean one.

Valid UTF-8 with a label, the common case, is one strict ``bytes.decode`` plus checks on a
few KB.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import AnyStr, Literal

from charset_normalizer import CharsetMatch, from_bytes
from charset_normalizer.md import mess_ratio
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
    to_unicode,
)

from extractors.errors import EmptyInput, UndecodableInput

__all__ = ["DecodedText", "Method", "decode_html", "decode_text"]

Method = Literal["bom", "header", "meta", "detected", "default"]


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from bytes, the Python codec used, and how that codec was chosen.

    method: ``"bom"``, ``"header"`` or ``"meta"`` when that declaration was trusted;
        ``"detected"`` when the bytes themselves told (NUL pattern, valid UTF-8, an
        ISO-2022-JP escape, charset-normalizer); ``"default"`` when nothing was
        trustworthy and the text is UTF-8 decoded with ``errors="replace"``.
    replaced: how many bytes could not be decoded with ``encoding`` and were replaced with
        U+FFFD (stray bytes of another encoding, a character cut off at the end).
    """

    text: str
    encoding: str
    method: Method
    replaced: int = 0

    @property
    def notes(self) -> tuple[str, ...]:
        """What a reader of the records should know about the decoding (diagnostics notes).

        >>> DecodedText("a\ufffdb", "utf-8", "detected", replaced=2).notes
        ('decode: 2 bytes could not be decoded as utf-8 and were replaced with U+FFFD',)
        """
        if not self.replaced:
            return ()
        bytes_, were = ("byte", "was") if self.replaced == 1 else ("bytes", "were")
        return (
            f"decode: {self.replaced} {bytes_} could not be decoded as {self.encoding} "
            f"and {were} replaced with U+FFFD",
        )


# Bytes looked at for file signatures, NUL patterns and the share of control bytes.
_SNIFF_BYTES = 4096
# Binary, not text, when more than this share of the sniffed bytes (or of the first
# decoded characters) are control characters. Text has next to none; random bytes ~11%.
_MAX_CONTROL_SHARE = 0.05
# The UTF-8 fallback is refused (binary) when more than this share of it is U+FFFD.
_MAX_REPLACED_SHARE = 0.1
# The prefix on which "mostly UTF-8 with a few stray bytes" is judged.
_UTF8_PROBE_BYTES = 256 * 1024
# Mostly UTF-8 when valid multi-byte characters outnumber invalid bytes by this much.
_UTF8_GOOD_PER_BAD = 4
# Detection strips markup from this prefix and gives charset-normalizer at most
# _DETECT_SAMPLE_BYTES of the text runs that hold non-ASCII bytes.
_DETECT_SCAN_BYTES = 1024 * 1024
_DETECT_SAMPLE_BYTES = 32 * 1024
# Candidates whose chaos is within this margin of the cleanest one are ranked by
# language coherence, then by how common the encoding is on the web.
_CHAOS_MARGIN = 0.04
# A single-byte label is wrong when charset-normalizer's mess ratio of the decoded text
# reaches this (its own default threshold). Right labels score about 0.0-0.05, Cyrillic
# read as windows-1252 over 1.0.
_MAX_MESS = 0.2
_MESS_SCAN_CHARS = 256 * 1024
_MESS_SAMPLE_CHARS = 8192

# Encodings detection may answer, most common on the web first (the tie-break order).
# All WHATWG encodings except rare ones that charset-normalizer confuses with
# windows-1252 on short Latin texts (mac-roman, windows-1258, most ISO-8859 parts).
_DETECTABLE = (
    "utf_8", "cp1252", "cp1251", "cp932", "euc_jp", "iso2022_jp", "gb18030", "big5",
    "cp949", "cp1250", "iso8859_2", "cp1254", "cp1256", "iso8859_15", "cp1253",
    "iso8859_7", "cp874", "cp1255", "koi8_r", "koi8_u", "cp1257", "iso8859_13", "cp866",
    "iso8859_5", "iso8859_8", "iso8859_6",
)  # fmt: skip
_DETECTABLE_RANK = {name: rank for rank, name in enumerate(_DETECTABLE)}

# Codecs a label may name: the WHATWG Encoding Standard's encodings (as w3lib resolves
# them) and UTF-32. Anything else Python can decode (base64, unicode-escape, EBCDIC, the
# "replacement" ISO-2022-KR and HZ) is never a web page's encoding: such labels are ignored.
_LABEL_CODECS = frozenset(
    codecs.lookup(name).name
    for name in (
        "utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
        "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6",
        "iso8859-7", "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15",
        "iso8859-16", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874", "cp1250",
        "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
        "gb18030", "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949",
    )
)  # fmt: skip

# File signatures no text starts with: (pattern at offset 0, what the file is).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (rb"\x89PNG\r\n\x1a\n", "PNG image"),
    (rb"\xff\xd8\xff", "JPEG image"),
    (rb"GIF8[79]a", "GIF image"),
    (rb"RIFF.{4}WEBP", "WebP image"),
    (rb"II\*\x00|MM\x00\*", "TIFF image"),
    (rb"\x00\x00\x01\x00", "ICO image"),
    (rb"%PDF-", "PDF document"),
    (rb"\x1f\x8b", "gzip stream"),
    (rb"PK(?:\x03\x04|\x05\x06|\x07\x08)", "ZIP archive"),
    (rb"BZh[1-9]1AY&SY", "bzip2 stream"),
    (rb"\xfd7zXZ\x00", "xz stream"),
    (rb"\x28\xb5\x2f\xfd", "zstd stream"),
    (rb"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (rb"Rar!\x1a\x07", "RAR archive"),
    (rb"\x7fELF", "ELF executable"),
    (rb"\xca\xfe\xba\xbe", "Java class or Mach-O binary"),
    (rb"\x00asm", "WebAssembly module"),
    (rb"SQLite format 3\x00", "SQLite database"),
    (rb"wOFF|wOF2", "WOFF font"),
    (rb"\x00\x00[\x00\x01].ftyp", "MP4/HEIF media"),
    (rb"RIFF.{4}(?:WAVE|AVI )", "RIFF audio/video"),
    (rb"ID3[\x02-\x04]\x00|OggS\x00|fLaC", "audio"),
    (rb"\x1a\x45\xdf\xa3", "Matroska/WebM media"),
)
_SIGNATURE = re.compile(
    b"|".join(b"(?P<s%d>%s)" % (i, pattern) for i, (pattern, _) in enumerate(_SIGNATURES)),
    re.DOTALL,
)

# C0 controls except white space and ESC (which ISO-2022-JP uses), DEL, and C1 controls.
_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_HIGH_BYTES = bytes(range(0x80, 0x100))

# An error handler that marks each undecodable byte with a lone surrogate, which no strict
# decoding gives, so that counting the marks counts the bytes (w3lib registers its own too).
_UNDECODABLE = "\udc00"
_MARK_UNDECODABLE = "copydesk_mark_undecodable"


def _mark_undecodable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return _UNDECODABLE * (error.end - error.start), error.end


codecs.register_error(_MARK_UNDECODABLE, _mark_undecodable)

# Script and style elements, comments and tags: what is not text in a page. Each
# alternative runs to the end of the input when unclosed, so the scan stays linear.
_MARKUP = (
    r"<script\b.*?(?:</script\s*>|\Z)|<style\b.*?(?:</style\s*>|\Z)"
    r"|<!--.*?(?:-->|\Z)|<[^>]*>?"
)
_MARKUP_BYTES = re.compile(_MARKUP.encode("ascii"), re.DOTALL | re.IGNORECASE)
_MARKUP_TEXT = re.compile(_MARKUP, re.DOTALL | re.IGNORECASE)


def decode_html(body: bytes, *, content_type: str | None = None) -> DecodedText:
    """Decode an HTML page: BOM, then the Content-Type header, then ``<meta>``, then detection.

    Raises ``EmptyInput`` for no bytes or only white space, ``UndecodableInput`` for binary
    input (a file signature such as PNG or PDF, or many control bytes).
    """
    prepared = _prepare(body)
    if isinstance(prepared, DecodedText):
        return prepared
    body, wide = prepared
    for method, label in _declared_labels(body, content_type):
        if (decoded := _try_label(body, label, wide)) is not None:
            return _finish(DecodedText(decoded[0], decoded[1], method), body)
    return _finish(_undeclared(body, wide, markup=True), body)


def decode_text(body: bytes) -> DecodedText:
    """Decode a plain text file: BOM, then UTF-16/32 by NUL pattern, then UTF-8, then detection.

    Raises the same errors as ``decode_html``.
    """
    prepared = _prepare(body)
    if isinstance(prepared, DecodedText):
        return prepared
    body, wide = prepared
    return _finish(_undeclared(body, wide, markup=False), body)


def _prepare(body: bytes) -> DecodedText | tuple[bytes, str | None]:
    """The checks both decoders start with: the text a BOM decides, else the bytes after
    any BOM and the UTF-16/32 byte order their NUL pattern shows (None: not wide)."""
    _reject_empty_or_signature(body)
    if (bom := _decode_bom(body)) is not None:
        return _finish(bom, body)
    body = _strip_bom(body)
    wide = _sniff_wide(body)
    if wide is None:
        _reject_control_bytes(body)
    return body, wide


# --- errors -------------------------------------------------------------------------


def _reject_empty_or_signature(body: bytes) -> None:
    """Raise ``EmptyInput`` for no bytes, ``UndecodableInput`` for a known binary format."""
    if not body:
        raise EmptyInput("empty input: 0 bytes")
    if (kind := _signature(body)) is not None:
        raise UndecodableInput(f"binary input: {kind} signature")


def _signature(body: bytes) -> str | None:
    """The binary format whose signature ``body`` starts with, if any."""
    match = _SIGNATURE.match(body)
    if match is None or match.lastgroup is None:
        return None
    return _SIGNATURES[int(match.lastgroup[1:])][1]


def _reject_control_bytes(body: bytes) -> None:
    """Raise ``UndecodableInput`` when the first bytes hold too many control bytes."""
    head = body[:_SNIFF_BYTES]
    if (controls := _control_bytes(head)) > _MAX_CONTROL_SHARE * len(head):
        raise UndecodableInput(
            f"binary input: {controls} control bytes in the first {len(head)} bytes"
        )


def _control_bytes(head: bytes) -> int:
    return len(head) - len(head.translate(None, _CONTROL_BYTES))


def _finish(decoded: DecodedText, body: bytes) -> DecodedText:
    """Refuse text that is really binary or holds nothing but white space; count the bytes
    of ``body`` (what was decoded) that were replaced."""
    head = decoded.text[:_SNIFF_BYTES]
    controls = len(_CONTROL_CHARS.findall(head))
    if controls > _MAX_CONTROL_SHARE * len(head):
        raise UndecodableInput(
            f"binary input: {controls} control characters in the first {len(head)} "
            f"characters after decoding as {decoded.encoding}"
        )
    if not decoded.text or decoded.text.isspace():
        raise EmptyInput(f"empty input: only white space in {len(body)} bytes")
    if "\ufffd" not in decoded.text:  # the common case: nothing replaced
        return decoded
    return replace(decoded, replaced=_undecodable_bytes(body, decoded.encoding))


def _undecodable_bytes(body: bytes, encoding: str) -> int:
    """How many bytes of ``body`` ``encoding`` cannot decode (each one is marked, counted)."""
    return body.decode(encoding, _MARK_UNDECODABLE).count(_UNDECODABLE)


# --- declared encodings -----------------------------------------------------------------


def _decode_bom(body: bytes) -> DecodedText | None:
    """The text after a byte order mark, if there is one and the rest decodes with it."""
    encoding, bom = read_bom(body)
    if encoding is None or bom is None:
        return None
    text = _strict(body[len(bom) :], encoding)
    return None if text is None else DecodedText(text, encoding, "bom")


def _strip_bom(body: bytes) -> bytes:
    """``body`` without a byte order mark (one that did not decode: a lying BOM)."""
    _, bom = read_bom(body)
    return body[len(bom) :] if bom else body


def _declared_labels(body: bytes, content_type: str | None) -> Iterator[tuple[Method, str]]:
    """The encodings the header, then the page, declare (WHATWG names), lazily."""
    header = http_content_type_encoding(content_type)
    if header in _LABEL_CODECS:
        yield "header", header
    meta = html_body_declared_encoding(body)
    if meta in _LABEL_CODECS:
        # A <meta> readable as ASCII cannot be in UTF-16/32: WHATWG reads it as utf-8.
        meta = "utf-8" if _is_wide(meta) else meta
        if meta != header:
            yield "meta", meta


def _try_label(body: bytes, label: str, wide: str | None) -> tuple[str, str] | None:
    """(text, codec) when the bytes agree with ``label``, else ``None``.

    A UTF-16/32 label is taken with the byte order the NUL pattern shows; an ASCII-based
    label is refused for bytes with that pattern; a single-byte label is refused when the
    text reads as mojibake.
    """
    if label != "iso2022_jp" and b"\x1b" in body and b"\x1b$" in body:
        return None  # an ISO-2022-JP escape: no other label can be right
    if wide is not None or _is_wide(label):
        if wide is None or not _is_wide(label):
            return None
        text = _strict(body, wide)
        return None if text is None else (text, wide)
    text = _strict(body, label)
    if text is None:
        return None
    if _is_single_byte(label) and not body.isascii() and _looks_misread(body, text):
        return None
    return text, label


def _is_wide(encoding: str) -> bool:
    return encoding.startswith(("utf-16", "utf-32"))


@lru_cache(maxsize=64)
def _is_single_byte(encoding: str) -> bool:
    """True for codecs where every byte is one character (windows-125x, ISO-8859-x, KOI8)."""
    decoder = codecs.getincrementaldecoder(encoding)
    return all(len(decoder("replace").decode(bytes([byte]))) == 1 for byte in _HIGH_BYTES)


def _looks_misread(body: bytes, text: str) -> bool:
    """True when a single-byte decoding of ``body`` is obviously wrong.

    It is when the bytes are (mostly) UTF-8, or when charset-normalizer's mess ratio of the
    non-ASCII text runs is high (Cyrillic or Greek read as windows-1252, and the like).
    """
    if _mostly_utf8(body):
        return True
    pieces = _MARKUP_TEXT.split(text[:_MESS_SCAN_CHARS])
    sample = _non_ascii_runs(pieces, _MESS_SAMPLE_CHARS, "\n")[:_MESS_SAMPLE_CHARS]
    return bool(sample) and mess_ratio(sample, _MAX_MESS) >= _MAX_MESS


# --- detection --------------------------------------------------------------------------


def _undeclared(body: bytes, wide: str | None, *, markup: bool) -> DecodedText:
    """Decode bytes no trustworthy declaration covers: detection, else UTF-8 with U+FFFD."""
    if wide is not None:
        return DecodedText(_lenient(body, wide), wide, "detected")
    if b"\x1b" in body and (text := _strict(body, "iso2022_jp")) is not None:
        return DecodedText(text, "iso2022_jp", "detected")
    if (text := _strict(body, "utf-8")) is not None or _mostly_utf8(body):
        return DecodedText(text or body.decode("utf-8", "replace"), "utf-8", "detected")
    if (encoding := _detect(_detection_sample(body, markup=markup))) is not None:
        return DecodedText(_lenient(body, encoding), encoding, "detected")
    return _default(body)


def _default(body: bytes) -> DecodedText:
    """UTF-8 with U+FFFD, for bytes that are mostly text but match no encoding."""
    text = body.decode("utf-8", "replace")
    head = text[:_SNIFF_BYTES]
    if (replaced := head.count("\ufffd")) > _MAX_REPLACED_SHARE * len(head):
        raise UndecodableInput(
            f"binary input: no text encoding fits ({replaced} of the first {len(head)} "
            "characters are not UTF-8 and no other encoding was detected)"
        )
    return DecodedText(text, "utf-8", "default")


def _sniff_wide(body: bytes) -> str | None:
    """UTF-16/32 without a byte order mark, and which byte order, or ``None``."""
    head = body[:_SNIFF_BYTES]
    if (wide := _wide_by_nuls(head)) is not None:
        return wide
    # Text with few ASCII characters (Cyrillic, CJK) has no NULs in UTF-16, but its
    # bytes look like control bytes to an 8-bit reading: tell it from binary here.
    return _utf16_by_spread(head) if _control_bytes(head) > _MAX_CONTROL_SHARE * len(head) else None


def _wide_by_nuls(head: bytes) -> str | None:
    """UTF-16/32 byte order from where NUL bytes fall: ASCII characters hold them."""
    quads = len(head) // 4
    if quads:
        nuls = [head[i::4][:quads].count(0) / quads for i in range(4)]
        if min(nuls[2], nuls[3]) >= 0.9 and nuls[0] <= 0.1:
            return "utf-32-le"
        if min(nuls[0], nuls[1]) >= 0.9 and nuls[3] <= 0.1:
            return "utf-32-be"
    pairs = len(head) // 2
    if not pairs:
        return None
    even, odd = head[0::2][:pairs].count(0) / pairs, head[1::2][:pairs].count(0) / pairs
    if odd >= 0.2 and even <= 0.02:
        return "utf-16-le"
    if even >= 0.2 and odd <= 0.02:
        return "utf-16-be"
    return None


def _utf16_by_spread(head: bytes) -> str | None:
    """UTF-16 of text in one script: the high byte of each unit takes few values.

    The byte order is the one whose high bytes vary least; the bytes must then decode
    strictly to text without control characters (binary fails one or the other).
    """
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = set(head[0 : 2 * pairs : 2]), set(head[1 : 2 * pairs : 2])
    if 2 * min(len(even), len(odd)) > max(len(even), len(odd)):
        return None
    encoding = "utf-16-le" if len(odd) < len(even) else "utf-16-be"
    text = _strict(head[: 2 * pairs], encoding)
    if text is None or len(_CONTROL_CHARS.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        return None
    return encoding


def _mostly_utf8(body: bytes) -> bool:
    """True when the bytes are UTF-8, perhaps with a few stray bytes of another encoding.

    Legacy single-byte text almost never forms valid multi-byte UTF-8 sequences, so many
    valid ones against few invalid bytes means UTF-8.
    """
    head = body[:_UTF8_PROBE_BYTES]
    kept = head.decode("utf-8", "ignore")
    invalid = len(head.decode("utf-8", "surrogateescape")) - len(kept)
    valid = len(kept) - len(head.translate(None, _HIGH_BYTES))
    return valid > 0 and valid >= _UTF8_GOOD_PER_BAD * invalid


def _detection_sample(body: bytes, *, markup: bool) -> bytes:
    """The text runs that hold non-ASCII bytes: what tells encodings apart, bounded in size."""
    scan = body[:_DETECT_SCAN_BYTES]
    pieces = _MARKUP_BYTES.split(scan) if markup else scan.split(b"\n")
    if len(body) > len(scan):
        pieces.pop()  # may end inside a character
    sample = _non_ascii_runs(pieces, _DETECT_SAMPLE_BYTES, b"\n") or scan
    if len(sample) <= _DETECT_SAMPLE_BYTES:
        return sample
    # Cut at white space: no encoding here uses it inside a multi-byte character.
    limit = _DETECT_SAMPLE_BYTES
    cut = max(sample.rfind(b"\n", 0, limit), sample.rfind(b" ", 0, limit))
    return sample[: cut if cut > 0 else limit]


def _non_ascii_runs(pieces: Iterable[AnyStr], limit: int, separator: AnyStr) -> AnyStr:
    """The stripped ``pieces`` that hold non-ASCII, joined, stopping once past ``limit``."""
    taken: list[AnyStr] = []
    size = 0
    for piece in pieces:
        if piece.isascii():
            continue
        taken.append(piece.strip())
        size += len(taken[-1]) + 1
        if size > limit:
            break
    return separator.join(taken)


def _detect(sample: bytes) -> str | None:
    """The codec charset-normalizer finds for ``sample``, with a tie-break of our own.

    Its best match often differs from the right one only in letters its mess detector
    cannot judge (French read as windows-1257), so among matches nearly as clean as the
    cleanest, the most coherent wins, then the encoding most common on the web.
    """
    matches = list(from_bytes(sample, preemptive_behaviour=False, cp_isolation=list(_DETECTABLE)))
    if not matches:
        return None
    floor = min(match.chaos for match in matches)
    best = min((m for m in matches if m.chaos <= floor + _CHAOS_MARGIN), key=_match_order)
    return resolve_encoding(_preferred_name(best)) or resolve_encoding(best.encoding)


def _match_order(match: CharsetMatch) -> tuple[float, int]:
    return -round(match.coherence, 2), _DETECTABLE_RANK.get(_preferred_name(match), 999)


def _preferred_name(match: CharsetMatch) -> str:
    """Of the encodings giving the same text as ``match``, the most common one."""
    names = [match.encoding, *match.could_be_from_charset]
    return min(names, key=lambda name: _DETECTABLE_RANK.get(name, 999))


# --- decoding -----------------------------------------------------------------------


def _strict(body: bytes, encoding: str) -> str | None:
    """``body`` decoded strictly, or ``None``.

    A character cut off at the very end (a truncated download) becomes U+FFFD instead of
    failing the whole decoding.
    """
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as error:
        if error.end < len(body):
            return None  # a bad sequence before the end
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        text = decoder.decode(body, final=False)
    except UnicodeDecodeError:
        return None
    pending, _ = decoder.getstate()
    return text + "\ufffd" if pending else text


def _lenient(body: bytes, encoding: str) -> str:
    """``body`` decoded with U+FFFD for bytes ``encoding`` cannot map."""
    text = _strict(body, encoding)
    return to_unicode(body, encoding) if text is None else text
