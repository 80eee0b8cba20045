# The two commands of README.md: `make run` and `make test`.
# Both set up a virtual environment in .venv first (only when pyproject.toml
# changed), so a fresh clone needs nothing else.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CONFIG ?= kiosk.ini

.PHONY: setup run test lint format benchmarks

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Sets up and runs the product on its embedded default: a fresh local SQLite
# database beside kiosk.ini and the preview printer.
run: setup
	$(BIN)/kiosk-admin --config $(CONFIG) init
	$(BIN)/kiosk-admin --config $(CONFIG) services
	$(BIN)/kiosk-admin --config $(CONFIG) queue

# Sets up and runs every check CI runs: formatter, linter, tests.
test: setup lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

benchmarks: setup
	$(BIN)/python benchmarks/queue_ops.py
