"""The kiosk app, started for real under Xvfb and driven by touches.

Each test starts the app in the Xvfb window and taps widgets through the
window's input pipeline, as a finger would; nothing calls a handler directly.
"""

import dataclasses

import kiosk_app_support as support
from kiosk_app_support import choose_english, closed_port, quick_settings, start_kiosk

from kiosk.app.texts import TEXTS

# Fixtures shared by the kiosk's Kivy tests.
kivy_ready = support.kivy_ready
kiosk_config = support.kiosk_config
kiosk = support.kiosk


def take_ticket(kiosk, service: str = "character_certificate") -> None:
    choose_english(kiosk)
    kiosk.tap(kiosk.screen._tiles[service])
    assert kiosk.app.root.manager.current == "priority"
    kiosk.tap(kiosk.screen.ids.normal)
    assert kiosk.app.root.manager.current == "ticket"


def test_visitor_gets_a_printed_ticket(kiosk, store, kiosk_config):
    take_ticket(kiosk)

    assert kiosk.wait_until(lambda: kiosk.screen.phase == "printed", 10)
    token = kiosk.screen.token
    assert token == "C-001"
    assert kiosk.screen.ids.token.text == "C-001"
    assert kiosk.screen.status_text == TEXTS["take_ticket"][0]
    assert store.ticket_by_token(token).service == "character_certificate"
    previews = list(kiosk_config.printer.preview_dir.glob("*.png"))
    assert len(previews) == 1 and "C-001" in previews[0].name


def test_double_tap_on_priority_issues_one_ticket(kiosk, store):
    choose_english(kiosk)
    kiosk.tap(kiosk.screen._tiles["fir_copy"])
    button = kiosk.screen.ids.normal
    x, y = button.to_window(*button.center)
    kiosk.tap_at(x, y)
    kiosk.tap_at(x, y)

    assert kiosk.wait_until(lambda: kiosk.screen.phase == "printed", 10)
    assert [t.token for t in store.waiting_tickets()] == ["F-001"]


def test_printer_failure_keeps_the_token_on_screen(
    kivy_ready, kiosk_config, store, caplog
):
    printer = dataclasses.replace(
        kiosk_config.printer,
        connection="network",
        host="127.0.0.1",
        port=closed_port(),
        timeout_seconds=0.5,
    )
    driver = start_kiosk(dataclasses.replace(kiosk_config, printer=printer), store)
    try:
        take_ticket(driver)
        assert driver.wait_until(lambda: driver.screen.phase == "print_failed", 10)
        assert driver.screen.ids.token.text == "C-001"
        assert driver.screen.qr_texture is not None
        assert TEXTS["note_number"][0] in driver.screen.status_text
        assert "C-001" in driver.screen.status_text
        assert "PRINTER FAULT" in caplog.text
    finally:
        driver.stop()


AMBER = (250, 191, 46)


def assert_visible(widget) -> None:
    """Fail unless ``widget`` is drawn, opaque and wholly inside the window."""
    from kivy.core.window import Window

    node = widget
    while node is not None and node is not Window:
        assert node.opacity > 0, f"{type(node).__name__} has opacity 0"
        node = node.parent
    left, bottom = widget.to_window(widget.x, widget.y)
    right, top = widget.to_window(widget.right, widget.top)
    assert widget.width > 0 and widget.height > 0
    assert 0 <= left < right <= Window.width
    assert 0 <= bottom < top <= Window.height


def pixel_at(driver, tmp_path, widget, dx: float, dy: float) -> tuple[int, ...]:
    """Return the colour the window shows at (dx, dy) inside ``widget``."""
    from kivy.core.window import Window
    from PIL import Image

    shot = driver.screenshot(tmp_path / "window.png")
    x, y = widget.to_window(widget.x + dx, widget.y + dy)
    with Image.open(shot) as image:
        return image.convert("RGB").getpixel((int(x), int(Window.height - y)))


def test_idle_kiosk_shows_continue_then_returns_home(
    kivy_ready, kiosk_config, store, tmp_path
):
    driver = start_kiosk(kiosk_config, store)
    try:
        choose_english(driver)
        # A short idle time from here on (the kiosk.ini minimum is 15 s).
        quick = quick_settings(idle_seconds=3, idle_warning_seconds=2)
        driver.app.idle.settings = quick
        driver.app.idle.touched()
        notice = driver.app.root.ids.idle_notice
        assert driver.wait_until(lambda: driver.app.idle_countdown > 0, 3)
        driver.frames(2)

        assert notice.shown
        assert_visible(notice.ids.box)
        assert_visible(notice.ids.continue_button)
        seconds = str(driver.app.idle_countdown)
        assert seconds in notice.ids.countdown.text
        amber = pixel_at(driver, tmp_path, notice.ids.box, 8, notice.ids.box.height / 2)
        assert all(abs(a - b) < 12 for a, b in zip(amber, AMBER, strict=True))

        driver.tap(notice.ids.continue_button)
        driver.frames(2)
        assert not notice.shown
        assert driver.app.root.manager.current == "services"

        assert driver.wait_until(lambda: notice.shown, 4)
        assert driver.wait_until(
            lambda: driver.app.root.manager.current == "welcome", 3
        )
        assert driver.app.language == kiosk_config.centre.default_language
        assert driver.wait_until(lambda: not notice.shown, 1)
    finally:
        driver.stop()


def test_escape_and_close_requests_do_not_close_the_locked_window(kiosk):
    from kivy.base import EventLoop
    from kivy.core.window import Window

    choose_english(kiosk)
    Window.dispatch("on_key_down", 27, 41, None, [])
    Window.dispatch("on_keyboard", 27, 41, None, [])
    refused = Window.dispatch("on_request_close")
    kiosk.frames(3)

    assert refused is True
    assert EventLoop.status != "stopped"
    assert kiosk.app.root in Window.children
    pin_prompts = [w for w in Window.children if type(w).__name__ == "StaffPinPopup"]
    assert len(pin_prompts) == 1
    pin_prompts[0].dismiss()


def test_closed_centre_says_when_it_opens_and_issues_nothing(kiosk, store, clock):
    clock.advance(minutes=60 * 24 * 4)  # Sunday: closed all day
    choose_english(kiosk)

    assert kiosk.screen.closed
    assert kiosk.screen.opens_text == "Opens tomorrow at 09:00"
    kiosk.tap(kiosk.screen._tiles["character_certificate"])
    assert kiosk.app.root.manager.current == "services"
    assert store.waiting_tickets() == []


def test_switching_back_to_a_language_draws_no_text_again(kiosk):
    from kiosk.urdu_text import default_renderer
    from kiosk.widgets.rendered_text import TEXTURES

    choose_english(kiosk)
    switch = next(
        widget
        for widget in kiosk.screen.walk()
        if type(widget).__name__ == "IconButton" and widget.icon == "translate"
    )
    renderer = default_renderer()

    def drawings() -> tuple[int, int, int]:
        info = renderer.cache_info()
        return info["line_misses"], info["paragraph_misses"], TEXTURES.misses

    kiosk.tap(switch)  # Urdu: drawn now, for the first time
    kiosk.frames(2)
    assert kiosk.app.language == "ur"
    kiosk.tap(switch)
    kiosk.frames(2)
    after_both = drawings()
    for language in ("ur", "en", "ur"):
        kiosk.tap(switch)
        kiosk.frames(2)
        assert kiosk.app.language == language
        assert drawings() == after_both


def forget_every_drawn_text() -> None:
    """Empty the process-wide text caches, as in a freshly started kiosk."""
    from kiosk.urdu_text import default_renderer
    from kiosk.widgets.rendered_text import FITTED_SIZES, TEXTURES

    renderer = default_renderer()
    for cache in (renderer.lines, renderer.widths, renderer.paragraphs):
        cache.clear()
    FITTED_SIZES.clear()
    TEXTURES.clear()


def test_the_first_visitor_finds_the_services_screen_drawn(
    kivy_ready, kiosk_config, store
):
    from kiosk.app.driver import AppDriver
    from kiosk.widgets.rendered_text import FITTED_SIZES, TEXTURES
    from printer import TicketPrinter

    forget_every_drawn_text()
    driver = AppDriver(
        kiosk_config,
        quick_settings(),
        store,
        TicketPrinter(kiosk_config.printer),
        build_all=True,
    )

    def drawings() -> tuple[int, int]:
        # Texts fitted to their room and textures drawn; the ticket screen's
        # font warming on the printer's thread draws lines, which do not count.
        return FITTED_SIZES.misses, TEXTURES.misses

    try:
        assert driver.app.language == kiosk_config.centre.default_language
        for language, button in (("en", "english"), ("ur", "urdu")):
            before = drawings()
            driver.tap(driver.screen.ids[button])
            driver.wait_until(lambda: bool(driver.screen._open))
            driver.frames(2)
            assert driver.app.language == language
            assert drawings() == before, language
            driver.app.go_home()
            driver.frames(2)
    finally:
        driver.stop()


def test_drawing_ahead_leaves_a_chosen_language_alone(kiosk):
    choose_english(kiosk)

    kiosk.app._draw_ahead_in("ur")
    kiosk.frames(2)

    assert kiosk.app.language == "en"
    assert kiosk.screen.ids.grid.children[0].name.isascii()


def test_a_finished_visit_leaves_its_token_out_of_the_texture_cache(kiosk):
    from kiosk.widgets.rendered_text import TEXTURES

    take_ticket(kiosk)
    assert kiosk.wait_until(lambda: kiosk.screen.phase == "printed", 10)
    token, status = kiosk.screen.ids.token, kiosk.screen.ids.status_text
    token_key = token.key_for(token.text)
    status_key = status.key_for(status.text)
    assert token_key in TEXTURES and status_key in TEXTURES

    kiosk.tap(kiosk.screen.ids.done_button)
    kiosk.frames(2)

    assert kiosk.app.root.manager.current == "welcome"
    assert token_key not in TEXTURES
    assert status_key in TEXTURES  # shown again with every ticket
