# Two commands: `make run` (set up everything and serve the demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
GEO_DIR ?= data/geo
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?=
# The developer's commands run with DEBUG on (the demo's insecure key, static files unhashed); production is
# started as the README's "Production" section says, never through make.
MANAGE := DEBUG=1 $(PY) manage.py

.PHONY: run test install browser locale demo lint typecheck check clean

run: demo
	@echo "Serving on http://$(HOST)  (demo logins above; stop with Ctrl-C)"
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; $(MANAGE) db_worker --queue-name '*' & $(MANAGE) runserver $(HOST)

# The unit suite runs on every core (pytest-xdist); the browser journeys after it, one at a time
# (BROWSER_TESTS=0 leaves them out). Exit code 5 ("no tests collected") is accepted, for a PYTEST_ARGS that
# names files of only one kind.
TEST_WORKERS ?= auto
BROWSER_TESTS ?= 1
test: install browser locale
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	@if [ "$(BROWSER_TESTS)" = 1 ]; then $(PY) -m pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]; fi

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

# Debian's Chromium for the Playwright tests (`playwright install` cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Compiled translations (.mo) are build output: made from the committed .po files with GNU gettext.
locale: install
	@command -v msgfmt >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	$(MANAGE) compilemessages -v0 --ignore=.venv

demo: install locale
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_regions
	@if [ -d "$(GEO_DIR)" ]; then $(MANAGE) import_boundaries $(GEO_DIR); else echo "no boundaries at $(GEO_DIR): maps disabled"; fi
	$(MANAGE) seed_demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy .

# lint-imports checks the import layers of docs/architecture.md ("Layers"), declared in pyproject.toml.
check: lint typecheck
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles test-artifacts
