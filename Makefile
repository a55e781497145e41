# Vanthu. `make run` and `make test` set up everything they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
TESTING := $(VENV)/.test-installed

.PHONY: install run test bench check clean system test-system

# `make install` (and `make run`): the service only. `make test` adds the test tools.
install: system $(RUNTIME)

system:
	@./scripts/install-system.sh

# Every package pinned with its hashes (scripts/lock.sh makes the locks from pyproject.toml): the
# same bytes on every machine, whichever index or local folder of wheels pip finds them in.
$(RUNTIME): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip==26.3"
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	@touch $@

$(TESTING): $(RUNTIME) requirements-test.lock
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock -r requirements-test.lock
	@touch $@

run: install
	@mkdir -p inbox outbox
	$(BIN)/vanthu --config config.yaml serve

test-system:
	@./scripts/install-system.sh --test

test: test-system system $(TESTING)
	@mkdir -p inbox outbox
	$(BIN)/ruff check service tests bench scripts
	$(BIN)/ruff format --check service tests bench scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: system $(TESTING)
	$(BIN)/python bench/run_all.py

check: install
	$(BIN)/vanthu --config config.yaml check

clean:
	rm -rf $(VENV) .pytest_cache
