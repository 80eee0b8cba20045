"""A video that OpenCV opens as a camera, showing a printed slip held up.

OpenCV's VideoCapture opens a video file as it opens a webcam, so a kiosk whose
``[camera] device`` names such a file runs its whole scanner path (capture
thread, decoder, preview, lookup) without a camera: the tests and the
screenshots use this, and staff may rehearse with it. The video shows an empty
view, then the slip's QR area held up at a slight tilt, as a visitor would.
"""

from pathlib import Path

import cv2
import numpy as np

FRAME_WIDTH, FRAME_HEIGHT = 640, 480
EMPTY_FRAMES, SLIP_FRAMES = 8, 20
BACKGROUND_GREY = 150
# The QR area takes this many pixels of the frame on its longer side.
HELD_UP_SIZE = 300


def slip_qr_area(store: object, issued: object) -> np.ndarray:
    """Return the QR area of ``issued``'s ticket as our printer prints it (grey)."""
    from kiosk.qr_decoder import QrDecoder
    from printer.layout import TicketLayout
    from printer.queue_slips import ticket_slip

    slip = ticket_slip(store, issued.ticket, issued.tracking_code)
    layout = TicketLayout(store.config.printer)
    paper = np.array(layout.build(slip).picture().convert("L"))
    found = QrDecoder().decode(paper)
    if found is None:
        raise ValueError(f"the printed slip of {issued.ticket.token} does not read")
    return _around(paper, found.corners, margin=40)


def _around(paper: np.ndarray, corners: object, margin: int) -> np.ndarray:
    xs = [int(x) for x, _y in corners]
    ys = [int(y) for _x, y in corners]
    top, bottom = max(min(ys) - margin, 0), min(max(ys) + margin, paper.shape[0])
    left, right = max(min(xs) - margin, 0), min(max(xs) + margin, paper.shape[1])
    return paper[top:bottom, left:right]


def empty_view() -> np.ndarray:
    """Return a camera frame (BGR) with nothing held up."""
    return np.full((FRAME_HEIGHT, FRAME_WIDTH, 3), BACKGROUND_GREY, np.uint8)


def held_up(picture: np.ndarray, degrees: float = 9.0) -> np.ndarray:
    """Return a camera frame (BGR) with ``picture`` (grey) held up, turned a little."""
    scale = HELD_UP_SIZE / max(picture.shape)
    picture = cv2.resize(
        picture, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA
    )
    frame = np.full((FRAME_HEIGHT, FRAME_WIDTH), BACKGROUND_GREY, np.uint8)
    top = (FRAME_HEIGHT - picture.shape[0]) // 2
    left = (FRAME_WIDTH - picture.shape[1]) // 2
    frame[top : top + picture.shape[0], left : left + picture.shape[1]] = picture
    turn = cv2.getRotationMatrix2D((FRAME_WIDTH / 2, FRAME_HEIGHT / 2), degrees, 1.0)
    frame = cv2.warpAffine(
        frame, turn, (FRAME_WIDTH, FRAME_HEIGHT), borderValue=BACKGROUND_GREY
    )
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)


def write_camera_video(
    path: Path, picture: np.ndarray, slip_frames: int = SLIP_FRAMES
) -> Path:
    """Write an MJPG video to ``path``: an empty view, then ``picture`` held up.

    OpenCV plays a file as fast as it is read, not at 15 frames a second, and
    the scanner opens it again once it ends; more frames keep it showing longer.
    """
    fourcc = cv2.VideoWriter_fourcc(*"MJPG")
    writer = cv2.VideoWriter(str(path), fourcc, 15, (FRAME_WIDTH, FRAME_HEIGHT))
    if not writer.isOpened():
        raise OSError(f"OpenCV cannot write an MJPG video to {path}")
    slip = held_up(picture)
    for frame in [empty_view()] * EMPTY_FRAMES + [slip] * slip_frames:
        writer.write(frame)
    writer.release()
    return path
