# Vanthu. `make run` and `make test` set up everything they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench check clean system test-system

install: system $(STAMP)

system:
	@./scripts/install-system.sh

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip==26.3"
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	@touch $(STAMP)

run: install
	@mkdir -p inbox outbox
	$(BIN)/vanthu --config config.yaml serve

test-system:
	@./scripts/install-system.sh --test

test: test-system install
	@mkdir -p inbox outbox
	$(BIN)/ruff check service tests bench scripts
	$(BIN)/ruff format --check service tests bench scripts
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/run_all.py

check: install
	$(BIN)/vanthu --config config.yaml check

clean:
	rm -rf $(VENV) .pytest_cache
