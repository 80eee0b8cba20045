"""What a counter desk does, without Kivy: log in, act on tickets, read its state.

:class:`CounterDesk` wraps the queue store for one counter. Each action is one
store call made as ``counter:N``; :meth:`CounterDesk.snapshot` gathers what
the desk screen shows (the current ticket with its case, waiting per service,
warnings). The desk app runs these on a worker thread and shows the results.
"""

import logging
import math
from dataclasses import dataclass
from enum import StrEnum

from display_board.errors import LoginError
from kiosk.errors import InvalidInputError
from kiosk.models import CASE_STATUS_LABELS, PRIORITY_LABELS, Priority, Ticket
from kiosk.store import QueueStore

log = logging.getLogger(__name__)


class DeskAction(StrEnum):
    """The desk's commands, each on a button and a key."""

    CALL_NEXT = "call_next"
    RECALL = "recall"
    SERVE = "serve"
    COMPLETE = "complete"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    CALL_TOKEN = "call_token"
    PAUSE = "pause"


@dataclass(frozen=True)
class ActionSpec:
    """How an action appears: its key, its words, and whether it asks first."""

    action: DeskAction
    key: str
    label_en: str
    label_ur: str
    confirm: bool = False


ACTIONS = (
    ActionSpec(DeskAction.CALL_NEXT, "F1", "Call next", "اگلا ٹوکن بلائیں"),
    ActionSpec(DeskAction.RECALL, "F2", "Recall", "دوبارہ بلائیں"),
    ActionSpec(DeskAction.SERVE, "F3", "Start serving", "خدمت شروع کریں"),
    ActionSpec(DeskAction.COMPLETE, "F4", "Complete", "مکمل کریں"),
    ActionSpec(DeskAction.NO_SHOW, "F5", "No-show", "غیر حاضر", confirm=True),
    ActionSpec(DeskAction.TRANSFER, "F6", "Transfer", "منتقل کریں", confirm=True),
    ActionSpec(DeskAction.CALL_TOKEN, "F7", "Call a token", "مخصوص ٹوکن بلائیں"),
    ActionSpec(DeskAction.PAUSE, "F8", "Pause / Resume", "وقفہ / دوبارہ شروع"),
)
ACTION_BY_KEY = {spec.key.lower(): spec for spec in ACTIONS}


@dataclass(frozen=True)
class CurrentTicket:
    """The ticket at the counter, as the desk shows it (no personal data)."""

    token: str
    state: str
    service: str
    service_en: str
    service_ur: str
    priority: Priority
    priority_en: str
    priority_ur: str
    waited_minutes: int
    recalls: int
    case_code: str | None
    case_number: str | None
    case_status: str | None
    case_status_en: str | None
    case_status_ur: str | None


@dataclass(frozen=True)
class WaitingRow:
    """How many wait for one service this counter serves, and the longest wait."""

    service: str
    name_en: str
    name_ur: str
    waiting: int
    longest_minutes: int


@dataclass(frozen=True)
class DeskSnapshot:
    """Everything the desk screen shows at one moment."""

    counter: int
    paused: bool
    current: CurrentTicket | None
    waiting: tuple[WaitingRow, ...]
    overdue_priority: tuple[str, ...]


class CounterDesk:
    """One logged-in counter's commands over a :class:`QueueStore`."""

    def __init__(self, store: QueueStore, counter: int) -> None:
        self.store = store
        self.counter = store.config.counter(counter)
        self.actor = f"counter:{counter}"

    @classmethod
    def login(cls, store: QueueStore, counter: int, pin: str) -> "CounterDesk":
        """Check the counter's PIN; return its desk or raise LoginError.

        Wrong PINs count towards the lock-out kept in the database;
        PinLockedError (from :mod:`kiosk.staff_pins`) rises while locked.
        """
        store.config.counter(counter)
        role = f"counter:{counter}"
        if not store.pins.has_pin(role):
            raise LoginError(
                f"no PIN is set for counter {counter}; ask the in-charge to run "
                f"kiosk-admin set-pin {role}"
            )
        if not store.pins.check(role, pin):
            raise LoginError(f"wrong PIN for counter {counter}; try again")
        log.info("counter %d logged in at a desk", counter)
        return cls(store, counter)

    def run(self, action: DeskAction, argument: str | None = None) -> Ticket | None:
        """Carry out ``action`` (a token or service code as ``argument``)."""
        number = self.counter.number
        if action is DeskAction.CALL_NEXT:
            return self.store.call_next(number, actor=self.actor)
        if action is DeskAction.CALL_TOKEN:
            return self.store.call_token(
                number, _required(argument, "token"), self.actor
            )
        if action is DeskAction.PAUSE:
            paused = number in self.store.paused_counters()
            self.store.set_paused(number, not paused, actor=self.actor)
            return None
        token = self._current_token()
        if action is DeskAction.TRANSFER:
            return self.store.transfer(
                token, _required(argument, "service"), self.actor
            )
        method = {
            DeskAction.RECALL: self.store.recall,
            DeskAction.SERVE: self.store.serve,
            DeskAction.COMPLETE: self.store.complete,
            DeskAction.NO_SHOW: self.store.no_show,
        }[action]
        return method(token, actor=self.actor)

    def update_case(self, status: str, note: str | None) -> None:
        """Move the current ticket's case to ``status`` with an optional note."""
        ticket = self.store.current_ticket(self.counter.number)
        case = None if ticket is None else self.store.case_for_ticket(ticket)
        if case is None:
            raise InvalidInputError("the ticket at this counter has no case to update")
        self.store.update_case(case.tracking_code, status, note or None, self.actor)

    def transfer_choices(self) -> list[tuple[str, str, str]]:
        """Return (code, English name, Urdu name) of the services to transfer to."""
        ticket = self.store.current_ticket(self.counter.number)
        return [
            (code, service.name_en, service.name_ur)
            for code, service in self.store.config.services.items()
            if ticket is None or code != ticket.service
        ]

    def snapshot(self) -> DeskSnapshot:
        """Return what the desk shows now."""
        number = self.counter.number
        now = self.store.clock()
        ticket = self.store.current_ticket(number)
        waiting = [
            t
            for t in self.store.waiting_tickets()
            if t.service in self.counter.services
        ]
        return DeskSnapshot(
            counter=number,
            paused=number in self.store.paused_counters(),
            current=None if ticket is None else self._current(ticket, now),
            waiting=tuple(self._waiting_rows(waiting, now)),
            overdue_priority=tuple(self._overdue_priority(waiting, now)),
        )

    def _current_token(self) -> str:
        ticket = self.store.current_ticket(self.counter.number)
        if ticket is None:
            raise InvalidInputError(
                f"counter {self.counter.number} has no ticket now; call one first"
            )
        return ticket.token

    def _current(self, ticket: Ticket, now: float) -> CurrentTicket:
        service = self.store.config.services[ticket.service]
        case = self.store.case_for_ticket(ticket)
        status_en = status_ur = None
        if case is not None:
            status_en, status_ur = CASE_STATUS_LABELS[case.status]
        priority_en, priority_ur = PRIORITY_LABELS[ticket.priority]
        waited_until = ticket.called_at or now
        return CurrentTicket(
            token=ticket.token,
            state=ticket.state.value,
            service=ticket.service,
            service_en=service.name_en,
            service_ur=service.name_ur,
            priority=ticket.priority,
            priority_en=priority_en,
            priority_ur=priority_ur,
            waited_minutes=_minutes(waited_until - ticket.issued_at),
            recalls=ticket.recalls,
            case_code=None if case is None else case.tracking_code,
            case_number=None if case is None else case.case_number,
            case_status=None if case is None else case.status.value,
            case_status_en=status_en,
            case_status_ur=status_ur,
        )

    def _waiting_rows(self, waiting: list[Ticket], now: float) -> list[WaitingRow]:
        rows = []
        for code in self.counter.services:
            tickets = [t for t in waiting if t.service == code]
            service = self.store.config.services[code]
            longest = max((now - t.issued_at for t in tickets), default=0.0)
            rows.append(
                WaitingRow(
                    code,
                    service.name_en,
                    service.name_ur,
                    len(tickets),
                    _minutes(longest),
                )
            )
        return rows

    def _overdue_priority(self, waiting: list[Ticket], now: float) -> list[str]:
        """Return priority tokens whose wait, counted with the head start, passed
        ``max_wait_minutes``: the bound of the calling rule (see README)."""
        rules = self.store.config.rules
        bound = (rules.max_wait_minutes - rules.priority_head_start_minutes) * 60
        return [
            t.token
            for t in waiting
            if t.priority is not Priority.NORMAL and now - t.issued_at > bound
        ]


def _minutes(seconds: float) -> int:
    return max(math.floor(seconds / 60), 0)


def _required(value: str | None, what: str) -> str:
    if not value or not value.strip():
        raise InvalidInputError(f"give a {what}")
    return value.strip()
