# PartnerNet — `make run` (a running portal with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install bench lint format migrate seed messages clean browser-deps

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(PIP) install --quiet ".[test,bench]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(PY) manage.py compile_translations

migrate: install messages
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --if-empty

# Web on $(HOST):$(PORT), a Celery worker and beat, all on the embedded defaults
# (SQLite, file-system broker, e-mail as files in var/mail/). Ctrl-C stops all three.
run: seed
	@mkdir -p var/mail var/log
	@echo "PartnerNet on http://$(HOST):$(PORT)/  (worker and beat logs in var/log/)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(VENV)/bin/celery -A partnernet worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 & \
	  $(VENV)/bin/celery -A partnernet beat --loglevel=INFO >var/log/beat.log 2>&1 & \
	  $(PY) manage.py runserver $(HOST):$(PORT) --noreload

# Browser tests drive Debian's Chromium (never a downloaded browser build).
browser-deps:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (apt-get install chromium) for the browser tests"; fi; }

test: install messages browser-deps
	PARTNERNET_TESTING=1 $(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var/db.sqlite3* var/mail var/media var/broker var/cache var/test.sqlite3*
