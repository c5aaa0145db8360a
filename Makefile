# Two commands on a fresh machine:
#   make site   install into .venv and build the demo site into site/
#   make test   install into .venv (with test tools) and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test install system-deps serve validate schema print bench clean

# System packages (the CJK font for the print PDFs): installed from Debian when missing.
system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: system-deps $(STAMP)

site: system-deps $(STAMP)
	$(BIN)/echowall build

test: $(STAMP)
	@bash scripts/system-deps.sh --browser
	$(BIN)/python -m pytest

print: system-deps $(STAMP)
	$(BIN)/echowall print

bench: system-deps $(STAMP)
	$(BIN)/python benchmarks/run.py

serve: $(STAMP)
	$(BIN)/echowall serve

validate: $(STAMP)
	$(BIN)/echowall validate

schema: $(STAMP)
	$(BIN)/echowall schema

clean:
	rm -rf site out $(VENV)
