"""The queue's rules as pure functions: lifecycle, priority, tokens, estimates.

Nothing here touches the database, so each rule is tested on its own and the
store applies the same rule in SQL and in Python.
"""

import math
import re

from kiosk.errors import IllegalTransitionError, InvalidInputError
from kiosk.models import Priority, TicketState

W, C, S = TicketState.WAITING, TicketState.CALLED, TicketState.SERVING

# action -> (states it may start from, state it leads to)
ALLOWED_TRANSITIONS: dict[str, tuple[frozenset[TicketState], TicketState]] = {
    "call": (frozenset({W}), C),
    "recall": (frozenset({C, TicketState.NO_SHOW}), C),
    "serve": (frozenset({C}), S),
    "complete": (frozenset({S}), TicketState.DONE),
    "no_show": (frozenset({C}), TicketState.NO_SHOW),
    "transfer": (frozenset({W, C, S}), W),
    "cancel": (frozenset({W, C}), TicketState.CANCELLED),
    "close_unserved": (frozenset({W, C, S}), TicketState.NOT_SERVED),
}

TOKEN_PATTERN = re.compile(r"^([A-Z]{1,2})-?0*(\d{1,4})$")


def next_state(action: str, token: str, current: TicketState) -> TicketState:
    """Return the state ``action`` leads to from ``current``, or raise."""
    starts, target = ALLOWED_TRANSITIONS[action]
    if current not in starts:
        allowed = ", ".join(sorted(state.value for state in starts))
        raise IllegalTransitionError(
            f"cannot {action.replace('_', '-')} ticket {token}: it is {current.value}; "
            f"{action.replace('_', '-')} needs a ticket that is {allowed}"
        )
    return target


def format_token(prefix: str, number: int) -> str:
    """Return the printed token: ``C-007``."""
    return f"{prefix}-{number:03d}"


def normalise_token(text: str) -> str:
    """Return the canonical token for what staff typed (``c7``, ``C007``, ``C-007``)."""
    match = TOKEN_PATTERN.match(text.strip().upper().replace(" ", ""))
    if not match:
        raise InvalidInputError(
            f"'{text}' is not a token; write it as on the slip, e.g. C-007"
        )
    return format_token(match.group(1), int(match.group(2)))


def parse_priority(text: str) -> Priority:
    """Return the Priority named by ``text``, or raise naming the allowed ones."""
    try:
        return Priority(text.strip().lower())
    except ValueError:
        allowed = ", ".join(priority.value for priority in Priority)
        raise InvalidInputError(
            f"unknown priority '{text}'; choose one of: {allowed}"
        ) from None


def head_start_seconds(priority: Priority, head_start_minutes: float) -> float:
    """Return how much earlier than its arrival a ticket of ``priority`` is placed."""
    return 0.0 if priority is Priority.NORMAL else head_start_minutes * 60.0


def estimate_wait_minutes(
    people_ahead: int,
    average_service_minutes: float,
    counters: float,
    preferred_work_minutes: float = 0.0,
) -> int:
    """Return the estimated wait in whole minutes (rounded up).

    ``(people_ahead × average_service_minutes + preferred_work_minutes)
    / max(counters, 1)``: the work before this ticket, shared among the
    counters that would call it. ``preferred_work_minutes`` is what those
    counters must first do for the services they prefer to this one;
    ``counters`` may be fractional, each counter counting for the share of its
    time its preferred services leave free.
    """
    work = people_ahead * average_service_minutes + preferred_work_minutes
    if work <= 0:
        return 0
    return math.ceil(work / max(counters, 1.0) - 1e-9)
