"""The shared queue: issue, call, serve and finish tickets; cases and feedback.

:class:`QueueStore` is the only code that changes tickets, cases and events
(kiosk/retention.py only erases personal data, kiosk/backup.py only copies). Every
change runs in one ``BEGIN IMMEDIATE`` transaction that also appends an event
row (what, which ticket and counter, who, when), so statistics and audits can be
rebuilt from the events alone, and two processes never hand out the same token
or call the same ticket.
"""

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

from kiosk import queue_rules
from kiosk.complaints import ComplaintForm
from kiosk.config import Counter, KioskConfig
from kiosk.database import connect
from kiosk.errors import (
    CentreClosedError,
    InvalidInputError,
    QueueEmptyError,
    UnknownCaseError,
    UnknownTicketError,
)
from kiosk.models import (
    Case,
    CaseEntry,
    CaseStatus,
    IssuedTicket,
    Priority,
    Ticket,
    TicketState,
    WaitingSummary,
)
from kiosk.staff_pins import StaffPins
from kiosk.tracking_codes import new_tracking_code, normalise_tracking_code

log = logging.getLogger(__name__)

FEEDBACK_TAGS = ("waiting_time", "courtesy", "cleanliness", "result")
TICKET_COLUMNS = (
    "id, day, token, service, priority, state, issued_at, called_at, serving_at, "
    "finished_at, counter, recalls, people_ahead, estimated_wait_minutes"
)
# Only history this recent feeds the average service time: a centre's pace
# changes with staff and season.
SERVICE_TIME_WINDOW_SECONDS = 30 * 24 * 3600
ALLOWED_TRANSITIONS_FROM = {
    action: sorted(state.value for state in starts)
    for action, (starts, _target) in queue_rules.ALLOWED_TRANSITIONS.items()
}
# Arrivals this recent tell how busy counters are with the services they prefer.
ARRIVAL_WINDOW_SECONDS = 3600.0
# Even a counter busy with its preferred services reaches others now and then
# (and the long-wait rule makes it), so it never counts as less than this.
MIN_COUNTER_SHARE = 0.15
# How old the service-time averages and arrival rates in an estimate may be.
SLOW_FIGURE_SECONDS = 30.0
T = TypeVar("T")


class QueueStore:
    """Read and change the queue kept in the SQLite file named by kiosk.ini.

    ``clock`` returns Unix seconds; tests pass a fake one to move through days.
    One store may be shared by threads: calls are serialised by a lock.
    """

    def __init__(
        self, config: KioskConfig, clock: Callable[[], float] = time.time
    ) -> None:
        self.config = config
        self.clock = clock
        self.db = connect(config.database_path)
        self.pins = StaffPins(self.db, clock)
        self._lock = threading.RLock()
        self._slow_figures: dict[tuple, tuple[float, Any]] = {}

    def close(self) -> None:
        """Close the database connection."""
        self.db.conn.close()

    # -- time -------------------------------------------------------------

    def local_time(self, at: float | None = None) -> datetime:
        """Return ``at`` (default now) in the centre's time zone."""
        moment = self.clock() if at is None else at
        return datetime.fromtimestamp(moment, self.config.centre.timezone)

    def today(self) -> str:
        """Return the centre's local date, ``YYYY-MM-DD``: the day tokens count in."""
        return self.local_time().date().isoformat()

    # -- issuing ----------------------------------------------------------

    def issue(
        self,
        service_code: str,
        priority: Priority = Priority.NORMAL,
        actor: str = "kiosk",
        ignore_hours: bool = False,
        complaint: ComplaintForm | None = None,
    ) -> IssuedTicket:
        """Issue the next ticket of a service; open its case if it is trackable.

        Raises CentreClosedError outside the centre's or the service's hours
        unless ``ignore_hours`` (for staff issuing by hand). A ``complaint``
        (checked by :func:`kiosk.complaints.check_complaint`) is stored with the
        case, in the same transaction; its service must be trackable.
        """
        service = self.config.service(service_code)
        if complaint is not None and not service.trackable:
            raise InvalidInputError(
                f"service '{service_code}' opens no case; a complaint needs a "
                "trackable service"
            )
        if not ignore_hours:
            self._check_open(service_code)

        with self._write() as now:
            day = self.local_time(now).date().isoformat()
            number = self._next_number(day, service_code)
            token = queue_rules.format_token(service.prefix, number)
            ahead = self._people_ahead(day, service_code, priority, now)
            wait = self._estimate(service_code, priority, ahead, now)
            ticket_id = self._insert_ticket(
                day, token, number, service_code, priority, now, ahead, wait
            )
            self._event(
                now,
                "issued",
                ticket_id,
                None,
                actor,
                {"service": service_code, "priority": priority.value},
            )
            code, case_id, case_number = (None, None, None)
            if service.trackable:
                code, case_id = self._open_case(ticket_id, service_code, now, actor)
                case_number = self.case_number_of(case_id, now)
            if complaint is not None:
                self._insert_complaint(case_id, complaint, now)

        log.info("issued ticket %s (%s, %s)", token, service_code, priority.value)
        # Built from what was just written rather than read back: issue is the
        # kiosk's hot path, and a new ticket's other fields are all empty.
        ticket = Ticket(
            id=ticket_id,
            day=day,
            token=token,
            service=service_code,
            priority=priority,
            state=TicketState.WAITING,
            issued_at=now,
            called_at=None,
            serving_at=None,
            finished_at=None,
            counter=None,
            recalls=0,
            people_ahead=ahead,
            estimated_wait_minutes=wait,
        )
        return IssuedTicket(
            ticket=ticket,
            people_ahead=ahead,
            estimated_wait_minutes=wait,
            tracking_code=code,
            case_number=case_number,
        )

    def _check_open(self, service_code: str) -> None:
        now = self.local_time()
        hours = self.config.centre.hours
        service_hours = self.config.services[service_code].hours
        if hours.is_open(now) and (service_hours is None or service_hours.is_open(now)):
            return
        opening = hours.next_opening(now)
        when = opening.strftime("%A %H:%M") if opening else "when staff open it"
        raise CentreClosedError(
            f"the centre is closed for {service_code} now; it opens {when}"
        )

    def _next_number(self, day: str, service_code: str) -> int:
        row = self.db.execute(
            "INSERT INTO token_sequences (day, service, last_number) VALUES (?, ?, 1) "
            "ON CONFLICT (day, service) DO UPDATE SET last_number = last_number + 1 "
            "RETURNING last_number",
            [day, service_code],
        ).fetchone()
        return row[0]

    def _insert_ticket(
        self,
        day: str,
        token: str,
        number: int,
        service: str,
        priority: Priority,
        now: float,
        ahead: int,
        wait: int,
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO tickets (day, token, number, service, priority, state, "
            "issued_at, people_ahead, estimated_wait_minutes) "
            "VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?)",
            [day, token, number, service, priority.value, now, ahead, wait],
        )
        return cursor.lastrowid

    def _open_case(
        self, ticket_id: int, service_code: str, now: float, actor: str
    ) -> tuple[str, int]:
        code = new_tracking_code()
        cursor = self.db.execute(
            "INSERT INTO cases (tracking_code, ticket_id, service, status, opened_at, "
            "updated_at) VALUES (?, ?, ?, 'received', ?, ?)",
            [code, ticket_id, service_code, now, now],
        )
        case_id = cursor.lastrowid
        self.db.execute(
            "INSERT INTO case_history (case_id, status, note, at, actor) "
            "VALUES (?, 'received', NULL, ?, ?)",
            [case_id, now, actor],
        )
        self._event(now, "case_opened", ticket_id, None, actor, {"case_id": case_id})
        return code, case_id

    def case_number_of(self, case_id: int, opened_at: float) -> str:
        """Return the case number staff and visitors quote: ``2026-000042``."""
        return case_number(case_id, self.local_time(opened_at).year)

    def _insert_complaint(self, case_id: int, form: ComplaintForm, now: float) -> None:
        # Personal data goes into this row only; events carry the category alone.
        self.db.execute(
            "INSERT INTO complaints (case_id, category, gender_desk, name, "
            "relation_name, cnic, mobile, description, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                case_id,
                form.category,
                int(form.gender_desk),
                form.name,
                form.relation_name,
                form.cnic,
                form.mobile,
                form.description,
                now,
            ],
        )

    def complaint_for_case(self, case_id: int) -> ComplaintForm | None:
        """Return the complaint stored with a case, or None (or purged: None)."""
        row = self.db.execute(
            "SELECT name, relation_name, cnic, mobile, category, description, "
            "gender_desk FROM complaints WHERE case_id = ? AND purged_at IS NULL",
            [case_id],
        ).fetchone()
        if row is None:
            return None
        return ComplaintForm(*row[:6], gender_desk=bool(row[6]))

    # -- calling ----------------------------------------------------------

    def call_next(self, counter_number: int, actor: str | None = None) -> Ticket:
        """Call the next ticket for a counter by the priority rule (see README).

        Raises QueueEmptyError when nothing the counter serves is waiting.
        """
        counter = self.config.counter(counter_number)
        actor = actor or f"counter:{counter_number}"
        with self._write() as now:
            self._ensure_counter_free(counter_number)
            ticket_id = self._pick_next(counter, now)
            if ticket_id is None:
                raise QueueEmptyError(
                    f"nothing is waiting for counter {counter_number} "
                    f"({', '.join(counter.services)})"
                )
            self._mark_called(ticket_id, counter_number, now, actor)
        ticket = self.ticket_by_id(ticket_id)
        log.info("counter %d called ticket %s", counter_number, ticket.token)
        return ticket

    def call_token(
        self, counter_number: int, token: str, actor: str | None = None
    ) -> Ticket:
        """Call one waiting ticket by its token, out of turn."""
        self.config.counter(counter_number)
        actor = actor or f"counter:{counter_number}"
        with self._write() as now:
            self._ensure_counter_free(counter_number)
            ticket = self.ticket_by_token(token)
            queue_rules.next_state("call", ticket.token, ticket.state)
            self._mark_called(ticket.id, counter_number, now, actor)
        log.info(
            "counter %d called ticket %s out of turn", counter_number, ticket.token
        )
        return self.ticket_by_id(ticket.id)

    def _ensure_counter_free(self, counter_number: int) -> None:
        current = self._current_ticket_row(counter_number)
        if current is not None:
            raise queue_rules.IllegalTransitionError(
                f"counter {counter_number} still has ticket {current['token']} "
                f"({current['state']}); complete it, mark it no-show or transfer it "
                "before calling another"
            )

    def _pick_next(self, counter: Counter, now: float) -> int | None:
        """Return the id of the ticket ``counter`` should call now, or None.

        1. A ticket waiting longer than ``max_wait_minutes`` goes first (oldest).
        2. At a gender desk, women's tickets of any service come next.
        3. Then the counter's services in order of preference.
        Within a step, the earliest arrival wins, priority tickets counting as
        if they had come ``priority_head_start_minutes`` earlier.
        """
        day = self.local_time(now).date().isoformat()
        rules = self.config.rules
        head_start = rules.priority_head_start_minutes * 60.0
        scope, params = self._candidate_scope(counter)

        overdue = self._first_waiting(
            f"{scope} AND issued_at < ?",
            [*params, now - rules.max_wait_minutes * 60],
            day,
            "issued_at",
        )
        if overdue is not None:
            return overdue

        ordering = "issued_at - CASE priority WHEN 'normal' THEN 0 ELSE ? END"
        if counter.gender_desk:
            women = self._first_waiting(
                "priority = 'women'", [], day, ordering, [head_start]
            )
            if women is not None:
                return women
        women_filter = "" if counter.gender_desk else " AND priority != 'women'"
        for service_code in counter.services:
            found = self._first_waiting(
                f"service = ?{women_filter}",
                [service_code],
                day,
                ordering,
                [head_start],
            )
            if found is not None:
                return found
        return None

    def _candidate_scope(self, counter: Counter) -> tuple[str, list[Any]]:
        """Return the SQL condition for tickets ``counter`` may call, and its params.

        Women's tickets are served at the gender desk only (when one exists).
        """
        marks = ", ".join("?" for _ in counter.services)
        if counter.gender_desk:
            return f"(service IN ({marks}) OR priority = 'women')", list(
                counter.services
            )
        if self._has_gender_desk():
            return f"service IN ({marks}) AND priority != 'women'", list(
                counter.services
            )
        return f"service IN ({marks})", list(counter.services)

    def _has_gender_desk(self) -> bool:
        return any(counter.gender_desk for counter in self.config.counters.values())

    def _first_waiting(
        self,
        condition: str,
        params: list[Any],
        day: str,
        ordering: str,
        ordering_params: list[Any] | None = None,
    ) -> int | None:
        row = self.db.execute(
            f"SELECT id FROM tickets WHERE state = 'waiting' AND day = ? AND "
            f"({condition}) ORDER BY {ordering}, id LIMIT 1",
            [day, *params, *(ordering_params or [])],
        ).fetchone()
        return None if row is None else row[0]

    def _mark_called(
        self, ticket_id: int, counter: int, now: float, actor: str
    ) -> None:
        # The state guard in WHERE makes a lost race impossible to miss: a ticket
        # another counter called in between matches no row.
        cursor = self.db.execute(
            "UPDATE tickets SET state = 'called', called_at = ?, counter = ? "
            "WHERE id = ? AND state = 'waiting'",
            [now, counter, ticket_id],
        )
        if cursor.rowcount != 1:
            raise queue_rules.IllegalTransitionError(
                f"ticket {ticket_id} was taken by another counter; call again"
            )
        self._event(now, "called", ticket_id, counter, actor, None)

    # -- lifecycle --------------------------------------------------------

    def recall(self, token: str, actor: str = "staff") -> Ticket:
        """Call a called (or no-show) ticket again; counts recalls."""
        return self._transition(
            token, "recall", actor, extra_sql="recalls = recalls + 1"
        )

    def serve(self, token: str, actor: str = "staff") -> Ticket:
        """Mark that the visitor has come to the counter and service started."""
        return self._transition(token, "serve", actor, time_column="serving_at")

    def complete(self, token: str, actor: str = "staff") -> Ticket:
        """Mark the service done."""
        return self._transition(token, "complete", actor, time_column="finished_at")

    def no_show(self, token: str, actor: str = "staff") -> Ticket:
        """Mark that the visitor did not come when called."""
        return self._transition(token, "no_show", actor, time_column="finished_at")

    def cancel(self, token: str, actor: str = "staff") -> Ticket:
        """Cancel a ticket that is waiting or called."""
        return self._transition(token, "cancel", actor, time_column="finished_at")

    def transfer(self, token: str, service_code: str, actor: str = "staff") -> Ticket:
        """Send a ticket to another service's queue, keeping its token and arrival."""
        self.config.service(service_code)
        return self._transition(
            token,
            "transfer",
            actor,
            extra_sql=(
                "service = ?, counter = NULL, called_at = NULL, serving_at = NULL"
            ),
            extra_params=[service_code],
            detail={"to_service": service_code},
        )

    def current_ticket(self, counter_number: int) -> Ticket | None:
        """Return the ticket a counter has called or is serving, if any."""
        self.config.counter(counter_number)
        row = self._current_ticket_row(counter_number)
        return None if row is None else _ticket_from_row(row)

    def _current_ticket_row(self, counter_number: int) -> dict[str, Any] | None:
        rows = self.db.query(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE counter = ? "
            "AND state IN ('called', 'serving') ORDER BY called_at DESC LIMIT 1",
            [counter_number],
        )
        return next(iter(rows), None)

    def _transition(
        self,
        token: str,
        action: str,
        actor: str,
        time_column: str | None = None,
        extra_sql: str | None = None,
        extra_params: list[Any] | None = None,
        detail: dict[str, Any] | None = None,
    ) -> Ticket:
        with self._write() as now:
            ticket = self.ticket_by_token(token)
            target = queue_rules.next_state(action, ticket.token, ticket.state)
            assignments = ["state = ?"]
            params: list[Any] = [target.value]
            if time_column:
                assignments.append(f"{time_column} = ?")
                params.append(now)
            if extra_sql:
                assignments.append(extra_sql)
                params.extend(extra_params or [])
            self.db.execute(
                f"UPDATE tickets SET {', '.join(assignments)} WHERE id = ?",
                [*params, ticket.id],
            )
            event_detail = {"from": ticket.state.value, **(detail or {})}
            self._event(now, action, ticket.id, ticket.counter, actor, event_detail)
        log.info("ticket %s: %s -> %s", ticket.token, ticket.state.value, target.value)
        return self.ticket_by_id(ticket.id)

    # -- reading tickets --------------------------------------------------

    def ticket_by_token(self, token: str, day: str | None = None) -> Ticket:
        """Return the ticket with this token on ``day`` (default today)."""
        canonical = queue_rules.normalise_token(token)
        day = day or self.today()
        rows = list(
            self.db.query(
                f"SELECT {TICKET_COLUMNS} FROM tickets WHERE day = ? AND token = ?",
                [day, canonical],
            )
        )
        if not rows:
            raise UnknownTicketError(f"no ticket {canonical} on {day}")
        return _ticket_from_row(rows[0])

    def ticket_by_id(self, ticket_id: int) -> Ticket:
        """Return the ticket with this row id."""
        rows = list(
            self.db.query(
                f"SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?", [ticket_id]
            )
        )
        if not rows:
            raise UnknownTicketError(f"no ticket with id {ticket_id}")
        return _ticket_from_row(rows[0])

    def waiting_tickets(self, service_code: str | None = None) -> list[Ticket]:
        """Return today's waiting tickets, oldest first."""
        condition, params = "", []
        if service_code is not None:
            condition, params = " AND service = ?", [service_code]
        rows = self.db.query(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE state = 'waiting' AND day = ?"
            f"{condition} ORDER BY issued_at, id",
            [self.today(), *params],
        )
        return [_ticket_from_row(row) for row in rows]

    def recent_calls(self, limit: int = 8) -> list[Ticket]:
        """Return today's most recent calls, newest first (for the hall board)."""
        rows = self.db.query(
            f"SELECT {TICKET_COLUMNS} FROM tickets WHERE day = ? AND called_at "
            "IS NOT NULL ORDER BY called_at DESC LIMIT ?",
            [self.today(), limit],
        )
        return [_ticket_from_row(row) for row in rows]

    # -- estimates --------------------------------------------------------

    def queue_summary(self) -> list[WaitingSummary]:
        """Return, per service, how many wait and how long a new ticket would wait."""
        now = self.clock()
        day = self.local_time(now).date().isoformat()
        summaries = []
        for code in self.config.services:
            ahead = self._people_ahead(day, code, Priority.NORMAL, now)
            summaries.append(self._summary(code, Priority.NORMAL, ahead, now))
        return summaries

    def _people_ahead(
        self, day: str, service_code: str, priority: Priority, now: float
    ) -> int:
        """Count today's waiting tickets of the service placed before a new one."""
        head_start = self.config.rules.priority_head_start_minutes * 60.0
        placed_at = now - queue_rules.head_start_seconds(
            priority, self.config.rules.priority_head_start_minutes
        )
        row = self.db.execute(
            "SELECT count(*) FROM tickets WHERE state = 'waiting' AND day = ? "
            "AND service = ? AND "
            "issued_at - CASE priority WHEN 'normal' THEN 0 ELSE ? END <= ?",
            [day, service_code, head_start, placed_at],
        ).fetchone()
        return row[0]

    def _summary(
        self, service_code: str, priority: Priority, ahead: int, now: float
    ) -> WaitingSummary:
        day = self.local_time(now).date().isoformat()
        waiting = self._waiting_counts(day)
        pool = self._counter_pool(service_code, priority, self.paused_counters())
        return WaitingSummary(
            service=service_code,
            waiting=waiting.get(service_code, 0),
            open_counters=len(pool),
            average_service_minutes=self.average_service_minutes(service_code, now),
            estimated_wait_minutes=self._estimate(
                service_code, priority, ahead, now, waiting
            ),
        )

    def _estimate(
        self,
        service_code: str,
        priority: Priority,
        ahead: int,
        now: float,
        waiting: dict[str, int] | None = None,
    ) -> int:
        """Return the estimated wait in minutes with ``ahead`` people before it.

        The counters that would call the ticket first serve the people ahead of
        it and, each, its share of the queues they prefer to this service (see
        README, "Estimated wait").
        """
        paused = self.paused_counters()
        pool = self._counter_pool(service_code, priority, paused)
        preferred = {
            counter.number: _preferred_before(counter, service_code) for counter in pool
        }
        codes = sorted({code for codes in preferred.values() for code in codes})
        # Most tickets are of a counter's first service: nothing more to read.
        if codes and waiting is None:
            day = self.local_time(now).date().isoformat()
            waiting = self._waiting_counts(day, codes)
        arrivals = (
            self._slow_figure(
                ("arrivals", *codes),
                now,
                lambda: self._recent_arrivals_per_minute(now, codes),
            )
            if codes
            else {}
        )
        average = {code: self._recent_average(code, now) for code in codes}
        servers = {
            code: max(len(self._counter_pool(code, Priority.NORMAL, paused)), 1)
            for code in codes
        }

        preferred_work = 0.0
        capacity = 0.0
        for counter in pool:
            busy_share = 0.0
            for code in preferred[counter.number]:
                preferred_work += waiting.get(code, 0) * average[code] / servers[code]
                busy_share += arrivals.get(code, 0.0) * average[code] / servers[code]
            capacity += max(1.0 - busy_share, MIN_COUNTER_SHARE)
        own_minutes = self._recent_average(service_code, now)
        return queue_rules.estimate_wait_minutes(
            ahead, own_minutes, capacity, preferred_work
        )

    def _recent_average(self, service_code: str, now: float) -> float:
        return self._slow_figure(
            ("average", service_code),
            now,
            lambda: self.average_service_minutes(service_code, now),
        )

    def _slow_figure(self, key: tuple, now: float, compute: Callable[[], T]) -> T:
        """Return a figure that changes slowly, recomputed every 30 s at most.

        Service-time averages and arrival rates move over tens of minutes;
        reading them once per ticket doubled issue's cost for no better estimate.
        """
        cached = self._slow_figures.get(key)
        if cached is not None and now - cached[0] < SLOW_FIGURE_SECONDS:
            return cached[1]
        value = compute()
        self._slow_figures[key] = (now, value)
        return value

    def _recent_arrivals_per_minute(
        self, now: float, services: list[str]
    ) -> dict[str, float]:
        """Return each of ``services``' arrivals per minute over the last hour."""
        marks = ", ".join("?" for _ in services)
        rows = self.db.execute(
            f"SELECT service, count(*) FROM tickets WHERE issued_at > ? "
            f"AND service IN ({marks}) GROUP BY service",
            [now - ARRIVAL_WINDOW_SECONDS, *services],
        )
        minutes = ARRIVAL_WINDOW_SECONDS / 60.0
        return {service: count / minutes for service, count in rows.fetchall()}

    def _waiting_counts(
        self, day: str, services: list[str] | None = None
    ) -> dict[str, int]:
        """Return today's waiting count per service (of ``services``, if given)."""
        codes = list(self.config.services) if services is None else services
        marks = ", ".join("?" for _ in codes)
        rows = self.db.execute(
            "SELECT service, count(*) FROM tickets WHERE state = 'waiting' "
            f"AND service IN ({marks}) AND day = ? GROUP BY service",
            [*codes, day],
        )
        return dict(rows.fetchall())

    def average_service_minutes(
        self, service_code: str, now: float | None = None
    ) -> float:
        """Return the mean service time of the service's recent finished tickets.

        The configured minutes are used until ``service_time_min_history``
        tickets were served in the last 30 days.
        """
        now = self.clock() if now is None else now
        rules = self.config.rules
        row = self.db.execute(
            "SELECT count(*), avg(finished_at - serving_at) FROM ("
            "  SELECT finished_at, serving_at FROM tickets"
            "  WHERE state = 'done' AND service = ? AND finished_at > ?"
            "  AND serving_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?)",
            [
                service_code,
                now - SERVICE_TIME_WINDOW_SECONDS,
                rules.service_time_sample,
            ],
        ).fetchone()
        count, mean_seconds = row
        if count < rules.service_time_min_history or mean_seconds is None:
            return self.config.services[service_code].minutes
        return max(mean_seconds / 60.0, 0.5)

    def _counter_pool(
        self, service_code: str, priority: Priority, paused: set[int]
    ) -> list[Counter]:
        """Return the counters not in ``paused`` that would call this service's ticket.

        A woman's ticket is called by the gender desks; when every counter of
        the pool is paused, all of them count, since someone will resume.
        """
        women_at_desk = priority is Priority.WOMEN and self._has_gender_desk()
        serving = [
            counter
            for counter in self.config.counters.values()
            if (
                counter.gender_desk
                if women_at_desk
                else service_code in counter.services
            )
        ]
        return [
            counter for counter in serving if counter.number not in paused
        ] or serving

    # -- end of day -------------------------------------------------------

    def close_unserved_before_today(self, actor: str = "rollover") -> list[Ticket]:
        """Close every open ticket of a day before today as not served.

        Runs in one transaction; each ticket gets a ``close_unserved`` event.
        Running it again closes nothing. Returns the tickets as they were.
        """
        open_states = ALLOWED_TRANSITIONS_FROM["close_unserved"]
        marks = ", ".join("?" for _ in open_states)
        with self._write() as now:
            rows = list(
                self.db.query(
                    f"SELECT {TICKET_COLUMNS} FROM tickets WHERE day < ? "
                    f"AND state IN ({marks}) ORDER BY day, id",
                    [self.local_time(now).date().isoformat(), *open_states],
                )
            )
            for row in rows:
                self._close_unserved(_ticket_from_row(row), now, actor)
        return [_ticket_from_row(row) for row in rows]

    def _close_unserved(self, ticket: Ticket, now: float, actor: str) -> None:
        target = queue_rules.next_state("close_unserved", ticket.token, ticket.state)
        self.db.execute(
            "UPDATE tickets SET state = ?, finished_at = ? WHERE id = ?",
            [target.value, now, ticket.id],
        )
        detail = {"day": ticket.day, "from": ticket.state.value}
        self._event(now, "close_unserved", ticket.id, ticket.counter, actor, detail)

    # -- counters ---------------------------------------------------------

    def set_paused(
        self, counter_number: int, paused: bool, actor: str = "staff"
    ) -> None:
        """Pause or resume a counter; paused counters do not count in estimates."""
        self.config.counter(counter_number)
        with self._write() as now:
            self.db.execute(
                "INSERT INTO counter_state (counter, paused, updated_at) "
                "VALUES (?, ?, ?) "
                "ON CONFLICT (counter) DO UPDATE SET paused = excluded.paused, "
                "updated_at = excluded.updated_at",
                [counter_number, int(paused), now],
            )
            kind = "counter_paused" if paused else "counter_resumed"
            self._event(now, kind, None, counter_number, actor, None)

    def paused_counters(self) -> set[int]:
        """Return the numbers of the counters that are paused now."""
        rows = self.db.execute("SELECT counter FROM counter_state WHERE paused = 1")
        return {row[0] for row in rows}

    # -- cases ------------------------------------------------------------

    def case_by_code(self, code: str) -> Case:
        """Return the case with this tracking code (typed forms are normalised)."""
        canonical = normalise_tracking_code(code)
        rows = list(
            self.db.query(
                "SELECT cases.*, tickets.token FROM cases LEFT JOIN tickets "
                "ON tickets.id = cases.ticket_id WHERE tracking_code = ?",
                [canonical],
            )
        )
        if not rows:
            raise UnknownCaseError(
                "no case has this tracking code; check the code on your slip"
            )
        return self._case_from_row(rows[0])

    def case_for_ticket(self, ticket: Ticket) -> Case | None:
        """Return the case a ticket opened, or None for untracked services."""
        row = self.db.execute(
            "SELECT tracking_code FROM cases WHERE ticket_id = ?", [ticket.id]
        ).fetchone()
        return None if row is None else self.case_by_code(row[0])

    def update_case(
        self, code: str, status: str, note: str | None = None, actor: str = "staff"
    ) -> Case:
        """Move a case to a new status, with an optional note, in its history."""
        new_status = _parse_case_status(status)
        case = self.case_by_code(code)
        with self._write() as now:
            self.db.execute(
                "UPDATE cases SET status = ?, updated_at = ? WHERE id = ?",
                [new_status.value, now, case.id],
            )
            self.db.execute(
                "INSERT INTO case_history (case_id, status, note, at, actor) "
                "VALUES (?, ?, ?, ?, ?)",
                [case.id, new_status.value, note, now, actor],
            )
            ticket_id = self._ticket_id_of_case(case.id)
            self._event(
                now,
                "case_status",
                ticket_id,
                None,
                actor,
                {"case_id": case.id, "status": new_status.value},
            )
        log.info("case %s is now %s", case.case_number, new_status.value)
        return self.case_by_code(case.tracking_code)

    def _ticket_id_of_case(self, case_id: int) -> int | None:
        return self.db.execute(
            "SELECT ticket_id FROM cases WHERE id = ?", [case_id]
        ).fetchone()[0]

    def _case_from_row(self, row: dict[str, Any]) -> Case:
        history = tuple(
            CaseEntry(
                CaseStatus(entry["status"]), entry["at"], entry["note"], entry["actor"]
            )
            for entry in self.db.query(
                "SELECT status, at, note, actor FROM case_history WHERE case_id = ? "
                "ORDER BY at, id",
                [row["id"]],
            )
        )
        return Case(
            id=row["id"],
            case_number=self.case_number_of(row["id"], row["opened_at"]),
            tracking_code=row["tracking_code"],
            service=row["service"],
            ticket_token=row["token"],
            status=CaseStatus(row["status"]),
            opened_at=row["opened_at"],
            updated_at=row["updated_at"],
            history=history,
        )

    # -- feedback ---------------------------------------------------------

    def add_feedback(
        self,
        token: str,
        rating: int,
        tags: tuple[str, ...] = (),
        comment: str | None = None,
        day: str | None = None,
        actor: str = "kiosk",
    ) -> int:
        """Record a visitor's rating (1-5) of a ticket's service; return its id."""
        if not 1 <= rating <= 5:
            raise InvalidInputError(f"rating {rating} is not allowed; give 1 to 5")
        unknown = [tag for tag in tags if tag not in FEEDBACK_TAGS]
        if unknown:
            raise InvalidInputError(
                f"unknown feedback tag '{unknown[0]}'; tags: {', '.join(FEEDBACK_TAGS)}"
            )
        ticket = self.ticket_by_token(token, day)
        with self._write() as now:
            cursor = self.db.execute(
                "INSERT INTO feedback (ticket_id, counter, rating, tags, comment, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    ticket.id,
                    ticket.counter,
                    rating,
                    json.dumps(list(tags)),
                    comment,
                    now,
                ],
            )
            self._event(
                now,
                "feedback",
                ticket.id,
                ticket.counter,
                actor,
                {"rating": rating, "tags": list(tags)},
            )
        log.info("feedback %d/5 recorded for ticket %s", rating, ticket.token)
        return cursor.lastrowid

    # -- statistics -------------------------------------------------------

    def stats(self, day: str | None = None) -> list[dict[str, Any]]:
        """Return one row per service for ``day``: counts, mean wait, service time."""
        day = day or self.today()
        rows = {
            row["service"]: row
            for row in self.db.query(
                "SELECT service, count(*) AS issued, "
                "sum(state = 'waiting') AS waiting, "
                "sum(state IN ('called', 'serving')) AS at_counter, "
                "sum(state = 'done') AS done, sum(state = 'no_show') AS no_show, "
                "sum(state = 'cancelled') AS cancelled, "
                "round(avg(called_at - issued_at) / 60.0, 1) AS mean_wait_minutes, "
                "round(avg(CASE WHEN state = 'done' THEN finished_at - serving_at END)"
                " / 60.0, 1) AS mean_service_minutes "
                "FROM tickets WHERE day = ? GROUP BY service",
                [day],
            )
        }
        ratings = {
            row["service"]: row
            for row in self.db.query(
                "SELECT tickets.service, count(*) AS feedback, "
                "round(avg(rating), 2) AS mean_rating FROM feedback "
                "JOIN tickets ON tickets.id = feedback.ticket_id "
                "WHERE tickets.day = ? GROUP BY tickets.service",
                [day],
            )
        }
        return [
            _stats_row(code, rows.get(code), ratings.get(code))
            for code in self.config.services
        ]

    def events(self, ticket_id: int | None = None) -> list[dict[str, Any]]:
        """Return events (all, or one ticket's), oldest first."""
        if ticket_id is None:
            return list(self.db.query("SELECT * FROM events ORDER BY id"))
        return list(
            self.db.query(
                "SELECT * FROM events WHERE ticket_id = ? ORDER BY id", [ticket_id]
            )
        )

    # -- plumbing ---------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[float]:
        """Run a block in one immediate transaction; yield the time it runs at.

        BEGIN IMMEDIATE takes the write lock before reading, so the read-then-
        write steps of issue and call never interleave between processes.
        """
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.clock()
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def _event(
        self,
        at: float,
        kind: str,
        ticket_id: int | None,
        counter: int | None,
        actor: str,
        detail: dict[str, Any] | None,
    ) -> None:
        self.db.execute(
            "INSERT INTO events (at, kind, ticket_id, counter, actor, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                at,
                kind,
                ticket_id,
                counter,
                actor,
                None if detail is None else json.dumps(detail, sort_keys=True),
            ],
        )


def _preferred_before(counter: Counter, service_code: str) -> tuple[str, ...]:
    """Return the services ``counter`` calls before ``service_code``."""
    if service_code not in counter.services:
        return ()
    return counter.services[: counter.services.index(service_code)]


def case_number(case_id: int, year: int) -> str:
    """Return the case number staff and visitors quote: ``2026-000042``."""
    return f"{year}-{case_id:06d}"


def _parse_case_status(text: str) -> CaseStatus:
    try:
        return CaseStatus(text.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        allowed = ", ".join(status.value for status in CaseStatus)
        raise InvalidInputError(
            f"unknown case status '{text}'; choose one of: {allowed}"
        ) from None


def _ticket_from_row(row: dict[str, Any]) -> Ticket:
    return Ticket(
        id=row["id"],
        day=row["day"],
        token=row["token"],
        service=row["service"],
        priority=Priority(row["priority"]),
        state=TicketState(row["state"]),
        issued_at=row["issued_at"],
        called_at=row["called_at"],
        serving_at=row["serving_at"],
        finished_at=row["finished_at"],
        counter=row["counter"],
        recalls=row["recalls"],
        people_ahead=row["people_ahead"],
        estimated_wait_minutes=row["estimated_wait_minutes"],
    )


def _stats_row(
    code: str, row: dict[str, Any] | None, ratings: dict[str, Any] | None
) -> dict[str, Any]:
    counts = ("issued", "waiting", "at_counter", "done", "no_show", "cancelled")
    result: dict[str, Any] = {"service": code}
    result.update({name: (row or {}).get(name) or 0 for name in counts})
    result["mean_wait_minutes"] = (row or {}).get("mean_wait_minutes")
    result["mean_service_minutes"] = (row or {}).get("mean_service_minutes")
    result["feedback"] = (ratings or {}).get("feedback", 0)
    result["mean_rating"] = (ratings or {}).get("mean_rating")
    return result
