# tracker: developer and operator shortcuts. README's quick start uses `make quickstart`
# and `make test`; .ci/run uses `make lint`, `make test` and scripts/wheel-test.sh.
# Dependencies install from the lock files (exact versions with hashes); `make lock`
# refreshes them from pyproject.toml's ranges.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= sqlite:///var/tracker.db
LOCK_VENV := .venv-lock
# `make lock LOCK_UPGRADE=` keeps the pinned versions that still fit (after adding a dependency).
LOCK_UPGRADE ?= --upgrade
UV_COMPILE := $(LOCK_VENV)/bin/uv pip compile pyproject.toml --quiet --generate-hashes --universal --python-version 3.11 $(LOCK_UPGRADE)

.PHONY: quickstart install test test-fast browser lint eval-floor bench lock wheel-test clean

$(BIN)/tracker: pyproject.toml requirements-test.lock requirements-pip.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-pip.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-test.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(BIN)/tracker

# The extractor compiled with mypyc (setup.py, tracker/extract/native.py): compiled again
# when a source of it changed since the last install (about two minutes);
# TRACKER_PURE_PYTHON=1 skips the compiler and runs the sources.
EXTRACT_SOURCES := $(wildcard tracker/extract/*.py tracker/extract/lang/*.py) setup.py
NATIVE := tracker/extract/native.digest
$(NATIVE): $(EXTRACT_SOURCES) | $(BIN)/tracker
	@if [ -n "$${TRACKER_PURE_PYTHON:-}" ] && [ "$${TRACKER_PURE_PYTHON}" != 0 ]; then \
	  echo "TRACKER_PURE_PYTHON set: the extractor runs from its sources"; \
	else echo "compiling the extractor (mypyc)"; $(BIN)/pip install --quiet --no-deps -e .; fi

install: $(BIN)/tracker $(NATIVE)

quickstart: install
	@bash scripts/quickstart.sh "$(BIN)"

# The report's browser test needs Debian's chromium: installed here as in .ci/run. Under
# CI=true a failed install fails; elsewhere the browser test then skips with the reason.
browser:
	@if [ "$${CI:-}" = "true" ]; then bash scripts/install-chromium.sh; \
	else bash scripts/install-chromium.sh || echo "warning: no chromium; the browser test will skip"; fi

# Tests run on TEST_WORKERS processes (pytest-xdist; `make test TEST_WORKERS=0` runs them
# in one). Many wait on subprocesses, servers and the disk, so two workers cut the time
# on a two-core machine; every test makes its own databases, files and ports.
TEST_WORKERS ?= 2
PYTEST_WORKERS := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist worksteal)

test: install browser
	$(BIN)/pytest $(PYTEST_WORKERS)
	# the extractor's own tests once more on its Python sources (what runs without a compiler)
	TRACKER_PURE_PYTHON=1 $(BIN)/pytest -q -p no:cacheprovider $(PYTEST_WORKERS) tests/unit/extract

test-fast: install
	$(BIN)/pytest $(PYTEST_WORKERS) -m "not slow and not e2e"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The extractor on real copy (shared/devset beside the checkout): fails when English or
# Russian overall F1 drops more than 0.02 below the level reached (docs/extraction.md).
DEVSET ?= ../shared/devset
EVAL_FLOOR_EN ?= 0.925
EVAL_FLOOR_RU ?= 0.915
eval-floor: install
	@if [ ! -f "$(DEVSET)/gold.jsonl" ]; then \
	  if [ "$${CI:-}" = "true" ]; then echo "no devset at $(DEVSET) (CI=true: the floor must be checked)"; exit 1; fi; \
	  echo "no devset at $(DEVSET): extraction floor not checked"; exit 0; fi
	$(BIN)/tracker eval $(DEVSET) --language en --floor overall=$(EVAL_FLOOR_EN)
	$(BIN)/tracker eval $(DEVSET) --language ru --floor overall=$(EVAL_FLOOR_RU)

bench: install
	$(BIN)/pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/bench_store.py

wheel-test:
	bash scripts/wheel-test.sh

# Refresh the lock files from pyproject.toml's ranges (newest versions that fit); the
# runtime lock is constrained by the test lock so both pin the same runtime versions.
lock:
	test -x $(LOCK_VENV)/bin/uv || ($(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install --quiet uv)
	$(UV_COMPILE) --extra test -o requirements-test.lock
	$(UV_COMPILE) -c requirements-test.lock -o requirements.lock

clean:
	rm -rf $(VENV) $(LOCK_VENV) var build .pytest_cache .mypy_cache .ruff_cache $(NATIVE)
	find tracker -name '*.so' -delete
