"""Tests of kiosk.camera_scanner with image files as the camera, and no camera."""

import logging
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode

from kiosk.camera_scanner import (
    FrameSource,
    QrScanner,
    ScannerState,
    SightingFilter,
    SlipSighting,
    open_opencv_camera,
)
from kiosk.config import CameraSettings
from kiosk.lookup_errors import CameraUnavailableError

FIRST = "PKM:7K3Q9XDM20Z"
SECOND = "PKM:ABCDEFGHJKX"


class ImageFileCamera:
    """A camera that shows image files in turn, then stops giving frames."""

    def __init__(self, paths: list[Path]) -> None:
        self.frames = [cv2.imread(str(path)) for path in paths]
        self.released = False

    def read(self) -> tuple[bool, np.ndarray | None]:
        """Return the next image, or (False, None) once they are used up."""
        time.sleep(0.002)
        if not self.frames:
            return False, None
        return True, self.frames.pop(0)

    def release(self) -> None:
        """Remember that the scanner closed the camera."""
        self.released = True


def write_frame(folder: Path, name: str, text: str | None) -> Path:
    """Write a 640×480 frame holding a QR code of ``text`` (or none) as PNG."""
    frame = np.full((480, 640), 170, np.uint8)
    if text is not None:
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_H)
        code.add_data(text)
        picture = np.array(code.make_image().convert("L").resize((200, 200)))
        frame[140:340, 220:420] = picture
    path = folder / f"{name}.png"
    cv2.imwrite(str(path), frame)
    return path


def cameras(*sources: FrameSource) -> Callable[[CameraSettings], FrameSource]:
    """Return an opener giving ``sources`` in turn, then failing like a lost camera."""
    remaining = list(sources)

    def open_camera(settings: CameraSettings) -> FrameSource:
        if not remaining:
            raise CameraUnavailableError(f"camera {settings.device} cannot be opened")
        return remaining.pop(0)

    return open_camera


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait until ``condition`` holds, or fail the test."""
    limit = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < limit, "condition not met in time"
        time.sleep(0.01)


@pytest.fixture
def frames(tmp_path: Path) -> list[Path]:
    """Empty frames, the first slip held in view, empty again, the second slip."""
    empty = write_frame(tmp_path, "empty", None)
    first = write_frame(tmp_path, "first", FIRST)
    second = write_frame(tmp_path, "second", SECOND)
    return [empty, empty, first, first, first, first, empty, second, second]


def test_each_slip_is_reported_once_with_its_corners(frames: list[Path]) -> None:
    camera = ImageFileCamera(frames)
    seen: list[SlipSighting] = []
    previews: list[np.ndarray] = []
    scanner = QrScanner(
        CameraSettings(),
        open_camera=cameras(camera),
        on_scan=seen.append,
        on_frame=previews.append,
        retry_seconds=0.05,
    )

    scanner.start()
    wait_for(lambda: scanner.state is ScannerState.UNAVAILABLE)
    scanner.stop()

    assert [sighting.text for sighting in seen] == [FIRST, SECOND]
    assert len(previews) == len(frames)
    xs = [x for x, _y in seen[0].corners]
    assert 220 < min(xs) < max(xs) < 420
    assert scanner.sightings.get_nowait().text == FIRST
    assert camera.released
    assert scanner.state is ScannerState.STOPPED


def test_the_same_slip_is_reported_again_only_after_a_pause() -> None:
    sightings = SightingFilter(repeat_after_seconds=3.0)

    assert sightings.is_new(FIRST, now=0.0)
    assert not sightings.is_new(FIRST, now=2.0)
    assert not sightings.is_new(FIRST, now=4.5)
    assert sightings.is_new(FIRST, now=8.0)
    assert sightings.is_new(SECOND, now=8.1)
    assert sightings.is_new(FIRST, now=8.2)


def test_missing_camera_is_unavailable_retried_and_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    attempts = []
    states: list[tuple[ScannerState, CameraUnavailableError | None]] = []

    def counting_open(settings: CameraSettings) -> FrameSource:
        attempts.append(time.monotonic())
        return open_opencv_camera(settings)

    scanner = QrScanner(
        CameraSettings(device="/dev/video-that-does-not-exist"),
        open_camera=counting_open,
        on_state=lambda state, error: states.append((state, error)),
        retry_seconds=0.01,
        max_retry_seconds=0.04,
    )
    with caplog.at_level(logging.INFO, logger="kiosk.camera_scanner"):
        scanner.start()
        wait_for(lambda: len(attempts) >= 4)
        scanner.stop()

    state, error = states[1]
    assert state is ScannerState.UNAVAILABLE
    assert error.text("en") == "camera unavailable — type your code"
    assert error.text("ur") == "کیمرہ دستیاب نہیں — اپنا ٹریکنگ کوڈ درج کریں"
    pauses = np.diff(attempts)
    assert pauses[-1] >= pauses[0]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "video-that-does-not-exist" in warnings[0].getMessage()


def test_a_camera_that_stops_comes_back(frames: list[Path]) -> None:
    states: list[ScannerState] = []
    seen: list[str] = []
    stopped_early = ImageFileCamera(frames[:2])
    later = ImageFileCamera(frames[2:4])
    scanner = QrScanner(
        CameraSettings(),
        open_camera=cameras(stopped_early, later),
        on_scan=lambda sighting: seen.append(sighting.text),
        on_state=lambda state, _error: states.append(state),
        retry_seconds=0.01,
    )

    scanner.start()
    wait_for(lambda: seen == [FIRST])
    scanner.stop()

    assert states[:4] == [
        ScannerState.STARTING,
        ScannerState.SCANNING,
        ScannerState.UNAVAILABLE,
        ScannerState.SCANNING,
    ]
    assert stopped_early.released and later.released
