"""KioskApp: the Kivy application that ties the kiosk's screens together.

The app owns what every screen shares: the chosen language and its sentences,
the size scale for the window, the background workers, the idle countdown and
the lockdown. Each screen owns its own state (see :mod:`kiosk.app.screens`).
"""

import logging
from collections.abc import Callable
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    DictProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.screenmanager import Screen

# Imported for their Widget classes, which kv rules name (Kivy's Factory).
from kiosk.app import keyboard, root, staff_pin  # noqa: F401
from kiosk.app.idle import IdleWatcher
from kiosk.app.lockdown import Lockdown
from kiosk.app.screens.complaint import ComplaintScreen
from kiosk.app.screens.feedback import FeedbackScreen
from kiosk.app.screens.priority import PriorityScreen
from kiosk.app.screens.services import ServicesScreen
from kiosk.app.screens.status import StatusScreen
from kiosk.app.screens.ticket import TicketScreen
from kiosk.app.screens.welcome import WelcomeScreen
from kiosk.app.settings import KioskSettings
from kiosk.app.texts import TEXTS, other_language, pick
from kiosk.app.worker import Worker
from kiosk.config import KioskConfig
from kiosk.heap import release_free_memory
from kiosk.store import QueueStore
from kiosk.urdu_text import default_renderer
from kiosk.widgets.rendered_text import TEXTURES

log = logging.getLogger(__name__)

APP_DIR = Path(__file__).resolve().parent
# kiosk.kv (the root) last: it uses the rules of every other file.
KV_FILES = (
    APP_DIR / "common.kv",
    APP_DIR / "keyboard.kv",
    APP_DIR / "staff_pin.kv",
    *sorted((APP_DIR / "screens").glob("*.kv")),
    APP_DIR / "kiosk.kv",
)
# Every screen by name. Those of a ticket's path (PREBUILT) are built after the
# first frame (see KioskApp._startup_steps), so the first visitor's taps are
# answered at once; the others (each 8-11 MB and 0.1-0.3 s to build and draw on
# a software renderer) are built on their first visit.
SCREENS = {
    "welcome": WelcomeScreen,
    "services": ServicesScreen,
    "priority": PriorityScreen,
    "ticket": TicketScreen,
    "status": StatusScreen,
    "feedback": FeedbackScreen,
    "complaint": ComplaintScreen,
}
PREBUILT = ("services", "priority", "ticket")
BACKGROUND = (0.04, 0.11, 0.24, 1)
# The screens keep what they show as textures (RenderedText's shared cache), so
# the renderer's own caches of Pillow pictures need hold little more than the
# lines being measured and wrapped.
RENDER_CACHE_BYTES = 2 * 1024 * 1024
# Textures on show are held by their widgets whatever the cache keeps; the
# shared texture cache need only bridge what a worker draws ahead (the ticket)
# and a language switch, not every token issued since the kiosk started.
TEXTURE_CACHE_BYTES = 8 * 1024 * 1024
BASE_WIDTH, BASE_HEIGHT = 1920, 1080
# UX.md: no text under 24 px on a 1920×1080 kiosk; smaller windows scale it by
# their short side (24 × 600 / 1080 ≈ 13 px at 1024×600).
SMALLEST_TEXT_PX = 24
SMALLEST_SCALE = 0.6
# Seconds after a screen change or a language switch before the memory the
# renderer used to draw the screen is given back (kiosk.heap): late enough that
# its first frames are drawn.
SETTLE_SECONDS = 1.0
_loaded_kv: set[Path] = set()


def load_kv_files() -> None:
    """Load the kiosk's kv files once per process (apps in tests share them)."""
    for path in KV_FILES:
        if path not in _loaded_kv:
            Builder.load_file(str(path))
            _loaded_kv.add(path)


class KioskApp(App):
    """The visitor kiosk (kv: ``kiosk.kv``); see the module docstring.

    ``printer`` is a :class:`printer.TicketPrinter` (or a stand-in with the same
    methods); ``status_source`` answers case-status lookups; ``open_scanner``
    makes a camera scanner for a screen, or is None when there is no camera.
    """

    language = OptionProperty("ur", options=["en", "ur"])
    tr = DictProperty({})
    tr_other = DictProperty({})
    rtl = BooleanProperty(True)
    scale = NumericProperty(1.0)
    smallest_text = NumericProperty(SMALLEST_TEXT_PX)
    portrait = BooleanProperty(False)
    centre_name = StringProperty("")
    centre_name_other = StringProperty("")
    idle_countdown = NumericProperty(0)
    busy = BooleanProperty(False)
    store = ObjectProperty(None)

    def __init__(
        self,
        config: KioskConfig,
        store: QueueStore,
        printer: object,
        settings: KioskSettings,
        status_source: object,
        open_scanner: Callable[..., object] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.kiosk_config = config
        self.store = store
        self.printer = printer
        self.settings = settings
        self.status_source = status_source
        self.open_scanner = open_scanner
        self.db_worker = Worker("kiosk-db")
        self.print_worker = Worker("kiosk-printer")
        self.idle = IdleWatcher(self, settings)
        self.lockdown = Lockdown(self)
        self.use_kivy_settings = False
        self.title = "Police Khidmat Markaz kiosk"
        self._startup_steps: list[Callable[[], None]] = []
        self._release_memory = Clock.create_trigger(
            lambda _dt: release_free_memory(), SETTLE_SECONDS
        )
        self.bind(language=self._apply_language)
        self.language = config.centre.default_language
        self._apply_language()

    # -- Kivy lifecycle ---------------------------------------------------

    def load_kv(self, filename: str | None = None) -> bool:
        """Load kiosk.kv and the screens' kv files (once per process)."""
        load_kv_files()
        return True

    def build(self) -> object:
        """Return the root widget made by the ``<KioskRoot>`` rule."""
        renderer = default_renderer()
        renderer.lines.max_bytes = renderer.paragraphs.max_bytes = RENDER_CACHE_BYTES
        TEXTURES.max_bytes = TEXTURE_CACHE_BYTES
        kiosk_root = root.KioskRoot()
        Window.clearcolor = BACKGROUND
        Window.bind(size=self._fit_window)
        self._fit_window(Window, Window.size)
        return kiosk_root

    def on_start(self) -> None:
        """Lock the window down, watch for idle visitors, build the ticket path."""
        self.lockdown.install()
        self.idle.start()
        self._startup_steps = self._getting_ready()
        Clock.schedule_once(self._run_next_startup_step, 0)
        log.info("kiosk started for %s", self.kiosk_config.centre.name_en)

    def on_stop(self) -> None:
        """Stop timers and workers; the caller closes the store."""
        self.idle.stop()
        self.lockdown.uninstall()
        Window.unbind(size=self._fit_window)
        self._startup_steps = []
        for screen in self.root.manager.screens:
            screen.dispatch("on_leave")
        self.db_worker.stop()
        self.print_worker.stop()
        log.info("kiosk stopped")

    def open_settings(self, *_args: object) -> bool:
        """Never open Kivy's settings panel (F1) on a kiosk."""
        return False

    # -- what screens call ------------------------------------------------

    def show(self, name: str) -> None:
        """Switch to the screen called ``name`` (building it now if need be)."""
        self.screen(name)
        self.root.manager.current = name
        self._release_memory()

    def screen(self, name: str) -> Screen:
        """Return the screen called ``name``, building it if it is not yet built."""
        manager = self.root.manager
        if not manager.has_screen(name):
            built = SCREENS[name](name=name)
            # Laid out at the window's size now, not on first show: its texts
            # are then drawn (and cached) at the widths they will be shown at,
            # while the visitor is still on an earlier screen.
            built.size = manager.size
            manager.add_widget(built)
        return manager.get_screen(name)

    def go_back(self) -> None:
        """Go to the current screen's ``back_target``."""
        self.show(self.root.manager.current_screen.back_target)

    def go_home(self) -> None:
        """Forget the visit (typed data included) and show the welcome screen."""
        for screen in self.root.manager.screens:
            screen.reset()
        self.language = self.kiosk_config.centre.default_language
        self.show("welcome")
        log.info("back to the welcome screen")

    def choose_language(self, language: str) -> None:
        """Set the visitor's language."""
        self.language = language

    def toggle_language(self) -> None:
        """Switch between Urdu and English (the corner button)."""
        self.language = other_language(self.language)

    def text(self, key: str, **values: object) -> str:
        """Return sentence ``key`` in the chosen language, filled with ``values``."""
        return self.tr[key].format(**values) if values else self.tr[key]

    def ask_staff_pin(
        self,
        on_success: Callable[[], None],
        on_dismiss: Callable[[], None] | None = None,
    ) -> None:
        """Ask for the kiosk's staff PIN; call ``on_success`` once it is right.

        ``on_dismiss`` runs when the prompt closes, whatever the outcome.
        """
        from kiosk.app.staff_pin import StaffPinPopup

        StaffPinPopup(on_success=on_success, on_close=on_dismiss).open()

    # -- internals --------------------------------------------------------

    @property
    def ready(self) -> bool:
        """Return whether the app has finished getting ready for visitors."""
        return not self._startup_steps

    def _getting_ready(self) -> list[Callable[[], None]]:
        """Return the steps that ready the ticket path, run one per frame.

        The first frame shows the welcome screen at once; then the ticket
        path's screens are built, the service tiles made and, once laid out,
        given their words one tile a frame, and every text on them drawn in
        both languages, so the first visitor's language choice finds the
        services screen ready (drawn on the tap, it takes 1.0 s in English and
        2.5 s in Urdu).
        """
        shown = self.language
        steps: list[Callable[[], None]] = [
            lambda name=name: self.screen(name) for name in PREBUILT
        ]
        steps.append(lambda: self.screen("services").build_tiles())
        steps.extend(
            lambda code=code: self.screen("services").show_tile_texts(code)
            for code in self.kiosk_config.services
        )
        steps.append(self._prepare_ticket_path)
        steps.append(lambda: self._draw_ahead_in(other_language(shown)))
        steps.append(lambda: self._draw_ahead_in(shown))
        return steps

    def _prepare_ticket_path(self) -> None:
        self.screen("services").refresh()
        self.screen("ticket").warm_fonts()

    def _draw_ahead_in(self, language: str) -> None:
        """Switch to ``language`` while the welcome screen is on show.

        The welcome screen is the same in both languages, so the visitor sees
        no change while the hidden screens redraw their texts in ``language``
        (they are laid out at the window's size). Once a visitor has chosen a
        language the language is theirs and this does nothing.
        """
        if self.root.manager.current == "welcome":
            self.language = language

    def _run_next_startup_step(self, *_args: object) -> None:
        """Run one start-up step per frame, so touches are never held up long."""
        if self.root is None or not self._startup_steps:
            return
        self._startup_steps.pop(0)()
        Clock.schedule_once(self._run_next_startup_step, 0)

    def _apply_language(self, *_args: object) -> None:
        other = other_language(self.language)
        self.tr = {key: pick(pair, self.language) for key, pair in TEXTS.items()}
        self.tr_other = {key: pick(pair, other) for key, pair in TEXTS.items()}
        self.rtl = self.language == "ur"
        centre = self.kiosk_config.centre
        names = (centre.name_en, centre.name_ur)
        self.centre_name = pick(names, self.language)
        self.centre_name_other = pick(names, other)
        # The screen's texts are all drawn again, as after a screen change.
        self._release_memory()

    def _fit_window(self, _window: object, size: tuple[float, float]) -> None:
        width, height = size
        long_side, short_side = max(width, height), min(width, height)
        fit = min(long_side / BASE_WIDTH, short_side / BASE_HEIGHT)
        self.scale = max(SMALLEST_SCALE, min(fit, 1.5))
        floor = SMALLEST_TEXT_PX * min(self.scale, short_side / BASE_HEIGHT)
        self.smallest_text = round(floor)
        self.portrait = height > width
