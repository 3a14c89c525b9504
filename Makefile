# The two commands of the README: `make run` and `make test`. Both set everything up.
# `make bench` runs the three benchmarks (docs/benchmarks.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# REAL_LETTERS_DIR (the variable the settings read) is honoured, as the README says.
REAL_LETTERS ?= $(or $(REAL_LETTERS_DIR),../shared/real-letters)
SAMPLE_LETTERS := fixtures/letters $(wildcard $(REAL_LETTERS))

.PHONY: run test lint format venv clean bench

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ingest_letters $(SAMPLE_LETTERS)
	$(PY) manage.py runserver 127.0.0.1:8000

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

# Parser and ingest (on a scratch database), then the pages on the configured database.
bench: venv
	$(PY) manage.py bench_parse
	$(PY) manage.py bench_ingest
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bench_site

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
