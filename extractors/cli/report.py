"""The ``copydesk eval --report`` page: one self-contained HTML file, worst pages first.

For each page: its scores beside the baseline's, the rules that fired, and gold and
extracted text side by side with the words the extraction missed and the words it added
highlighted. This is what a rule author reads to find the next rule.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Sequence
from pathlib import Path

from extractors.evaluation import EvalSummary, PageResult
from extractors.scoring import PageScore, Summary

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 1400px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.1em; margin: 0; }
table.summary td, table.summary th { padding: .2em .8em; text-align: right; }
section { border-top: 2px solid #ccc; padding: 1em 0; }
.scores { color: #555; font-size: .9em; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5em; }
.text { white-space: pre-wrap; background: #fafafa; padding: .6em; border: 1px solid #eee;
        max-height: 28em; overflow: auto; font-size: .9em; }
.missing { background: #ffd6d6; text-decoration: line-through; }
.extra { background: #c9f2c9; }
.rules { font-size: .85em; color: #444; }
.legend span { padding: 0 .4em; }
"""


def write_report(
    path: Path, title: str, summary: EvalSummary, results: Sequence[PageResult]
) -> None:
    """Write the report for ``results``, pages sorted by body F1, worst first."""
    ordered = sorted(results, key=lambda r: r.body.f1 if r.body.f1 is not None else -1.0)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        _summary_table(summary),
        "<p class='legend'>In the gold text, <span class='missing'>struck words</span> are "
        "missing from the extraction; in the extracted text, <span class='extra'>marked "
        "words</span> are not in the gold.</p>",
        *(_page_section(result) for result in ordered),
        "</body></html>",
    ]
    path.write_text("\n".join(parts), encoding="utf-8")


def _summary_table(summary: EvalSummary) -> str:
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
    return (
        f"<p>{summary.pages} pages.</p><table class='summary'>"
        f"<tr><th></th><th>precision</th><th>recall</th><th>F1</th></tr>{cells}</table>"
    )


def _page_section(result: PageResult) -> str:
    page = result.page
    link = f" <a href='{html.escape(page.url)}'>{html.escape(page.url)}</a>" if page.url else ""
    rules = ", ".join(f"{name} ×{count}" for name, count in sorted(result.rules_fired.items()))
    parts = [
        f"<section id='{html.escape(page.page_id)}'><h2>{html.escape(page.page_id)}{link}</h2>",
        f"<div class='scores'>body {_scores(result.body)}"
        + (f" · trafilatura {_scores(result.baseline_body)}" if result.baseline_body else "")
        + "</div>",
        f"<div class='rules'>rules fired: {html.escape(rules) or 'none'}</div>",
    ]
    if result.copydesk.error:
        parts.append(f"<p><b>error:</b> {html.escape(result.copydesk.error)}</p>")
    parts.append(_diff_columns(page.gold_body, result.copydesk.body))
    if page.gold_comments is not None or result.copydesk.comments:
        parts.append(f"<div class='scores'>comments {_scores(result.comments)}</div>")
        parts.append(_diff_columns(page.gold_comments, result.copydesk.comments))
    parts.append("</section>")
    return "\n".join(parts)


def _scores(score: PageScore | Summary) -> str:
    def show(value: float | None) -> str:
        return "–" if value is None else f"{value:.3f}"

    return f"F1 {show(score.f1)} (P {show(score.precision)}, R {show(score.recall)})"


def _diff_columns(gold: str | None, extracted: str | None) -> str:
    gold_html, extracted_html = highlight_differences(gold or "", extracted or "")
    return (
        "<div class='columns'>"
        f"<div><b>gold</b><div class='text'>{gold_html}</div></div>"
        f"<div><b>extracted</b><div class='text'>{extracted_html}</div></div></div>"
    )


def highlight_differences(gold: str, extracted: str) -> tuple[str, str]:
    """Both texts as HTML, words only in gold marked missing, words only extracted marked extra.

    >>> highlight_differences("a b c", "a c d")
    ('a <span class="missing">b</span> c', 'a c <span class="extra">d</span>')
    """
    gold_words, extracted_words = gold.split(" "), extracted.split(" ")
    matcher = difflib.SequenceMatcher(None, gold_words, extracted_words, autojunk=False)
    gold_out: list[str] = []
    extracted_out: list[str] = []
    for tag, g1, g2, e1, e2 in matcher.get_opcodes():
        gold_out.append(_mark(gold_words[g1:g2], None if tag == "equal" else "missing"))
        extracted_out.append(_mark(extracted_words[e1:e2], None if tag == "equal" else "extra"))
    return " ".join(p for p in gold_out if p), " ".join(p for p in extracted_out if p)


def _mark(words: list[str], css_class: str | None) -> str:
    if not words:
        return ""
    text = html.escape(" ".join(words))
    return f'<span class="{css_class}">{text}</span>' if css_class else text
