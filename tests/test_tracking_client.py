"""Tests of kiosk.tracking_client against real HTTP servers on 127.0.0.1."""

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kiosk.case_status import CaseStatusReport, RateLimitedSource, TokenBucket
from kiosk.lookup_errors import (
    CaseNotFoundError,
    LookupRateLimitedError,
    StatusUnavailableError,
)
from kiosk.models import CaseStatus
from kiosk.tracking_client import (
    CachedCaseStatusSource,
    HttpCaseStatusSource,
    parse_case_status,
    report_to_document,
)
from kiosk.tracking_codes import check_symbol

yaml = pytest.importorskip("yaml")
openapi_schema_validator = pytest.importorskip("openapi_schema_validator")
openapi_spec_validator = pytest.importorskip("openapi_spec_validator")

CONTRACT = Path(__file__).resolve().parent.parent / "docs" / "tracking-api.yaml"
CODE = "7K3Q9XDM20" + check_symbol("7K3Q9XDM20")
UNKNOWN = "ABCDEFGHJK" + check_symbol("ABCDEFGHJK")
API_KEY = "test-key-123"
TIMEOUT = 1.0
# A lookup may overrun its deadline by the time it takes to notice.
SLACK = 0.5
BOUND = TIMEOUT + SLACK

CASE_DOCUMENT = {
    "tracking_code": CODE,
    "case_number": "PKM-QTA-2025-000123",
    "service": {
        "code": "character_certificate",
        "name_en": "Character certificate",
        "name_ur": "کریکٹر سرٹیفکیٹ",
    },
    "status": {
        "key": "under_process",
        "label_en": "Under process",
        "label_ur": "زیرِ کارروائی",
    },
    "history": [
        {
            "status": "received",
            "label_en": "Received",
            "label_ur": "موصول",
            "at": "2025-12-03T09:12:00+05:00",
            "note": None,
        },
        {
            "status": "under_process",
            "label_en": "Under process",
            "label_ur": "زیرِ کارروائی",
            "at": "2025-12-04T11:00:00+05:00",
            "note": "Sent to the police station for verification",
        },
    ],
    "next_step": {
        "en": "Come back with your slip after 3 working days.",
        "ur": "تین کاروباری دن بعد اپنی پرچی کے ساتھ تشریف لائیں۔",
    },
    "updated_at": "2025-12-04T11:00:00+05:00",
}


class TrackingHandler(BaseHTTPRequestHandler):
    """Answer /{mode}/cases/{code}: ``good`` follows the contract, others misbehave."""

    protocol_version = "HTTP/1.1"
    hits: dict[str, int] = {}
    redirect_to = ""

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        """Dispatch on the first path segment."""
        parts = self.path.strip("/").split("/")
        mode, code = parts[0], parts[-1]
        TrackingHandler.hits[mode] = TrackingHandler.hits.get(mode, 0) + 1
        try:
            getattr(self, f"answer_{mode}")(code)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_json(self, status: int, document: object) -> None:
        """Send ``document`` as JSON."""
        body = json.dumps(document, ensure_ascii=False).encode()
        self.send_body(status, body)

    def send_body(self, status: int, body: bytes) -> None:
        """Send ``body`` with a JSON content type and its length."""
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer_good(self, code: str) -> None:
        """Follow the contract: API key, 200 with the case, 404 otherwise."""
        if self.headers.get("X-API-Key") != API_KEY:
            self.send_json(401, error_document("unauthorised"))
        elif code == CODE:
            self.send_json(200, CASE_DOCUMENT)
        else:
            self.send_json(404, error_document("not_found"))

    def answer_slow(self, code: str) -> None:
        """Say nothing for longer than the kiosk waits."""
        time.sleep(TIMEOUT * 3)
        self.answer_good(code)

    def answer_error(self, code: str) -> None:
        """Fail every time."""
        self.send_json(500, error_document("internal"))

    def answer_flaky(self, code: str) -> None:
        """Fail the first time, then answer."""
        if TrackingHandler.hits["flaky"] == 1:
            self.send_json(503, error_document("unavailable"))
        else:
            self.answer_good(code)

    def answer_malformed(self, code: str) -> None:
        """Send text that is not JSON."""
        self.send_body(200, b'{"tracking_code": "' + code.encode() + b'", ')

    def answer_nan(self, code: str) -> None:
        """Send JSON with NaN, which is not JSON."""
        self.send_body(200, b'{"tracking_code": NaN}')

    def answer_wrongshape(self, code: str) -> None:
        """Send JSON of another shape."""
        self.send_json(200, {"tracking_code": code, "status": "ready", "history": 3})

    def answer_othercode(self, code: str) -> None:
        """Send a well-formed answer about another case."""
        self.send_json(200, {**CASE_DOCUMENT, "tracking_code": UNKNOWN})

    def answer_endless(self, code: str) -> None:
        """Stream a body without end."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b'{"note": "')
        while True:
            self.wfile.write(b"a" * 4096)

    def answer_drip(self, code: str) -> None:
        """Send one byte at a time, slowly, without end."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        while True:
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.1)

    def answer_huge(self, code: str) -> None:
        """Declare and send a body of 50 MB."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(50 * 1024 * 1024))
        self.end_headers()
        for _ in range(50 * 256):
            self.wfile.write(b" " * 4096)

    def answer_redirect(self, code: str) -> None:
        """Send the kiosk to another host."""
        self.send_response(302)
        self.send_header("Location", f"{TrackingHandler.redirect_to}/good/cases/{code}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def answer_hop(self, code: str) -> None:
        """Redirect to the good answer on the same host."""
        self.send_response(307)
        self.send_header("Location", f"/good/cases/{code}")
        self.send_header("Content-Length", "0")
        self.end_headers()


def error_document(kind: str) -> dict[str, str]:
    """Return a contract-shaped error body."""
    return {"error": kind, "message_en": f"{kind}", "message_ur": "خرابی"}


def start_server() -> tuple[ThreadingHTTPServer, str]:
    """Start a tracking server on a free port of 127.0.0.1; return it and its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), TrackingHandler)
    server.daemon_threads = True
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def server_url() -> Iterator[str]:
    """The URL of a running tracking server; hit counts start at zero."""
    TrackingHandler.hits = {}
    server, url = start_server()
    other, other_url = start_server()
    TrackingHandler.redirect_to = other_url.replace("127.0.0.1", "localhost")
    yield url
    for running in (server, other):
        running.shutdown()
        running.server_close()


def source_for(url: str, key: str | None = API_KEY) -> HttpCaseStatusSource:
    """An HTTP source with the test timeout and quick backoff."""
    return HttpCaseStatusSource(
        url, key, timeout_seconds=TIMEOUT, backoff_seconds=0.05, retries=2
    )


def contract() -> dict:
    """The OpenAPI document, checked to be valid OpenAPI 3."""
    document = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    openapi_spec_validator.validate(document)
    return document


def test_the_contract_is_valid_openapi_and_the_example_follows_it() -> None:
    document = contract()
    schema = {"$ref": "#/components/schemas/CaseStatus", **document}
    validator = openapi_schema_validator.OAS30Validator(schema)

    validator.validate(CASE_DOCUMENT)
    assert not validator.is_valid({**CASE_DOCUMENT, "status": {"key": "lost"}})


def test_good_server_answers_follow_the_contract(server_url: str) -> None:
    import requests

    document = contract()
    url = f"{server_url}/good/cases/{CODE}"
    response = requests.get(url, headers={"X-API-Key": API_KEY}, timeout=2)
    schema = {"$ref": "#/components/schemas/CaseStatus", **document}
    openapi_schema_validator.OAS30Validator(schema).validate(response.json())

    missing = requests.get(f"{server_url}/good/cases/{UNKNOWN}", timeout=2)
    error_schema = {"$ref": "#/components/schemas/Error", **document}
    openapi_schema_validator.OAS30Validator(error_schema).validate(missing.json())


def test_lookup_reads_the_case(server_url: str) -> None:
    report = source_for(f"{server_url}/good").lookup(CODE)

    assert report.tracking_code == CODE
    assert report.case_number == "PKM-QTA-2025-000123"
    assert report.status is CaseStatus.UNDER_PROCESS
    assert report.status_ur == "زیرِ کارروائی"
    assert [entry.status for entry in report.history] == [
        CaseStatus.RECEIVED,
        CaseStatus.UNDER_PROCESS,
    ]
    assert report.history[1].note.startswith("Sent to")
    assert report.next_step_ur.startswith("تین")
    assert not report.stale


def test_typed_forms_of_the_code_are_normalised(server_url: str) -> None:
    typed = f"{CODE[:4].lower()}-{CODE[4:8]} {CODE[8:]}"

    assert source_for(f"{server_url}/good").lookup(typed).tracking_code == CODE


def test_unknown_case_is_not_found(server_url: str) -> None:
    with pytest.raises(CaseNotFoundError, match="no case has this tracking code"):
        source_for(f"{server_url}/good").lookup(UNKNOWN)


def test_wrong_api_key_cannot_check(server_url: str) -> None:
    with pytest.raises(StatusUnavailableError, match="refused the API key"):
        source_for(f"{server_url}/good", key="wrong").lookup(CODE)


def test_5xx_is_retried_with_backoff(server_url: str) -> None:
    report = source_for(f"{server_url}/flaky").lookup(CODE)

    assert report.tracking_code == CODE
    assert TrackingHandler.hits["flaky"] == 2


def test_same_host_redirects_are_followed(server_url: str) -> None:
    assert source_for(f"{server_url}/hop").lookup(CODE).tracking_code == CODE


def refused_url() -> str:
    """Return the URL of a port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize(
    ("mode", "reason", "attempts"),
    [
        ("slow", "did not answer in time", 1),
        ("error", "answered 500", 3),
        ("malformed", "not valid JSON", 1),
        ("nan", "not valid JSON", 1),
        ("wrongshape", "wrong shape", 1),
        ("othercode", "not the code asked for", 1),
        ("endless", "over the 65536-byte limit", 1),
        ("drip", "time limit|in time", 1),
        ("huge", "over the 65536-byte limit", 1),
        ("redirect", "redirect to another host", 1),
    ],
)
def test_misbehaving_server_gives_cannot_check_within_the_bound(
    server_url: str, mode: str, reason: str, attempts: int
) -> None:
    source = source_for(f"{server_url}/{mode}")
    started = time.monotonic()

    with pytest.raises(StatusUnavailableError, match="cannot check right now") as got:
        source.lookup(CODE)

    assert time.monotonic() - started < BOUND
    assert got.value.text("ur").startswith("ابھی معلوم نہیں")
    assert re.search(reason, got.value.reason)
    assert TrackingHandler.hits[mode] == attempts


def test_redirect_elsewhere_never_reaches_the_other_host(server_url: str) -> None:
    with pytest.raises(StatusUnavailableError):
        source_for(f"{server_url}/redirect").lookup(CODE)

    assert "good" not in TrackingHandler.hits


def test_refused_connection_is_retried_then_cannot_check() -> None:
    started = time.monotonic()

    with pytest.raises(StatusUnavailableError, match="cannot connect"):
        source_for(refused_url()).lookup(CODE)

    assert time.monotonic() - started < BOUND


def report() -> CaseStatusReport:
    """The example case as a report."""
    fetched = datetime(2025, 12, 4, 7, 0, tzinfo=UTC)
    return parse_case_status(CASE_DOCUMENT, CODE, fetched)


class ScriptedSource:
    """A source that answers with the next item of a script (report or error)."""

    def __init__(self, *answers: CaseStatusReport | Exception) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def lookup(self, code: str) -> CaseStatusReport:
        """Return or raise the next scripted answer."""
        self.asked.append(code)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_cache_serves_the_last_known_status_marked_stale(tmp_path: Path) -> None:
    down = StatusUnavailableError("refused")
    cached = CachedCaseStatusSource(ScriptedSource(report(), down), tmp_path / "c.json")

    fresh = cached.lookup(CODE)
    old = cached.lookup(CODE)

    assert not fresh.stale
    assert old.stale and old.fetched_at == fresh.fetched_at
    assert old.status is CaseStatus.UNDER_PROCESS


def test_cache_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "var" / "status-cache.json"
    CachedCaseStatusSource(ScriptedSource(report()), path).lookup(CODE)

    down = ScriptedSource(StatusUnavailableError("timed out"))
    restarted = CachedCaseStatusSource(down, path)

    assert restarted.lookup(CODE) == replace(report(), stale=True)


def test_no_known_status_raises_cannot_check(tmp_path: Path) -> None:
    cached = CachedCaseStatusSource(
        ScriptedSource(StatusUnavailableError("timed out")), tmp_path / "c.json"
    )

    with pytest.raises(StatusUnavailableError, match="cannot check right now"):
        cached.lookup(CODE)


def test_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text("[{]", encoding="utf-8")

    assert CachedCaseStatusSource(ScriptedSource(), path).last_known(CODE) is None


def test_cache_over_real_http_when_the_service_goes_down(
    server_url: str, tmp_path: Path
) -> None:
    source = source_for(f"{server_url}/good")
    cached = CachedCaseStatusSource(source, tmp_path / "c.json")
    cached.lookup(CODE)

    source.api_url = f"{server_url}/malformed"
    served = cached.lookup(CODE)

    assert served.stale and served.case_number == "PKM-QTA-2025-000123"


def test_report_round_trips_through_its_document() -> None:
    original = report()

    again = parse_case_status(report_to_document(original), CODE, original.fetched_at)

    assert again == original


class FakeClock:
    """A monotonic clock a test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limit_allows_a_minute_of_lookups_then_refuses() -> None:
    clock = FakeClock()
    limited = RateLimitedSource(
        ScriptedSource(*[report()] * 4), TokenBucket(3, clock=clock)
    )
    for _ in range(3):
        limited.lookup(CODE)

    with pytest.raises(LookupRateLimitedError, match="retry in 20 s") as refused:
        limited.lookup(CODE)

    assert refused.value.retry_after_seconds == 20
    clock.now += 20
    assert limited.lookup(CODE).tracking_code == CODE
