"""Write preview pictures of the sample ticket and case receipt at 58 and 80 mm.

Run ``python -m printer.previews docs/slips`` to refresh the PNGs the README
shows. Each picture is what :class:`~printer.layout.PrintJob` would print.
"""

import argparse
import logging
from pathlib import Path

from kiosk.config import PrinterSettings
from printer.layout import ReceiptLayout, TicketLayout
from printer.samples import sample_receipt, sample_ticket

logger = logging.getLogger(__name__)

PUBLIC_URL = "https://track.example.pk"


def write_previews(folder: Path) -> list[Path]:
    """Write ticket-58mm.png, ticket-80mm.png, receipt-58mm.png, receipt-80mm.png."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for width in (58, 80):
        settings = PrinterSettings(paper_width_mm=width)
        jobs = {
            "ticket": TicketLayout(settings).build(sample_ticket(None, PUBLIC_URL)),
            "receipt": ReceiptLayout(settings).build(sample_receipt(None, PUBLIC_URL)),
        }
        for name, job in jobs.items():
            path = folder / f"{name}-{width}mm.png"
            job.picture().save(path, optimize=True)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Write the previews into the folder named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=Path("docs/slips"))
    args = parser.parse_args(argv)
    for path in write_previews(args.folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
