# Two commands on a fresh machine: `make demo` and `make test`.
# Both create .venv, install argmap into it, and install the system Graphviz if `dot` is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test coverage bench graphviz chromium clean

demo: $(STAMP) graphviz
	$(BIN)/argmap check maps/
	$(BIN)/argmap fmt --check maps/
	$(BIN)/argmap render maps/ -o build/
	$(BIN)/argmap render maps/khatami.arg -o build/khatami.html
	@echo "Rendered maps/ into build/ (open build/khatami.html in a browser for the interactive view)"

test: $(STAMP) graphviz chromium
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

# The whole suite measured, with the argmap processes the tests start and the checker's forked
# child ([tool.coverage] in pyproject.toml); installs coverage into .venv for the purpose.
coverage: $(STAMP) graphviz chromium
	$(BIN)/pip install --quiet 'coverage>=7.10.4'
	rm -rf build/coverage
	$(BIN)/coverage run -m pytest -p no:cacheprovider
	$(BIN)/coverage combine --quiet
	$(BIN)/coverage report
	$(BIN)/coverage html --directory build/coverage/html --quiet
	@echo "Line by line: build/coverage/html/index.html"

# argmap against Argdown on the same maps (installs Argdown's CLI into bench/.cache/; needs Node.js).
bench: $(STAMP) graphviz
	$(BIN)/python bench/run.py --install-argdown

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian's Graphviz, as root or through sudo; skipped when `dot` is already on PATH.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  echo "Installing Graphviz (apt-get install graphviz)"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq graphviz >/dev/null; }

# Debian's Chromium, for the HTML view's browser tests (never a browser downloaded by a test tool).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  echo "Installing Chromium (apt-get install chromium)"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf $(VENV) build dist
