# Two commands on a fresh machine:
#   make site   install into .venv and build the demo site into site/
#   make test   install into .venv (with test tools) and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test install serve validate schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/echowall build

test: $(STAMP)
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/echowall serve

validate: $(STAMP)
	$(BIN)/echowall validate

schema: $(STAMP)
	$(BIN)/echowall schema

clean:
	rm -rf site out $(VENV)
