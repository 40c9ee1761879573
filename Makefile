# `make run` and `make test` set up everything a fresh Debian machine needs, then serve or test.
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1

.PHONY: setup system venv assets test test-postgresql fuzz run bench bench-scale bench-load bench-held lock lint audit-deps mutation clean

setup: system venv assets

# Debian packages, one per missing command; never Debian's nodejs/npm beside another Node.js.
system:
	@bash scripts/system-packages.sh

venv: $(VENV)/.installed

# The versions CI tested, from requirements.lock; the project itself on top, without resolving again.
$(VENV)/.installed: requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

# Regenerate the lock file after changing the dependencies in pyproject.toml.
lock:
	python3 -m pip install -q uv
	uv pip compile pyproject.toml --extra test --extra postgres --python-version 3.11 -q -o requirements.lock

test: setup
	$(BIN)/python -m pytest

# The whole suite again with every test app on PostgreSQL (a throwaway cluster the tests start and stop).
test-postgresql: setup
	BUNDLER_TEST_DATABASE=postgresql $(BIN)/python -m pytest

# Each atheris harness in tests/fuzz/ for FUZZ_SECONDS (seeds from tests/fuzz/seeds.py, the corpus grown in
# build/fuzz/corpus/); a crash fails the run, its input left in build/fuzz/crashes/<target>/ and its log shown.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS := manifest markup working_document plan sniff pdf
fuzz: venv
	@mkdir -p build/fuzz
	@for target in $(FUZZ_TARGETS); do \
	  if $(BIN)/python -m tests.fuzz.run $$target -max_total_time=$(FUZZ_SECONDS) >build/fuzz/$$target.log 2>&1; then \
	    echo "fuzz $$target: $$(grep -E '^#[0-9]+[[:space:]]+DONE' build/fuzz/$$target.log | tail -1)"; \
	  else \
	    grep -v '^INFO: Instrumenting' build/fuzz/$$target.log | tail -60; \
	    echo "fuzz $$target: crashed; the input is in build/fuzz/crashes/$$target/"; exit 1; \
	  fi; \
	done

# Known vulnerabilities in the locked dependencies (pip-audit, in a venv of its own so it never changes the app's).
# --strict fails when a package cannot be looked up: an audit that could not run is not a pass. It needs PyPI's
# per-release JSON API (https://pypi.org/pypi/NAME/VERSION/json), which this project's build network does not
# answer, so CI here cannot run it; a council's CI with internet access can.
audit-deps:
	python3 -m venv .venv-audit
	.venv-audit/bin/pip install -q pip-audit==2.10.1
	.venv-audit/bin/pip-audit --strict --no-deps --disable-pip -r requirements.lock

# Mutation testing (mutmut, in a venv of its own from the lock): changes the rule packages and the access checks
# one small edit at a time and runs their tests; a mutant the tests miss ("survived") is a test to write. The whole
# set takes hours. SAMPLE=300 runs a random 300 of each package's (SEED picks which); MUTANTS names some, e.g.
# make mutation MUTANTS='bundler.timetable.workdays*'. It prints each file's score; mutants/survivors.txt lists the rest.
MUTANTS ?=
mutation:
	python3 -m venv .venv-mutation
	.venv-mutation/bin/pip install -q -r requirements.lock mutmut==3.8.1
	.venv-mutation/bin/pip install -q --no-deps -e .
	.venv-mutation/bin/python scripts/mutation.py $(if $(SAMPLE),--sample $(SAMPLE)) $(if $(SEED),--seed $(SEED)) $(MUTANTS)

lint: venv
	$(BIN)/ruff check bundler tests benchmarks scripts

# gunicorn and one job worker (on the SQLite queue in instance/, unless BUNDLER_QUEUE_URL says Redis), with the
# demo case added once both are up; one Ctrl-C stops them all.
run: setup
	$(BIN)/bundler db upgrade
	BUNDLER_PUBLIC_URL=http://$(HOST):$(PORT) $(BIN)/bundler serve --with-worker --demo --workers 2 \
	  --host $(HOST) --port $(PORT)

assets: static/govuk/.built

# GOV.UK Frontend from npm at the versions in package-lock.json, compiled with the council's settings (Arial, no
# GOV.UK fonts or crown) into static/govuk/, which git ignores.
static/govuk/.built: package-lock.json assets/bundler.scss
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/govuk && mkdir -p static/govuk
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js* static/govuk/
	node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules --quiet-deps \
	  assets/bundler.scss static/govuk/bundler.css
	touch $@

bench: setup
	$(BIN)/python benchmarks/bundle_bench.py $(BENCH_ARGS)

# Each starts its own Redis and PostgreSQL in a temporary folder and removes them at the end (BENCH_ARGS for a
# smaller run, e.g. BENCH_ARGS="--builds 4 --pages 100 --docx 4 --workers 1,2").
bench-scale: setup
	$(BIN)/python benchmarks/scale_bench.py $(BENCH_ARGS)

bench-load: setup
	$(BIN)/python benchmarks/load_bench.py $(BENCH_ARGS)

# Issue 16's "load held": 20 officers mixing pages, uploads and builds for 10 minutes; checks nothing was lost.
bench-held: setup
	$(BIN)/python benchmarks/load_bench.py --mix --minutes 10 $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static/govuk
