# Quick start: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages compile bench bench-screening bench-chat clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed.")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

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
	@# The scheduled work (cybersquad/periodic.py) runs beside the server and stops with it.
	$(PY) manage.py tick --every 60 & tick=$$!; trap 'kill $$tick 2>/dev/null' INT TERM EXIT; \
	$(VENV)/bin/daphne -v 0 -b $(HOST) -p $(PORT) cybersquad.asgi:application

test: compile
	$(VENV)/bin/ruff check --quiet .
	$(PY) -m pytest $(PYTEST_ARGS)

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

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache .ruff_cache
	find locale -name '*.mo' -delete
