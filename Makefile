# The two commands of README.md: `make run` and `make test`.
# Both set up a virtual environment in .venv first (only when pyproject.toml
# changed), so a fresh clone needs nothing else.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CONFIG ?= kiosk.ini

.PHONY: setup setup-test run test lint format screenshots benchmarks icon-font

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# Test tools and the optional printer connections. pycups compiles against
# libcups2-dev, so it is added only where the headers are installed (.ci/run
# installs them with .ci/setup-cups.sh); without it the cups tests skip.
setup-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,serial,usb]'
	if [ -f /usr/include/cups/cups.h ]; then $(BIN)/pip install --quiet -e '.[cups]'; fi
	touch $@

# Sets up and runs the product on its embedded default: a fresh local SQLite
# database beside kiosk.ini, the preview printer, and the kiosk, hall board and
# counter desk windows together (Ctrl+C stops them).
run: setup
	$(BIN)/kiosk-admin --config $(CONFIG) init
	$(BIN)/python -m kiosk.launch --config $(CONFIG)

# Sets up and runs every check CI runs: formatter, linter, tests.
test: setup-test lint
	$(BIN)/python -m pytest

lint: setup-test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: setup-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The committed screenshots of docs/screenshots/, on a virtual screen if need be.
screenshots: setup
	$(BIN)/python -m kiosk.app.screenshots docs/screenshots
	$(BIN)/python -m display_board.screenshots docs/screenshots

benchmarks: setup-test
	$(BIN)/python benchmarks/queue_ops.py
	$(BIN)/python benchmarks/print_job.py
	$(BIN)/python benchmarks/qr_decode.py
	$(BIN)/python benchmarks/kiosk_ui.py
	$(BIN)/python benchmarks/board_latency.py
	$(BIN)/python benchmarks/report.py

# After adding an icon to kiosk/icons.py: rewrite the cut-down icon font.
icon-font: setup-test
	$(BIN)/python tools/subset_icon_font.py
