"""Tests of the report figures: a small day whose every number is known, and
simulated days whose figures must equal a plain, slow computation of them.
"""

import csv
import math
import statistics
from collections import Counter
from dataclasses import replace
from datetime import datetime

import pytest

from kiosk.config import load_config
from kiosk.errors import InvalidInputError
from kiosk.models import Priority
from kiosk.reports import build_report, parse_period, percentile, write_csv
from kiosk.simulator import SimulationPlan, open_simulation_store, simulate
from kiosk.store import QueueStore
from tests.conftest import SHIPPED_INI
from tests.test_simulator import WEDNESDAY

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
    # What the store's estimator told them (tests/test_store.py checks how).
    assert told == [0, 3, 4]
    # Real waits 2, 10, 20: errors +2, +7, +16.
    assert report["estimates_checked"] == 3
    assert report["estimate_median_abs_error"] == 7.0
    assert report["estimate_within_5_minutes"] == 0.333
    assert report["estimate_mean_error"] == 8.3
    band = _row(report["estimate_by_band"], "estimate", "0-4")
    assert (band["tickets"], band["real_p50"], band["real_p90"]) == (3, 10.0, 18.0)
    histogram = {
        row["from"]: row["tickets"] for row in report["estimate_error_histogram"]
    }
    assert (histogram[0], histogram[5], histogram[15]) == (1, 1, 1)


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


# -- the optimised figures against a plain computation -------------------------


@pytest.fixture(scope="module")
def simulated_store(tmp_path_factory: pytest.TempPathFactory):
    """Two small simulated days, busy enough to fill every table (read only)."""
    folder = tmp_path_factory.mktemp("equivalence")
    config = replace(load_config(SHIPPED_INI), database_path=folder / "live.sqlite3")
    store, clock = open_simulation_store(config, folder / "sim.sqlite3")
    simulate(store, clock, WEDNESDAY, 2, SimulationPlan(visitors=300, load=1.2))
    yield store
    store.close()


def _plain_percentile(values: list[float], fraction: float) -> float | None:
    """The percentile as first written: sort, then interpolate between ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return round(
        ordered[below] + (ordered[above] - ordered[below]) * (position - below), 1
    )


def _plain_tickets(store: QueueStore) -> list[dict]:
    """Every ticket as a dict with its wait, service time and local hour."""
    zone = store.config.centre.timezone
    tickets = []
    for row in store.db.query("SELECT * FROM tickets ORDER BY id"):
        called, started, finished = (
            row["called_at"],
            row["serving_at"],
            row["finished_at"],
        )
        issued = datetime.fromtimestamp(row["issued_at"], zone)
        tickets.append(
            row
            | {
                "hour": issued.hour,
                "wait": None if called is None else (called - row["issued_at"]) / 60,
                "minutes": (finished - started) / 60
                if row["state"] == "done"
                else None,
            }
        )
    return tickets


def _plain_group_figures(tickets: list[dict], key: str) -> dict:
    """Per value of ``key``: tickets, outcomes and wait p50/p90, the slow way."""
    figures = {}
    for value in {ticket[key] for ticket in tickets}:
        group = [ticket for ticket in tickets if ticket[key] == value]
        waits = [ticket["wait"] for ticket in group if ticket["wait"] is not None]
        states = Counter(ticket["state"] for ticket in group)
        figures[value] = {
            "issued": len(group),
            "served": states["done"],
            "no_show": states["no_show"],
            "wait_p50": _plain_percentile(waits, 0.5),
            "wait_p90": _plain_percentile(waits, 0.9),
        }
    return figures


def test_figures_equal_a_plain_computation(simulated_store):
    report = build_report(simulated_store, "2025-12-03", "2025-12-04")
    tickets = _plain_tickets(simulated_store)

    waits = [ticket["wait"] for ticket in tickets if ticket["wait"] is not None]
    assert report["tickets"] == len(tickets) > 400
    assert report["wait_p50_minutes"] == _plain_percentile(waits, 0.5)
    assert report["wait_p90_minutes"] == _plain_percentile(waits, 0.9)
    for table, key, column in (
        ("per_service", "service", "service"),
        ("per_day", "day", "day"),
        ("priority", "priority", "priority"),
    ):
        plain = _plain_group_figures(tickets, key)
        for row in report[table]:
            expected = plain.get(row[column])
            if expected is None:
                assert row.get("issued", row.get("tickets")) == 0
                continue
            assert row.get("issued", row.get("tickets")) == expected["issued"]
            assert (row["wait_p50"], row["wait_p90"]) == (
                expected["wait_p50"],
                expected["wait_p90"],
            )
            if "served" in row:
                assert (row["served"], row["no_show"]) == (
                    expected["served"],
                    expected["no_show"],
                )
    hours = _plain_group_figures(tickets, "hour")
    assert {int(row["hour"][:2]): row["issued"] for row in report["per_hour"]} == {
        hour: hours.get(hour, {"issued": 0})["issued"]
        for hour in range(min(hours), max(hours) + 1)
    }
    assert [row["wait_p90"] for row in report["per_hour"] if row["issued"]] == [
        hours[hour]["wait_p90"] for hour in sorted(hours)
    ]


def test_counter_and_feedback_figures_equal_a_plain_computation(simulated_store):
    report = build_report(simulated_store, "2025-12-03", "2025-12-04")
    tickets = _plain_tickets(simulated_store)

    for row in report["per_counter"]:
        mine = [ticket for ticket in tickets if ticket["counter"] == row["counter"]]
        minutes = [
            ticket["minutes"] for ticket in mine if ticket["minutes"] is not None
        ]
        assert row["served"] == len(minutes)
        assert row["service_p90"] == _plain_percentile(minutes, 0.9)
        assert row["service_mean"] == (
            round(statistics.fmean(minutes), 1) if minutes else None
        )
        assert row["recalls"] == sum(ticket["recalls"] for ticket in mine)
    ratings = list(
        simulated_store.db.query(
            "SELECT tickets.service, feedback.counter, feedback.rating FROM feedback "
            "JOIN tickets ON tickets.id = feedback.ticket_id"
        )
    )
    assert report["feedback_responses"] == len(ratings) > 0
    assert report["feedback_mean"] == round(
        statistics.fmean(rating["rating"] for rating in ratings), 2
    )
    for row in report["feedback_per_counter"]:
        given = [r["rating"] for r in ratings if r["counter"] == row["counter"]]
        assert row["mean"] == round(statistics.fmean(given), 2)
        assert [row[f"r{star}"] for star in range(1, 6)] == [
            given.count(star) for star in range(1, 6)
        ]


def test_estimate_figures_equal_a_plain_computation(simulated_store):
    report = build_report(simulated_store, "2025-12-03", "2025-12-04")
    checked = [
        ticket
        for ticket in _plain_tickets(simulated_store)
        if ticket["wait"] is not None and ticket["estimated_wait_minutes"] is not None
    ]
    errors = [ticket["wait"] - ticket["estimated_wait_minutes"] for ticket in checked]

    assert report["estimates_checked"] == len(checked) > 400
    assert report["estimate_median_abs_error"] == round(
        statistics.median(abs(error) for error in errors), 1
    )
    assert report["estimate_within_5_minutes"] == round(
        sum(1 for error in errors if -5 <= error <= 5) / len(errors), 3
    )
    assert report["estimate_mean_error"] == round(statistics.fmean(errors), 1)
    for row in report["estimate_per_service"]:
        mine = [
            error
            for ticket, error in zip(checked, errors, strict=True)
            if ticket["service"] == row["service"]
        ]
        assert row["tickets"] == len(mine)
        assert row["mean_error"] == (round(statistics.fmean(mine), 1) if mine else None)
    histogram = Counter(
        max(-60, min(55, math.floor(error / 5) * 5)) for error in errors
    )
    assert {
        row["from"]: row["tickets"] for row in report["estimate_error_histogram"]
    } == {start: histogram.get(start, 0) for start in range(-60, 60, 5)}
