# PartnerNet — `make run` (a running portal with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# One stamp per set of extras and version of pyproject.toml: a changed pin reinstalls.
HASH := $(shell sha1sum pyproject.toml | cut -c1-12)
STAMP_RUN := $(VENV)/.installed-run-$(HASH)
STAMP_TEST := $(VENV)/.installed-test-$(HASH)
STAMP_BENCH := $(VENV)/.installed-bench-$(HASH)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test bench lint format migrate seed messages clean browser-deps

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found; set PYTHON=…)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# `make run` needs only the runtime dependencies (fast on a fresh machine);
# tests and benchmarks add their own extras.
$(STAMP_RUN): $(VENV)/bin/python pyproject.toml
	$(PIP) install --quiet .
	rm -f $(VENV)/.installed-run-*
	touch $@

$(STAMP_TEST): $(STAMP_RUN)
	$(PIP) install --quiet ".[test]"
	rm -f $(VENV)/.installed-test-*
	touch $@

$(STAMP_BENCH): $(STAMP_TEST)
	$(PIP) install --quiet ".[test,bench]"
	rm -f $(VENV)/.installed-bench-*
	touch $@

install: $(STAMP_RUN)
install-test: $(STAMP_TEST)

messages: install
	$(PY) manage.py compile_translations

migrate: install messages
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --if-empty

# Web on $(HOST):$(PORT), a Celery worker and beat, all on the embedded defaults
# (SQLite, a SQLite broker in var/broker.sqlite3, e-mail as files in var/mail/). Ctrl-C (or a TERM to
# make) stops all three: the trap takes down the whole process group.
run: seed
	@mkdir -p var/mail var/log
	@echo "PartnerNet on http://$(HOST):$(PORT)/  (worker and beat log to var/log/; Ctrl-C stops everything)"
	@echo "Demo sign-ins: seller@example.com, partner@example.com, reviewer@example.com, lead@example.com … (password partnernet-demo; see README)"
	@trap 'trap - INT TERM EXIT; kill 0 2>/dev/null' INT TERM EXIT; \
	  $(VENV)/bin/celery -A partnernet worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 & \
	  $(VENV)/bin/celery -A partnernet beat --loglevel=INFO >var/log/beat.log 2>&1 & \
	  $(PY) manage.py runserver $(HOST):$(PORT) --noreload

# Browser tests drive Debian's Chromium (never a downloaded browser build).
browser-deps:
	@{ command -v chromium >/dev/null && dpkg -s fonts-noto-core >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null; \
	  else echo "Install Debian's chromium and fonts-noto-core (apt-get install …) for the browser tests"; fi; }

test: install-test messages browser-deps
	PARTNERNET_TESTING=1 $(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP_BENCH) messages
	$(PY) bench/run.py

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var/db.sqlite3* var/broker.sqlite3* var/mail var/media var/broker var/cache var/log var/test*.sqlite3*
