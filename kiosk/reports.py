"""Figures for the centre's in-charge, computed from the queue's own tables.

:func:`build_report` reads the tickets, cases and feedback of a period of local
days and returns plain data: top-level scalars (the period's headline figures)
and tables (lists of row dicts) that ``kiosk-admin report`` prints, writes as
CSV or hands to :mod:`kiosk.report_html` for charts. Times are minutes, shares
are fractions from 0 to 1.

Definitions used throughout:

* **wait**: ``called_at - issued_at`` of tickets that were called (the last
  call, so a transferred ticket's wait includes its time at the first service);
  tickets never called (not served, cancelled while waiting) have no wait;
* **service time**: ``finished_at - serving_at`` of tickets served to the end;
* **no-show rate**: no-shows among tickets that reached a counter and ended
  there (done or no-show);
* **estimate error**: real wait minus the wait estimated at issue time
  (``tickets.estimated_wait_minutes``); positive means the visitor waited longer
  than told;
* **overdue case**: a case not closed more than ``case_due_days`` after it
  opened, as of the end of the period (or now, if earlier).
"""

import bisect
import csv
import logging
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from kiosk.errors import InvalidInputError
from kiosk.models import CaseStatus, Priority
from kiosk.store import QueueStore, case_number

log = logging.getLogger(__name__)

ESTIMATE_TOLERANCE_MINUTES = 5.0
ESTIMATE_BANDS = ((0, 5), (5, 15), (15, 30), (30, 60), (60, None))
ERROR_BIN_MINUTES = 5
ERROR_RANGE_MINUTES = 60
OVERDUE_LISTED = 10
STATE = attrgetter("state")
PRIORITY = attrgetter("priority")
WAIT = attrgetter("wait_minutes")
SERVICE_MINUTES = attrgetter("service_minutes")
RECALLS = attrgetter("recalls")
DEFAULT_CASE_DUE_DAYS = 14


class TicketRow(NamedTuple):
    """The columns of one ticket a report needs; durations in minutes."""

    day: str
    service: str
    priority: str
    state: str
    issued_at: float
    counter: int | None
    recalls: int
    estimated_wait_minutes: int | None
    # From issue to the (last) call; None if never called.
    wait_minutes: float | None
    # From start to end of service, for served tickets only.
    service_minutes: float | None


# -- period ---------------------------------------------------------------


def parse_period(first: str | None, last: str | None, today: str) -> tuple[str, str]:
    """Return the (first, last) days of a report.

    Neither given: today. ``--from`` alone: from that day to today. ``--to``
    alone: that one day. Raises InvalidInputError for a malformed date or a
    period that ends before it starts.
    """
    last_day = _parse_day(last, "--to") if last else today
    first_day = _parse_day(first, "--from") if first else last_day
    if last_day < first_day:
        raise InvalidInputError(
            f"the period ends ({last_day}) before it starts ({first_day}); "
            "give --from on or before --to"
        )
    return first_day, last_day


def _parse_day(text: str, option: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidInputError(
            f"{option} '{text}' is not a date; write YYYY-MM-DD"
        ) from None


# -- the report -------------------------------------------------------------


def build_report(
    store: QueueStore,
    first_day: str,
    last_day: str,
    case_due_days: int = DEFAULT_CASE_DUE_DAYS,
) -> dict[str, Any]:
    """Return the report of local days ``first_day`` to ``last_day`` (inclusive)."""
    tickets = load_tickets(store, first_day, last_day)
    as_of = min(store.clock(), _day_end(store, last_day))
    ratings = load_ratings(store, first_day, last_day)
    report: dict[str, Any] = {
        "centre": store.config.centre.name_en,
        "from": first_day,
        "to": last_day,
        "generated_at": store.local_time().isoformat(timespec="seconds"),
    }
    groups = group_tickets(store, tickets)
    report.update(headline(tickets, ratings))
    report["per_service"] = per_service(store, groups["service"])
    report["per_hour"] = per_hour(groups["hour"])
    report["per_day"] = per_day(groups["day"])
    report["per_counter"] = per_counter(store, groups["counter"])
    report["priority"] = per_priority(groups["priority"], len(tickets))
    report["feedback_per_service"] = feedback_table(
        ratings, "service", store.config.services
    )
    report["feedback_per_counter"] = feedback_table(
        ratings, "counter", store.config.counters
    )
    report["cases_per_status"] = cases_per_status(store, first_day, last_day)
    report.update(overdue_cases(store, as_of, case_due_days))
    report.update(estimate_accuracy(store, tickets, groups["service"]))
    log.info("report %s to %s built over %d tickets", first_day, last_day, len(tickets))
    return report


def load_tickets(store: QueueStore, first_day: str, last_day: str) -> list[TicketRow]:
    """Return the tickets of the period, with their wait and service minutes."""
    cursor = store.db.execute(
        "SELECT day, service, priority, state, issued_at, counter, recalls, "
        "estimated_wait_minutes, (called_at - issued_at) / 60.0, "
        "CASE WHEN state = 'done' THEN (finished_at - serving_at) / 60.0 END "
        "FROM tickets WHERE day BETWEEN ? AND ?",
        [first_day, last_day],
    )
    return list(map(TicketRow._make, cursor))


def group_tickets(
    store: QueueStore, tickets: list[TicketRow]
) -> dict[str, dict[Any, list[TicketRow]]]:
    """Return the tickets grouped by service, local hour of issue, day, counter
    and priority, in one pass (the report's hot loop over every ticket).
    """
    names = ("service", "hour", "day", "counter", "priority")
    groups: dict[str, dict[Any, list[TicketRow]]] = {
        name: defaultdict(list) for name in names
    }
    by_service, by_hour, by_day, by_counter, by_priority = groups.values()
    offsets: dict[str, float] = {}
    for ticket in tickets:
        day = ticket.day
        if day not in offsets:
            offsets[day] = _utc_offset_seconds(store, day)
        by_service[ticket.service].append(ticket)
        by_hour[int((ticket.issued_at + offsets[day]) // 3600 % 24)].append(ticket)
        by_day[day].append(ticket)
        by_priority[ticket.priority].append(ticket)
        if ticket.counter is not None:
            by_counter[ticket.counter].append(ticket)
    return groups


def load_ratings(
    store: QueueStore, first_day: str, last_day: str
) -> list[dict[str, Any]]:
    """Return each rating of the period's tickets with its service and counter."""
    cursor = store.db.execute(
        "SELECT tickets.service, feedback.counter, feedback.rating FROM feedback "
        "JOIN tickets ON tickets.id = feedback.ticket_id "
        "WHERE tickets.day BETWEEN ? AND ?",
        [first_day, last_day],
    )
    return [
        {"service": service, "counter": counter, "rating": rating}
        for service, counter, rating in cursor
    ]


def headline(tickets: list[TicketRow], ratings: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the period's headline figures."""
    states = Counter(map(STATE, tickets))
    waits = _waits(tickets)
    priority = len(tickets) - sum(1 for p in map(PRIORITY, tickets) if p == "normal")
    return {
        "tickets": len(tickets),
        "served": states["done"],
        "no_shows": states["no_show"],
        "not_served": states["not_served"],
        "cancelled": states["cancelled"],
        "still_open": states["waiting"] + states["called"] + states["serving"],
        "no_show_rate": _share(states["no_show"], states["done"] + states["no_show"]),
        "wait_p50_minutes": percentile(waits, 0.5),
        "wait_p90_minutes": percentile(waits, 0.9),
        "priority_share": _share(priority, len(tickets)),
        "feedback_responses": len(ratings),
        "feedback_mean": _mean([row["rating"] for row in ratings], 2),
    }


# -- tables -----------------------------------------------------------------


def per_service(
    store: QueueStore, groups: dict[str, list[TicketRow]]
) -> list[dict[str, Any]]:
    """Return per service: tickets by outcome, no-show rate, wait p50/p90."""
    rows = []
    for code in _ordered(store.config.services, groups):
        group = groups.get(code, [])
        states = Counter(map(STATE, group))
        waits = _waits(group)
        rows.append(
            {
                "service": code,
                "name": _service_name(store, code),
                "issued": len(group),
                "served": states["done"],
                "no_show": states["no_show"],
                "not_served": states["not_served"],
                "cancelled": states["cancelled"],
                "no_show_rate": _share(
                    states["no_show"], states["done"] + states["no_show"]
                ),
                "wait_p50": percentile(waits, 0.5),
                "wait_p90": percentile(waits, 0.9),
                "wait_mean": _mean(waits),
            }
        )
    return rows


def per_hour(groups: dict[int, list[TicketRow]]) -> list[dict[str, Any]]:
    """Return per local hour of issue: tickets issued and their wait p50/p90."""
    rows = []
    for hour in range(min(groups, default=0), max(groups, default=-1) + 1):
        waits = _waits(groups.get(hour, []))
        rows.append(
            {
                "hour": f"{hour:02d}:00",
                "issued": len(groups.get(hour, [])),
                "wait_p50": percentile(waits, 0.5),
                "wait_p90": percentile(waits, 0.9),
            }
        )
    return rows


def per_day(groups: dict[str, list[TicketRow]]) -> list[dict[str, Any]]:
    """Return per day: tickets issued, served, no-shows, not served, wait p50."""
    rows = []
    for day in sorted(groups):
        states = Counter(map(STATE, groups[day]))
        waits = _waits(groups[day])
        rows.append(
            {
                "day": day,
                "issued": len(groups[day]),
                "served": states["done"],
                "no_show": states["no_show"],
                "not_served": states["not_served"],
                "wait_p50": percentile(waits, 0.5),
                "wait_p90": percentile(waits, 0.9),
            }
        )
    return rows


def per_counter(
    store: QueueStore, groups: dict[int, list[TicketRow]]
) -> list[dict[str, Any]]:
    """Return per counter: visitors served, service time p50/p90/mean, recalls."""
    rows = []
    for number in _ordered(store.config.counters, groups):
        group = groups.get(number, [])
        minutes = sorted(m for m in map(SERVICE_MINUTES, group) if m is not None)
        counter = store.config.counters.get(number)
        rows.append(
            {
                "counter": number,
                "name": counter.name_en if counter else f"Counter {number}",
                "served": len(minutes),
                "no_show": Counter(map(STATE, group))["no_show"],
                "service_p50": percentile(minutes, 0.5),
                "service_p90": percentile(minutes, 0.9),
                "service_mean": _mean(minutes),
                "recalls": sum(map(RECALLS, group)),
            }
        )
    return rows


def per_priority(
    groups: dict[str, list[TicketRow]], total: int
) -> list[dict[str, Any]]:
    """Return per priority class: tickets, share of all ``total``, wait p50/p90."""
    rows = []
    for priority in Priority:
        group = groups.get(priority.value, [])
        waits = _waits(group)
        rows.append(
            {
                "priority": priority.value,
                "tickets": len(group),
                "share": _share(len(group), total),
                "wait_p50": percentile(waits, 0.5),
                "wait_p90": percentile(waits, 0.9),
            }
        )
    return rows


def feedback_table(
    ratings: list[dict[str, Any]], key: str, order: Iterable[Any]
) -> list[dict[str, Any]]:
    """Return per ``key`` (service or counter): responses, mean, count of each star.

    Rows follow ``order`` (the configured services or counters); values with
    no rating are left out.
    """
    groups = _group(ratings, lambda row: row[key])
    rows = []
    for value in _ordered(order, groups):
        if value not in groups:
            continue
        stars = Counter(row["rating"] for row in groups[value])
        rows.append(
            {
                key: value,
                "responses": len(groups[value]),
                "mean": _mean([row["rating"] for row in groups[value]], 2),
                **{f"r{star}": stars[star] for star in range(1, 6)},
            }
        )
    return rows


def cases_per_status(
    store: QueueStore, first_day: str, last_day: str
) -> list[dict[str, Any]]:
    """Return, for cases opened in the period, how many are in each status now."""
    counts = dict(
        store.db.execute(
            "SELECT cases.status, count(*) FROM cases JOIN tickets "
            "ON tickets.id = cases.ticket_id WHERE tickets.day BETWEEN ? AND ? "
            "GROUP BY cases.status",
            [first_day, last_day],
        ).fetchall()
    )
    return [
        {"status": status.value, "cases": counts.get(status.value, 0)}
        for status in CaseStatus
    ]


def overdue_cases(store: QueueStore, as_of: float, due_days: int) -> dict[str, Any]:
    """Return overdue cases (any opening date) per service, and the oldest ones."""
    rows = store.db.execute(
        "SELECT id, service, status, opened_at FROM cases WHERE status != ? "
        "AND opened_at < ? ORDER BY opened_at",
        [CaseStatus.CLOSED.value, as_of - due_days * 86400],
    ).fetchall()
    by_service = Counter(row[1] for row in rows)
    oldest = [
        {
            "case_number": case_number(case_id, store.local_time(opened_at).year),
            "service": service,
            "status": status,
            "opened": store.local_time(opened_at).date().isoformat(),
            "days_open": int((as_of - opened_at) // 86400),
        }
        for case_id, service, status, opened_at in rows[:OVERDUE_LISTED]
    ]
    return {
        "case_due_days": due_days,
        "overdue_cases": len(rows),
        "overdue_per_service": [
            {"service": service, "overdue": count}
            for service, count in by_service.most_common()
        ],
        "overdue_oldest": oldest,
    }


# -- estimates ----------------------------------------------------------------


def estimate_accuracy(
    store: QueueStore,
    tickets: list[TicketRow],
    by_service: dict[str, list[TicketRow]],
) -> dict[str, Any]:
    """Return how honest the waits told at issue time were, overall and by part."""
    checked = _checked(tickets)
    errors = _errors(checked)
    return {
        "estimates_checked": len(errors),
        "estimate_median_abs_error": _median_abs(errors),
        "estimate_within_5_minutes": _within(errors),
        "estimate_mean_error": _mean(errors),
        "estimate_per_service": _estimate_per_service(store, by_service),
        "estimate_by_band": _estimate_by_band(checked),
        "estimate_error_histogram": _error_histogram(errors),
    }


def _checked(tickets: list[TicketRow]) -> list[TicketRow]:
    """Return the tickets that were called and were told a wait."""
    return [
        ticket
        for ticket in tickets
        if ticket.wait_minutes is not None and ticket.estimated_wait_minutes is not None
    ]


def _errors(checked: list[TicketRow]) -> list[float]:
    return [ticket.wait_minutes - ticket.estimated_wait_minutes for ticket in checked]


def _estimate_per_service(
    store: QueueStore, by_service: dict[str, list[TicketRow]]
) -> list[dict[str, Any]]:
    rows = []
    for code in _ordered(store.config.services, by_service):
        group = _checked(by_service.get(code, []))
        errors = _errors(group)
        rows.append(
            {
                "service": code,
                "tickets": len(group),
                "estimate_p50": percentile(
                    [ticket.estimated_wait_minutes for ticket in group], 0.5
                ),
                "real_p50": percentile(_waits(group), 0.5),
                "median_abs_error": _median_abs(errors),
                "within_5_minutes": _within(errors),
                "mean_error": _mean(errors),
            }
        )
    return rows


def _estimate_by_band(checked: list[TicketRow]) -> list[dict[str, Any]]:
    lows = [low for low, _ in ESTIMATE_BANDS]
    groups = _group(
        checked,
        lambda ticket: bisect.bisect_right(lows, ticket.estimated_wait_minutes),
    )
    rows = []
    for index, (low, high) in enumerate(ESTIMATE_BANDS, start=1):
        group = groups.get(index, [])
        real = _waits(group)
        rows.append(
            {
                "estimate": f"{low}-{high - 1}" if high is not None else f"{low}+",
                "tickets": len(group),
                "real_p10": percentile(real, 0.1),
                "real_p50": percentile(real, 0.5),
                "real_p90": percentile(real, 0.9),
                "within_5_minutes": _within(_errors(group)),
            }
        )
    return rows


def _error_histogram(errors: list[float]) -> list[dict[str, Any]]:
    """Return counts of errors in 5-minute bins; the end bins hold the tails."""
    limit, width = ERROR_RANGE_MINUTES, ERROR_BIN_MINUTES
    counts = Counter(
        max(-limit, min(limit - width, math.floor(error / width) * width))
        for error in errors
    )
    return [
        {"from": start, "to": start + width, "tickets": counts.get(start, 0)}
        for start in range(-limit, limit, width)
    ]


# -- CSV --------------------------------------------------------------------


def write_csv(report: dict[str, Any], folder: Path) -> list[Path]:
    """Write the report as CSV files in ``folder``: one per table and a summary."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"report-{report['from']}-{report['to']}"
    written = [_write_summary(report, folder / f"{stem}-summary.csv")]
    for key, value in report.items():
        if isinstance(value, list):
            path = folder / f"{stem}-{key.replace('_', '-')}.csv"
            _write_rows(value, path)
            written.append(path)
    log.info("report written as %d CSV files in %s", len(written), folder)
    return written


def _write_summary(report: dict[str, Any], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["figure", "value"])
        for key, value in report.items():
            if not isinstance(value, list):
                writer.writerow([key, "" if value is None else value])
    return path


def _write_rows(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        if not rows:
            return
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


# -- helpers ----------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float | None:
    """Return the ``fraction`` percentile (linear between ranks), 1 decimal."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    value = ordered[below] + (ordered[above] - ordered[below]) * (position - below)
    return round(value, 1)


def _waits(tickets: list[TicketRow]) -> list[float]:
    """Return the waits of the tickets that were called, sorted.

    Sorted once here, the sorts in :func:`percentile` take linear time.
    """
    return sorted(wait for wait in map(WAIT, tickets) if wait is not None)


def _mean(values: list[float], digits: int = 1) -> float | None:
    return round(statistics.fmean(values), digits) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _median_abs(errors: list[float]) -> float | None:
    return round(statistics.median(abs(e) for e in errors), 1) if errors else None


def _within(errors: list[float]) -> float | None:
    limit = ESTIMATE_TOLERANCE_MINUTES
    inside = sum(1 for error in errors if -limit <= error <= limit)
    return _share(inside, len(errors))


def _group(items: Iterable[Any], key: Any) -> dict[Any, list[Any]]:
    groups: dict[Any, list[Any]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups


def _ordered(configured: Iterable[Any], seen: Iterable[Any]) -> list[Any]:
    """Return configured keys in their order, then any others the data holds."""
    order = list(configured)
    others = [key for key in seen if key not in order]
    return order + sorted(others, key=lambda key: (key is None, str(key)))


def _service_name(store: QueueStore, code: str) -> str:
    service = store.config.services.get(code)
    return service.name_en if service else code


def _utc_offset_seconds(store: QueueStore, day: str) -> float:
    noon = datetime.combine(
        date.fromisoformat(day), time(12), tzinfo=store.config.centre.timezone
    )
    return noon.utcoffset().total_seconds()


def _day_end(store: QueueStore, day: str) -> float:
    following = date.fromisoformat(day) + timedelta(days=1)
    zone = store.config.centre.timezone
    return datetime.combine(following, time(0), tzinfo=zone).timestamp()
