# Two commands on a fresh machine:
#   make site   install into .venv and build the demo site into site/
#   make test   install into .venv (with test tools) and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SITE_STAMP := $(VENV)/.installed-site
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site test install lock system-deps serve validate schema print bench clean

# System packages (the CJK font for the print PDFs): installed from Debian when missing.
system-deps:
	@bash scripts/system-deps.sh

# Installs come from the lock (requirements/*.txt, exact versions with hashes): the locked
# set first, then the project itself without touching its dependencies. `make site`
# installs only what the site needs; `make test` adds the test tools.
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_STAMP): requirements/site.txt pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes --no-deps -r requirements/site.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

$(TEST_STAMP): requirements/test.txt pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes --no-deps -r requirements/test.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

install: system-deps $(SITE_STAMP)

site: system-deps $(SITE_STAMP)
	$(BIN)/echowall build

test: $(TEST_STAMP)
	@bash scripts/system-deps.sh --browser
	$(BIN)/python -m pytest

# Regenerate the lock from pyproject.toml's ranges (newest versions they allow), after
# changing a dependency or to take updates on purpose; commit requirements/ with it.
UV_VERSION := 0.13.9
LOCK_VENV  := .venv-lock
lock:
	test -x $(LOCK_VENV)/bin/uv || { $(PYTHON) -m venv $(LOCK_VENV) && \
	  $(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); }
	$(LOCK_VENV)/bin/uv pip compile --quiet --python-version 3.11 --generate-hashes --universal \
	  pyproject.toml requirements/build.in --extra test -o requirements/test.txt
	$(LOCK_VENV)/bin/uv pip compile --quiet --python-version 3.11 --generate-hashes --universal \
	  pyproject.toml requirements/build.in -c requirements/test.txt -o requirements/site.txt

print: system-deps $(SITE_STAMP)
	$(BIN)/echowall print

bench: system-deps $(SITE_STAMP)
	$(BIN)/python benchmarks/run.py

serve: $(SITE_STAMP)
	$(BIN)/echowall serve

validate: $(SITE_STAMP)
	$(BIN)/echowall validate

schema: $(SITE_STAMP)
	$(BIN)/echowall schema

clean:
	rm -rf site site.* out $(VENV) $(LOCK_VENV)
