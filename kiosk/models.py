"""Plain records the queue core hands to its callers: tickets, cases, feedback."""

from dataclasses import dataclass
from enum import StrEnum


class Priority(StrEnum):
    """Who a ticket is for; every class but NORMAL goes ahead (see README)."""

    NORMAL = "normal"
    WOMEN = "women"
    SENIOR = "senior"
    DISABILITY = "disability"


class TicketState(StrEnum):
    """Where a ticket is in its life; see ``queue_rules.ALLOWED_TRANSITIONS``."""

    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    NOT_SERVED = "not_served"


class CaseStatus(StrEnum):
    """The stages of a case a visitor can track."""

    RECEIVED = "received"
    UNDER_PROCESS = "under_process"
    READY_FOR_COLLECTION = "ready_for_collection"
    CLOSED = "closed"


CASE_STATUS_LABELS = {
    CaseStatus.RECEIVED: ("Received", "موصول"),
    CaseStatus.UNDER_PROCESS: ("Under process", "زیرِ کارروائی"),
    CaseStatus.READY_FOR_COLLECTION: ("Ready for collection", "وصولی کے لیے تیار"),
    CaseStatus.CLOSED: ("Closed", "مکمل"),
}

PRIORITY_LABELS = {
    Priority.NORMAL: ("No priority", "عام"),
    Priority.WOMEN: ("Women", "خواتین"),
    Priority.SENIOR: ("Senior citizen", "بزرگ شہری"),
    Priority.DISABILITY: ("Person with disability", "خصوصی افراد"),
}


@dataclass(frozen=True)
class Ticket:
    """One queue ticket as stored; times are Unix seconds (UTC)."""

    id: int
    day: str
    token: str
    service: str
    priority: Priority
    state: TicketState
    issued_at: float
    called_at: float | None
    serving_at: float | None
    finished_at: float | None
    counter: int | None
    recalls: int
    people_ahead: int
    estimated_wait_minutes: int | None


@dataclass(frozen=True)
class IssuedTicket:
    """What the kiosk needs right after issuing: the ticket and its case, if any."""

    ticket: Ticket
    people_ahead: int
    estimated_wait_minutes: int
    tracking_code: str | None
    case_number: str | None


@dataclass(frozen=True)
class CaseEntry:
    """One step in a case's status history."""

    status: CaseStatus
    at: float
    note: str | None
    actor: str


@dataclass(frozen=True)
class Case:
    """A trackable case and its history, oldest entry first."""

    id: int
    case_number: str
    tracking_code: str
    service: str
    ticket_token: str | None
    status: CaseStatus
    opened_at: float
    updated_at: float
    history: tuple[CaseEntry, ...]


@dataclass(frozen=True)
class WaitingSummary:
    """How many wait for one service, and how long a new ticket would wait."""

    service: str
    waiting: int
    open_counters: int
    average_service_minutes: float
    estimated_wait_minutes: int
