# Argmap: `make serve` runs the app on SQLite with the seed debates; `make test` runs everything.
# Installs are reproducible: `make install` installs requirements.lock (pinned, with hashes);
# `make lock` writes it again from pyproject.toml (tests/project checks the two agree).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
LOCK_FLAGS := --extra dev --generate-hashes --no-header --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28

.PHONY: install lock serve test lint audit bench load clean

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q kb api  # .pyc even under PYTHONDONTWRITEBYTECODE
	touch $(STAMP)

install: $(STAMP)

lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) -o $(LOCK)

serve: $(STAMP)
	$(BIN)/argmap serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check kb api tests bench migrations
	$(BIN)/mypy kb api bench

# The dependency audit runs in the suite too (tests/project); this shows the full report.
audit: $(STAMP)
	$(BIN)/pip-audit --requirement $(LOCK) --vulnerability-service pypi --disable-pip --no-deps

test: $(STAMP) lint
	bash tests/setup-tools.sh
	$(BIN)/pytest -n 2 --dist loadgroup --durations=15

bench: $(STAMP)
	$(BIN)/python -m bench

load: $(STAMP)
	$(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) argmap.db .pytest_cache .mypy_cache .ruff_cache
