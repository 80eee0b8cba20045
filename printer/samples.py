"""Sample slips in Urdu and English, for test prints, previews and benchmarks.

The words come from kiosk.ini's sample centre and services; the numbers are made
up. No real person's data appears here.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from kiosk.config import Centre
from printer.slip import CaseReceipt, TicketSlip, mask_cnic, qr_payload

SAMPLE_ZONE = ZoneInfo("Asia/Karachi")
SAMPLE_MOMENT = datetime(2025, 3, 14, 10, 42, tzinfo=SAMPLE_ZONE)
SAMPLE_CENTRE_EN = "Police Khidmat Markaz, Quetta"
SAMPLE_CENTRE_UR = "پولیس خدمت مرکز، کوئٹہ"
SAMPLE_TRACKING_CODE = "K7QM4X2P"


def sample_ticket(
    centre: Centre | None = None,
    public_url: str | None = None,
    *,
    token: str = "C-007",
    tracking_code: str = SAMPLE_TRACKING_CODE,
    reprint: bool = False,
) -> TicketSlip:
    """Return a character-certificate ticket for ``centre`` (or the sample centre)."""
    return TicketSlip(
        centre_en=centre.name_en if centre else SAMPLE_CENTRE_EN,
        centre_ur=centre.name_ur if centre else SAMPLE_CENTRE_UR,
        token=token,
        service_en="Character certificate",
        service_ur="کریکٹر سرٹیفکیٹ",
        issued_at=SAMPLE_MOMENT.astimezone(centre.timezone if centre else SAMPLE_ZONE),
        people_ahead=4,
        estimated_wait_minutes=32,
        documents_en=(
            "Original CNIC and one copy",
            "Two passport-size photographs",
            "Bank challan of the fee",
        ),
        documents_ur=(
            "اصل شناختی کارڈ اور ایک نقل",
            "پاسپورٹ سائز کی دو تصاویر",
            "فیس کا بینک چالان",
        ),
        tracking_code=tracking_code,
        qr_payload=qr_payload(tracking_code, public_url),
        reprint=reprint,
    )


def sample_receipt(
    centre: Centre | None = None,
    public_url: str | None = None,
    *,
    reprint: bool = False,
) -> CaseReceipt:
    """Return a complaint case receipt for ``centre`` (or the sample centre)."""
    return CaseReceipt(
        centre_en=centre.name_en if centre else SAMPLE_CENTRE_EN,
        centre_ur=centre.name_ur if centre else SAMPLE_CENTRE_UR,
        case_number="QTA-2025-000123",
        tracking_code=SAMPLE_TRACKING_CODE,
        qr_payload=qr_payload(SAMPLE_TRACKING_CODE, public_url),
        service_en="Complaint registration (non-cognizable offences)",
        service_ur="شکایت کا اندراج (ناقابلِ دست اندازی جرائم)",
        next_steps_en=(
            "Your complaint is sent to the police station. An officer will call you "
            "on the mobile number you gave."
        ),
        next_steps_ur=(
            "آپ کی شکایت تھانے بھیج دی گئی ہے۔ افسر آپ کے دیے گئے موبائل نمبر پر"
            " آپ سے رابطہ کرے گا۔"
        ),
        expected_by=date(2025, 3, 21),
        issued_at=SAMPLE_MOMENT,
        cnic_masked=mask_cnic("00000-0000000-0"),
        token="R-012",
        reprint=reprint,
    )
