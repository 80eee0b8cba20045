"""``kiosk-admin``: the queue from the command line, for staff and scripts.

Tables for people by default, ``--json`` for scripts. This module is the one
boundary where errors become what the user sees: any
:class:`~kiosk.errors.KioskError` or printer fault prints one line on stderr
and exits with status 2; nothing below it prints.

Like the apps, this entry point sits above the printer package (for the print
commands); the queue core below it never imports either.
"""

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from display_board import admin as board_commands
from kiosk import ops_commands
from kiosk.config import KioskConfig, load_config
from kiosk.errors import InvalidInputError, KioskError
from kiosk.models import CASE_STATUS_LABELS, Ticket
from kiosk.qr_decoder import scan_files
from kiosk.queue_rules import parse_priority
from kiosk.store import QueueStore
from kiosk.tracking_codes import format_tracking_code
from printer import PrinterError
from printer import admin_commands as printer_commands

EXIT_USAGE = 2
DEFAULT_CONFIG = "kiosk.ini"

Handler = Callable[[argparse.Namespace, QueueStore], Any]


def main(argv: Sequence[str] | None = None) -> int:
    """Run kiosk-admin with ``argv``; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )

    try:
        config = load_config(args.config)
        result = run_command(args, config)
    except KioskError as error:
        _print_error(str(error))
        return EXIT_USAGE
    except PrinterError as error:
        _print_error(f"{error.message_en} ({error.detail})")
        return EXIT_USAGE

    show(result, args.json)
    # A handler may set a non-zero status for an answer that is not an error,
    # such as "the printer is not ready".
    return getattr(args, "exit_status", 0)


def _print_error(message: str) -> None:
    """Print ``message`` as the one stderr line kiosk-admin promises."""
    print("kiosk-admin: " + " ".join(message.split()), file=sys.stderr)


def run_command(args: argparse.Namespace, config: KioskConfig) -> Any:
    """Open the store, run the chosen command's handler, close the store."""
    store = QueueStore(config)
    try:
        return args.handler(args, store)
    finally:
        store.close()


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="kiosk-admin",
        description="Staff tool for the Police Khidmat Markaz queue.",
    )
    _add_global_options(parser, argparse.SUPPRESS)
    parser.set_defaults(
        config=os.environ.get("KIOSK_CONFIG", DEFAULT_CONFIG),
        json=False,
        actor="kiosk-admin",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (
        _add_setup_commands,
        _add_staff_commands,
        _add_ticket_commands,
        _add_case_commands,
    ):
        add(commands)
    for extension in (printer_commands, board_commands, ops_commands):
        extension.add_commands(commands, _command)
    return parser


def _add_global_options(parser: argparse.ArgumentParser, default: Any) -> None:
    """Add --config, --json and --actor; they work before or after the command."""
    parser.add_argument(
        "--config",
        default=default,
        help="path of kiosk.ini (default: $KIOSK_CONFIG or ./kiosk.ini)",
    )
    parser.add_argument(
        "--json", action="store_true", default=default, help="print JSON for scripts"
    )
    parser.add_argument(
        "--actor", default=default, help="who is acting, for the event log"
    )


def _command(
    commands: Any, name: str, handler: Handler, help_text: str
) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=help_text, description=help_text)
    # SUPPRESS: an option given after the command must not be reset by the
    # sub-parser's own default when it was given before the command.
    _add_global_options(sub, argparse.SUPPRESS)
    sub.set_defaults(handler=handler)
    return sub


def _add_setup_commands(commands: Any) -> None:
    _command(commands, "init", cmd_init, "check kiosk.ini and create the database")
    _command(commands, "services", cmd_services, "list the configured services")
    _command(commands, "counters", cmd_counters, "list the counters and their state")
    _command(commands, "queue", cmd_queue, "what is waiting, per service")
    stats = _command(commands, "stats", cmd_stats, "the day's figures per service")
    stats.add_argument("--date", help="YYYY-MM-DD (default: today)")
    for name, handler in (("pause", cmd_pause), ("resume", cmd_resume)):
        sub = _command(commands, name, handler, f"{name} a counter")
        sub.add_argument("counter", type=int)


def _add_staff_commands(commands: Any) -> None:
    pin = _command(commands, "set-pin", cmd_set_pin, "set a staff PIN (4-8 digits)")
    pin.add_argument("role", help="'counter:N' for a counter, 'kiosk' for the kiosk")
    pin.add_argument(
        "--pin-stdin", action="store_true", help="read the PIN from standard input"
    )


def _add_ticket_commands(commands: Any) -> None:
    issue = _command(commands, "issue", cmd_issue, "issue a ticket for a service")
    issue.add_argument("service", help="service code, see 'kiosk-admin services'")
    issue.add_argument(
        "--priority", default="normal", help="normal, women, senior or disability"
    )
    issue.add_argument(
        "--ignore-hours",
        action="store_true",
        help="issue even when the centre or service is closed",
    )

    call = _command(commands, "call", cmd_call, "call the next ticket to a counter")
    call.add_argument("counter", type=int)
    call.add_argument("--token", help="call this token instead of the next one")

    for name, help_text in (
        ("serve", "the visitor came: start serving"),
        ("complete", "service finished"),
        ("no-show", "the visitor did not come"),
        ("recall", "call the ticket again"),
        ("cancel", "cancel a waiting or called ticket"),
    ):
        sub = _command(commands, name, cmd_lifecycle, help_text)
        _add_ticket_target(sub)

    transfer = _command(
        commands, "transfer", cmd_transfer, "send a ticket to another service's queue"
    )
    transfer.add_argument("token")
    transfer.add_argument("service")

    feedback = _command(commands, "feedback", cmd_feedback, "record a rating 1-5")
    feedback.add_argument("token")
    feedback.add_argument("rating", type=int)
    feedback.add_argument(
        "--tags",
        default="",
        help="comma list: waiting_time, courtesy, cleanliness, result",
    )
    feedback.add_argument("--comment")


def _add_ticket_target(sub: argparse.ArgumentParser) -> None:
    target = sub.add_mutually_exclusive_group(required=True)
    target.add_argument("token", nargs="?", help="the ticket's token, e.g. C-007")
    target.add_argument("--counter", type=int, help="the ticket now at this counter")


def _add_case_commands(commands: Any) -> None:
    scan = _command(commands, "scan", cmd_scan, "read slip QR codes from image files")
    scan.add_argument("images", nargs="+", help="photos or scans of slips")
    case = _command(commands, "case", cmd_case, "a case's status and history")
    case.add_argument("code", help="tracking code from the slip")
    update = _command(
        commands, "case-update", cmd_case_update, "move a case to a new status"
    )
    update.add_argument("code")
    update.add_argument(
        "status", help="received, under_process, ready_for_collection, closed"
    )
    update.add_argument("--note")


# -- handlers: each returns plain data that show() prints --------------------


def cmd_init(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Check the config (already done by loading it) and create the database."""
    return {
        "config": str(store.config.path),
        "database": str(store.config.database_path),
        "services": len(store.config.services),
        "counters": len(store.config.counters),
    }


def cmd_services(args: argparse.Namespace, store: QueueStore) -> list[dict[str, Any]]:
    """List services with their prefix, minutes and flags."""
    return [
        {
            "code": service.code,
            "prefix": service.prefix,
            "name_en": service.name_en,
            "name_ur": service.name_ur,
            "minutes": service.minutes,
            "trackable": service.trackable,
            "gender_desk": service.gender_desk,
        }
        for service in store.config.services.values()
    ]


def cmd_counters(args: argparse.Namespace, store: QueueStore) -> list[dict[str, Any]]:
    """List counters, their services, whether paused, and their current ticket."""
    paused = store.paused_counters()
    rows = []
    for counter in store.config.counters.values():
        current = store.current_ticket(counter.number)
        rows.append(
            {
                "counter": counter.number,
                "name": counter.name_en,
                "services": ",".join(counter.services),
                "gender_desk": counter.gender_desk,
                "paused": counter.number in paused,
                "current": current.token if current else None,
            }
        )
    return rows


def cmd_queue(args: argparse.Namespace, store: QueueStore) -> list[dict[str, Any]]:
    """Per service: waiting, open counters, average minutes, estimated wait."""
    return [asdict(summary) for summary in store.queue_summary()]


def cmd_stats(args: argparse.Namespace, store: QueueStore) -> list[dict[str, Any]]:
    """The day's counts and means per service."""
    if args.date is not None:
        _check_date(args.date)
    return store.stats(args.date)


def cmd_pause(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Pause a counter."""
    store.set_paused(args.counter, True, args.actor)
    return {"counter": args.counter, "paused": True}


def cmd_resume(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Resume a paused counter."""
    store.set_paused(args.counter, False, args.actor)
    return {"counter": args.counter, "paused": False}


def cmd_set_pin(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Set a PIN, read without echo (or from stdin for scripts)."""
    if args.role.startswith("counter:"):
        store.config.counter(int(args.role.removeprefix("counter:") or 0))
    if args.pin_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("New PIN: ")
        if getpass.getpass("Again: ") != pin:
            raise InvalidInputError("the two PINs differ; nothing was changed")
    store.pins.set_pin(args.role, pin)
    return {"role": args.role, "pin_set": True}


def cmd_issue(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Issue a ticket and report what the visitor is told."""
    issued = store.issue(
        args.service, parse_priority(args.priority), args.actor, args.ignore_hours
    )
    return {
        **ticket_summary(issued.ticket, store),
        "people_ahead": issued.people_ahead,
        "estimated_wait_minutes": issued.estimated_wait_minutes,
        "tracking_code": issued.tracking_code,
        "case_number": issued.case_number,
    }


def cmd_call(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Call the next ticket (or ``--token``) to a counter."""
    if args.token:
        ticket = store.call_token(args.counter, args.token, args.actor)
    else:
        ticket = store.call_next(args.counter, args.actor)
    return ticket_summary(ticket, store)


def cmd_lifecycle(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Serve, complete, no-show, recall or cancel one ticket."""
    token = args.token or _token_at_counter(store, args.counter)
    action = {
        "serve": store.serve,
        "complete": store.complete,
        "no-show": store.no_show,
        "recall": store.recall,
        "cancel": store.cancel,
    }[args.command]
    return ticket_summary(action(token, args.actor), store)


def _token_at_counter(store: QueueStore, counter: int) -> str:
    ticket = store.current_ticket(counter)
    if ticket is None:
        raise InvalidInputError(f"counter {counter} has no called or serving ticket")
    return ticket.token


def cmd_transfer(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Move a ticket to another service's queue."""
    return ticket_summary(store.transfer(args.token, args.service, args.actor), store)


def cmd_feedback(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Record a rating for a ticket."""
    tags = tuple(tag.strip() for tag in args.tags.split(",") if tag.strip())
    feedback_id = store.add_feedback(
        args.token, args.rating, tags, args.comment, actor=args.actor
    )
    return {
        "feedback_id": feedback_id,
        "token": args.token.upper(),
        "rating": args.rating,
    }


def cmd_scan(args: argparse.Namespace, store: QueueStore) -> list[dict[str, Any]]:
    """Decode each image as the kiosk camera would; say if it is our slip."""
    results = scan_files(args.images, store.config.tracking.public_url)
    return [
        {
            "file": result.path,
            "text": result.text,
            "our_slip": result.is_slip,
            "tracking_code": result.tracking_code,
            "problem": result.problem,
            "ms": round(result.milliseconds, 1),
        }
        for result in results
    ]


def cmd_case(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Show a case and its history."""
    return case_summary(store, store.case_by_code(args.code))


def cmd_case_update(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Move a case to a new status with an optional note."""
    case = store.update_case(args.code, args.status, args.note, args.actor)
    return case_summary(store, case)


# -- presenting ---------------------------------------------------------------


def ticket_summary(ticket: Ticket, store: QueueStore) -> dict[str, Any]:
    """Return the fields of a ticket that staff and scripts read."""
    return {
        "token": ticket.token,
        "service": ticket.service,
        "priority": ticket.priority.value,
        "state": ticket.state.value,
        "counter": ticket.counter,
        "recalls": ticket.recalls,
        "issued_at": _local_iso(store, ticket.issued_at),
    }


def case_summary(store: QueueStore, case: Any) -> dict[str, Any]:
    """Return a case with its history as plain data."""
    return {
        "case_number": case.case_number,
        "tracking_code": format_tracking_code(case.tracking_code),
        "service": case.service,
        "token": case.ticket_token,
        "status": case.status.value,
        "status_en": CASE_STATUS_LABELS[case.status][0],
        "history": [
            {
                "status": entry.status.value,
                "at": _local_iso(store, entry.at),
                "note": entry.note,
                "by": entry.actor,
            }
            for entry in case.history
        ],
    }


def _local_iso(store: QueueStore, at: float | None) -> str | None:
    if at is None:
        return None
    return store.local_time(at).isoformat(timespec="seconds")


def _check_date(text: str) -> None:
    try:
        datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise InvalidInputError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def show(result: Any, as_json: bool) -> None:
    """Print a command's result as JSON or as a table / key-value block."""
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    elif isinstance(result, list):
        print(format_table(result))
    elif isinstance(result, dict):
        print(format_record(result))


def format_table(rows: list[dict[str, Any]]) -> str:
    """Return rows as an aligned text table with a header line."""
    if not rows:
        return "(nothing)"
    columns = list(rows[0])
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [
        max(len(column), *(len(line[index]) for line in cells))
        for index, column in enumerate(columns)
    ]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True))
        for line in cells
    ]
    return "\n".join(line.rstrip() for line in lines)


def format_record(record: dict[str, Any]) -> str:
    """Return one record as ``key: value`` lines; nested lists become tables."""
    width = max(len(key) for key in record)
    lines = []
    for key, value in record.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            lines.extend("  " + line for line in format_table(value).splitlines())
        else:
            lines.append(f"{key.ljust(width)}  {_cell(value)}")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
