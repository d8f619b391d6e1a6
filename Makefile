# MASA: `make demo` runs the service with its demo partnership; `make test` runs every check.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
FRONTEND := src/masa/core/static/govuk/masa.css
export DJANGO_SETTINGS_MODULE ?= masa.config.settings.local

.PHONY: setup demo test lint typecheck unit postgres-tests browser-tests bench system-packages sbom clean

setup: $(STAMP) $(FRONTEND)

# Python 3.12+ found by running it (pyenv shims exist for versions that are not installed).
$(BIN)/python:
	@python=""; \
	for candidate in python3.13 python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -rV); do \
	  if $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then python=$$candidate; break; fi; \
	done; \
	if [ -z "$$python" ]; then echo "MASA needs Python 3.12 or newer: install python3.12 (or use pyenv) and run make again." >&2; exit 1; fi; \
	echo "Building $(VENV) with $$python"; $$python -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(FRONTEND): node_modules/.package-lock.json frontend/masa.scss frontend/build.mjs
	node frontend/build.mjs

demo: setup
	$(BIN)/masa migrate --no-input -v 0
	$(BIN)/masa load-demo
	@if [ -d ../shared/data ]; then $(BIN)/masa import-dfe ../shared/data; else echo "No ../shared/data beside the repository: national statistics not imported"; fi
	@if [ -d ../shared/data ]; then $(BIN)/masa import-ofsted ../shared/data; fi
	@echo "MASA is at http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/masa runserver 127.0.0.1:$(PORT)

system-packages:
	@scripts/ensure-system-packages

lint: setup
	$(BIN)/pip check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/python scripts/check_scoped_access.py

typecheck: setup
	$(BIN)/mypy src/masa

unit: setup
	DJANGO_SETTINGS_MODULE=masa.config.settings.test $(BIN)/pytest -q

postgres-tests: setup system-packages
	DJANGO_SETTINGS_MODULE=masa.config.settings.test $(BIN)/python tests/harness/postgres.py -- $(BIN)/pytest -q -m "not browser"

# The software bill of materials (SECURITY.md T19): every Python and npm package installed,
# with versions and licences, in CycloneDX JSON under var/.
sbom: setup
	@mkdir -p var
	$(BIN)/cyclonedx-py environment --pyproject pyproject.toml --output-reproducible --validate --of JSON -o var/sbom-python.cdx.json $(BIN)/python
	npm sbom --sbom-format cyclonedx --package-lock-only --omit dev > var/sbom-npm.cdx.json
	@echo "SBOM written to var/sbom-python.cdx.json and var/sbom-npm.cdx.json"

test: setup system-packages lint typecheck sbom
	DJANGO_SETTINGS_MODULE=masa.config.settings.test $(BIN)/masa check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=masa.config.settings.production \
	  MASA_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  $(BIN)/masa check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=masa.config.settings.test $(BIN)/masa makemigrations --check --dry-run
	@echo "== Tests on SQLite (with browser tests in Chromium) =="
	DJANGO_SETTINGS_MODULE=masa.config.settings.test $(BIN)/pytest -q
	@echo "== Tests on PostgreSQL =="
	DJANGO_SETTINGS_MODULE=masa.config.settings.test $(BIN)/python tests/harness/postgres.py -- $(BIN)/pytest -q -m "not browser"

bench: setup system-packages
	DJANGO_SETTINGS_MODULE=masa.config.settings.test $(BIN)/python bench/run.py
	DJANGO_SETTINGS_MODULE=masa.config.settings.test $(BIN)/python bench/import_dfe.py
	$(BIN)/python bench/audit_returns_load.py
	$(BIN)/python bench/load_users.py

clean:
	rm -rf $(VENV) node_modules src/masa/core/static/govuk var
