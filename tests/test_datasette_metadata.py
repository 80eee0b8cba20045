"""The shipped Datasette metadata describes every table and column of the schema."""

import json

import pytest

from kiosk.store import QueueStore
from tests.conftest import PROJECT_ROOT

METADATA = PROJECT_ROOT / "docs" / "datasette-metadata.json"
# Tables only the core reads, described and hidden, with no column list.
HIDDEN = {"token_sequences", "staff_pins"}


@pytest.fixture
def described() -> dict:
    """The tables of the metadata's ``queue`` database."""
    return json.loads(METADATA.read_text())["databases"]["queue"]["tables"]


def _schema(store: QueueStore) -> dict[str, list[str]]:
    tables = [
        row[0]
        for row in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        table: [row[1] for row in store.db.execute(f"PRAGMA table_info({table})")]
        for table in tables
    }


def test_every_table_and_column_is_described(store, described):
    for table, columns in _schema(store).items():
        assert table in described, f"table {table} missing from the metadata"
        assert described[table]["description"]
        if table in HIDDEN:
            assert described[table]["hidden"] is True
            continue
        missing = set(columns) - set(described[table]["columns"]) - {"id"}
        assert not missing, f"{table}: columns {missing} not described"


def test_no_metadata_for_tables_that_do_not_exist(store, described):
    assert set(described) <= set(_schema(store))


def test_canned_queries_run(store):
    queries = json.loads(METADATA.read_text())["databases"]["queue"]["queries"]

    for query in queries.values():
        store.db.execute(query["sql"], {"day": "2025-12-03"}).fetchall()
