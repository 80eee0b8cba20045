"""The on-screen keyboard under fingers: one widget that finds its own keys."""

import kiosk_app_support as support
from kiosk_app_support import choose_english, tap_key, type_on

from kiosk.app.driver import WindowTouch
from kiosk.app.keyboard import BACKSPACE, LAYOUTS

kivy_ready = support.kivy_ready
kiosk_config = support.kiosk_config
kiosk = support.kiosk


def open_status(kiosk) -> tuple[object, object]:
    choose_english(kiosk)
    kiosk.tap(kiosk.screen.ids.status_button)
    return kiosk.screen, kiosk.screen.ids.keypad


def press(kiosk, keyboard, key: str) -> WindowTouch:
    finger = WindowTouch(*keyboard.key_center(key))
    finger.press()
    kiosk.frames(2)
    return finger


def test_each_key_types_itself_and_backspace_erases(kiosk):
    screen, keypad = open_status(kiosk)
    every_symbol = "".join(key for row in LAYOUTS["code"] for key in row[:-1])

    type_on(kiosk, keypad, every_symbol[:11])
    assert screen.code == every_symbol[:11]
    tap_key(kiosk, keypad, BACKSPACE)
    assert screen.code == every_symbol[:10]


def test_several_fingers_type_what_each_lifted_on(kiosk):
    screen, keypad = open_status(kiosk)

    first, second = press(kiosk, keypad, "A"), press(kiosk, keypad, "7")
    second.lift()
    kiosk.frames(2)
    first.lift()
    kiosk.frames(2)

    assert screen.code == "7A"


def test_a_finger_that_slides_off_its_key_types_nothing(kiosk):
    screen, keypad = open_status(kiosk)

    finger = press(kiosk, keypad, "A")
    finger.slide(*keypad.key_center("B"))
    finger.lift()
    kiosk.frames(2)

    assert screen.code == ""


def test_a_held_key_looks_pressed_until_lifted(kiosk):
    _screen, keypad = open_status(kiosk)
    faces = {key.key: key.face_color for key in keypad._all_keys()}

    finger = press(kiosk, keypad, "C")
    assert faces["C"].rgba == list(keypad.pressed_color)
    assert faces["D"].rgba == list(keypad.key_color)
    finger.lift()
    kiosk.wait(0.2)

    assert faces["C"].rgba == list(keypad.key_color)


def test_urdu_keys_run_right_to_left_and_switch_to_english(kiosk):
    choose_english(kiosk)
    kiosk.tap(kiosk.screen._tiles["complaint"])
    screen = kiosk.screen
    screen.keyboard_layout = "ur"
    keyboard = screen.ids.keyboard
    kiosk.frames(3)

    alif_x, _ = keyboard.key_center("ا")
    next_x, _ = keyboard.key_center("آ")
    assert alif_x > next_x
    type_on(kiosk, keyboard, "سلیم")
    assert screen.values[screen.field] == "سلیم"
    tap_key(kiosk, keyboard, "<switch>")
    assert keyboard.layout == "en"
