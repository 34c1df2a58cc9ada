"""Every hostile input at once: one ``copydesk extract`` over a folder holding them all.

tests/test_bad_input.py checks each bad file's exact error (or degraded article) one by one;
this adds the inputs it lacks (invalid UTF-8, more mislabelled charsets, a 50 MB page,
billion-laughs and external-entity documents, malformed, truncated and bomb WARC records)
and runs the real command, in a subprocess with a generous timeout, over all of them
together with good pages. The run must end, exit 1, and account for every input: each
gives its records or exactly one error record, and the summary line on stderr says
``inputs = inputs with records + inputs with an error record``.
"""

from __future__ import annotations

import fcntl
import gzip
import json
import re
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from test_bad_input import (
    CASES,
    GOOD_WORDS,
    RU_WORD,
    Extracts,
    Fails,
    good_page,
    nested,
    russian_page,
)
from test_cli import COPYDESK as CLI
from test_cli import big_folder, clean_env, partial_files
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractors import (
    ExtractionError,
    ExtractOptions,
    InputTooLarge,
    UnreadableInput,
    extract,
)
from extractors.cli.output import remove_stale_partials, replacing

ROOT = Path(__file__).resolve().parent.parent
COPYDESK = Path(sys.executable).with_name("copydesk")
MIB = 1024 * 1024
SECRET = "TOP-SECRET-MARKER"
SUMMARY = re.compile(r"copydesk: (\d+) inputs, (\d+) articles, (\d+) comments, (\d+) errors")


# --- more hostile inputs ----------------------------------------------------------------------
def invalid_utf8() -> bytes:
    """A UTF-8 page with stray bytes that are not UTF-8 (a lone 0xFF, an overlong, a cut)."""
    page = russian_page("utf-8").encode("utf-8")
    return page.replace(RU_WORD.encode(), RU_WORD.encode() + b" \xff\xc0\xaf\xd0 ", 1)


def fifty_mb_page() -> bytes:
    filler = b"<p>" + b"filler words of a page that is far too big " * 20 + b"</p>\n"
    return good_page() + filler * (50 * MIB // len(filler) + 1)


LAUGHS = "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i else '<!ENTITY lol0 "lol">' for i in range(10)
)


def billion_laughs() -> bytes:
    return _page_with_entities(LAUGHS, "&lol9;", "&lol9;")


def external_entity(secret: Path) -> bytes:
    return _page_with_entities(
        f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">', "Entities &xxe;", "&xxe;"
    )


def _page_with_entities(declarations: str, heading: str, reference: str) -> bytes:
    """An XHTML-ish article whose DOCTYPE declares ``declarations`` and whose heading and
    paragraphs use them."""
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE html [{declarations}]>\n'
        f"<html><body><article><h1>{heading}</h1>"
        + "".join(f"<p>{text} {reference}</p>" for text in CASE_PARAGRAPHS)
        + "</article></body></html>"
    ).encode()


CASE_PARAGRAPHS = [
    "The city council voted on Tuesday to extend the bicycle lane network across the old "
    "town, after two years of consultation with residents and shop owners.",
    "The first section, along the river embankment, is due to open next spring; the "
    "remaining routes will follow over the next three years as funding allows.",
]


def warc(records: list[tuple[str, bytes, list[tuple[str, str]]]]) -> bytes:
    """An uncompressed WARC of HTML response records: (url, HTTP body, extra HTTP headers)."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for url, body, extra in records:
        headers = [("Content-Type", "text/html; charset=utf-8"), *extra]
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body), http_headers=http
        )
        writer.write_record(record)
    return buffer.getvalue()


GOOD_RECORD = ("https://news.example/2024/05/bike-lanes/", good_page(), [])


def truncated_warc() -> bytes:
    """Two records, the second cut in its body."""
    second = ("https://news.example/2024/05/second/", good_page(), [])
    return warc([GOOD_RECORD, second])[:-200]


def malformed_warc() -> bytes:
    """A good record, then one whose Content-Length is not a number, then garbage."""
    data = warc([GOOD_RECORD, GOOD_RECORD])
    second = data.index(b"WARC/1.", 10)
    broken = data[second:].replace(b"Content-Length: ", b"Content-Length: x", 1)
    return data[:second] + broken + b"\r\n\r\nnot a WARC record at all\r\n\r\n"


def bomb_warc() -> bytes:
    """A record with Content-Encoding: gzip that inflates past the 32 MiB cap, then a good one."""
    bomb = gzip.compress(good_page() + b" " * (40 * MIB), compresslevel=9)
    return warc(
        [
            ("https://news.example/2024/05/bomb/", bomb, [("Content-Encoding", "gzip")]),
            GOOD_RECORD,
        ]
    )


# The 20 MiB page under the cap costs most of a minute of extraction; test_bad_input's batch
# runs it. Here the 50 MB page over the cap stands for size.
COSTLY = {"20-mib-of-junk"}

# What each file of the folder must give: Extracts(words), Fails(error, message regex), or
# for a WARC, one outcome per record in order.
Outcome = Extracts | Fails


def hostile_files(secret: Path) -> dict[str, tuple[Callable[[], bytes], list[Outcome]]]:
    files: dict[str, tuple[Callable[[], bytes], list[Outcome]]] = {}
    for case in CASES:  # tests/test_bad_input.py, as its batch test writes them
        if case.id in COSTLY:
            continue
        body, expect = case.batch()
        files[case.filename] = (lambda body=body: body, [expect])
    files |= {
        "invalid-utf8.html": (invalid_utf8, [Extracts(RU_WORD)]),
        "latin1-labelled-utf8.html": (
            lambda: russian_page("iso-8859-1").encode("utf-8"),
            [Extracts(RU_WORD)],
        ),
        "bogus-charset.html": (
            lambda: russian_page("x-no-such-charset").encode("utf-8"),
            [Extracts(RU_WORD)],
        ),
        "utf8-labelled-koi8r.html": (
            lambda: russian_page("utf-8").encode("koi8-r"),
            [Extracts(RU_WORD)],
        ),
        "utf16-be-with-bom.html": (
            lambda: b"\xfe\xff" + russian_page("utf-16").encode("utf-16-be"),
            [Extracts(RU_WORD)],
        ),
        "fifty-mb.html": (fifty_mb_page, [Fails(InputTooLarge, "over the size cap")]),
        "billion-laughs.html": (billion_laughs, [Extracts(GOOD_WORDS)]),
        "external-entity.html": (lambda: external_entity(secret), [Extracts(GOOD_WORDS)]),
        "truncated.warc": (
            truncated_warc,
            [Extracts(GOOD_WORDS), Fails(UnreadableInput, "truncated")],
        ),
        "malformed.warc": (
            malformed_warc,
            [Extracts(GOOD_WORDS), Fails(UnreadableInput, "Content-Length")],
        ),
        "bomb.warc": (
            bomb_warc,
            [Fails(InputTooLarge, "over the size cap"), Extracts(GOOD_WORDS)],
        ),
        "good.html": (good_page, [Extracts(GOOD_WORDS)]),
        "good-too.html.gz": (lambda: gzip.compress(good_page()), [Extracts(GOOD_WORDS)]),
    }
    return files


def test_extract_over_every_hostile_input_accounts_for_each(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "hostile"
    folder.mkdir()
    expected: dict[str, list[Outcome]] = {}
    for name, (body, outcomes) in hostile_files(secret).items():
        (folder / name).write_bytes(body())
        expected[str(folder / name)] = outcomes
    out = tmp_path / "out.jsonl"

    started = time.perf_counter()
    result = subprocess.run(
        [COPYDESK, "extract", str(folder), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,  # bounded time: generous, never a measured figure
        check=False,
    )
    seconds = time.perf_counter() - started

    assert result.returncode == 1, result.stderr  # some inputs gave error records
    assert "Traceback" not in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    records = [json.loads(line) for line in text.splitlines()]
    assert SECRET not in text
    assert "lollol" not in text
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_source[record["source"]].append(record)

    # Every input gives its records or exactly one error record, never both.
    with_records = with_error = 0
    for records_of_one in by_source.values():
        kinds = {record["type"] for record in records_of_one}
        if "error" in kinds:
            assert len(records_of_one) == 1, records_of_one
            with_error += 1
        else:
            assert kinds <= {"article", "comment"}
            assert [r["type"] for r in records_of_one].count("article") == 1
            with_records += 1

    # Each file (each WARC record) gave what it should, in order.
    for path, outcomes in expected.items():
        sources = [s for s in by_source if s == path or s.startswith(path + "#")]
        sources.sort(key=lambda s: int(s.partition("#")[2] or 0))
        assert len(sources) == len(outcomes), (path, sources)
        for source, outcome in zip(sources, outcomes, strict=True):
            check(by_source[source], outcome, source)

    # The summary line says the same: inputs = with records + with an error record.
    match = SUMMARY.search(result.stderr)
    assert match, result.stderr
    inputs, articles, _, errors = map(int, match.groups())
    assert inputs == len(by_source) == with_records + with_error
    assert errors == with_error
    assert articles == with_records
    print(f"{match.group(0)} in {seconds:.1f} s, exit status {result.returncode}")


def check(records: list[dict[str, Any]], outcome: Outcome, source: str) -> None:
    if isinstance(outcome, Fails):
        (error,) = records
        assert error["type"] == "error", records
        assert error["error"] == outcome.error.__name__, error
        assert error["stage"] == outcome.error.stage, error
        assert re.search(outcome.says, error["message"]), error
    else:
        article = next(r for r in records if r["type"] == "article")
        assert outcome.words in (article["articleBody"] or ""), (source, article)


# --- the two costly inputs, directly ------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "body", "cap_error"),
    [
        ("50-mb-page", fifty_mb_page, True),
        ("100k-nested-div", lambda: nested("div", 100_000), False),
    ],
)
def test_costly_inputs_end_quickly(name: str, body: Callable[[], bytes], cap_error: bool) -> None:
    data = body()
    started = time.perf_counter()
    try:
        extract(data, None, ExtractOptions(), source=name)
        outcome = "article"
    except InputTooLarge as exc:
        outcome = f"InputTooLarge: {exc}"
    except ExtractionError as exc:  # any typed error is fine here; print it
        outcome = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    assert outcome.startswith("InputTooLarge") is cap_error, outcome
    print(f"{name}: {len(data):,} bytes -> {outcome[:80]} in {seconds:.2f} s")


# --- kill -9, then run again ---------------------------------------------------------------------
def test_rerun_after_kill_9_gives_the_full_output_once(tmp_path: Path) -> None:
    """tests/test_cli.py checks that a killed run leaves OUT untouched; here the re-run."""
    inputs = tmp_path / "inputs"
    big_folder(inputs, copies=8)
    out = tmp_path / "out" / "out.jsonl"
    out.parent.mkdir()
    command = [*CLI, "extract", str(inputs), "-o", str(out)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while not any(path.stat().st_size > 0 for path in partial_files(out.parent)):
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no records written within 60 s"
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not out.exists()  # no torn OUT: it appears only when a run completes
    # A kill cannot clean up: the killed run's temporary file is left beside OUT, with
    # another run's (still locked, alive) and another OUT's (dead) partial file.
    (left,) = partial_files(out.parent)
    other_out = out.parent / ".out.jsonl.bak.abcdefgh.partial"
    other_out.write_text("{}\n", encoding="utf-8")
    with live_partial(out.parent / ".out.jsonl.livelive.partial") as live:
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=clean_env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        # The re-run removed the dead run's partial, and only that.
        assert not left.exists()
        assert live.exists()
    assert partial_files(out.parent) == [other_out]  # the other OUT's: kept

    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    records = [json.loads(line) for line in text.splitlines()]
    assert_every_input_once(records, inputs)


def assert_every_input_once(records: list[dict[str, Any]], inputs: Path) -> None:
    keys = [(r["source"], r["type"], r.get("id")) for r in records]
    assert len(keys) == len(set(keys)), "duplicate records"
    sources = {r["source"] for r in records}
    assert sources == {str(path) for path in inputs.iterdir()}
    assert sum(r["type"] == "article" for r in records) == len(sources)
    # Every copy of a page gives the same records (by type) as the other copies.
    per_copy: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        per_copy[Path(record["source"]).name][record["type"]] += 1
    by_page: dict[str, set[str]] = defaultdict(set)
    for name, counts in per_copy.items():
        by_page[name.split("-", 1)[1]].add(repr(sorted(counts.items())))
    assert all(len(variants) == 1 for variants in by_page.values()), by_page


@contextmanager
def live_partial(path: Path) -> Iterator[Path]:
    """A partial file as a live run holds it: open, with an exclusive flock."""
    with path.open("w", encoding="utf-8") as stream:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
        yield path
    path.unlink()


def test_stale_partials_of_dead_runs_only_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    dead = [tmp_path / f".out.jsonl.{tag}.partial" for tag in ("dead0001", "dead_002")]
    for path in dead:
        path.write_text('{"torn": ', encoding="utf-8")
    kept = [
        tmp_path / ".out.jsonl.bak.abcdefgh.partial",  # another OUT's (out.jsonl.bak)
        tmp_path / ".out.jsonl.abcdefg.partial",  # not a name mkstemp gives
        tmp_path / "out.jsonl.abcdefgh.partial",  # not hidden: not ours
        tmp_path / ".other.jsonl.abcdefgh.partial",
    ]
    for path in kept:
        path.write_text("{}\n", encoding="utf-8")
    link = tmp_path / ".out.jsonl.symlink0.partial"  # a symlink is never followed or removed
    link.symlink_to(kept[0])
    with live_partial(tmp_path / ".out.jsonl.livelive.partial") as live:
        assert remove_stale_partials(out) == sorted(dead)
        assert live.exists()
    assert all(path.exists() for path in kept)
    assert link.is_symlink()
    assert remove_stale_partials(out) == []


def test_a_run_holds_its_partial_locked_until_it_completes(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with replacing(out) as temporary:
        temporary.write_text("{}\n", encoding="utf-8")
        assert remove_stale_partials(out) == []  # another run sees it locked
        assert temporary.exists()
    assert out.read_text(encoding="utf-8") == "{}\n"
    assert list(tmp_path.iterdir()) == [out]


# --- replaced bytes -----------------------------------------------------------------------------
REPLACED_NOTE = "decode: 4 bytes could not be decoded as utf-8 and were replaced with U+FFFD"


def test_replaced_bytes_are_noted_and_explained(tmp_path: Path) -> None:
    options = ExtractOptions()
    extraction = extract(invalid_utf8(), None, options)
    assert REPLACED_NOTE in extraction.diagnostics.notes
    clean = extract(russian_page("utf-8").encode("utf-8"), None, options)
    assert not any(note.startswith("decode:") for note in clean.diagnostics.notes)

    page = tmp_path / "invalid-utf8.html"
    page.write_bytes(invalid_utf8())
    result = subprocess.run(
        [*CLI, "explain", str(page)],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"note: {REPLACED_NOTE}" in result.stdout, result.stdout[-2000:]
