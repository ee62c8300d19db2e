# Argmap: `make serve` runs the app on SQLite with the seed debates; `make test` runs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install serve test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/argmap serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check kb api tests bench migrations
	$(BIN)/mypy kb api

test: $(STAMP) lint
	bash tests/setup-tools.sh
	$(BIN)/pytest -n 2 --dist loadgroup

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) argmap.db .pytest_cache .mypy_cache .ruff_cache
