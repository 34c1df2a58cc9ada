"""``copydesk eval`` on small benchmark sets built here: scores, comments, report."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from fixture_cases import PAGES

from extractors.cli.main import main
from extractors.evaluation import SystemOutput, article_metadata, fill_rates
from extractors.records import Article

SOUTHFRONT = PAGES / "southfront-wpdiscuz"
BLACKLISTED = PAGES / "blacklistednews-related"


def expected_article(folder: Path) -> dict[str, str]:
    first = (folder / "expected.jsonl").read_text(encoding="utf-8").splitlines()[0]
    return dict(json.loads(first))


def comment_gold(folder: Path) -> str:
    lines = (folder / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    return "\n\n".join(f"{r['author']}\n{r['text']}" for r in records if r["type"] == "comment")


@pytest.fixture
def scrapinghub_set(tmp_path: Path) -> Path:
    """Two fixture pages with their reviewed bodies as gold; one gold is cut in half."""
    root = tmp_path / "scrapinghub"
    (root / "html").mkdir(parents=True)
    truth = {}
    for name, folder in (("perfect", SOUTHFRONT), ("half", BLACKLISTED)):
        (root / "html" / f"{name}.html.gz").write_bytes(
            gzip.compress((folder / "page.html").read_bytes())
        )
        body = expected_article(folder)["articleBody"]
        if name == "half":
            body = body[: len(body) // 2]
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        truth[name] = {"articleBody": body, "url": meta["url"]}
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


@pytest.fixture
def dragnet_set(tmp_path: Path) -> Path:
    root = tmp_path / "dragnet-dev"
    (root / "html").mkdir(parents=True)
    (root / "gold").mkdir()
    for name, folder in (("with-comments", SOUTHFRONT), ("no-comments", BLACKLISTED)):
        (root / "html" / f"{name}.html.gz").write_bytes(
            gzip.compress((folder / "page.html").read_bytes())
        )
        gold = expected_article(folder)["articleBody"]
        if name == "with-comments":
            gold += "\n!@#$%^&*()  COMMENTS\n" + comment_gold(folder)
        (root / "gold" / f"{name}.txt").write_text(gold, encoding="utf-8")
    return root


def test_eval_scores_bodies_and_writes_a_worst_first_report(
    scrapinghub_set: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.html"
    assert (
        main(["eval", str(scrapinghub_set), "--baseline", "trafilatura", "--report", str(report)])
        == 0
    )
    out = capsys.readouterr().out
    assert "scrapinghub: 2 pages" in out
    copydesk_row = next(line for line in out.splitlines() if line.startswith("copydesk body"))
    precision, recall = (float(value) for value in copydesk_row.split()[2:4])
    assert recall == 1.0  # both golds are inside what was extracted
    assert 0.5 < precision < 1.0  # the half gold makes half of one page extra
    assert "trafilatura body" in out
    page = report.read_text(encoding="utf-8")
    assert page.index("id='half'") < page.index("id='perfect'")
    assert 'class="extra"' in page


def test_eval_scores_comments_against_author_and_text(
    dragnet_set: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(dragnet_set)]) == 0
    out = capsys.readouterr().out
    comments_row = next(line for line in out.splitlines() if line.startswith("copydesk comments"))
    assert comments_row.split()[2:5] == ["1.000", "1.000", "1.000"]
    assert "where comments were reported: copydesk 0" in out


def test_eval_of_a_folder_that_is_no_benchmark_is_an_error(tmp_path: Path) -> None:
    assert main(["eval", str(tmp_path)]) == 2


DISQUS_ONLY = PAGES / "disqus-script-only"  # no byline anywhere on the page: authors []


def test_fill_rates_count_non_empty_fields_over_every_page() -> None:
    outputs = [
        SystemOutput("b", None, metadata={"headline": "H", "authors": "A", "inLanguage": "en"}),
        SystemOutput("b", None, metadata={"headline": "H2", "datePublished": "2020-01-01"}),
        SystemOutput(None, None, error="NoMainContent: nothing"),  # an error page is empty
        SystemOutput("b", None),
    ]
    assert fill_rates(outputs) == {
        "headline": 0.5,
        "authors": 0.25,
        "datePublished": 0.25,
        "inLanguage": 0.25,
    }
    assert fill_rates([]) == {}


def test_article_metadata_keeps_only_non_empty_values() -> None:
    article = Article(
        id="x",
        source="s",
        headline="  ",
        authors=["", "Ann Lee", "Bo"],
        datePublished="2020-01-01",
        inLanguage=None,
    )
    assert article_metadata(article) == {"authors": "Ann Lee; Bo", "datePublished": "2020-01-01"}
    assert article_metadata(Article(id="y", source="s", authors=[" "])) == {}


def test_eval_prints_and_reports_fill_rates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "scrapinghub"
    (root / "html").mkdir(parents=True)
    truth = {}
    for name, folder in (("byline", SOUTHFRONT), ("no-byline", DISQUS_ONLY)):
        (root / "html" / f"{name}.html.gz").write_bytes(
            gzip.compress((folder / "page.html").read_bytes())
        )
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        truth[name] = {"articleBody": expected_article(folder)["articleBody"], "url": meta["url"]}
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    report = tmp_path / "report.html"

    assert main(["eval", str(root), "--report", str(report)]) == 0

    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.startswith("metadata filled"))
    assert header.split()[2:] == ["headline", "authors", "datePublished", "inLanguage"]
    row = lines[lines.index(header) + 1]
    assert row.split() == ["copydesk", "1.000", "0.500", "1.000", "1.000"]
    assert not any(line.startswith("trafilatura") for line in lines)  # no baseline asked
    assert any("no metadata gold" in line for line in lines)
    page = report.read_text(encoding="utf-8")
    fill_table = page[page.index("class='figures fill-rates'") :]
    assert "<td>0.500</td>" in fill_table[: fill_table.index("</table>")]
    assert "South Front" in page  # each page shows its metadata
