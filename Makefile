# The two commands that matter: `make run` and `make test`. Both set up .venv first.
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
KB_HOME ?= kb-data
PORT    ?= 8501

.PHONY: setup setup-dev sysdeps-test run ingest test bench clean

# Debian packages the tests need (a Unicode TTF font to write Vietnamese test PDFs).
SYSDEPS_TEST := fonts-dejavu-core

# torch is installed first and pinned: the pinned CPU build lies on this machine's disk,
# an unpinned torch would pull a multi-GB CUDA build.
$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.setup-done: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-done: pyproject.toml $(VENV)/.setup-done
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

setup: $(VENV)/.setup-done

setup-dev: $(VENV)/.dev-done

ingest: setup
	KB_HOME=$(KB_HOME) $(BIN)/kb ingest corpus

run: ingest
	KB_HOME=$(KB_HOME) $(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

sysdeps-test:
	@missing=$$(for p in $(SYSDEPS_TEST); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test: setup-dev sysdeps-test
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/query.py

clean:
	rm -rf $(VENV) $(KB_HOME)
