"""Tests of the charts and the self-contained HTML report."""

import re
from pathlib import Path

import pytest

from kiosk.report_html import render_charts, render_html, write_html_report
from kiosk.reports import build_report
from kiosk.simulator import SimulationPlan, open_simulation_store, simulate
from tests.test_simulator import WEDNESDAY

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def two_day_report(config, tmp_path: Path) -> dict:
    """The report of two small simulated days."""
    store, clock = open_simulation_store(config, tmp_path / "sim.sqlite3")
    simulate(store, clock, WEDNESDAY, 2, SimulationPlan(visitors=80))
    report = build_report(store, "2025-12-03", "2025-12-04")
    store.close()
    return report


def test_every_chart_is_drawn_as_a_png(two_day_report):
    charts = render_charts(two_day_report)

    assert set(charts) == {
        "arrivals-by-hour",
        "waits-by-service",
        "estimate-accuracy",
        "feedback-by-service",
        "service-time-by-counter",
        "tickets-per-day",
    }
    assert all(png.startswith(PNG_MAGIC) for png in charts.values())


def test_html_embeds_charts_and_needs_no_network(two_day_report, tmp_path):
    path = write_html_report(two_day_report, tmp_path, save_charts=True)

    page = path.read_text(encoding="utf-8")
    assert path.name == "report-2025-12-03-2025-12-04.html"
    assert page.count('src="data:image/png;base64,') == 6
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "Tickets and waits per service" in page
    assert len(list(tmp_path.glob("report-2025-12-03-2025-12-04-*.png"))) == 6


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
