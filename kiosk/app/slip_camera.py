"""The camera panel shared by the status and feedback screens.

:class:`SlipCamera` starts the camera scanner when a screen is shown and stops
it when the screen is left. Scanner callbacks arrive on the scanner's thread;
this class moves them to the UI thread with Clock and merges preview frames
with a trigger, so at most one frame is converted per screen refresh. Without
a camera it reports "camera unavailable — type your code" at once.
"""

import logging
import threading
from collections.abc import Callable

from kivy.clock import Clock, mainthread
from kivy.graphics.texture import Texture

from kiosk.lookup_errors import CameraUnavailableError

log = logging.getLogger(__name__)

Message = tuple[str, str]


class SlipCamera:
    """Run the scanner for one screen; report slips, messages and frames.

    ``open_scanner(on_frame=, on_scan=, on_state=)`` returns an object with
    ``start()`` and ``stop()`` (a :class:`kiosk.camera_scanner.QrScanner`), or
    is None when the kiosk has no camera; it may raise CameraUnavailableError
    when the camera is missing at the moment.
    """

    def __init__(
        self,
        open_scanner: Callable[..., object] | None,
        on_text: Callable[[str], None],
        on_message: Callable[[Message], None],
        on_texture: Callable[[Texture | None], None],
    ) -> None:
        self.open_scanner = open_scanner
        self.on_text = on_text
        self.on_message = on_message
        self.on_texture = on_texture
        self._scanner = None
        self._frame = None
        self._lock = threading.Lock()
        self._show_frame = Clock.create_trigger(self._draw_frame)

    def start(self) -> None:
        """Start scanning, or report that there is no camera."""
        if self.open_scanner is None:
            self.on_message((CameraUnavailableError.en, CameraUnavailableError.ur))
            return
        try:
            self._scanner = self.open_scanner(
                on_frame=self._frame_arrived,
                on_scan=self._scanned,
                on_state=self._state,
            )
        except CameraUnavailableError as error:
            log.info("no camera for this visit: %s", error)
            self.on_message((error.en, error.ur))
            return
        self._scanner.start()

    def stop(self) -> None:
        """Stop the scanner (the camera is released on its thread)."""
        if self._scanner is not None:
            self._scanner.stop()
            self._scanner = None
        self.on_texture(None)

    # -- scanner thread -------------------------------------------------

    def _frame_arrived(self, frame: object) -> None:
        with self._lock:
            self._frame = frame
        self._show_frame()

    def _scanned(self, sighting: object) -> None:
        self._deliver_text(sighting.text)

    def _state(self, _state: object, error: CameraUnavailableError | None) -> None:
        message = ("", "") if error is None else (error.en, error.ur)
        self._deliver_message(message)

    # -- UI thread ------------------------------------------------------

    @mainthread
    def _deliver_text(self, text: str) -> None:
        self.on_text(text)

    @mainthread
    def _deliver_message(self, message: Message) -> None:
        self.on_message(message)

    def _draw_frame(self, *_args: object) -> None:
        with self._lock:
            frame, self._frame = self._frame, None
        if frame is None or self._scanner is None:
            return
        height, width = frame.shape[:2]
        texture = Texture.create(size=(width, height), colorfmt="bgr")
        texture.blit_buffer(frame.tobytes(), colorfmt="bgr", bufferfmt="ubyte")
        texture.flip_vertical()
        self.on_texture(texture)
