"""Tests of the charts and the self-contained HTML report."""

import re
from dataclasses import replace

import pytest

from kiosk.config import load_config
from kiosk.report_html import render_charts, render_html, write_html_report
from kiosk.reports import build_report
from kiosk.simulator import SimulationPlan, open_simulation_store, simulate
from tests.conftest import SHIPPED_INI
from tests.test_simulator import WEDNESDAY

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def two_day_report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The report of two small simulated days (shared: read only)."""
    folder = tmp_path_factory.mktemp("html")
    config = replace(load_config(SHIPPED_INI), database_path=folder / "live.sqlite3")
    store, clock = open_simulation_store(config, folder / "sim.sqlite3")
    simulate(store, clock, WEDNESDAY, 2, SimulationPlan(visitors=80))
    report = build_report(store, "2025-12-03", "2025-12-04")
    store.close()
    return report


@pytest.fixture(scope="module")
def charts(two_day_report: dict) -> dict[str, bytes]:
    """The charts of the two-day report, drawn once."""
    return render_charts(two_day_report)


def test_every_chart_is_drawn_as_a_png(charts):
    assert set(charts) == {
        "arrivals-by-hour",
        "waits-by-service",
        "estimate-accuracy",
        "feedback-by-service",
        "service-time-by-counter",
        "tickets-per-day",
    }
    assert all(png.startswith(PNG_MAGIC) for png in charts.values())


def test_html_embeds_charts_and_needs_no_network(two_day_report, charts):
    page = render_html(two_day_report, charts, note="simulated")

    assert page.count('src="data:image/png;base64,') == 6
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "Tickets and waits per service" in page
    assert '<p class="note">simulated</p>' in page


def test_write_html_report_names_the_period_and_saves_charts(store, tmp_path):
    store.issue("character_certificate")
    day = store.today()

    folder = tmp_path / "reports"

    path = write_html_report(build_report(store, day, day), folder, True)

    assert path.name == f"report-{day}-{day}.html"
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert {p.suffix for p in folder.iterdir()} == {".html", ".png"}


def test_an_empty_report_has_no_charts_but_a_page(store):
    report = build_report(store, "2020-01-01", "2020-01-01")

    charts = render_charts(report)
    page = render_html(report, charts)

    assert charts == {}
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>")


def test_text_from_the_database_is_escaped(store):
    report = build_report(store, "2020-01-01", "2020-01-01")
    report["centre"] = "<script>alert(1)</script>"

    page = render_html(report, {})

    assert "<script>" not in page
    assert "&lt;script&gt;" in page
