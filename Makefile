# The two commands: `make run` (set up and serve the demo) and `make test` (the whole suite).
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DEBUG ?= on

.PHONY: run setup test lint format messages bench worker clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.12+ is needed (set PYTHON=...)"; exit 1; }
	@echo "== Creating the virtual environment $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Running needs the dependencies alone; testing and linting add the dev extras. pip and npm print
# each package as they fetch it (a first run downloads about 200 MB).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "== Installing the Python packages running needs"
	$(BIN)/python -m pip install --progress-bar off -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	@echo "== Installing the Python packages running, testing and linting need"
	$(BIN)/python -m pip install --progress-bar off -e ".[dev]"
	touch $(VENV)/.installed $@

node_modules/.installed: package.json
	@echo "== Installing Chart.js (npm)"
	npm install --omit=dev --no-audit --no-fund --loglevel=http
	touch $@

node_modules/.installed-dev: package.json
	@echo "== Installing Chart.js and the browser tests' axe-core (npm)"
	npm install --no-audit --no-fund --loglevel=http
	touch node_modules/.installed $@

setup: $(VENV)/.installed node_modules/.installed
	@echo "== Migrating the database"
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	@echo "== Building the demo (once; manage.py seed_demo --reset rebuilds it)"
	$(BIN)/python manage.py seed_demo

run: setup
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev node_modules/.installed-dev
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=node_modules
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Benchmarks against this machine's floors (PostgreSQL and Redis on 127.0.0.1; about 30 min).
bench: $(VENV)/.installed node_modules/.installed
	DEBUG=off $(BIN)/python -m bench

# docker-compose.yml's worker, with the scheduler in the same process for development: run one
# `make worker` at a time (production runs exactly one beat; docs/operations.md).
worker: $(VENV)/.installed
	$(BIN)/celery -A network_animation worker --beat --loglevel=info --concurrency=2

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
