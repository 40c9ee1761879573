# `make run` and `make test` set up everything a bare Debian machine needs, then serve or test.
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := qpdf poppler-utils libreoffice-writer-nogui ocrmypdf tesseract-ocr-eng chromium fonts-liberation npm postgresql
# One command a package: if any is missing, the Debian packages above are installed (as root).
APT_COMMANDS := qpdf pdftoppm soffice ocrmypdf tesseract chromium npm pg_ctlcluster

.PHONY: setup system venv assets test run bench clean

setup: system venv assets

system:
	@missing=""; for c in $(APT_COMMANDS); do command -v $$c >/dev/null 2>&1 || missing="$$missing $$c"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages for:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	  else \
	    echo "Missing:$$missing. Install as root: apt-get install $(APT_PACKAGES)"; \
	    echo "bundler runs without them; the tests that need them are skipped with that reason."; \
	  fi; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,postgres]'
	touch $@

test: setup
	$(BIN)/python -m pytest

run: setup
	$(BIN)/bundler db upgrade
	$(BIN)/bundler demo
	$(BIN)/bundler run --host 127.0.0.1 --port 5000

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
	$(BIN)/python benchmarks/bundle_bench.py

clean:
	rm -rf $(VENV) node_modules static/govuk
