# Kyodo: every job is one command. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The suite runs on PostgreSQL; pytest-django creates and drops test_<name> (one per
# pytest-xdist worker: test_<name>_gw0, …) and the demo template test_<name>_demo_template.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kyodo
# Parallel workers: one per core, at most four. TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n > 4 ? 4 : n )))
PARALLEL = -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder
PYTEST = DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/pytest $(PARALLEL)

.DEFAULT_GOAL := help
.PHONY: help install run test test-fast lint format messages lock clean

help: ## list the targets (this text)
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed ## create .venv with the pinned dependencies

run: install ## migrate the SQLite database, load the demo, serve on 127.0.0.1:$(PORT)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install ## every test, in parallel on PostgreSQL (what CI runs; docs/testing.md)
	$(PYTEST) $(PYTEST_ARGS)

test-fast: install ## every test but the e2e and slow ones: the quick loop while working
	$(PYTEST) -m "not e2e and not slow" $(PYTEST_ARGS)

lint: install ## ruff check, ruff format check, the import layers, no missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## update every catalogue under locale/ and compile them (needs GNU gettext)
	$(BIN)/python manage.py makemessages --all --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

lock: install ## recompile the pinned requirements from requirements*.in
	$(BIN)/pip install --quiet uv==0.13.8
	$(BIN)/uv pip compile --python-version 3.11 --no-header requirements.in -o requirements.txt
	$(BIN)/uv pip compile --python-version 3.11 --no-header requirements-dev.in -o requirements-dev.txt

clean: ## remove the virtual environment and runtime data
	rm -rf $(VENV) var

.PHONY: bench
bench: install ## import, export and page-rendering figures at 2,000 items on PostgreSQL (var/bench.md)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kyodo_bench} $(BIN)/python bench/run.py $(BENCH_ARGS)
