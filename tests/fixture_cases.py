"""The fixture folders and how to run each case; shared by the tests and the recorder.

Seeds: ``fixtures/seeds/<name>.txt`` (scraped text, verbatim) with
``<name>.expected.jsonl``. Pages: ``fixtures/pages/<case>/page.html`` with ``meta.json``
(``{"url": ...}``) and ``expected.jsonl``. Expected records are reviewed line by line when
recorded (``python tests/record_fixtures.py``) and compared field by field by the tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors import Extraction, ExtractOptions, clean_text, extract

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
PAGES = ROOT / "fixtures" / "pages"


@dataclass(frozen=True)
class FixtureCase:
    name: str
    input_path: Path
    expected_path: Path
    url: str | None
    is_text: bool

    @property
    def source(self) -> str:
        """The input path as the CLI names it when run from the project root."""
        return self.input_path.relative_to(ROOT).as_posix()

    def run(self, options: ExtractOptions | None = None) -> Extraction:
        options = options or ExtractOptions()
        if self.is_text:
            text = self.input_path.read_text(encoding="utf-8")
            return clean_text(text, self.url, options, source=self.source)
        return extract(self.input_path.read_bytes(), self.url, options, source=self.source)

    def expected(self) -> list[dict[str, Any]]:
        lines = self.expected_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]


def seed_cases() -> list[FixtureCase]:
    return [
        FixtureCase(path.stem, path, path.with_suffix(".expected.jsonl"), None, is_text=True)
        for path in sorted(SEEDS.glob("*.txt"))
    ]


def page_cases() -> list[FixtureCase]:
    cases = []
    for folder in sorted(path for path in PAGES.iterdir() if (path / "page.html").exists()):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        cases.append(
            FixtureCase(
                folder.name,
                folder / "page.html",
                folder / "expected.jsonl",
                meta.get("url"),
                is_text=False,
            )
        )
    return cases


def all_cases() -> list[FixtureCase]:
    return [*seed_cases(), *page_cases()]
