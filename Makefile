# docmill — `make help` lists the targets. Every target installs what it needs first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RAW    ?= raw
OUT    ?= output
DEV    ?= /tmp/docmill-dev
TRAIN_WORK ?= /tmp/docmill-train

# Prefect's settings are set in one place, flows/orchestrate/settings.py (the command, the tests and the
# benchmark apply them before Prefect is imported).

.DEFAULT_GOAL := help
.PHONY: help install run test lint bench golden lock clean serve eval-dev train

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

bench: $(STAMP) ## benchmark: throughput, stages, workers, memory; real pages too when DEV is prepared (BENCH_ARGS=--real-only)
	$(BIN)/python -m benchmarks.run --dev $(DEV) $(BENCH_ARGS)

define DEV_MISSING
echo "no prepared real-page set at $(DEV) (override with DEV=...). To prepare it:"; \
echo "  1. get a copy of the trafilatura repository (github:adbar/trafilatura) at commit e90b0ef51ab0;"; \
echo "  2. in a separate venv, install markdownify 1.2.3, beautifulsoup4 4.15.0, lxml 6.1.3, pyarrow, trafilatura 2.3.1;"; \
echo "  3. run the peer set's prepare.py (from the shared peer folder next to this project, see its README)"; \
echo "     on that copy with --out $(DEV): it writes html/, markdown/, text/, gold.json and meta.json."; \
echo "The pages are third-party: keep them and everything derived from them outside the repository."
endef

eval-dev: $(STAMP) ## score cleaning on the prepared real-page set (DEV=/tmp/docmill-dev): F1 per input kind
	@if [ -f "$(DEV)/gold.json" ]; then $(BIN)/python -m benchmarks.devset.evaluate $(DEV); else $(DEV_MISSING); exit 2; fi

train: $(STAMP) ## relearn flows/rules/content_model.json from the prepared set (seeded, reproducible)
	@if [ -f "$(DEV)/gold.json" ]; then $(BIN)/python -m benchmarks.devset.train $(DEV) --work $(TRAIN_WORK); else $(DEV_MISSING); exit 2; fi

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
