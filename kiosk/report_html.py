"""Charts (PNG, matplotlib) and one self-contained HTML page for a report.

The page embeds its charts as base64 PNGs and its style inline, so the file can
be mailed or copied to a USB stick and opened in any browser with no network.
Charts are drawn on :class:`matplotlib.figure.Figure` objects directly (no
pyplot, no global state, no display needed).
"""

import base64
import html
import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

log = logging.getLogger(__name__)

DPI = 100
BLUE, ORANGE, GREY, GREEN, RED = "#1f5f9e", "#e0892b", "#8a8a8a", "#3b8f4a", "#b8322c"
STAR_COLOURS = ("#b8322c", "#e0892b", "#d9c24a", "#8cbf5f", "#3b8f4a")

Chart = Callable[[dict[str, Any]], Figure | None]


# -- charts -------------------------------------------------------------------
#
# Each chart leaves fixed margins (in inches) around its axes, widened where a
# label's measured width needs it, instead of using a layout engine: constrained
# layout measures every text again and draws each figure one extra time before
# saving, which was most of the charts' cost.


def arrivals_by_hour(report: dict[str, Any]) -> Figure | None:
    """Draw tickets issued per hour, with that hour's median and p90 wait."""
    rows = report["per_hour"]
    if not rows:
        return None
    issued = [row["issued"] for row in rows]
    longest_wait = max((row["wait_p90"] or 0 for row in rows), default=0)
    figure = _new_figure(
        (8, 3.6),
        left=_number_margin(max(issued)),
        right=_number_margin(longest_wait),
        bottom=0.4,
    )
    bars = figure.subplots()
    hours = [row["hour"] for row in rows]
    bars.bar(hours, issued, color=BLUE, label="tickets")
    bars.set_ylabel("tickets issued")
    waits = bars.twinx()
    for key, colour, label in (
        ("wait_p50", ORANGE, "median wait"),
        ("wait_p90", RED, "p90 wait"),
    ):
        waits.plot(hours, [row[key] for row in rows], "o-", color=colour, label=label)
    waits.set_ylabel("wait of tickets issued then (min)")
    waits.set_ylim(bottom=0)
    _legend(figure, bars, waits)
    _title(bars, "Arrivals by hour of the day, and how long they waited")
    return figure


def waits_by_service(report: dict[str, Any]) -> Figure | None:
    """Draw each service's median and p90 wait as horizontal bars."""
    rows = [row for row in report["per_service"] if row["wait_p50"] is not None]
    if not rows:
        return None
    names = [row["service"] for row in rows]
    figure = _new_figure((8, 0.45 * len(rows) + 1.3), left=_label_margin(names))
    axes = figure.subplots()
    places = range(len(rows))
    for offset, key, colour, label in (
        (-0.2, "wait_p50", ORANGE, "median"),
        (0.2, "wait_p90", RED, "p90"),
    ):
        axes.barh(
            [place + offset for place in places],
            [row[key] for row in rows],
            0.4,
            color=colour,
            label=label,
        )
    axes.set_yticks(list(places), names)
    axes.invert_yaxis()
    axes.set_xlabel("minutes from ticket to call")
    axes.legend(loc="lower right")
    _title(axes, "Waits by service")
    return figure


def service_time_by_counter(report: dict[str, Any]) -> Figure | None:
    """Draw each counter's median service time with a whisker to its p90."""
    rows = [row for row in report["per_counter"] if row["service_p50"] is not None]
    if not rows:
        return None
    longest = max(row["service_p90"] for row in rows)
    figure = _new_figure((8, 3.2), left=_number_margin(longest), bottom=0.4)
    axes = figure.subplots()
    names = [f"{row['counter']}: {row['name']}" for row in rows]
    medians = [row["service_p50"] for row in rows]
    spread = [row["service_p90"] - row["service_p50"] for row in rows]
    axes.bar(names, medians, color=GREEN, yerr=[[0] * len(rows), spread], capsize=4)
    for place, row in enumerate(rows):
        axes.annotate(f"{row['served']} served", (place, 0), ha="center", va="bottom")
    axes.set_ylabel("minutes at the counter")
    _title(axes, "Service time per counter (bar: median, whisker: p90)")
    return figure


def feedback_by_service(report: dict[str, Any]) -> Figure | None:
    """Draw the share of each star rating per service, with the mean."""
    rows = report["feedback_per_service"]
    if not rows:
        return None
    labels = [f"{row['service']} ({row['mean']:.1f})" for row in rows]
    figure = _new_figure(
        (8, 0.45 * len(rows) + 1.4), left=_label_margin(labels), right=0.3, top=0.75
    )
    axes = figure.subplots()
    left = [0.0] * len(rows)
    for star in range(1, 6):
        shares = [100 * row[f"r{star}"] / row["responses"] for row in rows]
        axes.barh(
            labels,
            shares,
            left=left,
            color=STAR_COLOURS[star - 1],
            label=f"{star}★",
        )
        left = [a + b for a, b in zip(left, shares, strict=True)]
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of ratings (mean in brackets)")
    axes.legend(ncols=5, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    _title(axes, "Feedback by service", pad=28)
    return figure


def estimate_accuracy(report: dict[str, Any]) -> Figure | None:
    """Draw estimated against real waits by band, and the spread of the error."""
    bands = [row for row in report["estimate_by_band"] if row["tickets"]]
    if not bands:
        return None
    width, left, right = 9.0, 0.7, 0.2
    most = max(row["tickets"] for row in report["estimate_error_histogram"])
    gap = _number_margin(most) + 0.35
    figure = _new_figure((width, 3.8), left=left, right=right)
    figure.subplots_adjust(wspace=gap / ((width - left - right - gap) / 2))
    by_band, errors = figure.subplots(1, 2, width_ratios=(1, 1.3))
    _draw_bands(by_band, bands)
    _draw_error_histogram(errors, report)
    return figure


def _draw_bands(axes: Any, bands: list[dict[str, Any]]) -> None:
    names = [row["estimate"] for row in bands]
    medians = [row["real_p50"] for row in bands]
    below = [row["real_p50"] - row["real_p10"] for row in bands]
    above = [row["real_p90"] - row["real_p50"] for row in bands]
    axes.errorbar(names, medians, yerr=[below, above], fmt="o", color=BLUE, capsize=5)
    for place, row in enumerate(bands):
        axes.annotate(
            f"n={row['tickets']}", (place, row["real_p90"]), ha="center", va="bottom"
        )
    axes.set_xlim(-0.5, len(bands) - 0.5)
    axes.set_xlabel("wait told at the kiosk (min)")
    axes.set_ylabel("real wait (min)")
    _title(axes, "Real wait: median, p10 to p90")
    axes.set_ylim(0, max(row["real_p90"] for row in bands) * 1.15 + 1)


def _draw_error_histogram(axes: Any, report: dict[str, Any]) -> None:
    bins = report["estimate_error_histogram"]
    colours = [GREEN if abs(b["from"] + 2.5) <= 5 else GREY for b in bins]
    axes.bar(
        [b["from"] for b in bins],
        [b["tickets"] for b in bins],
        width=5,
        align="edge",
        color=colours,
    )
    axes.set_xlabel("real minus told (min); ends hold the tails")
    axes.set_ylabel("tickets")
    within = report["estimate_within_5_minutes"] or 0
    _title(
        axes,
        f"Error: median |error| {report['estimate_median_abs_error']} min, "
        f"{within:.0%} within ±5",
    )


def tickets_per_day(report: dict[str, Any]) -> Figure | None:
    """Draw tickets issued and served per day (for periods of several days)."""
    rows = report["per_day"]
    if len(rows) < 2:
        return None
    most = max(row["issued"] for row in rows)
    figure = _new_figure((8, 3.2), left=_number_margin(most), right=0.45, bottom=0.8)
    axes = figure.subplots()
    days = list(range(len(rows)))
    axes.plot(days, [row["issued"] for row in rows], color=BLUE, label="issued")
    axes.plot(days, [row["served"] for row in rows], color=GREEN, label="served")
    step = max(1, len(rows) // 8)
    axes.set_xticks(days[::step], [row["day"] for row in rows][::step], rotation=30)
    axes.set_ylabel("tickets")
    axes.set_ylim(bottom=0)
    axes.legend()
    _title(axes, "Tickets per day")
    return figure


CHARTS: dict[str, tuple[Chart, str]] = {
    "arrivals-by-hour": (arrivals_by_hour, "Arrivals by hour"),
    "waits-by-service": (waits_by_service, "Waits by service"),
    "estimate-accuracy": (estimate_accuracy, "Were the told waits honest?"),
    "feedback-by-service": (feedback_by_service, "Feedback"),
    "service-time-by-counter": (service_time_by_counter, "Service time"),
    "tickets-per-day": (tickets_per_day, "Tickets per day"),
}


def render_charts(report: dict[str, Any]) -> dict[str, bytes]:
    """Return each chart the report has data for as PNG bytes, by name."""
    charts = {}
    for name, (draw, _title) in CHARTS.items():
        figure = draw(report)
        if figure is not None:
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", metadata={"Software": None})
            charts[name] = buffer.getvalue()
    return charts


def _new_figure(
    size: tuple[float, float],
    left: float,
    right: float = 0.2,
    bottom: float = 0.55,
    top: float = 0.35,
) -> Figure:
    """Return a figure whose axes leave these margins, in inches, for labels."""
    width, height = size
    figure = Figure(figsize=size, dpi=DPI)
    figure.subplots_adjust(
        left=left / width,
        right=1 - right / width,
        bottom=bottom / height,
        top=1 - top / height,
    )
    return figure


def _label_margin(labels: list[str]) -> float:
    """Return the margin, in inches, that fits the widest of these tick labels."""
    font = FontProperties(size=rcParams["ytick.labelsize"])
    widest = max(
        text_to_path.get_text_width_height_descent(label, font, ismath=False)[0]
        for label in labels
    )
    return widest / 72 + 0.2


def _number_margin(largest: float) -> float:
    """Return the margin, in inches, for numeric ticks up to ``largest`` and a
    rotated axis label beside them.
    """
    return _label_margin([f"{largest * 1.2:.0f}.00"]) + 0.3


def _title(axes: Any, text: str, pad: float | None = None) -> None:
    """Set the title of ``axes`` just above its top edge.

    A given height spares matplotlib measuring the axis at every draw to see
    whether the title must rise above labels on top (no chart here has any).
    """
    axes.set_title(text, y=1.0, pad=pad)


def _legend(figure: Figure, *axes: Any) -> None:
    handles, labels = [], []
    for each in axes:
        more_handles, more_labels = each.get_legend_handles_labels()
        handles += more_handles
        labels += more_labels
    axes[0].legend(handles, labels, loc="upper right")


# -- HTML ---------------------------------------------------------------------

STYLE = """
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; margin: 2em auto;
  max-width: 1000px; color: #222; padding: 0 1em; }
h1 { margin-bottom: 0.2em; } .period { color: #555; margin-top: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 1.2em 0; }
.card { border: 1px solid #ccd; border-radius: 6px; padding: 0.6em 1em;
  min-width: 8em; } .card b { display: block; font-size: 1.5em; }
img { max-width: 100%; } figure { margin: 1.5em 0; }
table { border-collapse: collapse; margin: 0.6em 0 1.6em; font-size: 0.9em; }
th, td { border-bottom: 1px solid #dde; padding: 0.25em 0.7em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f1f3f8; } .note { color: #555; font-size: 0.9em; }
"""

CARDS = (
    ("tickets", "tickets", "{}"),
    ("served", "served", "{}"),
    ("no_show_rate", "no-show rate", "{:.1%}"),
    ("wait_p50_minutes", "median wait", "{} min"),
    ("wait_p90_minutes", "p90 wait", "{} min"),
    ("priority_share", "priority tickets", "{:.1%}"),
    ("feedback_mean", "mean rating", "{} / 5"),
    ("estimate_median_abs_error", "estimate error (median)", "{} min"),
    ("estimate_within_5_minutes", "estimates within ±5 min", "{:.0%}"),
    ("overdue_cases", "overdue cases", "{}"),
)

TABLES = (
    ("per_service", "Tickets and waits per service (minutes)"),
    ("per_hour", "Tickets and waits per hour of issue"),
    ("per_day", "Per day"),
    ("per_counter", "Service time per counter (minutes)"),
    ("priority", "Priority tickets"),
    ("feedback_per_service", "Feedback per service (count of each star)"),
    ("feedback_per_counter", "Feedback per counter"),
    ("estimate_per_service", "Estimated against real waits, per service"),
    ("estimate_by_band", "Real waits by the wait told"),
    ("cases_per_status", "Cases opened in the period, by status now"),
    ("overdue_per_service", "Overdue cases per service"),
    ("overdue_oldest", "Oldest overdue cases"),
)


def render_html(
    report: dict[str, Any], charts: dict[str, bytes], note: str | None = None
) -> str:
    """Return the whole report as one HTML page with its charts embedded.

    ``note``, if given, is shown under the title (e.g. "simulated data").
    """
    title = f"{report['centre']}: report {report['from']} to {report['to']}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_text(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_text(report['centre'])}</h1>",
        f'<p class="period">{_period(report)}</p>',
        f'<p class="note">{_text(note)}</p>' if note else "",
        _cards(report),
        *(_figure(name, png) for name, png in charts.items()),
        *(_table_section(report, key, heading) for key, heading in TABLES),
        _notes(report),
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part)


def write_html_report(
    report: dict[str, Any], folder: Path, save_charts: bool = False
) -> Path:
    """Write ``report-FROM-TO.html`` in ``folder`` (and the PNGs if asked)."""
    folder.mkdir(parents=True, exist_ok=True)
    charts = render_charts(report)
    stem = f"report-{report['from']}-{report['to']}"
    path = folder / f"{stem}.html"
    path.write_text(render_html(report, charts), encoding="utf-8")
    if save_charts:
        for name, png in charts.items():
            (folder / f"{stem}-{name}.png").write_bytes(png)
    log.info("HTML report written to %s with %d charts", path, len(charts))
    return path


def _period(report: dict[str, Any]) -> str:
    span = report["from"]
    if report["to"] != report["from"]:
        span += f" to {report['to']}"
    return f"{_text(span)} · made {_text(report['generated_at'])}"


def _cards(report: dict[str, Any]) -> str:
    cards = []
    for key, label, template in CARDS:
        value = report.get(key)
        shown = "–" if value is None else template.format(value)
        cards.append(f'<div class="card"><b>{_text(shown)}</b>{_text(label)}</div>')
    return f'<div class="cards">{"".join(cards)}</div>'


def _figure(name: str, png: bytes) -> str:
    title = CHARTS[name][1]
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure id="{name}"><img alt="{_text(title)}" '
        f'src="data:image/png;base64,{data}"></figure>'
    )


def _table_section(report: dict[str, Any], key: str, heading: str) -> str:
    rows = report.get(key) or []
    if not rows:
        return ""
    columns = list(rows[0])
    head = "".join(f"<th>{_text(column)}</th>" for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(row[c])}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    return f"<h2>{_text(heading)}</h2><table><tr>{head}</tr>{body}</table>"


def _notes(report: dict[str, Any]) -> str:
    return (
        '<p class="note">Waits run from the ticket to its (last) call; tickets '
        "never called have none. The no-show rate counts no-shows among tickets "
        "that ended at a counter. Estimate error is the real wait minus the wait "
        "told at the kiosk when the ticket was issued. A case is overdue when it "
        f"is not closed {report['case_due_days']} days after it opened.</p>"
    )


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and 0 < abs(value) < 1 and "." in str(value):
        return _text(f"{value:g}")
    return _text(str(value))


def _text(value: str) -> str:
    return html.escape(value, quote=True)
