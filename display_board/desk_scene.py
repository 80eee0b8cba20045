"""The desk screenshots: counter 1 logged in with a ticket and its case."""

from pathlib import Path

from kivy.clock import Clock

from display_board.desk_actions import CounterDesk
from display_board.desk_app import CounterDeskApp
from display_board.screenshot_scenes import fill_queue, save
from kiosk.config import load_config
from kiosk.store import QueueStore


def run_desk_scene(name: str, ini: Path, target: Path) -> None:
    """Log counter 1 in, call a ticket, start serving it, photograph the desk."""
    config = load_config(ini)
    seed = QueueStore(config)
    fill_queue(seed)
    seed.pins.set_pin("counter:1", "4321")
    current = seed.current_ticket(1)
    seed.serve(current.token)
    seed.complete(current.token)
    ticket = seed.call_next(1)
    seed.serve(ticket.token)
    case = seed.case_for_ticket(ticket)
    if case is not None:
        seed.update_case(case.tracking_code, "under_process", "sent to SHO")
    seed.close()

    language = "ur" if name == "desk-ur" else "en"
    app = CounterDeskApp(config, language, 1)

    def log_in(_dt: float) -> None:
        desk = CounterDesk.login(app.store, 1, "4321")
        app.desk_screen.start(desk, language)
        app.root.current = "desk"
        Clock.schedule_once(lambda _dt: save(target, app.stop, shown), 1.5)

    def shown() -> bool:
        screen = app.desk_screen
        return screen.has_ticket and screen.ids.waiting_box.children != []

    Clock.schedule_once(log_in, 0.5)
    app.run()
