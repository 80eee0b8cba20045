"""What the kiosk knows about a case, where it asks, and how often it may ask.

:class:`CaseStatusReport` is what the status screen shows, whichever
:class:`CaseStatusSource` answered: the centre's queue database
(:mod:`kiosk.local_status`) or the online tracking service
(:mod:`kiosk.tracking_client`, imported only when ``[tracking] api_url`` is
set). :func:`build_status_source` picks the source and puts this kiosk's rate
limit in front of it.
"""

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from kiosk.config import TrackingSettings
from kiosk.lookup_errors import LookupRateLimitedError
from kiosk.models import CaseStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StatusEntry:
    """One step of a case's history: the status, its labels, when, and a note."""

    status: CaseStatus
    label_en: str
    label_ur: str
    at: datetime
    note: str | None = None


@dataclass(frozen=True)
class CaseStatusReport:
    """What the kiosk shows about a case.

    ``fetched_at`` is when the source answered (aware, UTC). ``stale`` is True
    when the source could not be reached and this is the last status known,
    which may be out of date.
    """

    tracking_code: str
    case_number: str
    service: str
    service_en: str
    service_ur: str
    status: CaseStatus
    status_en: str
    status_ur: str
    history: tuple[StatusEntry, ...]
    next_step_en: str
    next_step_ur: str
    fetched_at: datetime
    stale: bool = False


class CaseStatusSource(Protocol):
    """Anything that can say where a case is."""

    def lookup(self, code: str) -> CaseStatusReport:
        """Return the status of the case with canonical tracking code ``code``.

        Raises CaseNotFoundError (an UnknownCaseError) when there is no such case
        and StatusUnavailableError when the status cannot be checked now.
        """
        ...


class TokenBucket:
    """Allow ``per_minute`` events a minute on average, in bursts up to that many."""

    def __init__(
        self, per_minute: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._tokens = self.capacity
        self._stamp = clock()
        self._lock = threading.Lock()

    def take(self) -> None:
        """Spend one token, or raise LookupRateLimitedError saying when to retry."""
        with self._lock:
            now = self.clock()
            elapsed = max(0.0, now - self._stamp)
            self._tokens = min(self.capacity, self._tokens + elapsed * self.rate)
            self._stamp = now
            if self._tokens < 1.0:
                wait = math.ceil((1.0 - self._tokens) / self.rate)
                raise LookupRateLimitedError(wait)
            self._tokens -= 1.0


class RateLimitedSource:
    """Guard a source with this kiosk's token bucket."""

    def __init__(self, source: CaseStatusSource, bucket: TokenBucket) -> None:
        self.source = source
        self.bucket = bucket

    def lookup(self, code: str) -> CaseStatusReport:
        """Spend a token, then look ``code`` up; raise when the bucket is empty."""
        try:
            self.bucket.take()
        except LookupRateLimitedError:
            logger.warning("Case lookups from this kiosk are over the per-minute limit")
            raise
        return self.source.lookup(code)


def build_status_source(
    settings: TrackingSettings,
    local_source: CaseStatusSource,
    cache_path: Path | None = None,
) -> CaseStatusSource:
    """Return the source the kiosk should use, rate-limited.

    With ``[tracking] api_url`` set: the online service behind the cache.
    Otherwise ``local_source`` (the queue database).
    """
    source: CaseStatusSource = local_source
    if settings.api_url:
        # requests and its TLS stack cost a kiosk without the service 5-10 MB.
        from kiosk.tracking_client import CachedCaseStatusSource, HttpCaseStatusSource

        online = HttpCaseStatusSource.from_settings(settings)
        source = CachedCaseStatusSource(online, cache_path)
    return RateLimitedSource(source, TokenBucket(settings.lookups_per_minute))
