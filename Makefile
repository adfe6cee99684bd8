# policy-claims: `make` builds db/claims.db from corpus/; `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB ?= db/claims.db
PORT ?= 8001
CORPUS ?= corpus

.PHONY: all serve test lint eval bench clean distclean help

all: $(VENV)/.installed ## train the claim scorer if out of date with annotations/, then run the pipeline over corpus/ into db/claims.db
	$(PY) -m pipeline train
	$(PY) -m pipeline run --corpus $(CORPUS) --db $(DB)

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	$(PY) -m compileall -q pipeline  # each run's processes load bytecode even where PYTHONDONTWRITEBYTECODE is set
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,dask]'
	touch $@

serve: $(VENV)/.installed ## browse the database in Datasette on 127.0.0.1, read-only (DB=FILE PORT=N)
	$(PY) -m pipeline serve --db $(DB) --port $(PORT)

CHROMIUM ?= /usr/bin/chromium

test: $(VENV)/.installed-test ## install what the tests need and run the whole test suite (browser tests in Debian's Chromium included)
	@test -x "$(CHROMIUM)" || { echo "make test: the browser tests need Debian's Chromium at $(CHROMIUM); install it with: sudo apt-get install chromium" >&2; exit 1; }
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest -q

lint: $(VENV)/.installed-test ## check the code with ruff (configured in pyproject.toml)
	$(VENV)/bin/ruff check pipeline tests datasette

eval: $(VENV)/.installed ## score the pipeline on the seeds (leave one document out) and the unseen dev set, side by side
	$(PY) -m pipeline eval

bench: $(VENV)/.installed ## measure words/s, peak memory and a second make against spaCy's bare tokenizer
	$(PY) -m pipeline bench $(BENCH_ARGS)

clean: ## remove the built database (with its WAL files) and temporary files
	rm -f db/*.db db/*.db-wal db/*.db-shm db/*.db.corrupt-* db/.*.tmp*
	rm -rf .pytest_cache build

distclean: clean ## also remove the virtual environment
	rm -rf $(VENV)

help: ## list the targets
	@grep -hE '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12
