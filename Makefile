# tracker: developer and operator shortcuts. README's quick start uses `make quickstart`
# and `make test`; .ci/run uses `make lint` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= sqlite:///var/tracker.db

.PHONY: quickstart install test test-fast lint bench clean

$(BIN)/tracker: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $(BIN)/tracker

install: $(BIN)/tracker

quickstart: install
	@bash scripts/quickstart.sh "$(BIN)"

test: install
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not slow and not e2e"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: install
	$(BIN)/pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/bench_store.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
