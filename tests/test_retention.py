"""Tests of the personal-data purge: erased from every byte, statistics kept."""

from pathlib import Path

import pytest

from kiosk.complaints import check_complaint
from kiosk.errors import InvalidInputError
from kiosk.reports import build_report
from kiosk.retention import purge_personal_data
from kiosk.store import QueueStore

DAY_MINUTES = 24 * 60
# Distinctive values, so a search of the raw file cannot hit anything else.
PERSONAL = {
    "name": "Zarmeena Qaisrani",
    "relation_name": "Habibullah Qaisrani",
    "cnic": "54321-9876543-1",
    "mobile": "0333-7654321",
    "category": "threats",
    "description": "Xylophone threats from the zarghoon road neighbour",
}
STORED = ("Zarmeena", "Habibullah", "5432198765431", "03337654321", "Xylophone")


def _complaint_case(store: QueueStore, **changes: str) -> tuple[str, int]:
    form = check_complaint(**{**PERSONAL, **changes})
    issued = store.issue("complaint", complaint=form)
    store.call_next(5)
    store.serve(issued.ticket.token)
    store.complete(issued.ticket.token)
    case = store.case_by_code(issued.tracking_code)
    return issued.tracking_code, case.id


def _file_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def _statistics(store: QueueStore, day: str) -> dict:
    report = build_report(store, day, day)
    report.pop("generated_at")
    return {
        "report": report,
        "stats": store.stats(day),
        "tickets": store.db.execute("SELECT count(*) FROM tickets").fetchone(),
        "cases": store.db.execute(
            "SELECT status, count(*) FROM cases GROUP BY status"
        ).fetchall(),
        "complaints": store.db.execute(
            "SELECT category, count(*) FROM complaints GROUP BY category"
        ).fetchall(),
    }


def test_purge_erases_every_byte_and_keeps_statistics(store, clock, config):
    code, case_id = _complaint_case(store)
    store.add_feedback("R-001", 4, comment="call me on 0300-1112223 Xylophone")
    store.update_case(code, "closed")
    day = store.today()
    clock.advance(minutes=DAY_MINUTES)
    before = _statistics(store, day)
    raw = _file_bytes(config.database_path)
    assert all(value.encode() in raw for value in STORED)

    clock.advance(minutes=90 * DAY_MINUTES)
    result = purge_personal_data(store, days=90)

    assert (result.complaints, result.feedback_comments) == (1, 1)
    assert result.compacted and result.wal_emptied
    raw = _file_bytes(config.database_path)
    for value in (*STORED, "0300-1112223"):
        assert value.encode() not in raw, value
    assert _statistics(store, day) == before
    assert store.complaint_for_case(case_id) is None
    purged = [e for e in store.events() if e["kind"] == "personal_data_purged"]
    assert len(purged) == 1


def test_open_and_recently_closed_cases_keep_their_data(store, clock):
    open_code, open_id = _complaint_case(store)
    closed_code, closed_id = _complaint_case(store, name="Second Person")
    clock.advance(minutes=60 * DAY_MINUTES)
    store.update_case(closed_code, "closed")
    clock.advance(minutes=60 * DAY_MINUTES)

    result = purge_personal_data(store, days=90)

    assert result.complaints == 0
    assert store.complaint_for_case(open_id).name == PERSONAL["name"]
    assert store.complaint_for_case(closed_id).name == "Second Person"


def test_dry_run_counts_and_changes_nothing(store, clock):
    code, case_id = _complaint_case(store)
    store.update_case(code, "closed")
    clock.advance(minutes=2 * DAY_MINUTES)

    result = purge_personal_data(store, days=1, dry_run=True)

    assert result.complaints == 1 and not result.compacted
    assert store.complaint_for_case(case_id).cnic == "5432198765431"


def test_purge_with_nothing_due_does_not_rewrite_the_file(store):
    result = purge_personal_data(store, days=90)

    assert (result.complaints, result.feedback_comments, result.compacted) == (
        0,
        0,
        False,
    )


def test_negative_days_are_refused(store):
    with pytest.raises(InvalidInputError, match="days must be 0 or more, not -1"):
        purge_personal_data(store, days=-1)
