"""Loaders for the benchmark sets (layouts described in benchmarks/README.md).

The data stays in the shared folder beside the project (its licenses differ from ours);
``DEFAULT_ROOT`` is relative, so it is resolved against the working directory when a
loader runs: run from the project root, or pass another folder.

- scrapinghub: ``html/<id>.html.gz`` and ``ground-truth.json`` (``{id: {"articleBody",
  "url"}}``).
- dragnet-dev: ``html/<stem>.html.gz`` and ``gold/<stem>.txt``; in a gold file, a
  separator line splits the article (before) from the reader comments (after).
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_ROOT",
    "DRAGNET",
    "SCRAPINGHUB",
    "BenchmarkPage",
    "decode_gold",
    "load_dataset",
    "load_dragnet",
    "load_scrapinghub",
    "split_gold",
]

DEFAULT_ROOT = Path("../shared/benchmarks")
SCRAPINGHUB = "scrapinghub"
DRAGNET = "dragnet-dev"

_HTML_SUFFIX = ".html.gz"
_GROUND_TRUTH = "ground-truth.json"

# The separator was typed by hand: "!@#$%^&*()  COMMENTS" with the spaces, the word or
# the brackets varying ("!@#$%^&*()  CORRECTED", "!@#$%^&*()", "!@#$%$%^&*() ..."), and
# a few with the opening symbols themselves mistyped ("!@ $%^&*()", "!#@$%^&*()").
_SEPARATOR = re.compile(
    r"""
    ^[ \t]*              # (no gold file indents it, but a stray space would not matter)
    (?: !@\#\$%          # the documented forms: "!@#$%..."
      | !!@\#            #                   and "!!@#..."
      | !\#@\$%          # seen in dragnet-dev/gold/R316.txt
      | !@[ ]\$%         # seen in 437.txt, 503.txt, T126.txt
    )
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class BenchmarkPage:
    """One page of a benchmark set and its gold text.

    page_id: the page's name in the set (the file stem).
    html_path: the gzip-compressed page, in its original encoding.
    url: where the page came from, when the set records it.
    gold_body: the article text a person selected (``\\n`` line ends).
    gold_comments: the reader comments' text; ``None`` when the set has no comment gold
        for the page (scrapinghub, or a dragnet page without comments).
    """

    page_id: str
    html_path: Path
    url: str | None
    gold_body: str
    gold_comments: str | None

    def read_html(self) -> bytes:
        """The page's bytes, decompressed but not decoded."""
        return gzip.decompress(self.html_path.read_bytes())


def load_scrapinghub(root: Path = DEFAULT_ROOT / SCRAPINGHUB) -> list[BenchmarkPage]:
    """The pages of a scrapinghub-layout folder, sorted by id."""
    truth_path = root / _GROUND_TRUTH
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    if not isinstance(truth, dict):
        raise ValueError(f"{truth_path}: expected a JSON object of pages")
    pages = []
    for page_id in sorted(truth):
        entry = truth[page_id]
        body = entry.get("articleBody") if isinstance(entry, dict) else None
        if not isinstance(body, str):
            raise ValueError(f"{truth_path}: page {page_id!r} has no articleBody string")
        url = entry.get("url")
        pages.append(
            BenchmarkPage(
                page_id=page_id,
                html_path=_existing(root / "html" / f"{page_id}{_HTML_SUFFIX}"),
                url=url if isinstance(url, str) and url else None,
                gold_body=_normalize_newlines(body),
                gold_comments=None,
            )
        )
    return pages


def load_dragnet(root: Path = DEFAULT_ROOT / DRAGNET) -> list[BenchmarkPage]:
    """The pages of a dragnet-layout folder, sorted by stem.

    Every page needs both its HTML and its gold file; a file without its partner is an
    error rather than a page silently left out of the scores.
    """
    html_dir, gold_dir = root / "html", root / "gold"
    html_stems = {p.name.removesuffix(_HTML_SUFFIX) for p in html_dir.glob(f"*{_HTML_SUFFIX}")}
    gold_stems = {p.stem for p in gold_dir.glob("*.txt")}
    if unpaired := sorted(html_stems ^ gold_stems):
        raise FileNotFoundError(
            f"{root}: {len(unpaired)} page(s) lack their HTML or gold file, first {unpaired[0]!r}"
        )
    pages = []
    for stem in sorted(html_stems):
        gold_path = gold_dir / f"{stem}.txt"
        body, comments = split_gold(decode_gold(gold_path.read_bytes()))
        pages.append(
            BenchmarkPage(
                page_id=stem,
                html_path=html_dir / f"{stem}{_HTML_SUFFIX}",
                url=None,
                gold_body=body,
                gold_comments=comments,
            )
        )
    return pages


def load_dataset(path: Path) -> list[BenchmarkPage]:
    """The pages of a benchmark folder, whichever of the two layouts it has."""
    if (path / _GROUND_TRUTH).is_file():
        return load_scrapinghub(path)
    if (path / "gold").is_dir() and (path / "html").is_dir():
        return load_dragnet(path)
    raise ValueError(
        f"{path}: not a benchmark folder (expected {_GROUND_TRUTH} and html/, or gold/ and html/)"
    )


def decode_gold(data: bytes) -> str:
    """Decode a gold file: by its BOM, else as strict UTF-8, else as windows-1252.

    Line ends come back as ``\\n``. (windows-1252 leaves five byte values undefined; a
    file holding one of them is not text we can trust, and raises UnicodeDecodeError.)

    >>> decode_gold(codecs.BOM_UTF16_LE + "Café\\r\\n".encode("utf-16-le"))
    'Café\\n'
    >>> decode_gold("Café".encode("cp1252"))
    'Café'
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _normalize_newlines(data[len(bom) :].decode(encoding))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    return _normalize_newlines(text)


def split_gold(text: str) -> tuple[str, str | None]:
    """Split a dragnet gold text at its first separator line: (body, comments).

    Both parts are stripped of surrounding white space. Comments are ``None`` without a
    separator, or when nothing but white space follows it.

    >>> split_gold("Story.\\n!@#$%^&*()  COMMENTS\\nNice!\\n")
    ('Story.', 'Nice!')
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _SEPARATOR.match(line):
            body = "\n".join(lines[:index]).strip()
            comments = "\n".join(lines[index + 1 :]).strip()
            return body, comments or None
    return text.strip(), None


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"benchmark page missing: {path}")
    return path
