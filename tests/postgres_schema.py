"""A PostgreSQL store URI in a schema of its own, for the store tests.

The server is the one ``COPYDESK_TEST_POSTGRES_DSN`` names (``.ci/services.sh`` starts one);
without it, the tests that need it skip and say why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

POSTGRES_DSN = os.environ.get("COPYDESK_TEST_POSTGRES_DSN")
NO_POSTGRES = "COPYDESK_TEST_POSTGRES_DSN is not set (.ci/services.sh starts a server)"


@contextmanager
def fresh_postgres_schema() -> Iterator[str]:
    """A store URI whose tables go into a new schema, dropped (with them) afterwards."""
    if not POSTGRES_DSN:
        pytest.skip(NO_POSTGRES)
    psycopg = pytest.importorskip("psycopg")
    schema = f"test_{uuid.uuid4().hex}"
    with psycopg.connect(POSTGRES_DSN, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            separator = "&" if "?" in POSTGRES_DSN else "?"
            yield f"{POSTGRES_DSN}{separator}options={quote(f'-csearch_path={schema}')}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
