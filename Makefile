# Jol — two commands do everything on a fresh machine:
#   make serve   build and serve the site at http://127.0.0.1:8000
#   make test    run every check (lint, types, rules tests under CPython and Pyodide, site and browser checks)
# Everything else here is what those two need.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_NODE := node_modules/.installed
WHEELS := .cache/pyodide-wheels
# Pure-Python wheels that the rules package's tests need inside Pyodide (no network at test time).
PYODIDE_TEST_WHEELS := pytest==9.2.0 pluggy==1.7.0 iniconfig==2.3.1 packaging==26.4 pygments==2.21.0 \
	hypothesis==6.155.7 sortedcontainers==2.4.0 icalendar==7.3.0 python-dateutil==4.0.0 typing-extensions==4.16.0 \
	tzdata==2026.6
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup serve test lint typecheck test-python test-pyodide chromium wheel clean benchmark golden share-images

setup: $(STAMP_PY) $(STAMP_NODE) $(WHEELS)/.installed

$(STAMP_PY): requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(STAMP_NODE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(WHEELS)/.installed: Makefile $(STAMP_PY)
	mkdir -p $(WHEELS)
	$(PY) -m pip download --quiet --no-deps --only-binary=:all: -d $(WHEELS) $(PYODIDE_TEST_WHEELS)
	touch $@

# Debian's Chromium for the browser checks (Playwright drives it; it never downloads a browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

wheel: $(STAMP_PY)
	rm -rf dist && $(PY) -m build --wheel --no-isolation --outdir dist . >/dev/null
	@ls dist/*.whl

serve: setup
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

lint: $(STAMP_PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP_PY)
	$(VENV)/bin/mypy

test-python: setup
	$(PY) -m pytest --cov --cov-branch --cov-report=term-missing tests

test-pyodide: setup wheel
	PYTHON=$(PY) node tests/pyodide/run_tests.mjs dist $(WHEELS)

test: setup chromium lint typecheck test-python test-pyodide

# Rewrite the golden files (tests/calculator/golden: the calculator's full answers in ky, ru and en) after an
# intended change of a rule or a message; then read `git diff tests/calculator/golden` and commit it.
golden: $(STAMP_PY)
	JOL_UPDATE_GOLDEN=1 $(PY) -m pytest tests/calculator/test_golden.py -q -p no:cacheprovider

# Not a test: builds the site, serves it and prints load figures of the calculator against stock Pyodide, then
# Lighthouse's mobile scores of a guide page in each language and of the calculator (scripts/lighthouse_report.py).
benchmark: setup chromium
	$(PY) scripts/benchmark.py
	$(PY) scripts/lighthouse_report.py

# Redraw the app icons and the link-preview images (overrides/assets/icons, overrides/assets/share) with Chromium,
# after a change of the site's name or description; commit the images.
share-images: setup chromium
	$(PY) scripts/share_images.py

clean:
	rm -rf $(VENV) node_modules .cache dist site
