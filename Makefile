# Two commands do all set-up: `make run` (service with demo data) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/kostra

.PHONY: run test lint format install dev-install serve-prod soak faults clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --year 2021
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The suite runs on SQLite first; then, where PostgreSQL answers, again on PostgreSQL with the integration
# (real Redis + Celery worker) and browser tests, which need it.
test: lint
	env -u DATABASE_URL -u CELERY_BROKER_URL $(PY) -m pytest -m "not integration and not browser" -q
	@if $(PY) scripts/pg_ready.py "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(PY) -m pytest -q; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is not reachable at $(PG_URL)"; exit 1; \
	else echo "PostgreSQL not reachable: integration and browser tests not run"; fi

serve-prod: install
	scripts/serve_prod.sh

# Load and soak (outside `make test`): locust against gunicorn + PostgreSQL + Redis + a Celery worker on this
# machine; figures in docs/benchmarks.md. Override e.g. SOAK_ARGS="--users 50 --duration 60".
SOAK_ARGS ?=
soak: install
	$(PY) -m pip install --quiet -e '.[load]'
	$(PY) scripts/soak.py $(SOAK_ARGS)

# Fault runs (outside `make test`): the soak scenario against its own PostgreSQL cluster and redis-server, with a
# worker killed, the broker stopped and the database restarted at random moments; results in docs/reliability.md.
# Override e.g. FAULTS_ARGS="--runs 1 --faults broker --users 4".
FAULTS_ARGS ?=
faults: install
	$(PY) -m pip install --quiet -e '.[load]'
	$(PY) scripts/faults.py $(FAULTS_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
