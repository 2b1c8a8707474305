# docmill — `make help` lists the targets. Every target installs what it needs first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RAW    ?= raw
OUT    ?= output

export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90
export PREFECT_LOGGING_LEVEL ?= WARNING
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_SERVER_LOGGING_LEVEL ?= CRITICAL
export DO_NOT_TRACK ?= 1

.DEFAULT_GOAL := help
.PHONY: help install run test lint bench golden lock clean serve

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (docmill needs Python 3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) ## create .venv from the lock file (idempotent)

run: $(STAMP) ## run the pipeline on raw/ into output/
	$(BIN)/docmill run --raw $(RAW) --out $(OUT)

test: $(STAMP) ## run the whole test suite
	$(BIN)/python -m pytest -q

lint: $(STAMP) ## ruff, mypy on flows/, import contracts (the core stays pure)
	$(BIN)/ruff check flows tests
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP) ## benchmark: throughput, stages, workers, memory (prints figures)
	$(BIN)/python -m benchmarks.run

golden: $(STAMP) ## regenerate tests/cases/*/expected.json (review the diff!)
	$(BIN)/python -m tests.golden

serve: $(STAMP) ## serve the refresh flow on a schedule (needs a Prefect server)
	$(BIN)/docmill serve --raw $(RAW) --out $(OUT)

lock: ## re-resolve requirements.in into requirements.lock
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/python -m pip install --quiet -r requirements.in
	.lockvenv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .lockvenv

clean: ## remove the virtualenv, caches and generated output
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .bench
	find output -mindepth 1 ! -name .gitkeep -exec rm -rf {} + 2>/dev/null || true
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
