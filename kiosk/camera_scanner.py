"""Watch the kiosk camera on a background thread and report each slip once.

:class:`QrScanner` opens the camera named in kiosk.ini's ``[camera]`` section,
hands every frame to ``on_frame`` (for the preview) and, once per slip, a
:class:`SlipSighting` with the QR text and corners to ``on_scan`` and to the
``sightings`` queue. The same text is not reported again while it stays in view
or within ``repeat_after_seconds`` of last being seen.

When there is no camera, or it stops giving frames, the scanner enters the
``UNAVAILABLE`` state (``on_state`` gets a CameraUnavailableError whose ``en``
and ``ur`` sentences the kiosk shows), logs one warning, and keeps reopening
the camera in the background with growing pauses. Callbacks run on the scanner
thread; a Kivy app moves their results to the UI thread itself. The camera is
a seam: ``open_camera`` can be any callable returning a :class:`FrameSource`.
"""

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import cv2
import numpy as np

from kiosk.config import CameraSettings
from kiosk.lookup_errors import CameraUnavailableError
from kiosk.qr_decoder import Corners, QrDecoder

logger = logging.getLogger(__name__)

# Consecutive failed reads after which the camera counts as stopped.
MAX_FAILED_READS = 10


class FrameSource(Protocol):
    """An open camera, or anything else that gives frames like one."""

    def read(self) -> tuple[bool, np.ndarray | None]:
        """Return (True, frame), or (False, None) when no frame came."""
        ...

    def release(self) -> None:
        """Close the source."""
        ...


class ScannerState(StrEnum):
    """What the scanner is doing, for the kiosk to show."""

    STARTING = "starting"
    SCANNING = "scanning"
    UNAVAILABLE = "unavailable"
    STOPPED = "stopped"


@dataclass(frozen=True)
class SlipSighting:
    """A QR code seen by the camera: its text, its corners, and when (monotonic)."""

    text: str
    corners: Corners
    seen_at: float


def open_opencv_camera(settings: CameraSettings) -> FrameSource:
    """Open the camera in ``settings`` with OpenCV, or raise CameraUnavailableError.

    ``device`` is an index ("0") or a path or URL OpenCV understands.
    """
    device: int | str = (
        int(settings.device) if settings.device.isdigit() else settings.device
    )
    capture = cv2.VideoCapture(device)
    if not capture.isOpened():
        capture.release()
        raise CameraUnavailableError(f"camera {settings.device} cannot be opened")
    capture.set(cv2.CAP_PROP_FRAME_WIDTH, settings.width)
    capture.set(cv2.CAP_PROP_FRAME_HEIGHT, settings.height)
    capture.set(cv2.CAP_PROP_FPS, settings.fps)
    return capture


class SightingFilter:
    """Let a QR text through once per appearance (the debounce of the scanner)."""

    def __init__(self, repeat_after_seconds: float) -> None:
        self.repeat_after_seconds = repeat_after_seconds
        self._last_text: str | None = None
        self._last_seen = float("-inf")

    def is_new(self, text: str, now: float) -> bool:
        """Return whether ``text``, seen at ``now``, should be reported."""
        recently = now - self._last_seen < self.repeat_after_seconds
        repeat = text == self._last_text and recently
        self._last_text = text
        self._last_seen = now
        return not repeat


class QrScanner:
    """Read slips from the camera on a background thread (see the module doc)."""

    def __init__(
        self,
        settings: CameraSettings,
        *,
        open_camera: Callable[[CameraSettings], FrameSource] = open_opencv_camera,
        on_frame: Callable[[np.ndarray], None] | None = None,
        on_scan: Callable[[SlipSighting], None] | None = None,
        on_state: Callable[[ScannerState, CameraUnavailableError | None], None]
        | None = None,
        repeat_after_seconds: float = 3.0,
        retry_seconds: float = 1.0,
        max_retry_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.open_camera = open_camera
        self.on_frame = on_frame
        self.on_scan = on_scan
        self.on_state = on_state
        self.retry_seconds = retry_seconds
        self.max_retry_seconds = max_retry_seconds
        self.clock = clock
        self.sightings: queue.Queue[SlipSighting] = queue.Queue(maxsize=16)
        self.state = ScannerState.STOPPED
        self.error: CameraUnavailableError | None = None
        self._filter = SightingFilter(repeat_after_seconds)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the scanner thread (once)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name="qr-scanner", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the thread to stop and wait up to ``timeout`` seconds for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        """Open the camera, scan until it fails, wait, and try again until stopped."""
        self._set_state(ScannerState.STARTING)
        decoder = QrDecoder()
        pause = self.retry_seconds
        while not self._stop.is_set():
            try:
                camera = self.open_camera(self.settings)
            except CameraUnavailableError as error:
                self._unavailable(error)
            else:
                pause = self.retry_seconds
                self._scan(camera, decoder)
            if self._stop.wait(pause):
                break
            pause = min(self.max_retry_seconds, pause * 2)
        self._set_state(ScannerState.STOPPED)

    def _scan(self, camera: FrameSource, decoder: QrDecoder) -> None:
        """Read and decode frames until stopped or the camera stops giving them."""
        failed_reads = 0
        try:
            while not self._stop.is_set():
                ok, frame = camera.read()
                if not ok or frame is None:
                    failed_reads += 1
                    if failed_reads >= MAX_FAILED_READS:
                        self._unavailable(CameraUnavailableError("camera stopped"))
                        return
                    continue
                failed_reads = 0
                self._set_state(ScannerState.SCANNING)
                self._handle(frame, decoder)
        finally:
            camera.release()

    def _handle(self, frame: np.ndarray, decoder: QrDecoder) -> None:
        """Pass ``frame`` to the preview and report a new slip in it."""
        if self.on_frame is not None:
            self.on_frame(frame)
        found = decoder.decode(frame)
        now = self.clock()
        if found is None or not self._filter.is_new(found.text, now):
            return

        sighting = SlipSighting(found.text, found.corners, now)
        if self.sightings.full():
            self.sightings.get_nowait()
        self.sightings.put_nowait(sighting)
        if self.on_scan is not None:
            self.on_scan(sighting)

    def _unavailable(self, error: CameraUnavailableError) -> None:
        """Enter UNAVAILABLE, logging the first time in each outage only."""
        if self.state is not ScannerState.UNAVAILABLE:
            logger.warning(
                "Camera %s unavailable (%s); retrying in the background",
                self.settings.device,
                error.reason,
            )
        self.error = error
        self._set_state(ScannerState.UNAVAILABLE)

    def _set_state(self, state: ScannerState) -> None:
        """Record ``state`` and tell ``on_state`` when it changes."""
        if state is self.state:
            return
        if state is ScannerState.SCANNING and self.state is ScannerState.UNAVAILABLE:
            logger.info("Camera %s is back", self.settings.device)
        if state is not ScannerState.UNAVAILABLE:
            self.error = None
        self.state = state
        if self.on_state is not None:
            self.on_state(state, self.error)
