"""Tests of the day simulator: real queue code, reproducible, realistic shape."""

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.config import KioskConfig, load_config
from kiosk.ops_errors import SimulationTargetError
from kiosk.simulator import SimulationPlan, open_simulation_store, simulate
from kiosk.store import QueueStore
from tests.conftest import SHIPPED_INI

WEDNESDAY = date(2025, 12, 3)
FINAL_STATES = {"done", "no_show", "not_served", "cancelled"}


def _run(config: KioskConfig, path: Path, days: int = 1, seed: int = 1, **plan):
    store, clock = open_simulation_store(config, path)
    plan = SimulationPlan(**{"visitors": 150, **plan})
    result = simulate(store, clock, WEDNESDAY, days, plan, seed)
    return store, result


def _ticket_rows(store: QueueStore) -> list[tuple]:
    return store.db.execute(
        "SELECT day, token, service, priority, state, issued_at, called_at, "
        "finished_at, counter, estimated_wait_minutes FROM tickets ORDER BY id"
    ).fetchall()


@pytest.fixture(scope="module")
def day_store(tmp_path_factory: pytest.TempPathFactory) -> QueueStore:
    """A scratch database holding one simulated small day (shared: read only)."""
    folder = tmp_path_factory.mktemp("simulated")
    config = replace(load_config(SHIPPED_INI), database_path=folder / "live.sqlite3")
    store, _ = _run(config, folder / "day.sqlite3")
    yield store
    store.close()


def test_same_seed_gives_the_same_day(config, tmp_path):
    first, _ = _run(config, tmp_path / "a.sqlite3", visitors=60)
    second, _ = _run(config, tmp_path / "b.sqlite3", visitors=60)
    other, _ = _run(config, tmp_path / "c.sqlite3", seed=2, visitors=60)

    assert _ticket_rows(first) == _ticket_rows(second)
    assert _ticket_rows(first) != _ticket_rows(other)


def test_every_ticket_ends_in_a_final_state_with_its_events(day_store):
    states = dict(
        day_store.db.execute("SELECT state, count(*) FROM tickets GROUP BY state")
    )
    kinds = dict(
        day_store.db.execute("SELECT kind, count(*) FROM events GROUP BY kind")
    )

    assert sum(states.values()) == 150
    assert set(states) <= FINAL_STATES
    assert states["done"] > 120
    assert kinds["issued"] == 150
    assert kinds["complete"] == states["done"]
    assert kinds["counter_paused"] == kinds["counter_resumed"] == 6


def test_arrivals_fall_inside_opening_hours_with_a_morning_peak(day_store):
    hours = [
        datetime.fromtimestamp(row[0], day_store.config.centre.timezone).hour
        for row in day_store.db.execute("SELECT issued_at FROM tickets")
    ]

    assert min(hours) >= 9 and max(hours) < 17
    assert hours.count(10) > hours.count(13)
    assert hours.count(14) > hours.count(16)


def test_priority_feedback_complaints_and_cases_are_played(day_store):
    db = day_store.db

    priorities = {row[0] for row in db.execute("SELECT DISTINCT priority FROM tickets")}
    assert {"normal", "women", "senior"} <= priorities
    ratings = [row[0] for row in db.execute("SELECT rating FROM feedback")]
    assert len(ratings) > 20 and set(ratings) <= {1, 2, 3, 4, 5}
    assert db.execute("SELECT count(*) FROM complaints").fetchone()[0] > 0
    statuses = {row[0] for row in db.execute("SELECT DISTINCT status FROM cases")}
    assert "under_process" in statuses


def test_estimates_are_stored_for_every_ticket(day_store):
    missing = day_store.db.execute(
        "SELECT count(*) FROM tickets WHERE estimated_wait_minutes IS NULL"
    ).fetchone()[0]

    assert missing == 0


def test_several_days_skip_sunday_and_roll_over(config, tmp_path):
    store, result = _run(config, tmp_path / "week.sqlite3", days=4, visitors=60)

    assert [day.day for day in result.days] == [
        "2025-12-03",
        "2025-12-04",
        "2025-12-05",
        "2025-12-06",
    ]
    # Friday breaks for prayers and Saturday closes at 14:00: fewer visitors.
    assert result.days[2].visitors < result.days[0].visitors
    assert result.days[3].visitors < result.days[2].visitors
    closed = store.db.execute(
        "SELECT count(*) FROM cases WHERE status = 'closed'"
    ).fetchone()[0]
    assert closed > 0
    assert result.tickets_per_second > 0
    store.close()


def test_an_overloaded_hall_leaves_tickets_not_served(config, tmp_path):
    store, result = _run(config, tmp_path / "busy.sqlite3", load=1.6)

    assert result.days[-1].left_open > 0
    store.close()


def test_the_live_database_is_refused(config):
    with pytest.raises(SimulationTargetError, match="will not simulate into the live"):
        open_simulation_store(config, config.database_path)


def test_result_as_dict_is_plain_data(config, tmp_path):
    _, result = _run(config, tmp_path / "d.sqlite3", visitors=30)

    data = result.as_dict()

    assert data["days"] == 1 and data["visitors"] == 30
    assert data["per_day"][0]["day"] == "2025-12-03"
