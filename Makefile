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

.PHONY: setup serve test lint typecheck test-python test-pyodide chromium wheel clean benchmark golden check translations share-images

setup: $(STAMP_PY) $(STAMP_NODE) $(WHEELS)/.installed

# The rules package (calculator/) and the site's build module (tools/: jol_build), both editable.
$(STAMP_PY): requirements-dev.txt calculator/pyproject.toml tools/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e calculator -e tools
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

# The very wheel the site serves (jol_build.wheel), copied into dist/.
wheel: $(STAMP_PY)
	rm -rf dist && $(PY) -m jol_build wheel --outdir dist

serve: setup
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

lint: $(STAMP_PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP_PY)
	$(VENV)/bin/mypy

test-python: setup
	$(PY) -m pytest --cov --cov-branch --cov-report=term-missing

test-pyodide: setup wheel
	PYTHON=$(PY) node tests/pyodide/run_tests.mjs dist $(WHEELS)

test: setup chromium lint typecheck test-python test-pyodide

# The editor's checks, in under a minute: build, the three languages, facts, contacts, links (no browser); one plain
# line per problem (scripts/check.py).
check: $(STAMP_PY)
	@PYTHONPATH=calculator/src:hooks:tests/site $(PY) scripts/check.py

# For every page, each language's state: present, anchors and facts as in the other languages, last change, and
# "behind" when a later commit changed another language only (scripts/translations.py).
translations: $(STAMP_PY)
	@PYTHONPATH=calculator/src:hooks:tests/site $(PY) scripts/translations.py

# Rewrite the golden files (calculator/tests/golden: the calculator's full answers in ky, ru and en;
# calculator/tests/page_strings: every string of the calculator page) after an intended change of a rule, a message or
# a label; then read `git diff calculator/tests` and commit it.
golden: $(STAMP_PY)
	JOL_UPDATE_GOLDEN=1 $(PY) -m pytest calculator/tests/test_golden.py calculator/tests/test_ui_strings.py -q -p no:cacheprovider

# Not a test: builds the site, serves it and prints load figures of the calculator against stock Pyodide, then
# Lighthouse's mobile scores of a guide page in each language and of the calculator (scripts/lighthouse_report.py).
benchmark: setup chromium
	$(PY) -m scripts.benchmark
	$(PY) -m scripts.lighthouse_report

# Redraw the app icons and the link-preview images (overrides/assets/icons, overrides/assets/share) with Chromium,
# after a change of the site's name or description; commit the images.
share-images: setup chromium
	$(PY) -m scripts.share_images

clean:
	rm -rf $(VENV) node_modules .cache dist site
