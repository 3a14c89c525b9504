# The two commands of the README: `make run` and `make test`. Both set everything up.
# `make bench` runs the three benchmarks (docs/benchmarks.md).
# The first Python on the PATH that Django 5.2 and this project support (3.11 to 3.13);
# `make PYTHON=/path/to/python3.x` picks one by hand.
SUPPORTED_PYTHONS := python3.11 python3.12 python3.13 python3
PYTHON ?= $(firstword $(foreach py,$(SUPPORTED_PYTHONS),$(shell command -v $(py) >/dev/null 2>&1 && $(py) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null && echo $(py))))
VENV := .venv
PY := $(VENV)/bin/python
# REAL_LETTERS_DIR (the variable the settings read) is honoured, as the README says.
REAL_LETTERS ?= $(or $(REAL_LETTERS_DIR),../shared/real-letters)
SAMPLE_LETTERS := fixtures/letters $(wildcard $(REAL_LETTERS))

.PHONY: run test lint format venv clean bench

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || test -n "$(PYTHON)" || { echo "No Python 3.11, 3.12 or 3.13 on the PATH: install one (Django 5.2 supports these), or run make PYTHON=/path/to/python3.x" >&2; exit 1; }
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
	$(VENV)/bin/lint-imports

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
