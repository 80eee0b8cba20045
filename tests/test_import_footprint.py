"""The kiosk's processes import only what they use: no numpy, no requests.

numpy (about 10 MB resident) is imported by sqlite-utils when installed,
requests with its TLS stack (5-10 MB) by the online tracking client, and
python-escpos's printer package with every device library installed (pycups
alone ~4.6 MB) by a device connection; a kiosk without a camera, a tracking
service or a printer device (the preview printer) needs none of them. Each case
runs in a fresh interpreter, since this test process has imported them all.
"""

import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import run_python

IMPORTS_OF_A_KIOSK = """
import dataclasses, json, sys
from pathlib import Path
from kiosk.config import load_config
from kiosk.store import QueueStore
from kiosk.local_status import LocalCaseStatusSource
from kiosk.case_status import build_status_source
import kiosk.app.screens.status, kiosk.app.screens.ticket, printer

config = load_config("kiosk.ini")
tracking = dataclasses.replace(config.tracking, api_url=sys.argv[1] or None)
connection = dataclasses.replace(
    config.printer, connection=sys.argv[3], host="127.0.0.1", preview_dir=sys.argv[4]
)
config = dataclasses.replace(
    config, database_path=Path(sys.argv[2]), tracking=tracking, printer=connection
)
store = QueueStore(config)
build_status_source(config.tracking, LocalCaseStatusSource(store))
if config.printer.connection == "preview":
    printer.TicketPrinter(config.printer).print_test(config.centre)
else:  # no device here: only make the connection, as the first ticket would
    from printer.connections import open_transport
    open_transport(config.printer)
store.close()
heavy = {"numpy", "requests", "cv2", "escpos.printer", "cups"}
print(json.dumps(sorted(set(sys.modules) & heavy)))
"""


def imported_heavy_modules(
    api_url: str, scratch: Path, printer_connection: str = "preview"
) -> list[str]:
    """Run a kiosk's imports in a fresh interpreter; return the heavy ones loaded."""
    database, kivy_home = str(scratch / "queue.sqlite3"), str(scratch / "kivy")
    output = run_python(
        textwrap.dedent(IMPORTS_OF_A_KIOSK),
        api_url,
        database,
        printer_connection,
        str(scratch / "preview"),
        KIVY_NO_ARGS="1",
        KIVY_HOME=kivy_home,
    )
    return json.loads(output.strip().splitlines()[-1])


def test_a_kiosk_without_camera_or_tracking_service_loads_neither_numpy_nor_requests(
    tmp_path: Path,
) -> None:
    assert imported_heavy_modules("", tmp_path) == []


def test_a_kiosk_with_a_tracking_service_loads_requests(tmp_path: Path) -> None:
    loaded = imported_heavy_modules("http://127.0.0.1:9/", tmp_path)
    assert loaded == ["requests"]


def test_a_kiosk_with_a_network_printer_loads_python_escposs_devices(
    tmp_path: Path,
) -> None:
    loaded = imported_heavy_modules("", tmp_path, printer_connection="network")
    assert "escpos.printer" in loaded
    assert not {"numpy", "requests", "cv2"} & set(loaded)


@pytest.mark.parametrize("first", ["kiosk.database", "numpy"])
def test_numpy_still_imports_after_the_database_either_way_round(first: str) -> None:
    # sqlite-utils is imported with numpy hidden; numpy must not stay hidden
    # (the camera's OpenCV needs it).
    other = "numpy" if first == "kiosk.database" else "kiosk.database"
    code = f"import {first}, {other}, numpy; print(numpy.zeros(2).sum())"
    assert run_python(code).strip() == "0.0"
