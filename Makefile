# The two commands of the README: `make run` builds the graph, `make test` runs every test.
# Both create .venv and install the project on first use, and are quick once it exists.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test docs clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kg build
	$(BIN)/kg export --format trig --out build/graph.trig
	$(BIN)/kg export --format turtle --out build/graph.ttl
	$(BIN)/kg viz --out build/explorer.html

# The browser tests drive Debian's chromium (never a browser downloaded by Playwright);
# fonts-lohit-deva renders Hindi in its screenshots.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-lohit-deva; \
	else echo "make chromium: /usr/bin/chromium is missing; run 'sudo apt-get install -y chromium' (the browser tests are skipped without it)"; fi

test: $(STAMP) chromium
	$(BIN)/python -m pytest

docs: $(STAMP)
	$(BIN)/kg docs

clean:
	rm -rf build .kg
