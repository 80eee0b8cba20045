"""The scenes behind :mod:`display_board.screenshots`: fill a queue, run an app,
take its picture at the right moment, stop. Runs inside a configured Kivy."""

import logging
import time
from pathlib import Path

from kivy.clock import Clock
from kivy.core.window import Window
from PIL import Image

from display_board.board_app import FLASH, HallBoardApp
from display_board.board_settings import load_board_settings
from display_board.call_feed import CallFeed, centre_today
from kiosk.config import load_config
from kiosk.models import Priority
from kiosk.store import QueueStore

log = logging.getLogger(__name__)

BOARD_TICKETS = (
    ("character_certificate", Priority.NORMAL, 6),
    ("police_verification", Priority.SENIOR, 3),
    ("employee_registration", Priority.NORMAL, 2),
    ("tenant_registration", Priority.NORMAL, 2),
    ("vehicle_verification", Priority.NORMAL, 2),
    ("lost_report", Priority.DISABILITY, 2),
    ("fir_copy", Priority.NORMAL, 3),
    ("complaint", Priority.NORMAL, 2),
    ("women_children", Priority.WOMEN, 3),
    ("case_status", Priority.NORMAL, 1),
)
EARLIER_CALLS = (1, 2, 3, 4, 5, 6, 1, 2)


def fill_queue(store: QueueStore) -> None:
    """Issue a day's worth of tickets and make the earlier calls."""
    for service, priority, count in BOARD_TICKETS:
        for _ in range(count):
            store.issue(service, priority=priority)
    for counter in EARLIER_CALLS:
        current = store.current_ticket(counter)
        if current is not None:
            store.serve(current.token)
            store.complete(current.token)
        store.call_next(counter)


def shoot_board(name: str, ini: Path, target: Path) -> None:
    """Run the board on a filled queue and save one frame as ``target``."""
    config = load_config(ini)
    board_name = "gender_desk" if name == "board-gender-desk" else ""
    settings = load_board_settings(config, board_name)
    store = QueueStore(config)
    fill_queue(store)
    feed = CallFeed(
        config.database_path,
        centre_today(config),
        settings.counters,
        settings.recent_calls,
        settings.stale_call_seconds,
    )
    app = HallBoardApp(config, settings, feed)
    flash = name in ("board-flash", "board-gender-desk")
    counter = 6 if board_name else 3

    def call(_dt: float) -> None:
        current = store.current_ticket(counter)
        if current is not None:
            store.serve(current.token)
            store.complete(current.token)
        store.call_next(counter)
        Clock.schedule_interval(wait_for_flash, 0.02)

    def wait_for_flash(_dt: float) -> bool:
        if (
            tuple(app.screen.panel_colour) == FLASH
            and app.screen.ids.token_text.texture
        ):
            Clock.schedule_once(lambda _dt: shoot(), 0.1)
            return False
        return True

    def shoot() -> None:
        save(target, app.stop)

    if flash:
        Clock.schedule_once(call, 3.0)
    else:
        Clock.schedule_once(lambda _dt: shoot(), 9.0)
    app.run()
    store.close()


def shoot_desk(name: str, ini: Path, target: Path) -> None:
    """Run the desk logged in at counter 1 with a ticket and save ``target``."""
    from display_board.desk_scene import run_desk_scene

    run_desk_scene(name, ini, target)


def save(target: Path, then=None, ready=None) -> None:
    """Save the next drawn frame for which ``ready()`` holds, then call ``then()``.

    The picture is read in the window's flip, before the buffers swap, so it
    is the frame just drawn. Rows are read unpadded (Kivy's own screenshot
    skews windows whose width is not a multiple of 4, such as 1366).
    """
    target.parent.mkdir(parents=True, exist_ok=True)

    def grab(*_args: object) -> None:
        if ready is not None and not ready():
            Window.canvas.ask_update()
            return
        Window.unbind(on_flip=grab)
        frame_image().save(target)
        log.info("saved %s at %s", target, time.strftime("%H:%M:%S"))
        if then is not None:
            Clock.schedule_once(lambda _dt: then(), 0)

    Window.bind(on_flip=grab)
    Window.canvas.ask_update()


def frame_image() -> Image.Image:
    """Return the frame in the window's back buffer as a Pillow image."""
    from kivy.graphics.opengl import (
        GL_RGBA,
        GL_UNSIGNED_BYTE,
        glPixelStorei,
        glReadPixels,
    )

    gl_pack_alignment = 0x0D05
    width, height = (int(value) for value in Window.size)
    glPixelStorei(gl_pack_alignment, 1)
    data = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
    image = Image.frombytes("RGBA", (width, height), data)
    return image.transpose(Image.Transpose.FLIP_TOP_BOTTOM).convert("RGB")
