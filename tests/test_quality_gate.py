"""Quality gate: body and comment F1 on a fixed sample of both benchmark sets may not drop.

The floors live in ``quality-baseline.json``. A change that lowers a figure fails here
unless the same commit lowers the floor and says why in its message; a change that raises
one should raise the floor too (``python tests/test_quality_gate.py`` prints the figures).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

import pytest

from extractors.datasets import BenchmarkPage, load_dragnet, load_scrapinghub
from extractors.evaluation import EvalSummary, evaluate_page, summarize_results
from extractors.options import ExtractOptions

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "quality-baseline.json"
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
SAMPLE_EVERY = 5  # every 5th page of each set, in name order: fixed, and fast enough for CI
TOLERANCE = 0.0005  # float noise only: a real drop of a tenth of a point fails

needs_benchmarks = pytest.mark.skipif(
    not BENCHMARKS.is_dir(),
    reason="../shared/benchmarks not present: benchmark data is read from the shared folder "
    "beside the project (CI always has it)",
)


def sample(pages: list[BenchmarkPage]) -> list[BenchmarkPage]:
    return pages[::SAMPLE_EVERY]


@cache
def measured(name: str) -> EvalSummary:
    loaders = {"scrapinghub": load_scrapinghub, "dragnet-dev": load_dragnet}
    pages = sample(loaders[name](BENCHMARKS / name))
    results = [evaluate_page(page, ExtractOptions()) for page in pages]
    return summarize_results(results, bootstrap=0)


def figures(name: str) -> dict[str, float]:
    summary = measured(name)
    found = {"body_f1": summary.body.f1}
    if summary.comments is not None:
        found["comment_f1"] = summary.comments.f1
    return found


@needs_benchmarks
@pytest.mark.parametrize(
    ("dataset", "figure"),
    [("scrapinghub", "body_f1"), ("dragnet-dev", "body_f1"), ("dragnet-dev", "comment_f1")],
)
def test_f1_does_not_drop_below_the_pinned_floor(dataset: str, figure: str) -> None:
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))[dataset][figure]
    value = figures(dataset)[figure]
    assert value >= floor - TOLERANCE, (
        f"{dataset} {figure} fell to {value:.4f} from the pinned {floor:.4f}: fix the "
        "regression, or lower the floor in quality-baseline.json and say why in the commit"
    )


if __name__ == "__main__":
    json.dump(
        {name: figures(name) for name in ("scrapinghub", "dragnet-dev")}, sys.stdout, indent=2
    )
    print()
