"""Draw a slip's QR code as a picture for the screen (no Kivy here)."""

import qrcode
from PIL import Image


def qr_picture(payload: str, box_size: int = 10) -> Image.Image:
    """Return ``payload`` as a black-on-white RGBA QR picture with a quiet zone."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_H, box_size=box_size, border=2
    )
    code.add_data(payload)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").convert("RGBA")
