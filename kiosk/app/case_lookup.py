"""Case status from the local queue database, in the shape the status screen shows.

This is the local source the tracking client's :func:`build_status_source`
wraps when no online tracking service is configured. No Kivy here.
"""

from datetime import UTC, datetime

from kiosk.models import CASE_STATUS_LABELS
from kiosk.store import QueueStore
from kiosk.tracking_client import CaseStatusReport, StatusEntry

NEXT_STEPS = {
    "received": (
        "Your case is received. Please check again in a few days.",
        "آپ کا کیس موصول ہو گیا ہے۔ چند دن بعد دوبارہ دیکھیں۔",
    ),
    "under_process": (
        "Your case is being processed.",
        "آپ کے کیس پر کارروائی جاری ہے۔",
    ),
    "ready_for_collection": (
        "Please collect it at a counter with your CNIC.",
        "براہ کرم شناختی کارڈ کے ساتھ کاؤنٹر سے وصول کریں۔",
    ),
    "closed": ("This case is closed.", "یہ کیس مکمل ہو چکا ہے۔"),
}


class LocalCaseStatusSource:
    """Look cases up in the queue database (see :class:`CaseStatusSource`)."""

    def __init__(self, store: QueueStore) -> None:
        self.store = store

    def lookup(self, code: str) -> CaseStatusReport:
        """Return the report for canonical ``code``; raise UnknownCaseError."""
        case = self.store.case_by_code(code)
        service = self.store.config.service(case.service)
        status_en, status_ur = CASE_STATUS_LABELS[case.status]
        next_en, next_ur = NEXT_STEPS[case.status.value]
        history = tuple(
            StatusEntry(
                status=entry.status,
                label_en=CASE_STATUS_LABELS[entry.status][0],
                label_ur=CASE_STATUS_LABELS[entry.status][1],
                at=self.store.local_time(entry.at),
                note=entry.note,
            )
            for entry in case.history
        )
        return CaseStatusReport(
            tracking_code=case.tracking_code,
            case_number=case.case_number,
            service=case.service,
            service_en=service.name_en,
            service_ur=service.name_ur,
            status=case.status,
            status_en=status_en,
            status_ur=status_ur,
            history=history,
            next_step_en=next_en,
            next_step_ur=next_ur,
            fetched_at=datetime.now(UTC),
        )
