"""End to end: the installed ``copydesk`` console script, run as a subprocess.

Every test runs the real command from the project root (so ``source`` fields name the
fixtures as ``fixtures/...``) and checks its stdout, stderr, exit status and output file.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import pty
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import pytest
from fixture_cases import ROOT, SEEDS, FixtureCase, page_cases, seed_cases
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

_SCRIPT = Path(sys.executable).with_name("copydesk")
COPYDESK = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "extractors.cli.main"]

ANSI = re.compile(r"\x1b\[")
SUMMARY = re.compile(
    r"^copydesk: (?P<inputs>\d+) inputs, (?P<articles>\d+) articles, "
    r"(?P<comments>\d+) comments, (?P<errors>\d+) errors \(",
    re.MULTILINE,
)
PAGES = page_cases()
SEED_004 = next(case for case in seed_cases() if case.name.startswith("004_"))
SOUTHFRONT = next(case for case in PAGES if case.name == "southfront-wpdiscuz")
# Not a gzip stream although it starts like one: an unreadable input, stage "read".
BAD_GZIP = b"\x1f\x8b\x08\x00 this is not deflate data"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that changes rich's colour or width decisions."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES", "TTY_COMPATIBLE"}
    }
    env.setdefault("TERM", "xterm-256color")
    env.update(extra)
    return env


def copydesk(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the command with stdout and stderr piped (not terminals)."""
    return subprocess.run(
        [*COPYDESK, *map(str, args)],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def jsonl(text: str) -> list[dict[str, Any]]:
    """Parse JSON lines strictly: every line, including the last, is one JSON object."""
    assert text == "" or text.endswith("\n"), "output does not end with a newline"
    return [json.loads(line) for line in text.splitlines()]


def summary(stderr: str) -> dict[str, int]:
    found = SUMMARY.findall(stderr)
    assert len(found) == 1, f"expected one summary line on stderr, got: {stderr!r}"
    return dict(zip(("inputs", "articles", "comments", "errors"), map(int, found[0]), strict=True))


def tally(records: Sequence[dict[str, Any]], inputs: int) -> dict[str, int]:
    kinds = [record["type"] for record in records]
    return {
        "inputs": inputs,
        "articles": kinds.count("article"),
        "comments": kinds.count("comment"),
        "errors": kinds.count("error"),
    }


def with_fields(records: Sequence[dict[str, Any]], **fields: Any) -> list[dict[str, Any]]:
    """Copies of ``records`` with ``fields`` set on each (article-only fields on articles)."""
    article_only = {"url", "dateDownloaded"}
    result = []
    for record in records:
        changed = dict(record)
        for name, value in fields.items():
            if name in article_only and record["type"] != "article":
                continue
            changed[name] = value
        result.append(changed)
    return result


def page_id(case: FixtureCase) -> str:
    return case.name


# --- clean-text: the seeds ---------------------------------------------------------------


def test_clean_text_seeds_print_exactly_the_reviewed_expected_lines() -> None:
    """Acceptance criterion: the CLI output is the reviewed .expected.jsonl, line for line."""
    inputs = [path.relative_to(ROOT).as_posix() for path in sorted(SEEDS.glob("*.txt"))]
    assert len(inputs) >= 5
    expected = "".join(
        (SEEDS / f"{Path(path).stem}.expected.jsonl").read_text(encoding="utf-8") for path in inputs
    )

    result = copydesk("clean-text", *inputs)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == expected.splitlines()
    assert result.stdout == expected
    records = jsonl(result.stdout)
    assert summary(result.stderr) == tally(records, inputs=len(inputs))


def test_clean_text_with_site_profile_keeps_the_seed_records() -> None:
    """``--site southfront.org`` on seed 004 may only change which lines are removed."""
    result = copydesk("clean-text", "--site", "southfront.org", SEED_004.source)

    assert result.returncode == 0, result.stderr
    records = jsonl(result.stdout)
    expected = SEED_004.expected()
    assert [r["type"] for r in records] == [r["type"] for r in expected]
    assert with_fields(records, articleBody=None) == with_fields(expected, articleBody=None)
    body = records[0]["articleBody"].split("\n\n")
    default_body = expected[0]["articleBody"].split("\n\n")
    assert body, "the profile removed the whole article body"
    assert set(body) <= set(default_body)


# --- extract: the pages, as files, .html.gz and WARC ----------------------------------------


def test_extract_pages_folder_gives_the_expected_records_without_url() -> None:
    """The folder run has no --url, so each article's ``url`` is None.

    Everything else is exact: ids come from each page's canonical link (which all three
    fixture pages have) and the site profile does not change these pages' records, so
    whole records are compared with only ``url`` replaced. A page added without a
    canonical link would get a content-digest id here and need its own comparison.
    """
    result = copydesk("extract", "fixtures/pages")

    assert result.returncode == 0, result.stderr
    expected = [record for case in PAGES for record in case.expected()]
    assert jsonl(result.stdout) == with_fields(expected, url=None)
    assert summary(result.stderr) == tally(expected, inputs=len(PAGES))


@pytest.mark.parametrize("case", PAGES, ids=page_id)
def test_extract_page_with_its_url_gives_exactly_the_expected_records(
    case: FixtureCase, tmp_path: Path
) -> None:
    """With the page's meta.json URL, the output file is byte for byte expected.jsonl."""
    out = tmp_path / "out.jsonl"
    assert case.url is not None

    result = copydesk("extract", case.source, "--url", case.url, "-o", out)

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == case.expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", PAGES, ids=page_id)
def test_extract_html_gz_is_the_same_as_the_plain_page(case: FixtureCase, tmp_path: Path) -> None:
    gz_page = tmp_path / f"{case.name}.html.gz"
    gz_page.write_bytes(gzip.compress(case.input_path.read_bytes()))
    assert case.url is not None

    result = copydesk("extract", gz_page, "--url", case.url)

    assert result.returncode == 0, result.stderr
    assert jsonl(result.stdout) == with_fields(case.expected(), source=str(gz_page))


@dataclass(frozen=True)
class WarcPage:
    case: FixtureCase
    offset: int  # of the response record
    date: str


def write_warc(path: Path, cases: Sequence[FixtureCase], *, gz: bool) -> list[WarcPage]:
    """A request + response record pair for each page, as a crawler would have saved it."""
    written = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for number, case in enumerate(cases):
            assert case.url is not None
            date = f"2020-12-0{number + 1}T08:30:00Z"
            request = f"GET / HTTP/1.1\r\nHost: {case.url.split('/')[2]}\r\n\r\n".encode()
            writer.write_record(
                writer.create_warc_record(
                    case.url,
                    "request",
                    payload=io.BytesIO(request),
                    length=len(request),
                    warc_headers_dict={"WARC-Date": date},
                )
            )
            body = case.input_path.read_bytes()
            http_headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            offset = out.tell()
            writer.write_record(
                writer.create_warc_record(
                    case.url,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=http_headers,
                    warc_headers_dict={"WARC-Date": date},
                )
            )
            written.append(WarcPage(case, offset, date))
    return written


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_extract_warc_gives_the_plain_page_records(gz: bool, tmp_path: Path) -> None:
    """Offline re-cleaning is faithful: only ``source`` and ``dateDownloaded`` differ."""
    warc = tmp_path / ("pages.warc.gz" if gz else "pages.warc")
    pages = write_warc(warc, PAGES, gz=gz)

    result = copydesk("extract", warc)

    assert result.returncode == 0, result.stderr
    expected = []
    for page in pages:
        source = f"{warc}#{page.offset}"
        expected += with_fields(page.case.expected(), source=source, dateDownloaded=page.date)
    assert jsonl(result.stdout) == expected
    assert summary(result.stderr) == tally(expected, inputs=len(pages))


# --- parallel runs ----------------------------------------------------------------------------


def seed_as_html(case: FixtureCase) -> bytes:
    lines = case.input_path.read_text(encoding="utf-8").splitlines()
    paragraphs = "\n".join(f"<p>{escape(line)}</p>" for line in lines if line.strip())
    return f"<!DOCTYPE html><html><body><article>{paragraphs}</article></body></html>".encode()


def mixed_folder(folder: Path) -> int:
    """About 20 inputs: pages (plain, .html.gz, WARC), seed texts as HTML, one bad file.

    Returns the number of inputs the CLI will count (each WARC record is one).
    """
    folder.mkdir()
    count = 0
    pages = PAGES[::5]  # a sample of the page fixtures keeps the folder at about 20 inputs
    for case in pages:
        shutil.copy(case.input_path, folder / f"{case.name}.html")
        (folder / "gz").mkdir(exist_ok=True)
        (folder / "gz" / f"{case.name}.html.gz").write_bytes(
            gzip.compress(case.input_path.read_bytes())
        )
        count += 2
    count += len(write_warc(folder / "crawl.warc.gz", pages, gz=True))
    for case in seed_cases():
        (folder / f"seed-{case.name}.htm").write_bytes(seed_as_html(case))
        (folder / "again" / f"{case.name}.html").parent.mkdir(exist_ok=True)
        (folder / "again" / f"{case.name}.html").write_bytes(seed_as_html(case))
        count += 2
    (folder / "m-broken.html.gz").write_bytes(BAD_GZIP)
    return count + 1


def test_parallel_output_is_byte_identical_to_serial(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    inputs = mixed_folder(folder)
    assert 18 <= inputs <= 25

    serial = copydesk("extract", "-j", "1", folder)
    parallel = copydesk("extract", "-j", "2", folder)

    assert serial.returncode == parallel.returncode == 1, serial.stderr + parallel.stderr
    assert parallel.stdout == serial.stdout
    records = jsonl(serial.stdout)
    errors = [record for record in records if record["type"] == "error"]
    assert [error["source"] for error in errors] == [str(folder / "m-broken.html.gz")]
    assert summary(serial.stderr) == summary(parallel.stderr) == tally(records, inputs=inputs)
    assert summary(serial.stderr)["articles"] == inputs - 1


# --- exit status and summary ------------------------------------------------------------------


def test_exit_status_is_0_when_every_input_gives_records() -> None:
    result = copydesk("clean-text", SEED_004.source)

    assert result.returncode == 0, result.stderr
    assert summary(result.stderr) == {"inputs": 1, "articles": 1, "comments": 10, "errors": 0}


@pytest.mark.parametrize("bad_name", ["broken.html.gz", "missing.html"], ids=["corrupt", "missing"])
def test_exit_status_is_1_when_one_input_is_bad_and_the_rest_are_written(
    bad_name: str, tmp_path: Path
) -> None:
    bad = tmp_path / bad_name
    if bad_name.endswith(".gz"):
        bad.write_bytes(BAD_GZIP)
    first, *rest = PAGES
    out = tmp_path / "out.jsonl"

    result = copydesk("extract", first.source, bad, *(case.source for case in rest), "-o", out)

    assert result.returncode == 1, result.stderr
    records = jsonl(out.read_text(encoding="utf-8"))
    error = {"type": "error", "source": str(bad), "stage": "read", "error": "UnreadableInput"}
    expected = [
        *with_fields(first.expected(), url=None),
        error,
        *(record for case in rest for record in with_fields(case.expected(), url=None)),
    ]
    records_without_messages = [
        {key: value for key, value in record.items() if key != "message"} for record in records
    ]
    assert records_without_messages == expected
    message = next(record["message"] for record in records if record["type"] == "error")
    assert str(bad) in message
    assert summary(result.stderr) == tally(expected, inputs=len(PAGES) + 1)


def test_exit_status_is_1_for_clean_text_with_a_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt.gz"
    bad.write_bytes(BAD_GZIP)

    result = copydesk("clean-text", SEED_004.source, bad)

    assert result.returncode == 1, result.stderr
    records = jsonl(result.stdout)
    assert records[:-1] == SEED_004.expected()
    assert records[-1]["type"] == "error"
    assert records[-1]["source"] == str(bad)
    assert summary(result.stderr) == {"inputs": 2, "articles": 1, "comments": 10, "errors": 1}


USAGE_ERRORS = {
    "extract-no-paths": (["extract"], "required: PATH"),
    "clean-text-no-paths": (["clean-text"], "required: PATH"),
    "explain-no-path": (["explain"], "required: PATH"),
    "no-command": ([], "required"),
    "unknown-command": (["frobnicate", "x"], "invalid choice"),
    "extract-unknown-site": (["extract", "--site", "nosuch", "fixtures/pages"], "nosuch"),
    "clean-text-unknown-site": (["clean-text", "--site", "nosuch", SEED_004.source], "nosuch"),
    "explain-unknown-site": (["explain", "--site", "nosuch", SEED_004.source], "nosuch"),
    "jobs-zero": (["extract", "-j", "0", "fixtures/pages"], "-j"),
    "jobs-negative": (["extract", "--jobs", "-3", "fixtures/pages"], "jobs"),
    "jobs-not-a-number": (["extract", "-j", "two", "fixtures/pages"], "'two'"),
    "extract-output-folder-missing": (
        ["extract", "fixtures/pages", "-o", "{tmp}/no/such/folder/out.jsonl"],
        "does not exist",
    ),
    "clean-text-output-folder-missing": (
        ["clean-text", SEED_004.source, "-o", "{tmp}/no/such/folder/out.jsonl"],
        "does not exist",
    ),
}


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_usage_errors_exit_2_with_a_message_on_stderr(
    args: list[str], message: str, tmp_path: Path
) -> None:
    result = copydesk(*(arg.replace("{tmp}", str(tmp_path)) for arg in args))

    assert result.returncode == 2, result.stdout + result.stderr
    assert "error:" in result.stderr
    assert message in result.stderr
    assert result.stdout == ""
    assert SUMMARY.search(result.stderr) is None, "ran anyway"
    assert not (tmp_path / "no").exists()


def test_output_that_is_an_existing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = copydesk("clean-text", SEED_004.source, "-o", tmp_path)

    assert result.returncode == 2, result.stderr
    assert "error:" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- -o: atomic replacement -------------------------------------------------------------------

PREVIOUS = '{"type": "article", "id": "previous complete run"}\n'


def big_folder(folder: Path, copies: int) -> None:
    folder.mkdir()
    for number in range(copies):
        for case in PAGES:
            (folder / f"{number:04}-{case.name}.html").symlink_to(case.input_path)


def partial_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".out.jsonl.*.partial"))


@pytest.mark.parametrize(
    "stop", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM], ids=["SIGKILL", "SIGINT", "SIGTERM"]
)
def test_interrupted_run_leaves_the_previous_output_untouched(
    stop: signal.Signals, tmp_path: Path
) -> None:
    inputs = tmp_path / "inputs"
    big_folder(inputs, copies=100)
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    out = out_folder / "out.jsonl"
    out.write_text(PREVIOUS, encoding="utf-8")

    process = subprocess.Popen(
        [*COPYDESK, "extract", str(inputs), "-o", str(out)],
        cwd=ROOT,
        env=clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # Wait until records are being written (the temporary file has some), then stop.
        deadline = time.monotonic() + 30
        while not any(path.stat().st_size > 0 for path in partial_files(out_folder)):
            assert process.poll() is None, "the run ended before it could be interrupted"
            assert time.monotonic() < deadline, "no records written within 30 s"
            time.sleep(0.01)
        assert out.read_text(encoding="utf-8") == PREVIOUS, "OUT replaced before the end"
        process.send_signal(stop)
        process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert process.returncode != 0
    assert out.read_text(encoding="utf-8") == PREVIOUS
    if stop != signal.SIGKILL:  # Python unwinds: the temporary file is removed too
        assert partial_files(out_folder) == []


def test_completed_run_replaces_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(PREVIOUS, encoding="utf-8")

    result = copydesk("clean-text", SEED_004.source, "-o", out)

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == SEED_004.expected_path.read_text(encoding="utf-8")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.jsonl"]


# --- plain output when piped, progress on a terminal --------------------------------------------


@dataclass(frozen=True)
class TerminalRun:
    returncode: int
    terminal: str  # what the pseudo-terminal received
    stdout: str  # only when stdout was not the terminal


def run_on_terminal(args: Sequence[str | Path], *, stdout_file: Path | None) -> TerminalRun:
    """Run with stderr (and stdout unless ``stdout_file``) on a pseudo-terminal."""
    leader, follower = pty.openpty()
    stdout_handle = stdout_file.open("wb") if stdout_file else None
    try:
        process = subprocess.Popen(
            [*COPYDESK, *map(str, args)],
            cwd=ROOT,
            env=clean_env(),
            stdin=subprocess.DEVNULL,
            stdout=stdout_handle or follower,
            stderr=follower,
        )
    finally:
        os.close(follower)
        if stdout_handle:
            stdout_handle.close()
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: every holder of the follower side has closed it
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
            process.wait()
    stdout = stdout_file.read_text(encoding="utf-8") if stdout_file else ""
    return TerminalRun(process.returncode, b"".join(chunks).decode("utf-8", "replace"), stdout)


@pytest.mark.parametrize("command", ["extract", "clean-text"])
def test_piped_stdout_is_plain_json_lines(command: str) -> None:
    path = "fixtures/pages" if command == "extract" else "fixtures/seeds"

    result = copydesk(command, path)

    assert result.returncode == 0, result.stderr
    assert not ANSI.search(result.stdout)
    assert not ANSI.search(result.stderr)
    assert result.stdout.endswith("\n")
    for line in result.stdout.splitlines():
        assert line.startswith('{"type": ')
        assert isinstance(json.loads(line), dict)
    assert len(result.stderr.splitlines()) == 1, "only the summary line on piped stderr"


def test_stdout_stays_plain_json_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    """``copydesk extract ... > out.jsonl`` at a terminal: progress on stderr only."""
    stdout_file = tmp_path / "stdout.jsonl"

    run = run_on_terminal(["extract", "fixtures/pages"], stdout_file=stdout_file)

    assert run.returncode == 0, run.terminal
    assert not ANSI.search(run.stdout)
    expected = [record for case in PAGES for record in case.expected()]
    assert jsonl(run.stdout) == with_fields(expected, url=None)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", run.terminal).replace("\r", "\n")
    assert "0 inputs" in shown, "no progress display on the terminal"
    assert summary(shown) == tally(expected, inputs=len(PAGES))


# --- explain ----------------------------------------------------------------------------------

LINE = re.compile(r"^ *(?P<number>\d+) (?P<mark>[H+MC -]) ?(?P<rest>.*)$")


def explain_lines(output: str) -> dict[int, str]:
    """Output lines that start an input line, by input line number."""
    found = {}
    for line in output.split("\n\n", 1)[0].splitlines():
        match = LINE.match(line)
        if match:
            found.setdefault(int(match["number"]), line)
    return found


def kept_line_numbers(output: str) -> set[int]:
    """Input lines shown as anything but removed (``-``)."""
    marks = {number: LINE.match(line) for number, line in explain_lines(output).items()}
    return {number for number, match in marks.items() if match and match["mark"] != "-"}


def comment_tree(output: str) -> list[str]:
    """The comment lines (``└ author ...``) after the ``comments (N)`` heading."""
    tail = re.split(r"^comments \(\d+\)$", output, maxsplit=1, flags=re.MULTILINE)[-1]
    return [line for line in tail.splitlines() if "└" in line]


def section(output: str, title: str) -> list[str]:
    """The lines after the ``title`` line up to the next unindented line."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    rest = []
    for line in lines[start + 1 :]:
        if line and not line.startswith(" "):
            break
        rest.append(line)
    return rest


def test_explain_seed_piped_shows_every_line_rules_and_comments() -> None:
    result = copydesk("explain", SEED_004.source)

    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert not ANSI.search(output)
    input_lines = SEED_004.input_path.read_text(encoding="utf-8").splitlines()
    assert sorted(explain_lines(output)) == list(range(1, len(input_lines) + 1))
    fired = section(output, "rules fired")
    fired_names = {line.split()[-1] for line in fired if line.strip()}
    assert {"donation-amount-ladder", "comment-widget-ui"} <= fired_names
    assert re.search(r"^ +4 +donation-amount-ladder$", output, re.MULTILINE)
    assert "  profile: None" in output
    assert "comments (10)" in output
    tree = comment_tree(output)
    authors = [r["author"] for r in SEED_004.expected() if r["type"] == "comment"]
    assert len(tree) == len(authors) == 10
    for line, author in zip(tree, authors, strict=True):
        assert line.startswith(f"  └ {author}")


def test_explain_piped_keeps_each_input_line_on_one_output_line() -> None:
    result = copydesk("explain", SEED_004.source)

    assert result.returncode == 0, result.stderr
    shown = explain_lines(result.stdout)
    input_lines = SEED_004.input_path.read_text(encoding="utf-8").splitlines()
    for number, text in enumerate(input_lines, start=1):
        assert text.strip()[:150] in shown[number], f"line {number} is cut: {shown[number]!r}"
    assert "  [donation-amount-ladder]" in shown[1]
    assert len(result.stdout.split("\n\n", 1)[0].splitlines()) == len(input_lines) + 1


def test_explain_with_site_selects_the_profile() -> None:
    default = copydesk("explain", SEED_004.source)
    forced = copydesk("explain", "--site", "southfront.org", SEED_004.source)

    assert forced.returncode == 0, forced.stderr
    assert "  profile: southfront.org" in forced.stdout
    assert "  profile: None" not in forced.stdout
    # Lines may only move from kept to removed (or change the rule that removed them).
    assert kept_line_numbers(forced.stdout) <= kept_line_numbers(default.stdout)
    assert comment_tree(forced.stdout) == comment_tree(default.stdout)
    assert "comments (10)" in forced.stdout


def test_explain_page_shows_comment_authors_indented_by_depth() -> None:
    assert SOUTHFRONT.url is not None

    result = copydesk("explain", SOUTHFRONT.source, "--url", SOUTHFRONT.url)

    assert result.returncode == 0, result.stderr
    assert not ANSI.search(result.stdout)
    assert "  profile: southfront.org" in result.stdout
    comments = [r for r in SOUTHFRONT.expected() if r["type"] == "comment"]
    assert f"comments ({len(comments)})" in result.stdout
    tree = comment_tree(result.stdout)
    assert len(tree) == len(comments)
    assert {comment["depth"] for comment in comments} == {0, 1, 2}
    for line, comment in zip(tree, comments, strict=True):
        indent = "  " * (comment["depth"] + 1)
        assert line.startswith(f"{indent}└ {comment['author']} "), line


def test_explain_bad_input_exits_1_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt.gz"
    bad.write_bytes(BAD_GZIP)

    result = copydesk("explain", bad)

    assert result.returncode == 1
    assert result.stdout == ""
    assert "UnreadableInput" in result.stderr


@pytest.mark.parametrize(
    "args",
    [[SEED_004.source], [SOUTHFRONT.source, "--url", SOUTHFRONT.url or ""]],
    ids=["seed-004", "southfront-page"],
)
def test_explain_on_a_terminal_uses_colour(args: list[str]) -> None:
    run = run_on_terminal(["explain", *args], stdout_file=None)

    assert run.returncode == 0, run.terminal
    assert ANSI.search(run.terminal), run.terminal[:500]
    assert re.search(r"\x1b\[[0-9;]*3[0-9](;[0-9]+)*m", run.terminal), "no colour codes"
    plain = re.sub(r"\x1b\[[0-9;]*m", "", run.terminal)
    assert "profile:" in plain


def test_output_to_a_named_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path: Path) -> None:
    """``-o`` naming something that is no regular file (a pipe here; ``/dev/null`` in use) is
    written to directly: the atomic rename would replace the pipe, or the device, by a file."""
    pipe = tmp_path / "records.pipe"
    os.mkfifo(pipe)
    # Opened for reading first, without blocking, so the command's open for writing cannot
    # wait forever, and a broken command (one that never opens the pipe) cannot hang the test.
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(reader, True)
    finished = threading.Event()

    def drain() -> bytes:
        chunks = []
        while (chunk := os.read(reader, 65536)) or not finished.is_set():
            chunks.append(chunk)
            if not chunk:
                time.sleep(0.01)  # no writer yet, or between writes
        return b"".join(chunks)

    with ThreadPoolExecutor(max_workers=1) as pool:
        received = pool.submit(drain)
        result = copydesk("extract", SOUTHFRONT.input_path, "-o", pipe)
        finished.set()
        data = received.result(timeout=60)
    os.close(reader)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    records = jsonl(data.decode("utf-8"))
    assert records[0]["type"] == "article"
    assert list(tmp_path.iterdir()) == [pipe]  # no partial file left beside it
