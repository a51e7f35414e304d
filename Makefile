# The project's commands. `make serve` and `make test` set up everything they need (.venv first).
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CATALOGUE ?= data/sites.yaml
export CATALOGUE
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
STAMP := $(VENV)/.installed

.PHONY: help serve build build-properdocs check test test-fast lint schema fmt new linkcheck stale bench clean

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

serve: $(STAMP)  ## Serve the site with live reload on http://127.0.0.1:8000 (an edit rebuilds only what it changes)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000 --livereload

build: $(STAMP)  ## Build the site into site/ (strict)
	$(BIN)/mkdocs build --strict --site-dir site

build-properdocs: $(STAMP)  ## Build with ProperDocs instead of MkDocs, into site-properdocs/
	$(BIN)/properdocs build --strict -f mkdocs.yml --site-dir site-properdocs

check: $(STAMP)  ## Validate the catalogue (CATALOGUE=path for another file)
	@$(BIN)/python -m ddscale.tools.check $(CATALOGUE)

test: lint  ## Run every test (lint first; unit, build, browser)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)  ## Unit tests only: no build, no browser (seconds)
	$(BIN)/python -m pytest -q -m "not slow" -p no:cacheprovider

lint: $(STAMP)  ## ruff (lint and format check) and mypy
	$(BIN)/ruff check ddscale hooks scripts tests
	$(BIN)/ruff format --check ddscale hooks scripts tests
	$(BIN)/mypy

schema: $(STAMP)  ## Write the JSON Schema and CONTRIBUTING.md's field reference from the model
	$(BIN)/python -m ddscale.tools.reference

clean:  ## Remove built output, the build cache and the virtual environment
	rm -rf site site-properdocs .cache $(VENV)

fmt: $(STAMP)  ## Rewrite the catalogue in canonical form (and record new slugs)
	@$(BIN)/python -m ddscale.tools.fmt $(CATALOGUE)

new: $(STAMP)  ## Add an entry to fill in: make new KIND=site|talk|case-study|myth SLUG=my-slug
	@$(BIN)/python -m ddscale.tools.scaffold $(KIND) $(SLUG) $(CATALOGUE)

stale: $(STAMP)  ## List entries whose last_verified is older than the freshness limit, oldest first
	@$(BIN)/python -m ddscale.tools.freshness $(CATALOGUE)

linkcheck: $(STAMP)  ## Check every source and link URL of the catalogue (never fails the build)
	@$(BIN)/python -m ddscale.tools.linkcheck $(CATALOGUE) $(LINKCHECK_ARGS)

lighthouse: build  ## Record Lighthouse scores of the built site into docs/quality.md (needs npm)
	$(BIN)/python scripts/lighthouse.py

bench: $(STAMP)  ## Measure check, build, output, search and preview at 100, 1,000 and 10,000 entries
	$(BIN)/python scripts/bench.py

# The lab (lab/README.md): a reference Django app load-tested on this machine, in its own venv.
.PHONY: lab lab-smoke lab-case
LAB_VENV := lab/.venv
LAB_STAMP := $(LAB_VENV)/.installed
LAB_RUN = PYTHONPATH=lab $(LAB_VENV)/bin/python -m labrun
LAB_ARGS = --db "$(LAB_DB)" --server "$(LAB_SERVER)" --workers "$(LAB_WORKERS)" \
	--endpoints "$(LAB_ENDPOINTS)" --conn "$(LAB_CONN)" --port "$(LAB_PORT)" --quick "$(QUICK)"

$(LAB_STAMP): lab/requirements.txt
	test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r lab/requirements.txt
	touch $(LAB_STAMP)

lab: $(LAB_STAMP)  ## Load-test the lab app; LAB_DB=sqlite|postgresql LAB_SERVER= LAB_WORKERS= LAB_ENDPOINTS= QUICK=1
	LAB_COMMAND='make lab$(if $(LAB_DB), LAB_DB=$(LAB_DB))$(if $(LAB_SERVER), LAB_SERVER=$(LAB_SERVER))$(if $(LAB_WORKERS), LAB_WORKERS=$(LAB_WORKERS))$(if $(LAB_ENDPOINTS), LAB_ENDPOINTS=$(LAB_ENDPOINTS))$(if $(LAB_CONN), LAB_CONN=$(LAB_CONN))$(if $(QUICK), QUICK=$(QUICK))' \
		$(LAB_RUN) $(LAB_ARGS)

lab-smoke: $(LAB_STAMP)  ## A few seconds of low load on every server, SQLite and PostgreSQL; checks the report
	LAB_COMMAND='make lab-smoke' $(LAB_RUN) --smoke

test: lab-smoke

lab-case: $(STAMP)  ## Enter a committed lab run into the catalogue as a case study: make lab-case RUN=lab/results/<id>.json
	@$(BIN)/python -m ddscale.tools.labcase $(RUN) $(CATALOGUE)
