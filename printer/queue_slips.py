"""Turn queue records (tickets, cases) into the slips the layouts print.

This is where the printer meets the queue core: the kiosk, the counter desk and
``kiosk-admin print`` all build their slips here, so a slip says the same thing
whoever prints it.
"""

from datetime import date, datetime, timedelta

from kiosk.complaints import format_cnic
from kiosk.config import KioskConfig
from kiosk.models import Case, Ticket
from kiosk.store import QueueStore
from printer.slip import CaseReceipt, TicketSlip, mask_cnic, qr_payload


def ticket_slip(
    store: QueueStore,
    ticket: Ticket,
    tracking_code: str | None = None,
    reprint: bool = False,
) -> TicketSlip:
    """Return the slip of ``ticket`` as issued: people ahead and wait as told then.

    The tracking code is looked up from the ticket's case when not given.
    """
    config = store.config
    service = config.service(ticket.service)
    if tracking_code is None and service.trackable:
        case = store.case_for_ticket(ticket)
        tracking_code = case.tracking_code if case else None
    return TicketSlip(
        centre_en=config.centre.name_en,
        centre_ur=config.centre.name_ur,
        token=ticket.token,
        service_en=service.name_en,
        service_ur=service.name_ur,
        issued_at=store.local_time(ticket.issued_at),
        people_ahead=ticket.people_ahead,
        estimated_wait_minutes=ticket.estimated_wait_minutes or 0,
        documents_en=service.documents_en,
        documents_ur=service.documents_ur,
        tracking_code=tracking_code,
        qr_payload=_payload(config, tracking_code),
        reprint=reprint,
    )


def case_receipt(
    store: QueueStore, case: Case, cnic: str | None = None, reprint: bool = False
) -> CaseReceipt:
    """Return the receipt of ``case``; ``cnic`` (13 digits) is printed masked."""
    config = store.config
    service = config.service(case.service)
    opened = store.local_time(case.opened_at)
    return CaseReceipt(
        centre_en=config.centre.name_en,
        centre_ur=config.centre.name_ur,
        case_number=case.case_number,
        tracking_code=case.tracking_code,
        qr_payload=_payload(config, case.tracking_code),
        service_en=service.name_en,
        service_ur=service.name_ur,
        next_steps_en=service.next_steps_en,
        next_steps_ur=service.next_steps_ur,
        expected_by=add_working_days(opened, service.working_days),
        issued_at=opened,
        cnic_masked=mask_cnic(format_cnic(cnic)) if cnic else None,
        token=case.ticket_token,
        reprint=reprint,
    )


def add_working_days(start: datetime, days: int) -> date:
    """Return the date ``days`` working days after ``start`` (Sundays are off)."""
    current = start.date()
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() != 6:
            remaining -= 1
    return current


def _payload(config: KioskConfig, tracking_code: str | None) -> str | None:
    if tracking_code is None:
        return None
    return qr_payload(tracking_code, config.tracking.public_url)
