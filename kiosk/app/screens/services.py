"""The services screen: one tile per service, with the wait right now.

Tiles for services outside their hours are greyed out; when the centre is
closed the grid gives way to a message saying when it opens, and nothing can
be issued. Waits come from the queue on the database worker.
"""

import logging
from datetime import date, datetime

from kivy.properties import BooleanProperty, StringProperty

from kiosk.app.screens.base import KioskScreen
from kiosk.app.texts import WEEKDAYS_EN, WEEKDAYS_UR, pick, text
from kiosk.config import Service
from kiosk.icons import service_icon
from kiosk.models import WaitingSummary
from kiosk.widgets.pressable import PressableBox

log = logging.getLogger(__name__)


class ServiceTile(PressableBox):
    """One service: icon, name in the chosen language, the other small, wait."""

    code = StringProperty("")
    icon = StringProperty("")
    name = StringProperty("")
    other_name = StringProperty("")
    wait_text = StringProperty("")
    available = BooleanProperty(True)


class ServicesScreen(KioskScreen):
    """Show the services as tiles; a tap leads to priority (or the complaint form)."""

    closed = BooleanProperty(False)
    opens_text = StringProperty("")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._tiles: dict[str, ServiceTile] = {}
        self._waits: dict[str, int] = {}
        self._open: dict[str, bool] = {}
        self._next_opening: datetime | None = None
        self._today: date | None = None

    def on_pre_enter(self, *_args: object) -> None:
        """Show the tiles, then ask the queue for today's waits."""
        self.build_tiles()
        self.busy = False
        self._show_texts()
        self.refresh()

    def refresh(self) -> None:
        """Read the waits and opening hours on the database worker."""
        self.app.db_worker.submit(self._read_queue, self._show_queue)

    def choose(self, code: str) -> None:
        """Go on with service ``code``: the complaint form or the priority choice."""
        if self.busy or self.closed or not self._open.get(code, False):
            return
        self.busy = True
        log.info("visitor chose service %s", code)
        if code == self.app.settings.complaint_service:
            self.app.screen("complaint").start(code)
            self.app.show("complaint")
            return
        self.app.screen("priority").service_code = code
        self.app.show("priority")

    def open_status(self) -> None:
        """Show the case-status screen."""
        self.app.show("status")

    def open_feedback(self) -> None:
        """Show the feedback screen."""
        self.app.show("feedback")

    def build_tiles(self) -> None:
        """Make a tile for each service, once, without words (show_tile_texts).

        The app does this before the first visitor, then fills one tile a frame:
        names fitted before the grid lays the tiles out are fitted twice.
        """
        if self._tiles:
            return
        for code in self.app.kiosk_config.services:
            tile = ServiceTile(code=code, icon=service_icon(code))
            tile.bind(on_release=lambda tile: self.choose(tile.code))
            self.ids.grid.add_widget(tile)
            self._tiles[code] = tile
        self.app.bind(language=self._show_texts)

    def show_tile_texts(self, code: str) -> None:
        """Show service ``code``'s name, other name and wait in the chosen language."""
        language = self.app.language
        tile = self._tiles[code]
        service = self.app.kiosk_config.services[code]
        names = (service.name_en, service.name_ur)
        tile.name = pick(names, language)
        tile.other_name = pick(names, "en" if language == "ur" else "ur")
        tile.available = self._open.get(code, True)
        tile.disabled = not tile.available
        tile.wait_text = self._wait_text(code, language)

    # -- internals --------------------------------------------------------

    def _read_queue(self) -> tuple[list[WaitingSummary], datetime]:
        return self.app.store.queue_summary(), self.app.store.local_time()

    def _show_queue(self, result: tuple[list[WaitingSummary], datetime]) -> None:
        summaries, now = result
        config = self.app.kiosk_config
        hours = config.centre.hours
        self.closed = not hours.is_open(now)
        self._next_opening = hours.next_opening(now) if self.closed else None
        self._today = now.date()
        self._waits = {item.service: item.estimated_wait_minutes for item in summaries}
        self._open = {
            code: not self.closed and _service_open(service, now)
            for code, service in config.services.items()
        }
        self._show_texts()

    def _show_texts(self, *_args: object) -> None:
        for code in self._tiles:
            self.show_tile_texts(code)
        self.opens_text = self._opens_text(self.app.language)

    def _wait_text(self, code: str, language: str) -> str:
        if not self._open.get(code, True):
            return text("not_now", language)
        minutes = self._waits.get(code)
        if minutes is None:
            return ""
        if minutes == 0:
            return text("no_wait", language)
        return text("wait_about", language, minutes=minutes)

    def _opens_text(self, language: str) -> str:
        opening = self._next_opening
        if opening is None:
            return text("opens_unknown", language) if self.closed else ""
        days_ahead = (opening.date() - (self._today or opening.date())).days
        if days_ahead == 0:
            day = text("today", language)
        elif days_ahead == 1:
            day = text("tomorrow", language)
        else:
            names = WEEKDAYS_UR if language == "ur" else WEEKDAYS_EN
            day = names[opening.weekday()]
        return text("opens_at", language, day=day, time=opening.strftime("%H:%M"))


def _service_open(service: Service, now: datetime) -> bool:
    return service.hours is None or service.hours.is_open(now)
