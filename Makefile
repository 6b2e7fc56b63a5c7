# Kinmap's commands. `make demo` and `make test` work on a fresh machine: they install what they need.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
PORT ?= 8000
export KINMAP_DEBUG ?= 1

.PHONY: setup system demo serve test test-fast lint bench clean

$(BIN)/kinmap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages: Chromium for the browser tests, Pango for WeasyPrint's PDFs.
system:
	@if ! test -x /usr/bin/chromium || ! ldconfig -p | grep -q libpangoft2; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	fi

setup: $(BIN)/kinmap node_modules/.installed

# The job runner (`kinmap worker`: nightly and pack-change re-checks) runs beside the server and
# stops with it.
demo: setup system
	@$(BIN)/kinmap migrate --noinput -v 0
	@$(BIN)/kinmap demo
	@$(BIN)/kinmap worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	  $(BIN)/kinmap serve 127.0.0.1:$(PORT)

lint: setup
	$(BIN)/ruff check kinmap tests bench
	$(BIN)/mypy

test: setup system lint
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf var $(VENV) node_modules
