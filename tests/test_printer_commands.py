"""kiosk-admin's print commands on the preview printer and on a dead one."""

import json
import socket

import pytest

from kiosk.cli import main
from kiosk.complaints import check_complaint
from kiosk.config import load_config
from kiosk.store import QueueStore
from printer.queue_slips import add_working_days, case_receipt, ticket_slip
from tests.conftest import SHIPPED_INI


@pytest.fixture
def ini(tmp_path):
    path = tmp_path / "kiosk.ini"
    path.write_text(SHIPPED_INI.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def run_json(capsys, ini, *args):
    status = main(["--config", str(ini), *args, "--json"])
    captured = capsys.readouterr()
    return status, (json.loads(captured.out) if captured.out else None), captured.err


def test_reprint_goes_to_the_preview_folder(capsys, ini):
    run_json(capsys, ini, "issue", "character_certificate", "--ignore-hours")
    status, result, _ = run_json(capsys, ini, "print", "c1")
    assert status == 0 and result["printed"] == "ticket"
    pictures = list((ini.parent / "var/print-preview").glob("*C-001*.png"))
    assert len(pictures) == 1


def test_printer_status_and_test_slip_on_preview(capsys, ini):
    status, result, _ = run_json(capsys, ini, "printer-status")
    assert status == 0 and result["can_print"] and result["connection"] == "preview"
    status, result, _ = run_json(capsys, ini, "print-test")
    assert status == 0 and result["printed"] == "test slip T-000"


def test_dead_network_printer_gives_one_line_and_status(capsys, ini):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again when the block ends
    text = ini.read_text(encoding="utf-8").replace(
        "connection = preview",
        f"connection = network\nhost = 127.0.0.1\nport = {port}\ntimeout_seconds = 1",
    )
    ini.write_text(text, encoding="utf-8")
    status, result, _ = run_json(capsys, ini, "printer-status")
    assert status == 1 and not result["can_print"]

    run_json(capsys, ini, "issue", "fir_copy", "--ignore-hours")
    status, _, err = run_json(capsys, ini, "print", "F-001")
    assert status == 2
    assert err.startswith("kiosk-admin: ") and len(err.strip().splitlines()) == 1


def test_unknown_token_and_receipt_without_case(capsys, ini):
    status, _, err = run_json(capsys, ini, "print", "C-404")
    assert status == 2 and "no ticket C-404" in err
    run_json(capsys, ini, "issue", "fir_copy", "--ignore-hours")
    status, _, err = run_json(capsys, ini, "print", "F-001", "--receipt")
    assert status == 2 and "opened no case" in err


def test_slips_say_what_the_visitor_was_told(store, clock):
    store.issue("character_certificate")
    issued = store.issue("character_certificate")
    slip = ticket_slip(store, issued.ticket)
    # One person ahead, 8 minutes, shared by the three counters that serve C.
    assert (slip.token, slip.people_ahead, slip.estimated_wait_minutes) == (
        "C-002",
        1,
        3,
    )
    assert slip.estimated_wait_minutes == issued.estimated_wait_minutes
    assert slip.qr_payload == f"PKM:{issued.tracking_code}"
    assert slip.issued_at.utcoffset().total_seconds() == 5 * 3600


def test_receipt_masks_the_cnic_and_dates_the_next_step(store):
    form = check_complaint(
        "Ayesha", "Aslam", "54400-1234567-8", "03001234567", "threats", "Calls"
    )
    issued = store.issue("complaint", complaint=form)
    case = store.case_by_code(issued.tracking_code)
    receipt = case_receipt(store, case, form.cnic)
    assert receipt.cnic_masked.endswith("567-8") and "54400" not in receipt.cnic_masked
    assert receipt.expected_by.isoformat() == "2025-12-06"  # Wed + 3 working days


def test_working_days_skip_sundays(clock):
    saturday = load_config(SHIPPED_INI).centre.timezone
    from datetime import datetime

    start = datetime(2025, 12, 6, 10, 0, tzinfo=saturday)
    assert add_working_days(start, 1).isoformat() == "2025-12-08"


def test_store_fixture_still_closes(config, clock):
    QueueStore(config, clock=clock).close()
