"""Record the expected records of every fixture from the current code.

    .venv/bin/python tests/record_fixtures.py

Then review the change line by line with ``git diff fixtures/`` before committing: the
expected files are the reviewed truth the tests hold the code to, not a snapshot to accept.
"""

from __future__ import annotations

import json
from pathlib import Path

from fixture_cases import all_cases


def main() -> None:
    for case in all_cases():
        records = [record.to_dict() for record in case.run().records()]
        lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        case.expected_path.write_text(lines, encoding="utf-8")
        print(f"{case.expected_path.relative_to(Path.cwd())}: {len(records)} records")


if __name__ == "__main__":
    main()
