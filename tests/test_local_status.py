"""Case status from the local database, in the online service's shape."""

import json

import pytest

from kiosk.cli import main
from kiosk.errors import UnknownCaseError
from kiosk.local_status import LocalCaseStatusSource
from kiosk.lookup_errors import CaseNotFoundError
from kiosk.models import CaseStatus
from kiosk.tracking_codes import new_tracking_code
from printer.queue_slips import ticket_slip
from printer.service import TicketPrinter
from tests.conftest import SHIPPED_INI


def test_local_source_reports_status_history_and_next_step(store, clock):
    issued = store.issue("character_certificate")
    clock.advance(minutes=30)
    store.update_case(issued.tracking_code, "under_process", "sent to SP office")

    report = LocalCaseStatusSource(store).lookup(issued.tracking_code)

    assert report.status is CaseStatus.UNDER_PROCESS
    assert (report.status_en, report.status_ur) == ("Under process", "زیرِ کارروائی")
    assert [entry.label_ur for entry in report.history] == ["موصول", "زیرِ کارروائی"]
    assert report.history[1].note == "sent to SP office"
    assert "7 working days" in report.next_step_en
    assert not report.stale


def test_unknown_code_is_case_not_found_for_both_sources(store):
    with pytest.raises(CaseNotFoundError) as caught:
        LocalCaseStatusSource(store).lookup(new_tracking_code())
    assert isinstance(caught.value, UnknownCaseError)
    assert caught.value.text("ur").startswith("اس ٹریکنگ کوڈ")


def test_scan_command_reads_a_printed_slip(store, capsys, tmp_path):
    issued = store.issue("complaint")
    slip = ticket_slip(store, issued.ticket)
    TicketPrinter(store.config.printer.__class__(preview_dir=tmp_path)).print_ticket(
        slip
    )
    picture = next(tmp_path.glob("*.png"))
    ini = tmp_path / "kiosk.ini"
    ini.write_text(SHIPPED_INI.read_text(encoding="utf-8"), encoding="utf-8")

    status = main(["--config", str(ini), "scan", str(picture), "--json"])

    result = json.loads(capsys.readouterr().out)
    assert status == 0
    assert result[0]["our_slip"] and result[0]["tracking_code"] == issued.tracking_code
