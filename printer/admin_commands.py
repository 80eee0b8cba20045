"""kiosk-admin's printer commands: ``print``, ``printer-status``, ``print-test``.

They print on whatever ``[printer]`` in kiosk.ini names, the preview printer
included. Printer faults rise as :class:`printer.PrinterError`; kiosk-admin
shows their English message and exits with status 2.
"""

import argparse
from dataclasses import asdict
from typing import Any

from kiosk.store import QueueStore
from printer.queue_slips import case_receipt, ticket_slip
from printer.service import TicketPrinter
from printer.status import PrinterStatus

# Exit status of printer-status when the printer cannot print now.
EXIT_NOT_READY = 1


def add_commands(commands: Any, add_command: Any) -> None:
    """Register the printer commands with ``add_command(commands, name, fn, help)``."""
    reprint = add_command(
        commands, "print", cmd_print, "reprint a ticket, or its case receipt"
    )
    reprint.add_argument("token", help="the ticket's token, e.g. C-007")
    reprint.add_argument("--date", help="the ticket's day, YYYY-MM-DD (default today)")
    reprint.add_argument(
        "--receipt", action="store_true", help="print the case receipt instead"
    )
    add_command(commands, "printer-status", cmd_printer_status, "is the printer ready?")
    add_command(commands, "print-test", cmd_print_test, "print a sample slip (T-000)")


def cmd_print(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Reprint a ticket (marked REPRINT) or, with --receipt, its case receipt."""
    ticket = store.ticket_by_token(args.token, args.date)
    printer = TicketPrinter(store.config.printer)
    case = store.case_for_ticket(ticket)

    if args.receipt or _has_complaint(store, case):
        if case is None:
            from kiosk.errors import InvalidInputError

            raise InvalidInputError(
                f"ticket {ticket.token} opened no case; it has no receipt to print"
            )
        complaint = store.complaint_for_case(case.id)
        cnic = complaint.cnic if complaint else None
        status = printer.print_receipt(case_receipt(store, case, cnic, reprint=True))
        printed = "case receipt"
    else:
        status = printer.print_ticket(ticket_slip(store, ticket, reprint=True))
        printed = "ticket"
    return {"token": ticket.token, "printed": printed, **_status_fields(status)}


def _has_complaint(store: QueueStore, case: Any) -> bool:
    return case is not None and store.complaint_for_case(case.id) is not None


def cmd_printer_status(args: argparse.Namespace, store: QueueStore) -> Any:
    """Report whether the printer is reachable, has paper and its cover is shut."""
    status = TicketPrinter(store.config.printer).status()
    fields = {"connection": store.config.printer.connection, **_status_fields(status)}
    args.exit_status = 0 if status.can_print else EXIT_NOT_READY
    return fields


def cmd_print_test(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Print the sample slip for this centre."""
    config = store.config
    status = TicketPrinter(config.printer).print_test(config.centre, config.tracking)
    return {"printed": "test slip T-000", **_status_fields(status)}


def _status_fields(status: PrinterStatus) -> dict[str, Any]:
    fields = asdict(status)
    fields["can_print"] = status.can_print
    return fields
