"""The ``copydesk eval --report`` page: one self-contained HTML file, worst pages first.

At the top: the set's scores, the metadata fill rates, and an index of every page, worst
body F1 first. Then one section a page, in the same order: its scores beside the
baseline's, the rules that fired, its metadata, the differences from the gold (missing and
extra words with a few words of context), and the whole texts side by side in a collapsed
``<details>``. This is what a rule author reads to find the next rule.

The page loads nothing: no scripts, fonts, images or style sheets from elsewhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractors.cli.textdiff import TextDiff, diff_texts
from extractors.evaluation import METADATA_FIELDS, EvalSummary, PageResult
from extractors.scoring import PageScore, Summary

__all__ = ["worst_first", "write_report"]

HUNKS_SHOWN = 25  # differences listed per text; the rest are in the full texts

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 1.5em auto; padding: 0 2em;
       max-width: 1500px; color: #1a1a1a; }
h1 { font-size: 1.5em; margin: 0 0 .5em; } h2 { font-size: 1.05em; margin: 0; }
h3 { font-size: .95em; margin: .8em 0 .3em; }
table { border-collapse: collapse; }
table.figures td, table.figures th { padding: .15em .8em; text-align: right; }
table.figures th:first-child { text-align: left; }
table.index { font-size: .85em; width: 100%; }
table.index td, table.index th { padding: .1em .5em; border-bottom: 1px solid #eee;
       text-align: right; white-space: nowrap; }
table.index .page, table.index .rules { text-align: left; }
table.index td.page { max-width: 28em; overflow: hidden; text-overflow: ellipsis; }
table.index td.rules { white-space: normal; color: #444; }
table.index td.worse { color: #b00000; font-weight: bold; }
table.index td.better { color: #006400; font-weight: bold; }
section { border-top: 3px solid #bbb; padding: .8em 0 1.2em; }
.rank { color: #666; font-weight: normal; margin-right: .3em; }
.pid { font: .9em ui-monospace, monospace; overflow-wrap: anywhere; }
.url { font-size: .85em; overflow-wrap: anywhere; }
.scores { color: #333; font-size: .9em; }
.badge { display: inline-block; padding: 0 .45em; border-radius: .3em; font-weight: bold;
         margin-right: .3em; }
.bad { background: #f8c9c9; } .fair { background: #fbe3b0; } .good { background: #cfeccf; }
.rules { font-size: .88em; margin: .3em 0; }
.rule { display: inline-block; background: #ece7f7; border: 1px solid #c9bfe6;
        border-radius: .3em; padding: 0 .4em; margin: .1em .2em .1em 0;
        font: .95em ui-monospace, monospace; }
table.meta { font-size: .85em; margin: .4em 0; }
table.meta th, table.meta td { text-align: left; padding: .05em .8em .05em 0;
        vertical-align: top; }
table.meta td { max-width: 40em; }
.empty { color: #999; }
ol.hunks { margin: .2em 0; padding-left: 2em; font-size: .9em; }
ol.hunks li { margin: .25em 0; }
.context { color: #555; }
.missing { background: #ffd6d6; border-bottom: 2px solid #d33; color: #5c0000; }
.extra { background: #d6e6ff; border-bottom: 2px solid #2f62c8; color: #00245c; }
details { margin: .4em 0; } summary { cursor: pointer; color: #333; font-size: .9em; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5em; }
.text { white-space: pre-wrap; background: #fafafa; padding: .6em; border: 1px solid #e4e4e4;
        max-height: 36em; overflow: auto; font-size: .9em; overflow-wrap: anywhere; }
.legend span { padding: 0 .3em; }
"""


@dataclass(frozen=True)
class _PageView:
    rank: int
    result: PageResult
    body: TextDiff
    comments: TextDiff | None


def worst_first(results: Sequence[PageResult]) -> list[PageResult]:
    """Pages by body F1, lowest first; a page without any shingle on either side first of all."""
    return sorted(results, key=lambda r: r.body.f1 if r.body.f1 is not None else -1.0)


def write_report(
    path: Path, title: str, summary: EvalSummary, results: Sequence[PageResult]
) -> None:
    """Write the report for ``results``, pages sorted by body F1, worst first."""
    views = [_view(rank, result) for rank, result in enumerate(worst_first(results), 1)]
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        _summary(summary),
        "<p class='legend'>Words <span class='missing'>marked red</span> are in the gold but "
        "missing from the extraction; words <span class='extra'>marked blue</span> were "
        "extracted but are not in the gold.</p>",
        _index(views, with_comments=summary.comments is not None),
        *(_page_section(view) for view in views),
        "</body></html>",
    ]
    path.write_text("\n".join(parts), encoding="utf-8")


def _view(rank: int, result: PageResult) -> _PageView:
    page, output = result.page, result.copydesk
    comments = None
    if page.gold_comments is not None or output.comments:
        comments = diff_texts(page.gold_comments or "", output.comments or "")
    return _PageView(rank, result, diff_texts(page.gold_body, output.body or ""), comments)


def _summary(summary: EvalSummary) -> str:
    rows = [
        ("copydesk body", summary.body),
        ("trafilatura body", summary.baseline_body),
        ("copydesk comments", summary.comments),
        ("trafilatura comments", summary.baseline_comments),
    ]
    cells = "".join(
        f"<tr><th>{name}</th><td>{s.precision:.3f}</td><td>{s.recall:.3f}</td>"
        f"<td>{s.f1:.3f} ± {s.f1_stdev:.3f}</td></tr>"
        for name, s in rows
        if s is not None
    )
    parts = [
        f"<p>{summary.pages} pages.</p><table class='figures'>"
        f"<tr><th></th><th>precision</th><th>recall</th><th>F1</th></tr>{cells}</table>"
    ]
    if summary.comments is not None:
        baseline = summary.baseline_comments_on_pages_without
        parts.append(
            "<p class='scores'>Pages without comment gold where comments were reported: "
            f"copydesk {summary.comments_on_pages_without}"
            + (f", trafilatura {baseline}" if baseline is not None else "")
            + ".</p>"
        )
    parts.append(_fill_rates(summary))
    top = ", ".join(f"{rule} ×{count}" for rule, count in summary.rules_fired.most_common(12))
    parts.append(f"<p class='rules'>Rules fired most: {html.escape(top) or 'none'}</p>")
    return "\n".join(parts)


def _fill_rates(summary: EvalSummary) -> str:
    rows = [("copydesk", summary.fill_rates), ("trafilatura", summary.baseline_fill_rates)]
    head = "".join(f"<th>{name}</th>" for name in METADATA_FIELDS)
    cells = "".join(
        f"<tr><th>{label}</th>"
        + "".join(f"<td>{rates[name]:.3f}</td>" for name in METADATA_FIELDS)
        + "</tr>"
        for label, rates in rows
        if rates
    )
    return (
        "<h3>Metadata filled (fraction of pages with the field non-empty)</h3>"
        f"<table class='figures fill-rates'><tr><th></th>{head}</tr>{cells}</table>"
        "<p class='scores'>Fill rates only: this set has no metadata gold, so whether the "
        "values are right is not scored (each page below shows them).</p>"
    )


def _index(views: Sequence[_PageView], *, with_comments: bool) -> str:
    with_baseline = any(v.result.baseline_body is not None for v in views)
    head = ["#", "page", "body F1"]
    head += ["trafilatura F1"] if with_baseline else []
    head += ["missing words", "extra words"]
    head += ["comments F1"] if with_comments else []
    head += ["rules fired"]
    rows = []
    for view in views:
        result = view.result
        page_id = html.escape(result.page.page_id)
        name = html.escape(_short_url(result.page.url) or result.page.page_id)
        baseline_f1 = result.baseline_body.f1 if result.baseline_body else None
        cells = [
            f"<td>{view.rank}</td>",
            f"<td class='page'><a href='#{page_id}' title='{page_id}'>{name}</a></td>",
            f"<td class='{_versus(result.body.f1, baseline_f1)}'>{_number(result.body.f1)}</td>",
        ]
        if with_baseline:
            cells.append(f"<td>{_number(baseline_f1)}</td>")
        cells += [f"<td>{view.body.missing_words}</td>", f"<td>{view.body.extra_words}</td>"]
        if with_comments:
            cells.append(f"<td>{_number(result.comments.f1)}</td>")
        rules = ", ".join(sorted(result.rules_fired))
        cells.append(f"<td class='rules'>{html.escape(rules)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    header = "".join(
        f"<th class='{name.split()[0]}'>{name}</th>"
        if name in ("page", "rules fired")
        else f"<th>{name}</th>"
        for name in head
    )
    note = (
        "<p class='scores'>Body F1 in <b style='color:#b00000'>red</b>: below "
        "trafilatura's on that page; in <b style='color:#006400'>green</b>: above it.</p>"
        if with_baseline
        else ""
    )
    return (
        f"<h3>Pages, worst body F1 first</h3>{note}"
        f"<table class='index'><tr>{header}</tr>{''.join(rows)}</table>"
    )


def _page_section(view: _PageView) -> str:
    result = view.result
    page, output = result.page, result.copydesk
    link = (
        f"<div class='url'><a href='{html.escape(page.url)}'>{html.escape(page.url)}</a></div>"
        if page.url
        else ""
    )
    baseline = f" · trafilatura {_scores(result.baseline_body)}" if result.baseline_body else ""
    parts = [
        f"<section id='{html.escape(page.page_id)}'>",
        f"<h2><span class='rank'>#{view.rank}</span>{_badge(result.body.f1)}"
        f"<span class='pid'>{html.escape(page.page_id)}</span></h2>",
        link,
        f"<div class='scores'>body {_scores(result.body)}{baseline} · "
        f"{_count(view.body.missing_words, 'word')} missing, {view.body.extra_words} extra</div>",
        _rules(result.rules_fired),
        _metadata(result),
    ]
    if output.error:
        parts.append(f"<p><b>error:</b> {html.escape(output.error)}</p>")
    parts.append(_differences("body", view.body))
    if view.comments is not None:
        parts.append(
            f"<div class='scores'>comments {_scores(result.comments)}</div>"
            if page.gold_comments is not None
            else "<div class='scores'>comments: copydesk reported some; the gold has none for "
            "this page</div>"
        )
        parts.append(_differences("comments", view.comments))
    parts.append("</section>")
    return "\n".join(part for part in parts if part)


def _rules(fired: Mapping[str, int]) -> str:
    chips = "".join(
        f"<span class='rule'>{html.escape(name)} ×{count}</span>"
        for name, count in sorted(fired.items())
    )
    return f"<div class='rules'>rules fired: {chips or '<span class=empty>none</span>'}</div>"


def _metadata(result: PageResult) -> str:
    columns = [("copydesk", result.copydesk.metadata)]
    if result.baseline is not None:
        columns.append(("trafilatura", result.baseline.metadata))
    head = "".join(f"<th>{label}</th>" for label, _ in columns)
    rows = "".join(
        f"<tr><th>{name}</th>"
        + "".join(
            f"<td>{html.escape(values[name])}</td>"
            if name in values
            else "<td class='empty'>—</td>"
            for _, values in columns
        )
        + "</tr>"
        for name in METADATA_FIELDS
    )
    return f"<table class='meta'><tr><th></th>{head}</tr>{rows}</table>"


def _differences(label: str, diff: TextDiff) -> str:
    shown = diff.hunks_html[:HUNKS_SHOWN]
    if shown:
        items = "".join(f"<li>{hunk}</li>" for hunk in shown)
        rest = len(diff.hunks_html) - len(shown)
        more = f"<p class='scores'>… and {rest} more differences in the full texts.</p>"
        listing = f"<ol class='hunks'>{items}</ol>{more if rest else ''}"
    else:
        listing = "<p class='scores'>No differences.</p>"
    return (
        f"<h3>{label}: {_count(len(diff.hunks_html), 'difference')}</h3>{listing}"
        f"<details><summary>{label}: gold and extracted texts side by side</summary>"
        "<div class='columns'>"
        f"<div><b>gold</b><div class='text'>{diff.gold_html}</div></div>"
        f"<div><b>extracted</b><div class='text'>{diff.extracted_html}</div></div>"
        "</div></details>"
    )


def _short_url(url: str | None) -> str | None:
    """The URL without its scheme and ``www.``, for a list where the host says the most."""
    if not url:
        return None
    return re.sub(r"^[a-z]+://(www\.)?", "", url, flags=re.IGNORECASE)


def _versus(f1: float | None, baseline_f1: float | None) -> str:
    """CSS class of a page's F1 against the baseline's: "worse", "better" or ""."""
    if f1 is None or baseline_f1 is None or abs(f1 - baseline_f1) < 0.0005:
        return ""
    return "worse" if f1 < baseline_f1 else "better"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _badge(f1: float | None) -> str:
    grade = "bad" if f1 is None or f1 < 0.5 else "fair" if f1 < 0.9 else "good"
    return f"<span class='badge {grade}'>F1 {_number(f1)}</span>"


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _scores(score: PageScore | Summary) -> str:
    return f"F1 {_number(score.f1)} (P {_number(score.precision)}, R {_number(score.recall)})"
