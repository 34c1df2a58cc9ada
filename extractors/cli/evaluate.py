"""``copydesk eval DATASET``: body and comment scores, optionally beside bare trafilatura."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from extractors.cli.report import write_report
from extractors.cli.runner import ordered_map
from extractors.datasets import load_dataset
from extractors.evaluation import METADATA_FIELDS, EvalSummary, evaluate_page, summarize_results
from extractors.options import ExtractOptions
from extractors.scoring import Summary


def run_eval(args: argparse.Namespace) -> int:
    dataset = Path(args.dataset)
    try:
        pages = load_dataset(dataset)
    except (FileNotFoundError, ValueError) as exc:
        print(f"copydesk eval: {exc}", file=sys.stderr)
        return 2
    pages = pages[: args.limit] if args.limit else pages
    options = ExtractOptions(site=args.site, fallbacks=args.fallbacks)
    score = partial(evaluate_page, options=options, with_baseline=args.baseline is not None)
    results = list(ordered_map(score, pages, args.jobs))
    summary = summarize_results(results)
    print(format_summary(dataset.name, summary))
    if args.report:
        write_report(Path(args.report), f"copydesk eval: {dataset.name}", summary, results)
        print(f"report: {args.report}")
    return 0


def format_summary(name: str, summary: EvalSummary) -> str:
    rows = [
        ("copydesk body", summary.body),
        ("trafilatura body", summary.baseline_body),
        ("copydesk comments", summary.comments),
        ("trafilatura comments", summary.baseline_comments),
    ]
    lines = [f"{name}: {summary.pages} pages", f"{'':22} {'P':>6} {'R':>6} {'F1':>14}"]
    lines += [_row(label, s) for label, s in rows if s is not None]
    if summary.comments is not None:
        lines.append(
            f"pages without comment gold where comments were reported: copydesk "
            f"{summary.comments_on_pages_without}"
            + (
                f", trafilatura {summary.baseline_comments_on_pages_without}"
                if summary.baseline_comments_on_pages_without is not None
                else ""
            )
        )
    lines += _fill_rate_lines(summary)
    top = ", ".join(f"{rule} {count}" for rule, count in summary.rules_fired.most_common(8))
    lines.append(f"rules fired most: {top or 'none'}")
    return "\n".join(lines)


def _row(label: str, summary: Summary) -> str:
    return (
        f"{label:22} {summary.precision:6.3f} {summary.recall:6.3f} "
        f"{summary.f1:7.3f} ± {summary.f1_stdev:.3f}"
    )


def _fill_rate_lines(summary: EvalSummary) -> list[str]:
    """Metadata fill rates: fractions of pages whose record has the field non-empty."""
    rows = [("copydesk", summary.fill_rates), ("trafilatura", summary.baseline_fill_rates)]
    header = f"{'metadata filled':22} " + " ".join(f"{name:>13}" for name in METADATA_FIELDS)
    lines = [header]
    for label, rates in rows:
        if rates:
            lines.append(
                f"{label:22} " + " ".join(f"{rates[name]:13.3f}" for name in METADATA_FIELDS)
            )
    lines.append("(fill rates only: the set has no metadata gold, correctness is not scored)")
    return lines
