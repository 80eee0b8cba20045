"""The status screen's camera, end to end, with a video file as the camera.

No camera exists here; OpenCV opens a video file through the same VideoCapture
call as a webcam, so the kiosk runs its real scanner path on one
(kiosk.app.rehearsal_camera): kiosk.ini's camera device, the capture thread,
the decoder, the preview texture and the lookup.
"""

import dataclasses
from pathlib import Path

import kiosk_app_support as support
import numpy as np
from kiosk_app_support import choose_english, start_kiosk

from kiosk.app.qr_image import qr_picture
from kiosk.app.rehearsal_camera import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    empty_view,
    held_up,
    slip_qr_area,
    write_camera_video,
)
from kiosk.lookup_errors import NotASlipError
from kiosk.qr_decoder import QrDecoder
from printer.queue_slips import ticket_slip

# Fixtures shared by the kiosk's Kivy tests.
kivy_ready = support.kivy_ready
kiosk_config = support.kiosk_config


def kiosk_with_camera(config, store, video: Path):
    camera = dataclasses.replace(config.camera, enabled=True, device=str(video))
    return start_kiosk(dataclasses.replace(config, camera=camera), store)


def open_status_screen(driver):
    choose_english(driver)
    driver.tap(driver.screen.ids.status_button)
    assert driver.app.root.manager.current == "status"
    return driver.screen


def test_a_slip_held_to_the_camera_shows_its_case(
    kivy_ready, kiosk_config, store, tmp_path
):
    issued = store.issue("character_certificate")
    store.update_case(issued.tracking_code, "under_process")
    video = write_camera_video(tmp_path / "camera.avi", slip_qr_area(store, issued))
    driver = kiosk_with_camera(kiosk_config, store, video)
    try:
        screen = open_status_screen(driver)

        assert driver.wait_until(lambda: screen.camera_texture is not None, 10)
        assert tuple(screen.camera_texture.size) == (FRAME_WIDTH, FRAME_HEIGHT)
        assert driver.wait_until(lambda: screen.phase == "result", 10)
        assert screen.code == issued.tracking_code
        assert screen.case_heading.startswith(issued.case_number)
        assert screen.ids.status_line.text == "Status: Under process"
    finally:
        driver.stop()


def test_a_foreign_qr_code_is_refused_with_a_message(
    kivy_ready, kiosk_config, store, tmp_path
):
    foreign = np.array(qr_picture("https://example.com/t/ABCD").convert("L"))
    video = write_camera_video(tmp_path / "camera.avi", foreign)
    driver = kiosk_with_camera(kiosk_config, store, video)
    try:
        screen = open_status_screen(driver)

        assert driver.wait_until(lambda: screen.message[0] == NotASlipError.en, 10)
        assert screen.phase == "entry"
        assert screen.ids.message.text == NotASlipError.en
    finally:
        driver.stop()


def test_feedback_finds_the_ticket_of_a_slip_held_to_the_camera(
    kivy_ready, kiosk_config, store, tmp_path
):
    issued = store.issue("character_certificate")
    video = write_camera_video(tmp_path / "camera.avi", slip_qr_area(store, issued))
    driver = kiosk_with_camera(kiosk_config, store, video)
    try:
        choose_english(driver)
        driver.tap(driver.screen.ids.feedback_button)
        screen = driver.screen

        assert driver.wait_until(lambda: screen.phase == "rate", 10)
        assert screen.token == issued.ticket.token
        driver.tap(list(reversed(screen.ids.faces.children))[3])
        driver.tap(screen.ids.send_button)
        assert driver.wait_until(lambda: screen.phase == "thanks", 5)
    finally:
        driver.stop()
    stats = {row["service"]: row for row in store.stats()}
    assert stats["character_certificate"]["mean_rating"] == 4


def test_the_test_frames_hold_what_the_camera_is_meant_to_see(kiosk_config, store):
    # The kiosk tests above rely on this: the empty frames read as nothing,
    # the held-up slip as the slip's payload.
    issued = store.issue("character_certificate")
    picture = slip_qr_area(store, issued)
    decoder = QrDecoder()
    slip = ticket_slip(store, issued.ticket, issued.tracking_code)

    assert decoder.decode(empty_view()) is None
    assert decoder.decode(held_up(picture)).text == slip.qr_payload
