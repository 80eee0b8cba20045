"""The hall board app: one screen showing calls, waiting counts and notices.

:class:`BoardScreen` holds the board's state in Kivy properties; ``board.kv``
lays it out. Database work runs on the feed's thread
(:class:`~display_board.call_feed.FeedWatcher`); its updates are merged and
applied on the UI thread through one ``Clock.create_trigger``. A new call
flashes for ``flash_seconds``; calls arriving together flash one after
another, while the recent list shows them all at once.
"""

import logging
import threading
import time
from collections import deque
from datetime import datetime
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    StringProperty,
)
from kivy.uix.screenmanager import Screen

from display_board import board_view, board_widgets  # noqa: F401 (kv uses it)
from display_board.announcer import Announcer
from display_board.board_report import BoardReport
from display_board.board_settings import BoardSettings
from display_board.call_feed import CallFeed, CallNotice, FeedUpdate, FeedWatcher
from display_board.notices import NoticeSource
from kiosk.config import KioskConfig

log = logging.getLogger(__name__)

KV_PATH = Path(__file__).with_name("board.kv")
PANEL = (0.06, 0.18, 0.38, 1)
FLASH = (1.0, 0.76, 0.11, 1)
WHITE = (1, 1, 1, 1)
NAVY = (0.03, 0.10, 0.23, 1)
NAVY_INK = NAVY
FLASH_STEP_SECONDS = 0.5
NOTICE_CHECK_SECONDS = 3.0
# Waiting tiles name their service in one language at a time, switching.
WAITING_LANGUAGE_SECONDS = 6.0
FEED_LOST = "Queue data unavailable; reconnecting…"

# Loaded here once, so the app class's name need not match the kv file's.
if str(KV_PATH) not in Builder.files:
    Builder.load_file(str(KV_PATH))


class BoardScreen(Screen):
    """The hall board: the current call large, recent calls, waiting, ticker."""

    centre_en = StringProperty("")
    centre_ur = StringProperty("")
    title_en = StringProperty("")
    title_ur = StringProperty("")
    time_text = StringProperty("")
    date_en = StringProperty("")
    date_ur = StringProperty("")
    feed_warning = StringProperty("")
    heading_en = StringProperty(board_view.NOW_SERVING[0])
    heading_ur = StringProperty(board_view.NOW_SERVING[1])
    token = StringProperty("—")
    direction_en = StringProperty(board_view.NO_CALL_YET[0])
    direction_ur = StringProperty(board_view.NO_CALL_YET[1])
    mark_icon = StringProperty("")
    mark_en = StringProperty("")
    mark_ur = StringProperty("")
    panel_colour = ColorProperty(PANEL)
    ink_colour = ColorProperty(WHITE)
    flashing = BooleanProperty(False)
    waiting = ListProperty([])
    waiting_columns = NumericProperty(2)
    waiting_en = StringProperty(board_view.WAITING_HEADING[0])
    waiting_ur = StringProperty(board_view.WAITING_HEADING[1])
    recent = ListProperty([])
    recent_rows = NumericProperty(7)
    recent_en = StringProperty("Token  ·  Counter")
    recent_ur = StringProperty("ٹوکن  ·  کاؤنٹر")
    arrow = StringProperty(board_widgets.ARROW)
    has_call = BooleanProperty(False)
    notices = ListProperty([])
    notice_seconds = NumericProperty(8.0)

    def __init__(
        self,
        config: KioskConfig,
        settings: BoardSettings,
        announcer: Announcer | None = None,
        report: BoardReport | None = None,
        **kwargs: object,
    ) -> None:
        self.config = config
        self.settings = settings
        self.announcer = announcer
        self.report = report
        self.recent_rows = settings.recent_calls
        self.notice_seconds = settings.notice_seconds
        self.waiting_columns = 2 if len(settings.services) > 3 else 1
        super().__init__(**kwargs)
        self.centre_en = config.centre.name_en
        self.centre_ur = config.centre.name_ur
        self.title_en = settings.title_en or ""
        self.title_ur = settings.title_ur or ""
        self._pending_calls: deque[CallNotice] = deque()
        self._pending_reports: list[CallNotice] = []
        self._stages: dict[int, tuple[float, float]] = {}
        self._flash_event = None
        self._flash_steps = 0
        self._shown_any = False
        self._notice_source = NoticeSource(settings.notices, settings.notices_file)
        self.notices = list(self._notice_source.load())
        self._waiting_counts: dict[str, int] = {}
        self._waiting_urdu = True
        self.show_waiting({})
        self._tick_clock()
        Clock.schedule_interval(self._tick_clock, 1.0)
        Clock.schedule_interval(self._switch_waiting_language, WAITING_LANGUAGE_SECONDS)
        Clock.schedule_interval(self._check_notices, NOTICE_CHECK_SECONDS)

    # -- updates from the feed -------------------------------------------

    def apply_update(self, update: FeedUpdate) -> None:
        """Show what the feed found: recent list, waiting, new calls to flash."""
        recent = [self._recent_entry(call) for call in update.recent]
        if recent != self.recent:
            self.recent = recent
        self.show_waiting(update.waiting)
        if update.new_calls and self.report is not None:
            self._pending_reports.extend(update.new_calls)
            applied_at = time.time()
            for call in update.new_calls:
                self._stages[call.event_id] = (update.read_at, applied_at)

        if not self._shown_any and update.recent and not update.fresh:
            self._show_call(update.recent[0], flash=False)
        for call in update.fresh:
            self._pending_calls.append(call)
            if self.announcer is not None:
                self.announcer.announce(call)
        if not self.flashing:
            self._show_next_call()

    def show_waiting(self, waiting: dict[str, int]) -> None:
        """Show the waiting count of each service this board lists."""
        self._waiting_counts = waiting
        lines = board_view.waiting_lines(waiting, self.settings.services, self.config)
        entries = [
            {
                "icon": line.icon,
                "name": line.name_ur if self._waiting_urdu else line.name_en,
                "urdu": self._waiting_urdu,
                "count": str(line.count),
            }
            for line in lines
        ]
        if entries != self.waiting:
            self.waiting = entries

    def _switch_waiting_language(self, *_args: object) -> None:
        self._waiting_urdu = not self._waiting_urdu
        self.show_waiting(self._waiting_counts)

    def warm_up(self) -> None:
        """Draw once every Urdu line this board can show, so calls never wait.

        Shaping a new Nastaliq line takes hundreds of milliseconds on a slow
        PC; the renderer caches lines, so drawing each counter's sentence once
        at start keeps a call's first appearance within the latency target.
        """
        direction = self.ids.direction_ur
        for number in self.settings.counters:
            name_ur = board_view.counter_names(self.config.counters[number], number)[1]
            direction.text = f"براہ کرم {name_ur} پر تشریف لائیں"
            direction.render_now()
        direction.text = self.direction_ur
        direction.render_now()

    def show_feed_health(self, healthy: bool) -> None:
        """Warn in the top bar while the queue database cannot be read."""
        self.feed_warning = "" if healthy else FEED_LOST

    def frame_drawn(self, drawn_at: float) -> None:
        """Report calls the frame just put on screen shows (tests and benchmark).

        Call after the buffers were swapped. Besides ``shown``, a ``stages``
        line gives, per call, when the feed read it, when it was applied and
        when the frame drawing it began (``drawn_at``), to find where time goes.
        """
        if not self._pending_reports:
            return
        newest = self._pending_reports[-1]
        if not self.ids.recent_list.shows_token(newest.token):
            return
        shown_at = time.time()
        for call in self._pending_reports:
            self.report.line("shown", call.event_id, call.kind, call.token, at=shown_at)
            read_at, applied_at = self._stages.pop(call.event_id, (0.0, 0.0))
            stamps = (f"{stamp:.6f}" for stamp in (read_at, applied_at, drawn_at))
            self.report.line("stages", call.event_id, *stamps, at=shown_at)
        self._pending_reports.clear()

    # -- the big call and its flash ---------------------------------------

    def _recent_entry(self, call: CallNotice) -> dict[str, str]:
        lines = board_view.call_lines(call, self.config)
        return {
            "token": lines.token,
            "counter": lines.counter_number,
            "mark_icon": lines.mark_icon,
            "mark_en": lines.mark_en,
            "mark_ur": lines.mark_ur,
        }

    def _show_next_call(self) -> None:
        if self._pending_calls:
            self._show_call(self._pending_calls.popleft(), flash=True)

    def _show_call(self, call: CallNotice, flash: bool) -> None:
        lines = board_view.call_lines(call, self.config)
        self._shown_any = True
        self.has_call = True
        self.token = lines.token
        self.direction_en, self.direction_ur = lines.direction_en, lines.direction_ur
        self.mark_icon, self.mark_en, self.mark_ur = (
            lines.mark_icon,
            lines.mark_en,
            lines.mark_ur,
        )
        if flash:
            self._start_flash()

    def _start_flash(self) -> None:
        self.flashing = True
        self._flash_steps = max(
            int(self.settings.flash_seconds / FLASH_STEP_SECONDS), 1
        )
        self._set_flash_colours(True)
        if self._flash_event is not None:
            self._flash_event.cancel()
        self._flash_event = Clock.schedule_interval(
            self._flash_step, FLASH_STEP_SECONDS
        )

    def _flash_step(self, _dt: float) -> bool:
        self._flash_steps -= 1
        if self._flash_steps > 0:
            self._set_flash_colours(self._flash_steps % 2 == 0)
            return True
        self._set_flash_colours(False)
        self.flashing = False
        self._flash_event = None
        self._show_next_call()
        return False

    def _set_flash_colours(self, lit: bool) -> None:
        self.panel_colour = FLASH if lit else PANEL
        self.ink_colour = NAVY_INK if lit else WHITE

    # -- clock and notices ------------------------------------------------

    def _tick_clock(self, *_args: object) -> None:
        now = datetime.now(self.config.centre.timezone)
        self.time_text, self.date_en, self.date_ur = board_view.clock_lines(now)

    def _check_notices(self, *_args: object) -> None:
        if self._notice_source.changed():
            self.notices = list(self._notice_source.load())
            log.info("board notices changed; %d notices", len(self.notices))


class HallBoardApp(App):
    """Run one hall board: the screen, the database feed and the announcer."""

    def __init__(
        self,
        config: KioskConfig,
        settings: BoardSettings,
        feed: CallFeed,
        announcer: Announcer | None = None,
        report: BoardReport | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.title = f"{config.centre.name_en}: hall board"
        self.config_ini = config
        self.settings = settings
        self.feed = feed
        self.announcer = announcer
        self.report = report
        self.screen: BoardScreen | None = None
        self._updates: list[FeedUpdate] = []
        self._updates_lock = threading.Lock()
        self._apply_trigger = Clock.create_trigger(self._apply_updates, 0)
        self._watcher = FeedWatcher(feed, self._receive, settings.poll_ms / 1000.0)
        self._draw_started = 0.0

    def build(self) -> BoardScreen:
        """Build the screen, start following the database.

        The screen is the window's root: a ScreenManager would clip the whole
        board through the stencil buffer, which software GL pays for on every
        pixel of every frame. The window's clear colour is the board's
        background, so no full-screen rectangle is drawn over it.
        """
        Window.clearcolor = NAVY
        self.screen = BoardScreen(
            self.config_ini, self.settings, self.announcer, self.report, name="board"
        )
        if self.report is not None:
            Window.bind(on_draw=self._on_draw, on_flip=self._on_flip)
        Clock.schedule_interval(self._check_health, 1.0)
        self._watcher.start()
        return self.screen

    def on_start(self) -> None:
        """Draw the Urdu lines once, then report that the board is up."""
        Clock.schedule_once(lambda _dt: self._warm_up_then_ready(), 0.2)

    def _warm_up_then_ready(self) -> None:
        self.screen.warm_up()
        if self.report is not None:
            Clock.schedule_once(lambda _dt: self.report.line("ready"), 0.3)

    def on_stop(self) -> None:
        """Stop the feed and the announcer."""
        self._watcher.stop()
        if self.announcer is not None:
            self.announcer.close()
        if self.report is not None:
            self.report.line("stopped")
        log.info("hall board stopped")

    def _receive(self, update: FeedUpdate) -> None:
        """Take an update on the feed's thread; merge bursts into one UI pass."""
        with self._updates_lock:
            self._updates.append(update)
        self._apply_trigger()

    def _apply_updates(self, *_args: object) -> None:
        with self._updates_lock:
            updates, self._updates = self._updates, []
        if not updates:
            return
        merged = FeedUpdate(
            new_calls=tuple(call for update in updates for call in update.new_calls),
            fresh=tuple(call for update in updates for call in update.fresh),
            recent=updates[-1].recent,
            waiting=updates[-1].waiting,
            paused=updates[-1].paused,
            read_at=updates[0].read_at,
        )
        self.screen.apply_update(merged)

    def _check_health(self, *_args: object) -> None:
        self.screen.show_feed_health(self.feed.healthy)

    def _on_draw(self, *_args: object) -> None:
        self._draw_started = time.time()

    def _on_flip(self, *_args: object) -> bool:
        """Swap the buffers, then report: a call counts as shown once on screen.

        Kivy runs bound handlers before its own ``on_flip``, which swaps; so
        this swaps itself and returns True to stop Kivy swapping again.
        """
        Window.flip()
        self.screen.frame_drawn(self._draw_started)
        return True
