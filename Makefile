# policygraph — quick start: `make run` (validate, summarise, query, report) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench docs clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/policygraph validate data/
	$(BIN)/policygraph stats
	$(BIN)/policygraph query principle-initiatives -p principle=5 -p municipality=helsingoer
	$(BIN)/policygraph query principle-coverage
	$(BIN)/policygraph report -o report

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy --strict src/

pytest: $(STAMP)
	$(BIN)/python -m pytest -W error -q

bench: $(STAMP)
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/analysis.py

docs: $(STAMP)
	$(BIN)/policygraph queries --format markdown > docs/queries.md

clean:
	rm -rf $(VENV) report .pytest_cache .mypy_cache .ruff_cache
