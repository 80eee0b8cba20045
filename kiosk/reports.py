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
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from itertools import pairwise, repeat
from operator import itemgetter, sub, truediv
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
DEFAULT_CASE_DUE_DAYS = 14


# The columns of a ticket row, as load_tickets selects them. Durations are in
# minutes: the wait from issue to the (last) call, None if never called; the
# service time of served tickets only. The hour is the local hour of issue.
TICKET_FIELDS = (
    "day",
    "service",
    "priority",
    "state",
    "hour",
    "counter",
    "recalls",
    "estimated_wait_minutes",
    "wait_minutes",
    "service_minutes",
)
# The leading fields every count table is made of.
COUNTED_FIELDS = TICKET_FIELDS[:7]
COUNTED = itemgetter(*range(len(COUNTED_FIELDS)))
FIELD = {name: itemgetter(place) for place, name in enumerate(TICKET_FIELDS)}
WAIT = FIELD["wait_minutes"]
TOLD = FIELD["estimated_wait_minutes"]

# How many tickets share each combination of COUNTED_FIELDS.
Combinations = Counter[tuple[Any, ...]]


class RatingCount(NamedTuple):
    """How many times one rating was given at one counter for one service."""

    service: str
    counter: int | None
    rating: int
    count: int


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
    """Return the report of local days ``first_day`` to ``last_day`` (inclusive).

    The tickets are read once, as plain tuples in order of wait. Every count
    comes from one tally of their combinations of day, service, priority, state,
    hour, counter and recalls; each group's waits come out already in order for
    its percentiles.
    """
    rows = load_tickets(store, first_day, last_day)
    combinations = Counter(map(COUNTED, rows))
    called = _called(rows)
    ratings = load_ratings(store, first_day, last_day)
    as_of = min(store.clock(), _day_end(store, last_day))
    services, counters = store.config.services, store.config.counters

    report: dict[str, Any] = {
        "centre": store.config.centre.name_en,
        "from": first_day,
        "to": last_day,
        "generated_at": store.local_time().isoformat(timespec="seconds"),
    }
    report.update(headline(combinations, called, ratings))
    report["per_service"] = per_service(store, combinations, called)
    report["per_hour"] = per_hour(combinations, called)
    report["per_day"] = per_day(combinations, called)
    report["per_counter"] = per_counter(store, combinations, rows)
    report["priority"] = per_priority(combinations, called)
    report["feedback_per_service"] = feedback_table(ratings, "service", services)
    report["feedback_per_counter"] = feedback_table(ratings, "counter", counters)
    report["cases_per_status"] = cases_per_status(store, first_day, last_day)
    report.update(overdue_cases(store, as_of, case_due_days))
    seen = _count(combinations, "service")
    report.update(estimate_accuracy(store, _estimated(called), seen))
    log.info("report %s to %s built over %d tickets", first_day, last_day, len(rows))
    return report


def load_tickets(
    store: QueueStore, first_day: str, last_day: str
) -> list[tuple[Any, ...]]:
    """Return the tickets of the period as tuples of :data:`TICKET_FIELDS`.

    Plain tuples, because building an object per ticket costs more than the
    query. SQLite computes the local hour of issue and sorts by wait (tickets
    never called first): the rows then sit in memory in the order the later
    passes read them, which costs less than sorting them in Python.
    """
    hour_sql, hour_parameters = _local_hour_sql(store, first_day, last_day)
    cursor = store.db.execute(
        "SELECT day, service, priority, state, "
        f"{hour_sql}, "
        "counter, recalls, estimated_wait_minutes, (called_at - issued_at) / 60.0, "
        "CASE WHEN state = 'done' THEN (finished_at - serving_at) / 60.0 END "
        "FROM tickets WHERE day BETWEEN ? AND ? ORDER BY 9",
        [*hour_parameters, first_day, last_day],
    )
    return cursor.fetchall()


def load_ratings(store: QueueStore, first_day: str, last_day: str) -> list[RatingCount]:
    """Return how often each rating was given to the period's tickets.

    One row per service, counter and rating: SQLite counts, so no row per
    response crosses into Python.
    """
    cursor = store.db.execute(
        "SELECT tickets.service, feedback.counter, feedback.rating, count(*) "
        "FROM feedback JOIN tickets ON tickets.id = feedback.ticket_id "
        "WHERE tickets.day BETWEEN ? AND ? GROUP BY 1, 2, 3",
        [first_day, last_day],
    )
    return list(map(RatingCount._make, cursor))


def headline(
    combinations: Combinations,
    called: list[tuple[Any, ...]],
    ratings: list[RatingCount],
) -> dict[str, Any]:
    """Return the period's headline figures."""
    states = _count(combinations, "state")
    total = states.total()
    priority = total - _count(combinations, "priority")["normal"]
    waits = list(map(WAIT, called))
    stars: Counter[int] = Counter()
    for row in ratings:
        stars[row.rating] += row.count
    return {
        "tickets": total,
        "served": states["done"],
        "no_shows": states["no_show"],
        "not_served": states["not_served"],
        "cancelled": states["cancelled"],
        "still_open": states["waiting"] + states["called"] + states["serving"],
        "no_show_rate": _share(states["no_show"], states["done"] + states["no_show"]),
        "wait_p50_minutes": percentile(waits, 0.5),
        "wait_p90_minutes": percentile(waits, 0.9),
        "priority_share": _share(priority, total),
        "feedback_responses": stars.total(),
        "feedback_mean": _mean_of_counts(stars, 2),
    }


# -- tables -----------------------------------------------------------------


def per_service(
    store: QueueStore, combinations: Combinations, called: list[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    """Return per service: tickets by outcome, no-show rate, wait p50/p90."""
    tally = _tally(combinations, "service", "state")
    waits_by_service = _waits_by(called, "service")
    rows = []
    for code in _ordered(store.config.services, tally):
        states = tally.get(code, Counter())
        waits = waits_by_service.get(code, [])
        rows.append(
            {
                "service": code,
                "name": _service_name(store, code),
                "issued": states.total(),
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


def per_hour(
    combinations: Combinations, called: list[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    """Return per local hour of issue: tickets issued and their wait p50/p90."""
    issued = _count(combinations, "hour")
    waits_by_hour = _waits_by(called, "hour")
    rows = []
    for hour in range(min(issued, default=0), max(issued, default=-1) + 1):
        waits = waits_by_hour.get(hour, [])
        rows.append(
            {
                "hour": f"{hour:02d}:00",
                "issued": issued[hour],
                "wait_p50": percentile(waits, 0.5),
                "wait_p90": percentile(waits, 0.9),
            }
        )
    return rows


def per_day(
    combinations: Combinations, called: list[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    """Return per day: tickets issued, served, no-shows, not served, wait p50."""
    tally = _tally(combinations, "day", "state")
    waits_by_day = _waits_by(called, "day")
    rows = []
    for day in sorted(tally):
        states = tally[day]
        waits = waits_by_day.get(day, [])
        rows.append(
            {
                "day": day,
                "issued": states.total(),
                "served": states["done"],
                "no_show": states["no_show"],
                "not_served": states["not_served"],
                "wait_p50": percentile(waits, 0.5),
                "wait_p90": percentile(waits, 0.9),
            }
        )
    return rows


def per_counter(
    store: QueueStore, combinations: Combinations, tickets: list[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    """Return per counter: visitors served, service time p50/p90/mean, recalls."""
    tally = _tally(combinations, "counter", "state")
    tally.pop(None, None)
    recalls = _tally(combinations, "counter", "recalls")
    served = [row for row in tickets if FIELD["service_minutes"](row) is not None]
    minutes_by_counter = _group(
        map(FIELD["counter"], served), map(FIELD["service_minutes"], served)
    )
    rows = []
    for number in _ordered(store.config.counters, tally):
        minutes = sorted(minutes_by_counter.get(number, []))
        counter = store.config.counters.get(number)
        rows.append(
            {
                "counter": number,
                "name": counter.name_en if counter else f"Counter {number}",
                "served": len(minutes),
                "no_show": tally.get(number, Counter())["no_show"],
                "service_p50": percentile(minutes, 0.5),
                "service_p90": percentile(minutes, 0.9),
                "service_mean": _mean(minutes),
                "recalls": sum(
                    times * count
                    for times, count in recalls.get(number, Counter()).items()
                ),
            }
        )
    return rows


def per_priority(
    combinations: Combinations, called: list[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    """Return per priority class: tickets, share of all tickets, wait p50/p90."""
    counts = _count(combinations, "priority")
    waits_by_priority = _waits_by(called, "priority")
    total = counts.total()
    rows = []
    for priority in Priority:
        waits = waits_by_priority.get(priority.value, [])
        rows.append(
            {
                "priority": priority.value,
                "tickets": counts[priority.value],
                "share": _share(counts[priority.value], total),
                "wait_p50": percentile(waits, 0.5),
                "wait_p90": percentile(waits, 0.9),
            }
        )
    return rows


def feedback_table(
    ratings: list[RatingCount], key: str, order: Iterable[Any]
) -> list[dict[str, Any]]:
    """Return per ``key`` (service or counter): responses, mean, count of each star.

    Rows follow ``order`` (the configured services or counters); values with
    no rating are left out.
    """
    stars: dict[Any, Counter[int]] = defaultdict(Counter)
    for row in ratings:
        stars[getattr(row, key)][row.rating] += row.count
    rows = []
    for value in _ordered(order, stars):
        if value not in stars:
            continue
        counts = stars[value]
        rows.append(
            {
                key: value,
                "responses": counts.total(),
                "mean": _mean_of_counts(counts, 2),
                **{f"r{star}": counts[star] for star in range(1, 6)},
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
    # The status is written into the SQL, not bound, so that a partial index
    # on open cases (WHERE status != 'closed') can serve this query.
    rows = store.db.execute(
        "SELECT id, service, status, opened_at FROM cases "
        f"WHERE status != '{CaseStatus.CLOSED.value}' AND opened_at < ? "
        "ORDER BY opened_at",
        [as_of - due_days * 86400],
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
    store: QueueStore, checked: list[tuple[Any, ...]], services_seen: Iterable[str]
) -> dict[str, Any]:
    """Return how honest the waits told at issue time were, overall and by part.

    ``checked`` holds the tickets that were called and told a wait, sorted by
    wait; ``services_seen`` are the services of all the period's tickets, each
    of which gets a row.
    """
    _, _, errors = _waits_told_errors(checked)
    return {
        "estimates_checked": len(errors),
        "estimate_median_abs_error": _median_abs(sorted(map(abs, errors))),
        "estimate_within_5_minutes": _within(errors),
        "estimate_mean_error": _mean(errors),
        "estimate_per_service": _estimate_per_service(store, checked, services_seen),
        "estimate_by_band": _estimate_by_band(checked),
        "estimate_error_histogram": _error_histogram(errors),
    }


def _waits_told_errors(
    checked: list[tuple[Any, ...]],
) -> tuple[list[float], list[int], list[float]]:
    """Return the checked tickets' real waits, told waits, and real minus told."""
    waits, told = list(map(WAIT, checked)), list(map(TOLD, checked))
    return waits, told, list(map(sub, waits, told))


def _estimate_per_service(
    store: QueueStore, checked: list[tuple[Any, ...]], services_seen: Iterable[str]
) -> list[dict[str, Any]]:
    by_service = _group(map(FIELD["service"], checked), checked)
    rows = []
    for code in _ordered(store.config.services, services_seen):
        waits, told, errors = _waits_told_errors(by_service.get(code, []))
        rows.append(
            {
                "service": code,
                "tickets": len(waits),
                "estimate_p50": percentile(told, 0.5),
                "real_p50": percentile(waits, 0.5),
                "median_abs_error": _median_abs(sorted(map(abs, errors))),
                "within_5_minutes": _within(errors),
                "mean_error": _mean(errors),
            }
        )
    return rows


def _estimate_by_band(checked: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    lows = [low for low, _ in ESTIMATE_BANDS]
    told = list(map(TOLD, checked))
    band_of = {minutes: bisect.bisect_right(lows, minutes) for minutes in set(told)}
    by_band = _group(map(band_of.__getitem__, told), checked)
    rows = []
    for index, (low, high) in enumerate(ESTIMATE_BANDS, start=1):
        real, _, errors = _waits_told_errors(by_band.get(index, []))
        rows.append(
            {
                "estimate": f"{low}-{high - 1}" if high is not None else f"{low}+",
                "tickets": len(real),
                "real_p10": percentile(real, 0.1),
                "real_p50": percentile(real, 0.5),
                "real_p90": percentile(real, 0.9),
                "within_5_minutes": _within(errors),
            }
        )
    return rows


def _error_histogram(errors: list[float]) -> list[dict[str, Any]]:
    """Return counts of errors in 5-minute bins; the end bins hold the tails."""
    limit, width = ERROR_RANGE_MINUTES, ERROR_BIN_MINUTES
    # Count each error's bin number first (a C loop), then fold the tails in.
    bins = Counter(map(math.floor, map(truediv, errors, repeat(width))))
    counts: Counter[int] = Counter()
    for number, count in bins.items():
        counts[max(-limit, min(limit - width, number * width))] += count
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


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Return the ``fraction`` percentile (linear between ranks), 1 decimal.

    Values already in order cost a linear pass to sort again.
    """
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    value = ordered[below] + (ordered[above] - ordered[below]) * (position - below)
    return round(value, 1)


def _called(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Return the ticket rows that were called (that have a wait), in order."""
    return [row for row in rows if WAIT(row) is not None]


def _estimated(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Return the ticket rows that were told a wait at issue time."""
    return [row for row in rows if TOLD(row) is not None]


def _count(combinations: Combinations, *names: str) -> Counter[Any]:
    """Return how many tickets have each value of the fields ``names``.

    With several names, the values are tuples in that order.
    """
    key = itemgetter(*(COUNTED_FIELDS.index(name) for name in names))
    counts: Counter[Any] = Counter()
    for combination, count in combinations.items():
        counts[key(combination)] += count
    return counts


def _tally(combinations: Combinations, key: str, value: str) -> dict[Any, Counter[Any]]:
    """Return, per value of the field ``key``, the count of each ``value``."""
    tally: dict[Any, Counter[Any]] = defaultdict(Counter)
    for (key_value, value_value), count in _count(combinations, key, value).items():
        tally[key_value][value_value] = count
    return tally


def _group(keys: Iterable[Any], items: Iterable[Any]) -> dict[Any, list[Any]]:
    """Return the items grouped by their keys (given in the same order).

    Each group keeps the items' order.
    """
    groups: dict[Any, list[Any]] = defaultdict(list)
    for key, item in zip(keys, items, strict=True):
        groups[key].append(item)
    return groups


def _waits_by(called: list[tuple[Any, ...]], name: str) -> dict[Any, list[float]]:
    """Return the waits of ``called`` tickets grouped by their field ``name``."""
    return _group(map(FIELD[name], called), map(WAIT, called))


def _mean(values: list[float], digits: int = 1) -> float | None:
    return round(statistics.fmean(values), digits) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _mean_of_counts(counts: Counter[int], digits: int) -> float | None:
    """Return the mean of values given as {value: how many times}, rounded.

    Equal to the mean of the values listed one by one, since the integer sum
    divided once is what :func:`statistics.fmean` computes for integers.
    """
    total = counts.total()
    if not total:
        return None
    return round(sum(value * count for value, count in counts.items()) / total, digits)


def _median_abs(sizes: list[float]) -> float | None:
    """Return the median of errors' sizes (sorted), as statistics.median would."""
    if not sizes:
        return None
    middle = len(sizes) // 2
    if len(sizes) % 2:
        return round(sizes[middle], 1)
    return round((sizes[middle - 1] + sizes[middle]) / 2, 1)


def _within(errors: list[float]) -> float | None:
    """Return the share of errors within the tolerance, either way."""
    inside = sum(map(ESTIMATE_TOLERANCE_MINUTES.__ge__, map(abs, errors)))
    return _share(inside, len(errors))


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


def _local_hour_sql(
    store: QueueStore, first_day: str, last_day: str
) -> tuple[str, list[Any]]:
    """Return SQL for a ticket's local hour of issue, and its parameters.

    A day's UTC offset is the one at its noon; a period across a clock change
    gets one CASE branch per stretch of days with one offset. Epoch times are
    positive, so the integer cast floors and the hour equals Python's
    ``(issued_at + offset) // 3600 % 24``.
    """
    stretches = _offset_stretches(store, first_day, last_day)
    parameters: list[Any] = []
    for (_, offset), (next_start, _) in pairwise(stretches):
        parameters += [next_start, offset]
    parameters.append(stretches[-1][1])
    branches = "WHEN day < ? THEN ? " * (len(stretches) - 1)
    offset_sql = f"CASE {branches}ELSE ? END" if branches else "?"
    return f"CAST(issued_at + {offset_sql} AS INTEGER) / 3600 % 24", parameters


def _offset_stretches(
    store: QueueStore, first_day: str, last_day: str
) -> list[tuple[str, float]]:
    """Return (first day, UTC offset in seconds) of each run of days with one offset."""
    stretches: list[tuple[str, float]] = []
    day, last = date.fromisoformat(first_day), date.fromisoformat(last_day)
    while day <= last:
        offset = _utc_offset_seconds(store, day.isoformat())
        if not stretches or stretches[-1][1] != offset:
            stretches.append((day.isoformat(), offset))
        day += timedelta(days=1)
    return stretches


def _day_end(store: QueueStore, day: str) -> float:
    following = date.fromisoformat(day) + timedelta(days=1)
    zone = store.config.centre.timezone
    return datetime.combine(following, time(0), tzinfo=zone).timestamp()
