# policygraph — quick start: `make run` (validate, summarise, query, report) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help run test lint typecheck pytest bench bench-scale docs clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## set up .venv, validate, print statistics, run two queries, write the report
	$(BIN)/policygraph validate data/
	$(BIN)/policygraph stats
	$(BIN)/policygraph query principle-initiatives -p principle=5 -p municipality=helsingoer
	$(BIN)/policygraph query principle-coverage
	$(BIN)/policygraph report -o report

test: $(STAMP) lint typecheck pytest  ## set up .venv, then lint, type-check and the whole pytest suite

lint: $(STAMP)  ## ruff check and ruff format --check
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(STAMP)  ## mypy --strict on src/
	$(BIN)/mypy --strict src/

pytest: $(STAMP)  ## the pytest suite, doctests included (warnings are errors)
	$(BIN)/python -m pytest -W error -q

bench: $(STAMP)  ## benchmarks that print numbers side by side
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/analysis.py
	$(BIN)/python bench/limits.py
	$(BIN)/python bench/ingest_recall.py
	$(BIN)/python bench/serve.py
	$(BIN)/python bench/validate.py

bench-scale: $(STAMP)  ## every step at N = 1, 10, 98, 500 municipalities (SCALE_ARGS="--scales 1,10 --quick")
	$(BIN)/python bench/scale.py $(SCALE_ARGS)

docs: $(STAMP)  ## regenerate docs/queries.md
	$(BIN)/policygraph queries --format markdown > docs/queries.md

clean:  ## remove .venv, caches and the report
	rm -rf $(VENV) report artefacts .pytest_cache .mypy_cache .ruff_cache
