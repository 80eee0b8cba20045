"""The complaint, status and feedback screens, driven by touches under Xvfb."""

import kiosk_app_support as support
from kiosk_app_support import choose_english, tap_key, type_on

from kiosk.app.keyboard import BACKSPACE
from kiosk.app.texts import TEXTS
from kiosk.lookup_errors import CameraUnavailableError, CaseNotFoundError
from kiosk.models import Priority
from kiosk.tracking_codes import format_tracking_code

# Fixtures shared by the kiosk's Kivy tests.
kivy_ready = support.kivy_ready
kiosk_config = support.kiosk_config
kiosk = support.kiosk


def open_complaint(kiosk) -> object:
    choose_english(kiosk)
    kiosk.tap(kiosk.screen._tiles["complaint"])
    assert kiosk.app.root.manager.current == "complaint"
    return kiosk.screen


def next_step(kiosk, screen) -> None:
    kiosk.tap(screen.ids.next_button)


def test_complaint_rejects_a_bad_cnic_and_phone_then_prints_a_receipt(
    kiosk, store, kiosk_config
):
    screen = open_complaint(kiosk)
    keyboard = screen.ids.keyboard
    type_on(kiosk, keyboard, "ALI")
    next_step(kiosk, screen)
    type_on(kiosk, keyboard, "AHMED")
    next_step(kiosk, screen)

    assert screen.field == "cnic"
    type_on(kiosk, keyboard, "12345")
    next_step(kiosk, screen)
    assert screen.field == "cnic"
    assert screen.ids.message.text == TEXTS["bad_cnic"][0]
    type_on(kiosk, keyboard, "67890123")
    assert screen.ids.value.text == "12345-6789012-3"
    next_step(kiosk, screen)

    assert screen.field == "mobile"
    type_on(kiosk, keyboard, "0212345678")
    next_step(kiosk, screen)
    assert screen.field == "mobile"
    assert screen.ids.message.text == TEXTS["bad_mobile"][0]
    for _ in range(10):
        tap_key(kiosk, keyboard, BACKSPACE)
    type_on(kiosk, keyboard, "03001234567")
    next_step(kiosk, screen)

    assert screen.field == "category"
    kiosk.tap(screen.ids.categories.children[-1])  # the first category
    kiosk.tap(screen.ids.gender_yes)
    assert screen.field == "description"
    type_on(kiosk, keyboard, "NOISE")
    next_step(kiosk, screen)

    assert kiosk.app.root.manager.current == "ticket"
    ticket = kiosk.screen
    assert kiosk.wait_until(lambda: ticket.phase == "printed", 10)
    assert ticket.status_text == TEXTS["take_receipt"][0]
    issued = store.ticket_by_token(ticket.token)
    assert issued.priority is Priority.WOMEN
    assert list(kiosk_config.printer.preview_dir.glob("*receipt*.png"))
    assert screen.values["cnic"] == ""  # the form forgot what was typed


def test_status_by_keypad_shows_the_case_and_its_history(kiosk, store):
    issued = store.issue("character_certificate")
    store.update_case(issued.tracking_code, "under_process")
    choose_english(kiosk)
    kiosk.tap(kiosk.screen.ids.status_button)
    screen = kiosk.screen

    unavailable = CameraUnavailableError.en
    assert kiosk.wait_until(lambda: screen.camera_message[0] == unavailable, 5)
    type_on(kiosk, screen.ids.keypad, issued.tracking_code)
    assert screen.ids.code_display.text == format_tracking_code(issued.tracking_code)
    kiosk.tap(screen.ids.check_button)

    assert kiosk.wait_until(lambda: screen.phase == "result", 5)
    assert screen.ids.status_line.text == "Status: Under process"
    lines = [child.text for child in reversed(screen.ids.history_box.children)]
    assert [line.split("  ")[1] for line in lines] == ["Received", "Under process"]


def test_status_says_when_a_code_is_wrong_or_unknown(kiosk, store):
    choose_english(kiosk)
    kiosk.tap(kiosk.screen.ids.status_button)
    screen = kiosk.screen
    keypad = screen.ids.keypad

    type_on(kiosk, keypad, "ABC")
    kiosk.tap(screen.ids.check_button)
    assert screen.ids.message.text == TEXTS["bad_code"][0]

    for _ in range(3):
        tap_key(kiosk, keypad, BACKSPACE)
    issued = store.issue("police_verification")
    unknown = issued.tracking_code
    store.db.execute("DELETE FROM case_history")
    store.db.execute("DELETE FROM cases")
    type_on(kiosk, keypad, unknown)
    kiosk.tap(screen.ids.check_button)
    assert kiosk.wait_until(lambda: screen.message[0] == CaseNotFoundError.en, 5)


def test_feedback_by_token_with_a_face_and_tags(kiosk, store):
    issued = store.issue("fir_copy")
    choose_english(kiosk)
    kiosk.tap(kiosk.screen.ids.feedback_button)
    screen = kiosk.screen

    type_on(kiosk, screen.ids.keypad, "F1")
    kiosk.tap(screen.ids.next_button)
    assert kiosk.wait_until(lambda: screen.phase == "rate", 5)
    faces = list(reversed(screen.ids.faces.children))
    kiosk.tap(faces[4])
    kiosk.tap(screen.ids.send_button)

    assert kiosk.wait_until(lambda: screen.phase == "thanks", 5)
    assert screen.ids.thanks.text == "Thank you"
    stats = {row["service"]: row for row in store.stats()}
    assert stats["fir_copy"]["feedback"] == 1
    assert stats["fir_copy"]["mean_rating"] == 5
    assert issued.ticket.token == "F-001"
