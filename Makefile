# Quick start: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check layers lint format messages compile lock bench bench-screening bench-chat bench-scale bench-spirit clean

# Installs the exact versions in requirements.lock (what CI tested), then the project itself.
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed.")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Developers: after changing the dependencies in pyproject.toml, pin them again.
lock: $(STAMP)
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --extra dev --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

compile: $(STAMP)
	$(PY) manage.py compile_locale

# daphne -v 0: without daphne's access log, which writes every path with its query string
# (search words, conversation ids, report codes) and the client's address; the site logs
# each request by route name instead (cybersquad/request_log.py).
run: compile
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo
	@echo "Cybersquad runs on http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	@# The scheduled work (composition/periodic.py) runs beside the server and stops with it.
	$(PY) manage.py tick --every 60 & tick=$$!; trap 'kill $$tick 2>/dev/null' INT TERM EXIT; \
	$(VENV)/bin/daphne -v 0 -b $(HOST) -p $(PORT) composition.asgi:application

# `make test`: the static checks, then the suite in WORKERS processes side by side
# (pytest-xdist; WORKERS=0 runs it in this one). CHECKS=no leaves the checks out: .ci/run runs
# them once (`make check`) before its suites. One test: `.venv/bin/python -m pytest PATH::NAME`.
CHECKS ?= yes
WORKERS ?= 2
test: compile $(if $(filter no,$(CHECKS)),,check)
	$(PY) -m pytest -n $(WORKERS) $(PYTEST_ARGS)

check: compile
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

# The import layers of [tool.importlinter] in pyproject.toml (README, "Layers"); joins
# `make test` once the remaining upward imports are gone.
layers: $(STAMP)
	$(VENV)/bin/lint-imports

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Developers only (needs GNU gettext): refresh locale/*/LC_MESSAGES/django.po from the code.
messages: $(STAMP)
	$(PY) manage.py makemessages -l fr -l nl --no-obsolete --no-location --ignore=.venv --ignore=bench --ignore=tests

bench: compile
	$(PY) bench/topic_page.py
	$(PY) bench/screening.py

bench-screening: $(STAMP)
	$(PY) bench/screening.py

# Needs Redis on 127.0.0.1:6379 (uses and flushes database 5); takes about two minutes.
bench-chat: $(STAMP)
	$(PY) bench/chat.py

# A national volume (20,000 topics, 300,000 posts, …) in the database DATABASE_URL names,
# which must be empty and migrated; then page times per role against a hello-world view.
# SCALE=0.1 for a tenth. Without DATABASE_URL: a fresh SQLite file in /tmp.
SCALE ?= 1
bench-scale: compile
	@if [ -z "$$DATABASE_URL" ]; then rm -f /tmp/cybersquad-scale.sqlite3; fi
	SQLITE_PATH=$${SQLITE_PATH:-/tmp/cybersquad-scale.sqlite3} $(PY) manage.py migrate --noinput -v 0
	SQLITE_PATH=$${SQLITE_PATH:-/tmp/cybersquad-scale.sqlite3} $(PY) bench/seed_scale.py --scale $(SCALE)
	SQLITE_PATH=$${SQLITE_PATH:-/tmp/cybersquad-scale.sqlite3} $(PY) bench/pages.py

# Cybersquad's topic page against django-spirit's, same data, same run (bench/spirit.py).
# Spirit lives in a virtualenv of its own (.bench-spirit/), never in .venv. With DATABASE_URL
# (postgres://…/NAME): the databases NAME_cs and NAME_spirit, dropped and made again.
SPIRIT_VENV := .bench-spirit
SPIRIT_PINS := django-spirit==0.14.3 django==5.2.19 dj-database-url==3.1.2 'psycopg[binary]==3.3.9'
$(SPIRIT_VENV)/.installed:
	test -x $(SPIRIT_VENV)/bin/python || $(PYTHON) -m venv $(SPIRIT_VENV)
	$(SPIRIT_VENV)/bin/pip install --quiet $(SPIRIT_PINS)
	touch $@

bench-spirit: compile $(SPIRIT_VENV)/.installed
	$(PY) bench/spirit.py

clean:
	rm -rf $(VENV) $(SPIRIT_VENV) staticfiles db.sqlite3 .pytest_cache .ruff_cache
	find locale -name '*.mo' -delete
