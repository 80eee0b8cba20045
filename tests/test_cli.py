"""kiosk-admin run in-process: tables, JSON, and exit status 2 with one line."""

import json

import pytest

from kiosk.cli import main
from tests.conftest import SHIPPED_INI


@pytest.fixture
def ini(tmp_path):
    """A copy of the shipped kiosk.ini whose database lives in the temp folder."""
    path = tmp_path / "kiosk.ini"
    path.write_text(SHIPPED_INI.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def run(capsys, ini, *args: str) -> tuple[int, str, str]:
    status = main(["--config", str(ini), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_json(capsys, ini, *args: str):
    status, out, err = run(capsys, ini, *args, "--json")
    assert status == 0, err
    return json.loads(out)


def test_init_creates_the_database_beside_the_config(capsys, ini):
    result = run_json(capsys, ini, "init")
    assert (ini.parent / "var/queue.sqlite3").exists()
    assert result["services"] == 10


def test_issue_json_has_what_a_script_needs(capsys, ini):
    result = run_json(capsys, ini, "issue", "complaint", "--ignore-hours")
    assert result["token"] == "R-001"
    assert result["priority"] == "normal"
    assert result["people_ahead"] == 0
    assert result["estimated_wait_minutes"] == 0
    assert len(result["tracking_code"]) == 11


def test_day_at_a_counter(capsys, ini):
    for service in ("character_certificate", "character_certificate"):
        run_json(
            capsys, ini, "issue", service, "--ignore-hours", "--priority", "senior"
        )
    queue = run_json(capsys, ini, "queue")
    assert queue[0]["waiting"] == 2
    assert run_json(capsys, ini, "call", "1")["token"] == "C-001"
    assert run_json(capsys, ini, "recall", "--counter", "1")["recalls"] == 1
    assert run_json(capsys, ini, "serve", "C-001")["state"] == "serving"
    assert run_json(capsys, ini, "complete", "--counter", "1")["state"] == "done"
    assert run_json(capsys, ini, "call", "2", "--token", "C-002")["counter"] == 2
    assert run_json(capsys, ini, "no-show", "C-002")["state"] == "no_show"
    assert run_json(capsys, ini, "feedback", "C-001", "5", "--tags", "courtesy")
    stats = run_json(capsys, ini, "stats")
    assert (stats[0]["done"], stats[0]["no_show"], stats[0]["mean_rating"]) == (1, 1, 5)


def test_case_and_case_update(capsys, ini):
    code = run_json(capsys, ini, "issue", "complaint", "--ignore-hours")[
        "tracking_code"
    ]
    updated = run_json(
        capsys, ini, "case-update", code, "ready_for_collection", "--note", "signed"
    )
    assert updated["status"] == "ready_for_collection"
    shown = run_json(capsys, ini, "case", code.lower())
    assert [entry["status"] for entry in shown["history"]] == [
        "received",
        "ready_for_collection",
    ]


def test_tables_for_people(capsys, ini):
    status, out, _ = run(capsys, ini, "counters")
    assert status == 0
    assert out.splitlines()[0].split()[:3] == ["counter", "name", "services"]
    assert "Gender desk" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["issue", "passport"], "unknown service 'passport'"),
        (
            ["issue", "fir_copy", "--priority", "vip", "--ignore-hours"],
            "unknown priority 'vip'",
        ),
        (["call", "9"], "unknown counter 9"),
        (["call", "1"], "nothing is waiting for counter 1"),
        (["serve", "C-001"], "no ticket C-001"),
        (["complete", "--counter", "1"], "counter 1 has no called or serving ticket"),
        (["case", "ABCD"], "11 characters"),
        (["transfer", "C-001", "passport"], "unknown service"),
        (["stats", "--date", "yesterday"], "YYYY-MM-DD"),
        (["feedback", "C-001", "9"], "rating 9 is not allowed"),
        (["feedback", "C-001", "3"], "no ticket C-001"),
    ],
)
def test_mistakes_print_one_line_and_exit_2(capsys, ini, args, says):
    status, out, err = run(capsys, ini, *args)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert says in err


def test_illegal_transition_exits_2(capsys, ini):
    run_json(capsys, ini, "issue", "fir_copy", "--ignore-hours")
    status, _, err = run(capsys, ini, "complete", "F-001")
    assert status == 2 and "cannot complete ticket F-001: it is waiting" in err


def test_broken_config_exits_2_without_traceback(capsys, tmp_path):
    bad = tmp_path / "kiosk.ini"
    bad.write_text("[centre]\nname_en = X\n", encoding="utf-8")
    status, _, err = run(capsys, bad, "queue")
    assert status == 2
    assert "section [centre], key 'name_ur': missing" in err
    assert "Traceback" not in err
