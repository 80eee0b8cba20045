"""Take screenshots of every kiosk screen in English and Urdu.

``python -m kiosk.app.screenshots docs/screenshots`` writes ``kiosk-*.png`` at
1920×1080, the services and ticket screens at 1024×600 too, the welcome,
services and ticket screens in portrait (1080×1920), and the status screen
reading a slip held to the camera (a video as the camera). It runs the real app on the
shipped kiosk.ini with a throw-away database and preview printer, at a fixed
moment when the centre is open, with a few visitors already waiting. Without a
DISPLAY it starts itself again under ``xvfb-run``.
"""

import argparse
import dataclasses
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from kiosk.app.main import prepare_kivy
from kiosk.app.settings import KioskSettings
from kiosk.config import load_config
from kiosk.models import Priority

log = logging.getLogger(__name__)

SHOT_MOMENT = (2025, 12, 3, 10, 30)  # a Wednesday morning: open
CLOSED_MOMENT = (2025, 12, 7, 18, 0)  # a Sunday evening: closed
SETTINGS = KioskSettings(fullscreen=False, done_seconds=300, idle_seconds=3600)


class PaperOutPrinter:
    """A printer that is out of paper, to show what visitors then see."""

    def print_ticket(self, _slip: object) -> None:
        """Fail as a printer without paper does."""
        from printer import PrinterPaperOutError

        raise PrinterPaperOutError("preview printer pretending to be out of paper")

    print_receipt = print_ticket


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots into the folder given; return 0."""
    parser = argparse.ArgumentParser(prog="python -m kiosk.app.screenshots")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--config", default=os.environ.get("KIOSK_CONFIG", "kiosk.ini"))
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        command = ["xvfb-run", "-a", "-s", "-screen 0 1920x1920x24", sys.executable]
        return subprocess.call([*command, "-m", "kiosk.app.screenshots", *sys.argv[1:]])

    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as scratch:
        take_all(Path(args.config), args.folder, Path(scratch))
    return 0


def take_all(ini: Path, folder: Path, scratch: Path) -> None:
    """Start the app on ``ini`` with its data in ``scratch``; shoot every screen."""
    os.environ.setdefault("KIVY_HOME", str(scratch / "kivy"))
    prepare_kivy(SETTINGS, windowed=True)
    from kiosk.app.driver import AppDriver
    from kiosk.store import QueueStore
    from printer import TicketPrinter

    config = load_config(ini)
    config = dataclasses.replace(
        config,
        database_path=scratch / "queue.sqlite3",
        printer=dataclasses.replace(config.printer, preview_dir=scratch / "preview"),
    )
    open_moment = datetime(*SHOT_MOMENT, tzinfo=config.centre.timezone).timestamp()
    moment = [open_moment]
    store = QueueStore(config, clock=lambda: moment[0])
    _seed_queue(store)
    driver = AppDriver(config, SETTINGS, store, TicketPrinter(config.printer))
    try:
        Shooter(driver, folder).shoot_all(store, moment, config)
    finally:
        driver.stop()
    moment[0] = open_moment  # the closed-centre shots moved the clock on
    try:
        shoot_camera(config, store, folder, scratch)
    finally:
        store.close()


def shoot_camera(config: object, store: object, folder: Path, scratch: Path) -> None:
    """The status screen in Urdu with a slip held to the camera, and its case.

    The camera is a video of the slip as our printer prints it, which OpenCV
    opens as it would a webcam (kiosk.app.rehearsal_camera).
    """
    from kiosk.app.driver import AppDriver
    from kiosk.app.rehearsal_camera import slip_qr_area, write_camera_video
    from printer import TicketPrinter

    issued = store.issue("police_verification", actor="screenshots")
    store.update_case(issued.tracking_code, "under_process", actor="screenshots")
    video = write_camera_video(
        scratch / "camera.avi", slip_qr_area(store, issued), slip_frames=300
    )
    camera = dataclasses.replace(config.camera, enabled=True, device=str(video))
    with_camera = dataclasses.replace(config, camera=camera)
    driver = AppDriver(with_camera, SETTINGS, store, TicketPrinter(config.printer))
    try:
        app = driver.app
        app.language = "ur"
        app.show("status")
        screen = app.screen("status")
        driver.wait_until(lambda: screen.phase == "result", 10)
        driver.wait_until(lambda: screen.camera_texture is not None, 5)
        Shooter(driver, folder).save("status-camera-ur")
    finally:
        driver.stop()


def _seed_queue(store: object) -> None:
    """Put a few visitors in the queue so the waits are not all zero."""
    for code, count in (("character_certificate", 5), ("police_verification", 3)):
        for _ in range(count):
            store.issue(code, Priority.NORMAL, actor="screenshots")
    store.issue("fir_copy", Priority.SENIOR, actor="screenshots")
    store.issue("tenant_registration", Priority.NORMAL, actor="screenshots")


class Shooter:
    """Walk the app through its screens and save each one."""

    def __init__(self, driver: object, folder: Path) -> None:
        self.driver = driver
        self.app = driver.app
        self.folder = folder

    def save(self, name: str) -> None:
        """Save the window as ``kiosk-{name}.png``."""
        path = self.driver.screenshot(self.folder / f"kiosk-{name}.png")
        log.warning("wrote %s", path)

    def shoot_all(self, store: object, moment: list[float], config: object) -> None:
        """Take every screenshot, in both languages."""
        self.app.go_home()
        self.save("welcome")
        for language in ("en", "ur"):
            self.shoot_language(language, store)
        self.shoot_small()
        self.shoot_portrait()
        moment[0] = datetime(*CLOSED_MOMENT, tzinfo=config.centre.timezone).timestamp()
        for language in ("en", "ur"):
            self.app.language = language
            self.show_services()
            self.save(f"closed-{language}")

    def show_services(self) -> None:
        """Show the services screen with fresh waits."""
        self.app.show("services")
        self.driver.wait_until(lambda: bool(self.app.screen("services")._open))
        self.driver.wait(0.3)

    def shoot_language(self, language: str, store: object) -> None:
        """Take the screens of one language."""
        app, driver = self.app, self.driver
        app.go_home()
        app.language = language
        self.show_services()
        self.save(f"services-{language}")

        app.screen("priority").service_code = "character_certificate"
        app.show("priority")
        self.save(f"priority-{language}")

        ticket = app.screen("ticket")
        app.show("ticket")
        ticket.issue("character_certificate", Priority.NORMAL)
        driver.wait_until(lambda: ticket.phase == "printed", 15)
        self.save(f"ticket-{language}")

        printer, app.printer = app.printer, PaperOutPrinter()
        ticket.issue("fir_copy", Priority.SENIOR)
        driver.wait_until(lambda: ticket.phase == "print_failed", 15)
        self.save(f"ticket-printer-fault-{language}")
        app.printer = printer

        self.shoot_status(language, store)
        self.shoot_feedback(language, store)
        self.shoot_complaint(language)

        app.show("services")
        self.shoot_idle(language)

    def shoot_idle(self, language: str) -> None:
        """The "Continue?" countdown, 7 s before the kiosk would go home.

        The idle watcher owns the countdown (it sets it four times a second), so
        the shot moves the last touch back in time instead of setting it.
        """
        idle = self.app.idle
        idle.last_activity = idle.clock() - (idle.settings.idle_seconds - 7)
        self.driver.wait_until(lambda: self.app.idle_countdown > 0, 2)
        self.save(f"idle-{language}")
        idle.touched()
        self.driver.frames(2)

    def shoot_status(self, language: str, store: object) -> None:
        """The status screen: a code typed, then a case found."""
        screen = self.app.screen("status")
        self.app.show("status")
        issued = store.issue("police_verification", actor="screenshots")
        store.update_case(issued.tracking_code, "under_process", actor="screenshots")
        screen.code = issued.tracking_code[:7]
        self.driver.wait_until(lambda: bool(screen.camera_message[0]), 5)
        self.save(f"status-{language}")
        screen.code = issued.tracking_code
        screen.check()
        self.driver.wait_until(lambda: screen.phase == "result", 5)
        self.save(f"status-result-{language}")

    def shoot_feedback(self, language: str, store: object) -> None:
        """The feedback screen: a token typed, the faces, the thanks."""
        screen = self.app.screen("feedback")
        self.app.show("feedback")
        screen.token = "C-003"
        self.save(f"feedback-{language}")
        screen.find_ticket()
        self.driver.wait_until(lambda: screen.phase == "rate", 5)
        screen.rate(4)
        screen.toggle_tag("courtesy")
        self.save(f"feedback-rate-{language}")
        screen.send()
        self.driver.wait_until(lambda: screen.phase == "thanks", 5)
        self.save(f"feedback-thanks-{language}")

    def shoot_complaint(self, language: str) -> None:
        """The complaint form: a name, a bad CNIC, the categories."""
        screen = self.app.screen("complaint")
        screen.start("complaint")
        self.app.show("complaint")
        for character in "سلیم خان" if language == "ur" else "SALEEM KHAN":
            screen.type_key(character)
        self.save(f"complaint-{language}")
        screen.next()
        for character in "احمد خان" if language == "ur" else "AHMED KHAN":
            screen.type_key(character)
        screen.next()
        for digit in "1234567":
            screen.type_key(digit)
        screen.next()
        self.save(f"complaint-bad-cnic-{language}")
        for digit in "890123":
            screen.type_key(digit)
        screen.next()
        for digit in "03001234567":
            screen.type_key(digit)
        screen.next()
        self.save(f"complaint-category-{language}")
        screen.reset()

    def shoot_small(self) -> None:
        """The services and ticket screens on a 1024×600 display, in Urdu."""
        self.driver.resize((1024, 600))
        self.app.go_home()
        self.app.language = "ur"
        self.show_services()
        self.save("services-ur-1024x600")
        ticket = self.app.screen("ticket")
        self.app.show("ticket")
        ticket.issue("tenant_registration", Priority.NORMAL)
        self.driver.wait_until(lambda: ticket.phase == "printed", 15)
        self.save("ticket-ur-1024x600")
        self.driver.resize((1920, 1080))

    def shoot_portrait(self) -> None:
        """The welcome, services and ticket screens on a portrait 1080×1920 panel."""
        self.driver.resize((1080, 1920))
        self.app.go_home()
        self.save("welcome-1080x1920")
        self.app.language = "ur"
        self.show_services()
        self.save("services-ur-1080x1920")
        ticket = self.app.screen("ticket")
        self.app.show("ticket")
        ticket.issue("police_verification", Priority.NORMAL)
        self.driver.wait_until(lambda: ticket.phase == "printed", 15)
        self.save("ticket-ur-1080x1920")
        self.driver.resize((1920, 1080))


if __name__ == "__main__":
    sys.exit(main())
