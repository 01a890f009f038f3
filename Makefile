# make demo: bake the default project into build/ and serve it at http://127.0.0.1:5000
# make test: the template's test-suite (every bake of the matrix, the hooks, an install-and-serve run)
# make bench: bake into build/bench, compare it with a hand-written Flask app (bench/), record bench/RESULTS.md;
#   BENCH_ARGS passes options, e.g. BENCH_ARGS="--database postgresql" or "--quick" (which records nothing)
#
# Needs only Python 3.11+ (with venv) and make; everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BUILD := build
DEMO := $(BUILD)/todo-api
PYTEST_ARGS ?= -n auto
BENCH_ARGS ?=

.PHONY: demo test bench clean

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

bench: $(VENV)/installed
	$(BIN)/python -m bench --write-results $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(BUILD) .pytest_cache .ruff_cache
