"""Tests of the report figures on a small day whose every number is known."""

import csv

import pytest

from kiosk.errors import InvalidInputError
from kiosk.models import Priority
from kiosk.reports import build_report, parse_period, percentile, write_csv
from kiosk.store import QueueStore

DAY = "2025-12-03"


@pytest.fixture
def small_day(store: QueueStore, clock) -> QueueStore:
    """Three tickets: served after 2 min, no-show after 10, served after 20.

    C-001 and C-002 are character certificates issued at 09:00; V-001 a senior
    citizen's police verification. Counter 1 serves C-001 for 5 minutes, C-002
    does not come to counter 2, counter 3 serves V-001 for 10 minutes. C-001
    rates 5, V-001 rates 2. C-001's case is closed.
    """
    first = store.issue("character_certificate")
    store.issue("character_certificate")
    store.issue("police_verification", Priority.SENIOR)
    clock.advance(minutes=2)
    store.call_next(1)
    clock.advance(minutes=1)
    store.serve("C-001")
    clock.advance(minutes=5)
    store.complete("C-001")
    clock.advance(minutes=2)
    store.call_next(2)
    clock.advance(minutes=3)
    store.no_show("C-002")
    clock.advance(minutes=7)
    store.call_next(3)
    clock.advance(minutes=1)
    store.serve("V-001")
    clock.advance(minutes=10)
    store.complete("V-001")
    store.add_feedback("C-001", 5)
    store.add_feedback("V-001", 2, ("waiting_time",))
    store.update_case(first.tracking_code, "closed")
    return store


@pytest.fixture
def report(small_day: QueueStore) -> dict:
    """The report of the small day."""
    return build_report(small_day, DAY, DAY)


def _row(rows: list[dict], key: str, value) -> dict:
    return next(row for row in rows if row[key] == value)


def test_headline_figures(report):
    assert report["tickets"] == 3
    assert (report["served"], report["no_shows"]) == (2, 1)
    assert report["no_show_rate"] == 0.333
    assert (report["wait_p50_minutes"], report["wait_p90_minutes"]) == (10.0, 18.0)
    assert report["priority_share"] == 0.333
    assert (report["feedback_responses"], report["feedback_mean"]) == (2, 3.5)


def test_tickets_and_waits_per_service_and_hour(report):
    certificates = _row(report["per_service"], "service", "character_certificate")
    assert certificates["issued"] == 2
    assert (certificates["served"], certificates["no_show"]) == (1, 1)
    assert certificates["no_show_rate"] == 0.5
    assert (certificates["wait_p50"], certificates["wait_p90"]) == (6.0, 9.2)
    assert _row(report["per_service"], "service", "fir_copy")["issued"] == 0
    assert report["per_hour"] == [
        {"hour": "09:00", "issued": 3, "wait_p50": 10.0, "wait_p90": 18.0}
    ]


def test_service_time_per_counter(report):
    first = _row(report["per_counter"], "counter", 1)
    assert (first["served"], first["service_p50"], first["service_mean"]) == (1, 5, 5)
    second = _row(report["per_counter"], "counter", 2)
    assert (second["served"], second["no_show"], second["service_p50"]) == (0, 1, None)
    assert _row(report["per_counter"], "counter", 3)["service_p90"] == 10.0


def test_priority_share_and_waits(report):
    senior = _row(report["priority"], "priority", "senior")
    assert (senior["tickets"], senior["share"], senior["wait_p50"]) == (1, 0.333, 20)
    assert _row(report["priority"], "priority", "women")["tickets"] == 0


def test_feedback_distribution_per_service_and_counter(report):
    assert report["feedback_per_service"] == [
        {"service": "character_certificate", "responses": 1, "mean": 5.0}
        | {"r1": 0, "r2": 0, "r3": 0, "r4": 0, "r5": 1},
        {"service": "police_verification", "responses": 1, "mean": 2.0}
        | {"r1": 0, "r2": 1, "r3": 0, "r4": 0, "r5": 0},
    ]
    assert [row["counter"] for row in report["feedback_per_counter"]] == [1, 3]


def test_cases_per_status_and_none_overdue_yet(report):
    statuses = {row["status"]: row["cases"] for row in report["cases_per_status"]}
    assert statuses == {
        "received": 2,
        "under_process": 0,
        "ready_for_collection": 0,
        "closed": 1,
    }
    assert report["overdue_cases"] == 0


def test_cases_not_closed_become_overdue(small_day, clock):
    clock.advance(minutes=20 * 24 * 60)

    later = build_report(small_day, small_day.today(), small_day.today(), 14)
    same_day = build_report(small_day, DAY, DAY, 14)

    assert later["overdue_cases"] == 2
    assert later["overdue_per_service"] == [
        {"service": "character_certificate", "overdue": 1},
        {"service": "police_verification", "overdue": 1},
    ]
    assert later["overdue_oldest"][0]["days_open"] == 20
    assert later["overdue_oldest"][0]["case_number"].startswith("2025-")
    assert same_day["overdue_cases"] == 0


def test_estimate_accuracy_against_real_waits(small_day, report):
    told = [
        small_day.ticket_by_token(token).estimated_wait_minutes
        for token in ("C-001", "C-002", "V-001")
    ]
    # C-002 had one person ahead, three counters serve it, 8 minutes each.
    assert told == [0, 8, 0]
    # Real waits 2, 10, 20: errors +2, +2, +20.
    assert report["estimates_checked"] == 3
    assert report["estimate_median_abs_error"] == 2.0
    assert report["estimate_within_5_minutes"] == 0.667
    assert report["estimate_mean_error"] == 8.0
    band = _row(report["estimate_by_band"], "estimate", "5-14")
    assert (band["tickets"], band["real_p50"]) == (1, 10.0)
    histogram = {
        row["from"]: row["tickets"] for row in report["estimate_error_histogram"]
    }
    assert (histogram[0], histogram[20]) == (2, 1)


def test_an_empty_period_reports_zeros_and_blanks(store):
    report = build_report(store, "2020-01-01", "2020-01-31")

    assert report["tickets"] == 0
    assert report["wait_p50_minutes"] is None and report["no_show_rate"] is None
    assert report["per_hour"] == [] and report["estimates_checked"] == 0


def test_csv_files_one_per_table(report, tmp_path):
    written = write_csv(report, tmp_path)

    names = {path.name for path in written}
    assert f"report-{DAY}-{DAY}-summary.csv" in names
    assert f"report-{DAY}-{DAY}-per-service.csv" in names
    with (tmp_path / f"report-{DAY}-{DAY}-per-service.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["service"] == "character_certificate" and rows[0]["issued"] == "2"


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (None, None, ("2025-12-03", "2025-12-03")),
        ("2025-11-01", None, ("2025-11-01", "2025-12-03")),
        (None, "2025-11-05", ("2025-11-05", "2025-11-05")),
        ("2025-11-01", "2025-11-30", ("2025-11-01", "2025-11-30")),
    ],
)
def test_parse_period(first, last, expected):
    assert parse_period(first, last, "2025-12-03") == expected


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2025-13-01", None, "--from '2025-13-01' is not a date; write YYYY-MM-DD"),
        (None, "yesterday", "--to 'yesterday' is not a date"),
        ("2025-12-02", "2025-12-01", r"ends \(2025-12-01\) before it starts"),
    ],
)
def test_parse_period_refuses(first, last, message):
    with pytest.raises(InvalidInputError, match=message):
        parse_period(first, last, "2025-12-03")


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([], 0.5, None),
        ([7.0], 0.9, 7.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),
        ([0.0, 10.0], 0.9, 9.0),
    ],
)
def test_percentile(values, fraction, expected):
    assert percentile(values, fraction) == expected
