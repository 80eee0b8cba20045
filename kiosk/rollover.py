"""The daily rollover: tickets of past days still open are closed as not served.

A visitor who took a ticket and was never served (the hall closed first, a
counter never called them) leaves a ticket in ``waiting``, ``called`` or
``serving``. Each morning (or at any later run, after days of downtime) every
such ticket of a day before today moves to ``not_served`` with a
``close_unserved`` event, so the figures of that day are final. Token numbering
needs no reset: numbers already count per local day (``token_sequences``).

The work is done by :meth:`QueueStore.close_unserved_before_today
<kiosk.store.QueueStore.close_unserved_before_today>`; this module runs it and
sums up what it closed.
"""

import logging
from dataclasses import dataclass

from kiosk.models import Ticket
from kiosk.store import QueueStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RolloverResult:
    """What a rollover closed: how many tickets, of which days, from which states."""

    today: str
    closed: int
    days: tuple[str, ...]
    by_state: dict[str, int]


def roll_over(store: QueueStore, actor: str = "rollover") -> RolloverResult:
    """Close every open ticket of a day before today as not served, in one go.

    Running it twice closes nothing the second time.
    """
    closed = store.close_unserved_before_today(actor)
    result = _summarise(store.today(), closed)
    if result.closed:
        log.info(
            "rollover closed %d ticket(s) of %s as not served",
            result.closed,
            ", ".join(result.days),
        )
    return result


def _summarise(today: str, tickets: list[Ticket]) -> RolloverResult:
    by_state: dict[str, int] = {}
    for ticket in tickets:
        by_state[ticket.state.value] = by_state.get(ticket.state.value, 0) + 1
    days = tuple(sorted({ticket.day for ticket in tickets}))
    return RolloverResult(today, len(tickets), days, by_state)
