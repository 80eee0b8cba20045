"""Tests of the operations sub-commands, parsed by kiosk-admin's own parser."""

import argparse
import dataclasses
import json
from pathlib import Path

import pytest

from kiosk.cli import build_parser, show
from kiosk.errors import ConfigError, InvalidInputError
from kiosk.ops_commands import OperationsSettings, operations_settings
from kiosk.ops_errors import SimulationTargetError
from kiosk.store import QueueStore


def _parser() -> argparse.ArgumentParser:
    return build_parser()


def run(store: QueueStore, *argv: str):
    """Parse ``argv`` like kiosk-admin and run the handler on ``store``."""
    args = _parser().parse_args(argv)
    return args.handler(args, store)


@pytest.fixture
def ops_store(store: QueueStore, tmp_path: Path) -> QueueStore:
    """The test store with an [operations] section pointing into tmp_path."""
    section = {
        "backup_dir": str(tmp_path / "backups"),
        "report_dir": str(tmp_path / "reports"),
        "personal_data_days": "30",
    }
    store.config = dataclasses.replace(
        store.config, app_sections={"operations": section}
    )
    return store


def test_settings_default_beside_kiosk_ini(config):
    settings = operations_settings(config)

    assert settings.personal_data_days == 90 and settings.backup_keep == 14
    assert settings.backup_dir == config.path.parent / "var/backups"
    assert settings.simulation_db == config.path.parent / "var/simulated.sqlite3"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("backup_keep", "0", "key 'backup_keep': '0' is out of range"),
        ("personal_data_days", "soon", "'soon' is not allowed"),
        ("keep_forever", "yes", "unknown key; this section accepts: backup_dir"),
    ],
)
def test_bad_settings_name_the_key(config, key, value, message):
    config = dataclasses.replace(config, app_sections={"operations": {key: value}})

    with pytest.raises(ConfigError, match=message):
        operations_settings(config)


def test_report_text_is_plain_data_and_takes_json_after_the_command(ops_store):
    args = _parser().parse_args(["report", "--from", "2025-12-01", "--json"])
    result = args.handler(args, ops_store)

    assert args.json is True
    assert (result["from"], result["to"], result["tickets"]) == (
        "2025-12-01",
        "2025-12-03",
        0,
    )
    json.dumps(result)


def test_report_csv_and_html_go_to_the_report_folder(ops_store, tmp_path, capsys):
    ops_store.issue("character_certificate")

    written = run(ops_store, "report", "--format", "csv")
    page = run(ops_store, "report", "--format", "html", "--out", str(tmp_path / "h"))
    show(page, False)

    assert all(Path(p).parent == tmp_path / "reports" for p in written["written"])
    assert Path(page["report"]).is_file() and page["tickets"] == 1
    assert "report-2025-12-03-2025-12-03.html" in capsys.readouterr().out


def test_report_refuses_a_backwards_period(ops_store):
    with pytest.raises(InvalidInputError, match="before it starts"):
        run(ops_store, "report", "--from", "2025-12-03", "--to", "2025-12-01")


def test_simulate_into_a_scratch_file_and_refuse_to_overwrite(ops_store, tmp_path):
    scratch = str(tmp_path / "sim.sqlite3")
    options = ("--db", scratch, "--visitors", "40", "--start", "2025-12-03")

    result = run(ops_store, "simulate", *options)

    assert result["visitors"] == 40 and result["database"] == scratch
    with pytest.raises(SimulationTargetError, match="already exists; give --replace"):
        run(ops_store, "simulate", *options)
    assert run(ops_store, "simulate", *options, "--replace", "--seed", "2")["days"] == 1


def test_simulate_never_touches_the_live_database(ops_store):
    live = str(ops_store.config.database_path)

    with pytest.raises(SimulationTargetError, match="live queue database"):
        run(ops_store, "simulate", "--db", live, "--replace")
    assert ops_store.config.database_path.exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (("--days", "0"), "--days 0 is not allowed; give 1 to 400"),
        (("--visitors", "-5"), "--visitors -5 is not allowed"),
        (("--start", "3/12/2025"), "'3/12/2025' is not a date"),
    ],
)
def test_simulate_refuses_bad_options(ops_store, tmp_path, option, message):
    with pytest.raises(InvalidInputError, match=message):
        run(ops_store, "simulate", "--db", str(tmp_path / "x.sqlite3"), *option)


def test_backup_uses_the_configured_folder_and_keep(ops_store, tmp_path):
    result = run(ops_store, "backup", "--keep", "3")

    assert result["backup"] == str(tmp_path / "backups" / "queue-2025-12-03.sqlite3")
    assert result["kept"] == 1 and result["removed"] == []


def test_purge_and_rollover_report_what_they_did(ops_store, clock):
    ops_store.issue("fir_copy")
    clock.advance(minutes=24 * 60)

    purge = run(ops_store, "purge", "--dry-run")
    rollover = run(ops_store, "rollover", "--actor", "night-timer")

    assert purge["days"] == 30 and purge["dry_run"] is True
    assert rollover == {
        "today": "2025-12-04",
        "closed": 1,
        "days": ["2025-12-03"],
        "from_waiting": 1,
    }
    assert ops_store.events()[-1]["actor"] == "night-timer"


def test_settings_dataclass_has_the_documented_keys():
    assert set(OperationsSettings.__dataclass_fields__) == {
        "personal_data_days",
        "backup_dir",
        "backup_keep",
        "report_dir",
        "case_due_days",
        "simulation_db",
    }


def test_report_on_another_file(ops_store, tmp_path):
    scratch = tmp_path / "sim.sqlite3"
    run(ops_store, "simulate", "--db", str(scratch), "--visitors", "30")
    day = ops_store.today()

    result = run(ops_store, "report", "--db", str(scratch), "--from", "2025-01-01")

    assert result["tickets"] == 30 and result["to"] == day
    with pytest.raises(InvalidInputError, match="no such database file"):
        run(ops_store, "report", "--db", str(tmp_path / "missing.sqlite3"))
