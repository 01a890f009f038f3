# make demo: bake the default project into build/ and serve it at http://127.0.0.1:5000
# make test: the template's test-suite (every bake of the matrix, the hooks, an install-and-serve run)
#
# Needs only Python 3.11+ (with venv) and make; everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BUILD := build
DEMO := $(BUILD)/todo-api
PYTEST_ARGS ?= -n auto

.PHONY: demo test clean

$(VENV)/installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# The bake's own Makefile makes its virtualenv, installs it, migrates and serves;
# the served app refuses to start without a real SECRET_KEY.
demo: $(VENV)/installed
	rm -rf $(DEMO)
	$(BIN)/cookiecutter --no-input --output-dir $(BUILD) .
	SECRET_KEY=$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_hex())')} \
		$(MAKE) -C $(DEMO) run PYTHON=$(PYTHON)

test: $(VENV)/installed
	$(BIN)/python -m pytest $(PYTEST_ARGS) tests

clean:
	rm -rf $(VENV) $(BUILD) .pytest_cache .ruff_cache
