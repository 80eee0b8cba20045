"""Turn what the queue core returns into the slips the printer prints.

No Kivy here: the ticket and receipt screens call these on a worker thread.
"""

from datetime import datetime

from kiosk.complaints import ComplaintForm
from kiosk.config import KioskConfig
from kiosk.models import IssuedTicket
from kiosk.slip_payload import build_slip_payload
from kiosk.tracking_codes import format_tracking_code
from printer import CaseReceipt, TicketSlip, mask_cnic

COMPLAINT_NEXT_STEPS = (
    "Your complaint is registered. Staff will call your token; keep this receipt "
    "to check the case's status with its QR code.",
    "آپ کی شکایت درج ہو گئی ہے۔ عملہ آپ کا ٹوکن پکارے گا؛ کیس کی صورتحال دیکھنے کے "
    "لیے یہ رسید سنبھال کر رکھیں۔",
)


def ticket_slip(
    config: KioskConfig,
    issued: IssuedTicket,
    issued_at: datetime,
    reprint: bool = False,
) -> TicketSlip:
    """Return the printed ticket for ``issued`` (``issued_at`` in local time)."""
    service = config.service(issued.ticket.service)
    code = issued.tracking_code
    return TicketSlip(
        centre_en=config.centre.name_en,
        centre_ur=config.centre.name_ur,
        token=issued.ticket.token,
        service_en=service.name_en,
        service_ur=service.name_ur,
        issued_at=issued_at,
        people_ahead=issued.people_ahead,
        estimated_wait_minutes=issued.estimated_wait_minutes,
        documents_en=service.documents_en,
        documents_ur=service.documents_ur,
        tracking_code=code,
        qr_payload=qr_text(config, code),
        reprint=reprint,
    )


def case_receipt(
    config: KioskConfig,
    issued: IssuedTicket,
    form: ComplaintForm,
    issued_at: datetime,
) -> CaseReceipt:
    """Return the case receipt for a complaint; it shows the CNIC masked only."""
    service = config.service(issued.ticket.service)
    code = issued.tracking_code or ""
    return CaseReceipt(
        centre_en=config.centre.name_en,
        centre_ur=config.centre.name_ur,
        case_number=issued.case_number or "",
        tracking_code=code,
        qr_payload=qr_text(config, code) or "",
        service_en=service.name_en,
        service_ur=service.name_ur,
        next_steps_en=COMPLAINT_NEXT_STEPS[0],
        next_steps_ur=COMPLAINT_NEXT_STEPS[1],
        expected_by=None,
        issued_at=issued_at,
        cnic_masked=mask_cnic(form.cnic),
        token=issued.ticket.token,
    )


def qr_text(config: KioskConfig, code: str | None) -> str | None:
    """Return what a slip's QR code holds for ``code``, or None without a code."""
    if not code:
        return None
    return build_slip_payload(code, config.tracking.public_url)


def shown_code(code: str | None) -> str:
    """Return a tracking code grouped for reading (``7K3Q-9XDM-2R4``), or ''."""
    return format_tracking_code(code) if code else ""
