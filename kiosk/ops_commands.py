"""The operations sub-commands of ``kiosk-admin``: report, simulate, backup, purge,
rollover; and the ``[operations]`` section of kiosk.ini they read.

:func:`add_commands` registers them on kiosk-admin's sub-parsers. Each handler
takes ``(args, store)`` and returns plain data that kiosk-admin prints as a
table or, with ``--json``, as JSON; mistakes raise KioskError subclasses that
kiosk-admin shows as one line with exit status 2.

``[operations]`` keys (all optional; relative paths are relative to kiosk.ini):

* ``personal_data_days`` (90): days personal data is kept after its case closes;
* ``backup_dir`` (var/backups) and ``backup_keep`` (14): the daily backups;
* ``report_dir`` (var/reports): where CSV and HTML reports go;
* ``case_due_days`` (14): days after which a case not closed is overdue;
* ``simulation_db`` (var/simulated.sqlite3): the scratch file of ``simulate``.
"""

import argparse
import logging
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from kiosk import reports
from kiosk.backup import backup_database
from kiosk.config import KioskConfig
from kiosk.errors import InvalidInputError
from kiosk.ops_errors import SimulationTargetError
from kiosk.retention import purge_personal_data
from kiosk.rollover import roll_over
from kiosk.simulator import (
    SimulationPlan,
    check_scratch_target,
    open_simulation_store,
    simulate,
)
from kiosk.store import QueueStore

log = logging.getLogger(__name__)

SECTION = "operations"
REPORT_FORMATS = ("text", "csv", "html")


@dataclass(frozen=True)
class OperationsSettings:
    """The ``[operations]`` section of kiosk.ini, checked."""

    personal_data_days: int = 90
    backup_dir: Path = Path("var/backups")
    backup_keep: int = 14
    report_dir: Path = Path("var/reports")
    case_due_days: int = 14
    simulation_db: Path = Path("var/simulated.sqlite3")


def operations_settings(config: KioskConfig) -> OperationsSettings:
    """Read and check ``[operations]``; raise ConfigError naming a bad key."""
    reader = config.app_section(SECTION)
    defaults = OperationsSettings()
    reader.check_keys(set(OperationsSettings.__dataclass_fields__))
    base = config.path.parent

    def folder(key: str) -> Path:
        return base / reader.text(key, str(getattr(defaults, key)))

    return OperationsSettings(
        personal_data_days=reader.integer(
            "personal_data_days", defaults.personal_data_days, 0, 3650
        ),
        backup_dir=folder("backup_dir"),
        backup_keep=reader.integer("backup_keep", defaults.backup_keep, 1, 365),
        report_dir=folder("report_dir"),
        case_due_days=reader.integer("case_due_days", defaults.case_due_days, 1, 365),
        simulation_db=folder("simulation_db"),
    )


# -- parsers ------------------------------------------------------------------


def add_commands(commands: Any, add_command: Any) -> None:
    """Register report, simulate, backup, purge and rollover with kiosk-admin.

    ``add_command(commands, name, handler, help)`` is kiosk-admin's own helper,
    so these commands take --config and --json like every other.
    """
    _add_report(commands, add_command)
    _add_simulate(commands, add_command)
    backup = add_command(commands, "backup", cmd_backup, "back up the queue database")
    backup.add_argument("dest", nargs="?", help="folder (default: [operations])")
    backup.add_argument("--keep", type=int, help="daily copies to keep")
    purge = add_command(
        commands, "purge", cmd_purge, "erase personal data of long-closed cases"
    )
    purge.add_argument("--days", type=int, help="days after closing (default: ini)")
    purge.add_argument("--dry-run", action="store_true", help="count, change nothing")
    add_command(
        commands, "rollover", cmd_rollover, "close past days' open tickets as unserved"
    )


def _add_report(commands: Any, add_command: Any) -> None:
    report = add_command(
        commands, "report", cmd_report, "figures, tables and charts for a period"
    )
    report.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
    report.add_argument("--to", dest="date_to", help="last day (default: today)")
    report.add_argument("--format", choices=REPORT_FORMATS, default="text")
    report.add_argument(
        "--db", help="report on this file (a backup, a simulation) instead"
    )
    report.add_argument("--out", help="folder for csv/html (default: [operations])")
    report.add_argument(
        "--charts", action="store_true", help="with html: also save the PNG charts"
    )


def _add_simulate(commands: Any, add_command: Any) -> None:
    sim = add_command(
        commands, "simulate", cmd_simulate, "play simulated days into a scratch file"
    )
    sim.add_argument("--db", help="scratch database (never the live one)")
    sim.add_argument("--days", type=int, default=1, help="open days to play")
    sim.add_argument("--start", help="first day, YYYY-MM-DD (default: today)")
    sim.add_argument("--visitors", type=int, default=1500, help="per 8 open hours")
    sim.add_argument("--load", type=float, default=0.9, help="counters' busy share")
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument(
        "--replace", action="store_true", help="delete the scratch file first"
    )


# -- handlers -----------------------------------------------------------------


def cmd_report(args: argparse.Namespace, store: QueueStore) -> Any:
    """Build the report; print it (text) or write CSV files or one HTML page."""
    if not args.db:
        return _report(args, store)
    path = Path(args.db)
    if not path.is_file():
        raise InvalidInputError(f"--db {path}: no such database file")
    other = QueueStore(replace(store.config, database_path=path), store.clock)
    try:
        return _report(args, other)
    finally:
        other.close()


def _report(args: argparse.Namespace, store: QueueStore) -> Any:
    settings = operations_settings(store.config)
    first, last = reports.parse_period(args.date_from, args.date_to, store.today())
    report = reports.build_report(store, first, last, settings.case_due_days)
    if args.format == "text":
        return report

    folder = Path(args.out) if args.out else settings.report_dir
    if args.format == "csv":
        return {"written": [str(path) for path in reports.write_csv(report, folder)]}
    # matplotlib is imported only when a chart is drawn: it adds a second to
    # every kiosk-admin start otherwise.
    from kiosk.report_html import write_html_report

    path = write_html_report(report, folder, save_charts=args.charts)
    return {"report": str(path), "tickets": report["tickets"]}


def cmd_simulate(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Play simulated days through the real queue code into a scratch database."""
    settings = operations_settings(store.config)
    path = Path(args.db) if args.db else settings.simulation_db
    _check_simulation_args(args)
    check_scratch_target(store.config, path)
    _prepare_scratch(path, args.replace)
    first_day = date.fromisoformat(args.start or store.today())
    plan = SimulationPlan(visitors=args.visitors, load=args.load)

    sim_store, clock = open_simulation_store(store.config, path)
    try:
        result = simulate(sim_store, clock, first_day, args.days, plan, args.seed)
    finally:
        sim_store.close()
    return {"database": str(path), **result.as_dict()}


def _check_simulation_args(args: argparse.Namespace) -> None:
    if not 1 <= args.days <= 400:
        raise InvalidInputError(f"--days {args.days} is not allowed; give 1 to 400")
    if not 1 <= args.visitors <= 10000:
        raise InvalidInputError(
            f"--visitors {args.visitors} is not allowed; give 1 to 10000"
        )
    if not 0.1 <= args.load <= 1.5:
        raise InvalidInputError(f"--load {args.load} is not allowed; give 0.1 to 1.5")
    if args.start:
        reports.parse_period(args.start, args.start, args.start)


def _prepare_scratch(path: Path, replace: bool) -> None:
    if not path.exists():
        return
    if not replace:
        raise SimulationTargetError(
            f"{path} already exists; give --replace to start it afresh, or another --db"
        )
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def cmd_backup(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Back up the live database into the backup folder and rotate old copies."""
    settings = operations_settings(store.config)
    folder = Path(args.dest) if args.dest else settings.backup_dir
    keep = settings.backup_keep if args.keep is None else args.keep
    result = backup_database(store.db.conn, folder, store.today(), keep)
    return {
        "backup": str(result.path),
        "size_bytes": result.size_bytes,
        "seconds": round(result.seconds, 2),
        "kept": len(result.kept),
        "removed": [path.name for path in result.removed],
    }


def cmd_purge(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Erase personal data of cases closed more than N days ago."""
    settings = operations_settings(store.config)
    days = settings.personal_data_days if args.days is None else args.days
    result = purge_personal_data(store, days, args.dry_run, args.actor)
    return {
        "days": result.days,
        "closed_before": store.local_time(result.cutoff).isoformat(timespec="seconds"),
        "complaints": result.complaints,
        "feedback_comments": result.feedback_comments,
        "dry_run": args.dry_run,
        "compacted": result.compacted,
        "wal_emptied": result.wal_emptied,
    }


def cmd_rollover(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Close every open ticket of a past day as not served."""
    result = roll_over(store, args.actor)
    return {
        "today": result.today,
        "closed": result.closed,
        "days": list(result.days),
        **{f"from_{state}": count for state, count in result.by_state.items()},
    }
