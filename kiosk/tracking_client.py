"""Case status from the online tracking service, and a cache for when it is down.

This module provides the HTTP :class:`~kiosk.case_status.CaseStatusSource`
(:class:`HttpCaseStatusSource`, the contract is ``docs/tracking-api.yaml``) and a
wrapper that remembers the last status of each code and serves it, marked stale,
when the service is down or answers nonsense (:class:`CachedCaseStatusSource`).
The report types, the local-database source and the per-kiosk rate limit live in
:mod:`kiosk.case_status` and :mod:`kiosk.local_status`, which do not import
requests.

A lookup never takes longer than its deadline (``[tracking] timeout_seconds``,
plus the time to notice it passed): connects and reads are capped by what is
left of it, bodies are read in pieces and abandoned past 64 KB or the deadline,
redirects to another host are refused (they would carry the API key away), and
only connection errors and 5xx answers are retried.

Guessing: a code holds 50 random bits (:data:`kiosk.tracking_codes.ENTROPY_BITS`).
With 100,000 cases a year, one guess finds a case with odds 100,000 / 2**50, so
at 20 lookups a minute (10.5 million a year) one kiosk needs about 1,070 years of
guessing, on average, to hit any one of a year's cases.
"""

import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from kiosk.case_status import CaseStatusReport, CaseStatusSource, StatusEntry
from kiosk.config import TrackingSettings
from kiosk.lookup_errors import (
    CaseNotFoundError,
    StatusUnavailableError,
)
from kiosk.models import CaseStatus
from kiosk.tracking_codes import normalise_tracking_code

logger = logging.getLogger(__name__)

API_KEY_HEADER = "X-API-Key"
MAX_BODY_BYTES = 64 * 1024
MAX_REDIRECTS = 3
MAX_HISTORY = 100
MAX_TEXT = 1000
CONNECT_TIMEOUT = 2.0
CHUNK_BYTES = 8192
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ResponseShapeError(ValueError):
    """A JSON document does not have the shape the contract promises."""


class HttpCaseStatusSource:
    """Ask the centre's online tracking service (``docs/tracking-api.yaml``)."""

    def __init__(
        self,
        api_url: str,
        api_key: str | None,
        *,
        timeout_seconds: float = 4.0,
        retries: int = 2,
        backoff_seconds: float = 0.2,
        max_body_bytes: int = MAX_BODY_BYTES,
        session: requests.Session | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.api_key = api_key
        self.timeout_seconds = timeout_seconds
        self.retries = retries
        self.backoff_seconds = backoff_seconds
        self.max_body_bytes = max_body_bytes
        self.session = session or requests.Session()
        self.session.trust_env = False

    @classmethod
    def from_settings(cls, settings: TrackingSettings) -> "HttpCaseStatusSource":
        """Build a source from kiosk.ini's ``[tracking]`` section (api_url set)."""
        if not settings.api_url:
            raise ValueError("[tracking] api_url is not set; use the local source")
        return cls(
            settings.api_url, settings.api_key, timeout_seconds=settings.timeout_seconds
        )

    def lookup(self, code: str) -> CaseStatusReport:
        """Return the case's status from the service, or raise (see the protocol)."""
        canonical = normalise_tracking_code(code)
        url = f"{self.api_url}/cases/{canonical}"
        deadline = time.monotonic() + self.timeout_seconds

        document = self._fetch_with_retries(url, deadline)
        try:
            return parse_case_status(document, canonical, datetime.now(UTC))
        except ResponseShapeError as error:
            raise self._unavailable(f"answer of the wrong shape: {error}") from error

    def _fetch_with_retries(self, url: str, deadline: float) -> Any:
        """Return the decoded JSON at ``url``, retrying connection errors and 5xx."""
        for attempt in range(self.retries + 1):
            try:
                return self._fetch(url, deadline)
            except _RetryableError as error:
                pause = self.backoff_seconds * 2**attempt
                last_try = attempt == self.retries
                if last_try or time.monotonic() + pause >= deadline:
                    raise self._unavailable(str(error)) from error
                logger.info("Tracking service: %s; retrying in %.1f s", error, pause)
                time.sleep(pause)
        raise AssertionError("unreachable")

    def _fetch(self, url: str, deadline: float) -> Any:
        """Make one GET, following same-origin redirects; return decoded JSON."""
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._get(url, deadline)
            with response:
                if not response.is_redirect:
                    body = self._checked_body(response, deadline)
                    return _decode_json(body, self._unavailable)
                url = self._redirect_target(url, response)
        raise self._unavailable(f"more than {MAX_REDIRECTS} redirects")

    def _get(self, url: str, deadline: float) -> requests.Response:
        """Send the request with timeouts capped by the time left."""
        left = _time_left(deadline, self._unavailable)
        headers = {"Accept": "application/json"}
        if self.api_key:
            headers[API_KEY_HEADER] = self.api_key
        try:
            return self.session.get(
                url,
                headers=headers,
                timeout=(min(CONNECT_TIMEOUT, left), left),
                stream=True,
                allow_redirects=False,
            )
        except requests.ConnectionError as error:
            if isinstance(error, requests.ConnectTimeout):
                raise _RetryableError(
                    f"connecting to {_origin(url)} timed out"
                ) from error
            raise _RetryableError(f"cannot connect to {_origin(url)}") from error
        except requests.Timeout as error:
            raise self._unavailable(f"{_origin(url)} did not answer in time") from error
        except requests.RequestException as error:
            raise self._unavailable(f"request to {_origin(url)} failed") from error

    def _checked_body(self, response: requests.Response, deadline: float) -> bytes:
        """Return the body of a 200 answer; raise the right error for any other."""
        status = response.status_code
        if status >= 500:
            raise _RetryableError(f"{_origin(response.url)} answered {status}")
        if status == 404:
            raise CaseNotFoundError("the tracking service knows no such case")
        if status in (401, 403):
            logger.error("Tracking service refused the API key (HTTP %s)", status)
            raise self._unavailable(f"the service refused the API key ({status})")
        if status != 200:
            raise self._unavailable(f"unexpected answer {status}")
        return _read_bounded(response, self.max_body_bytes, deadline, self._unavailable)

    def _redirect_target(self, url: str, response: requests.Response) -> str:
        """Return where a redirect points, if it stays on the same scheme and host."""
        target = urljoin(url, response.headers.get("Location", ""))
        if _origin(target) != _origin(url):
            logger.warning(
                "Tracking service at %s redirected to %s; not followed",
                _origin(url),
                _origin(target),
            )
            raise self._unavailable(f"redirect to another host ({_origin(target)})")
        return target

    def _unavailable(self, reason: str) -> StatusUnavailableError:
        """Build the error for a failed lookup and log it."""
        logger.warning("Tracking service %s: %s", _origin(self.api_url), reason)
        return StatusUnavailableError(reason)


class CachedCaseStatusSource:
    """Remember the last status of each code; serve it, stale, when the source fails.

    The cache lives in memory and, when ``cache_path`` is given, in a small JSON
    file rewritten atomically after each fresh answer, so it survives restarts.
    Only the newest ``max_entries`` codes are kept.
    """

    def __init__(
        self,
        source: CaseStatusSource,
        cache_path: Path | None = None,
        max_entries: int = 500,
    ) -> None:
        self.source = source
        self.cache_path = cache_path
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._known: dict[str, CaseStatusReport] = _load_cache(cache_path)

    def lookup(self, code: str) -> CaseStatusReport:
        """Return a fresh status, or the last known one marked stale, or raise."""
        canonical = normalise_tracking_code(code)
        try:
            report = self.source.lookup(canonical)
        except StatusUnavailableError:
            known = self.last_known(canonical)
            if known is None:
                raise
            logger.warning(
                "Showing the status of %s fetched at %s; the source is unavailable",
                canonical,
                known.fetched_at.isoformat(timespec="seconds"),
            )
            return replace(known, stale=True)

        self._remember(report)
        return report

    def last_known(self, code: str) -> CaseStatusReport | None:
        """Return the last status fetched for ``code``, or None."""
        with self._lock:
            return self._known.get(code)

    def _remember(self, report: CaseStatusReport) -> None:
        """Keep ``report`` in memory and in the cache file."""
        with self._lock:
            self._known.pop(report.tracking_code, None)
            self._known[report.tracking_code] = report
            while len(self._known) > self.max_entries:
                self._known.pop(next(iter(self._known)))
            snapshot = list(self._known.values())
        if self.cache_path is not None:
            _save_cache(self.cache_path, snapshot)


def parse_case_status(
    document: Any, expected_code: str, fetched_at: datetime
) -> CaseStatusReport:
    """Return the report in a contract-shaped JSON document, or raise.

    Raises ResponseShapeError naming the first field that is missing, of the
    wrong type, too long, or not one of the allowed values; and when the
    document is about another tracking code than ``expected_code``.
    """
    root = _mapping(document, "document")
    code = _text(root, "tracking_code", 20)
    if code != expected_code:
        raise ResponseShapeError("tracking_code is not the code asked for")

    service = _mapping(root.get("service"), "service")
    status = _mapping(root.get("status"), "status")
    next_step = _mapping(root.get("next_step"), "next_step")
    history = root.get("history")
    if not isinstance(history, list) or len(history) > MAX_HISTORY:
        raise ResponseShapeError(f"history is not a list of up to {MAX_HISTORY}")

    return CaseStatusReport(
        tracking_code=code,
        case_number=_text(root, "case_number", 40),
        service=_text(service, "code", 40),
        service_en=_text(service, "name_en"),
        service_ur=_text(service, "name_ur"),
        status=_status(status, "key"),
        status_en=_text(status, "label_en"),
        status_ur=_text(status, "label_ur"),
        history=tuple(_entry(item) for item in history),
        next_step_en=_text(next_step, "en"),
        next_step_ur=_text(next_step, "ur"),
        fetched_at=fetched_at,
    )


def report_to_document(report: CaseStatusReport) -> dict[str, Any]:
    """Return ``report`` as a contract-shaped JSON document (for the cache)."""
    return {
        "tracking_code": report.tracking_code,
        "case_number": report.case_number,
        "service": {
            "code": report.service,
            "name_en": report.service_en,
            "name_ur": report.service_ur,
        },
        "status": {
            "key": report.status.value,
            "label_en": report.status_en,
            "label_ur": report.status_ur,
        },
        "history": [
            {
                "status": entry.status.value,
                "label_en": entry.label_en,
                "label_ur": entry.label_ur,
                "at": entry.at.isoformat(),
                "note": entry.note,
            }
            for entry in report.history
        ],
        "next_step": {"en": report.next_step_en, "ur": report.next_step_ur},
    }


class _RetryableError(Exception):
    """A failure worth another try: no connection, or a 5xx answer."""


def _entry(item: Any) -> StatusEntry:
    """Return one history entry, checked."""
    entry = _mapping(item, "history entry")
    note = entry.get("note")
    if note is not None:
        note = _text(entry, "note")
    return StatusEntry(
        status=_status(entry, "status"),
        label_en=_text(entry, "label_en"),
        label_ur=_text(entry, "label_ur"),
        at=_moment(entry, "at"),
        note=note,
    )


def _mapping(value: Any, name: str) -> Mapping[str, Any]:
    """Return ``value`` if it is a JSON object, else raise."""
    if not isinstance(value, dict):
        raise ResponseShapeError(f"{name} is not an object")
    return value


def _text(parent: Mapping[str, Any], key: str, longest: int = MAX_TEXT) -> str:
    """Return a non-empty string field without control characters."""
    value = parent.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ResponseShapeError(f"{key} is not a non-empty string")
    if len(value) > longest or CONTROL_CHARACTERS.search(value):
        raise ResponseShapeError(f"{key} is too long or holds control characters")
    return value


def _status(parent: Mapping[str, Any], key: str) -> CaseStatus:
    """Return a status key field as a CaseStatus."""
    value = parent.get(key)
    try:
        return CaseStatus(value)
    except ValueError:
        allowed = ", ".join(status.value for status in CaseStatus)
        raise ResponseShapeError(f"{key} is not one of: {allowed}") from None


def _moment(parent: Mapping[str, Any], key: str) -> datetime:
    """Return an ISO 8601 date-time field with a time-zone offset."""
    text = _text(parent, key, 40)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ResponseShapeError(f"{key} is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise ResponseShapeError(f"{key} has no time-zone offset")
    return moment


def _read_bounded(
    response: requests.Response,
    limit: int,
    deadline: float,
    fail: Callable[[str], Exception],
) -> bytes:
    """Read at most ``limit`` bytes of the body before ``deadline``, or raise."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise fail(f"answer of {declared} bytes is over the {limit}-byte limit")

    raw = response.raw
    body = bytearray()
    while True:
        _cap_socket_timeout(raw, _time_left(deadline, fail))
        try:
            chunk = raw.read1(CHUNK_BYTES)
        except (requests.RequestException, OSError, ValueError) as error:
            raise fail("the answer could not be read in time") from error
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > limit:
            raise fail(f"answer is over the {limit}-byte limit")


def _cap_socket_timeout(raw: Any, seconds: float) -> None:
    """Make the next socket read wait no longer than ``seconds``."""
    connection = getattr(raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        sock.settimeout(max(0.01, seconds))


def _decode_json(body: bytes, fail: Callable[[str], Exception]) -> Any:
    """Decode a UTF-8 JSON body, refusing NaN and Infinity."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    try:
        return json.loads(body.decode("utf-8"), parse_constant=refuse)
    except (UnicodeDecodeError, ValueError) as error:
        raise fail("answer is not valid JSON") from error


def _time_left(deadline: float, fail: Callable[[str], Exception]) -> float:
    """Return the seconds before ``deadline``, or raise once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise fail("no answer within the time limit")
    return left


def _origin(url: str) -> str:
    """Return scheme://host[:port] of ``url`` (never its path or query)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"


def _load_cache(path: Path | None) -> dict[str, CaseStatusReport]:
    """Return the reports in the cache file; an unreadable file gives none."""
    if path is None or not path.exists():
        return {}
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        reports = {}
        for entry in entries:
            fetched_at = datetime.fromisoformat(entry["fetched_at"])
            report = parse_case_status(entry["case"], entry["code"], fetched_at)
            reports[report.tracking_code] = report
    except (OSError, ValueError, KeyError, TypeError) as error:
        logger.warning("Status cache %s ignored, cannot be read: %s", path, error)
        return {}
    return reports


def _save_cache(path: Path, reports: list[CaseStatusReport]) -> None:
    """Write ``reports`` to the cache file atomically; log and go on on failure."""
    entries = [
        {
            "code": report.tracking_code,
            "fetched_at": report.fetched_at.isoformat(),
            "case": report_to_document(report),
        }
        for report in reports
    ]
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        logger.warning("Status cache %s could not be written: %s", path, error)


__all__ = [
    "CachedCaseStatusSource",
    "HttpCaseStatusSource",
    "parse_case_status",
    "report_to_document",
]
