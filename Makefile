# Dateline: `make run` serves the bundled sample, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONFIG ?= config.toml
SAMPLE := tests/outlet/sample.warc.gz

.PHONY: install run test lint bench crawl reindex clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3'" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: install
	@$(BIN)/dateline --config $(CONFIG) import --if-empty $(SAMPLE)
	@$(BIN)/dateline --config $(CONFIG) reindex --incremental
	$(BIN)/dateline --config $(CONFIG) serve

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check archive indexer web tests bench
	$(BIN)/ruff format --check archive indexer web tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench

crawl: install
	$(BIN)/dateline --config $(CONFIG) crawl

reindex: install
	$(BIN)/dateline --config $(CONFIG) reindex

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
