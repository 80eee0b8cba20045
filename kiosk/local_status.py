"""Case status from the centre's own queue database.

The kiosk uses this source when no online tracking service is configured
(``[tracking] api_url`` unset), and it answers in the same shape as the online
one, so the status screen does not care where an answer came from.
"""

from datetime import UTC, datetime

from kiosk.case_status import CaseStatusReport, StatusEntry
from kiosk.errors import UnknownCaseError
from kiosk.lookup_errors import CaseNotFoundError
from kiosk.models import CASE_STATUS_LABELS, Case, CaseEntry, CaseStatus
from kiosk.store import QueueStore

# What the visitor should do next once a case has left the service's own
# next steps behind; received and under-process cases show the service's.
LATER_STEPS = {
    CaseStatus.READY_FOR_COLLECTION: (
        "Please collect it at a counter with your CNIC and this slip.",
        "براہ کرم اپنا شناختی کارڈ اور یہ پرچی دکھا کر کاؤنٹر سے وصول کریں۔",
    ),
    CaseStatus.CLOSED: ("This case is closed.", "یہ کیس مکمل ہو چکا ہے۔"),
}


class LocalCaseStatusSource:
    """Look cases up in the queue database through a :class:`QueueStore`."""

    def __init__(self, store: QueueStore) -> None:
        self.store = store

    def lookup(self, code: str) -> CaseStatusReport:
        """Return the case's status and history; raise CaseNotFoundError if none."""
        try:
            case = self.store.case_by_code(code)
        except UnknownCaseError as error:
            raise CaseNotFoundError("not in the local database") from error
        return self._report(case)

    def _report(self, case: Case) -> CaseStatusReport:
        service = self.store.config.service(case.service)
        status_en, status_ur = CASE_STATUS_LABELS[case.status]
        next_en, next_ur = LATER_STEPS.get(
            case.status, (service.next_steps_en, service.next_steps_ur)
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
            history=tuple(self._entry(entry) for entry in case.history),
            next_step_en=next_en,
            next_step_ur=next_ur,
            fetched_at=datetime.now(UTC),
        )

    def _entry(self, entry: CaseEntry) -> StatusEntry:
        label_en, label_ur = CASE_STATUS_LABELS[entry.status]
        return StatusEntry(
            status=entry.status,
            label_en=label_en,
            label_ur=label_ur,
            at=self.store.local_time(entry.at),
            note=entry.note,
        )
