# The two commands that matter: `make run` and `make test`. Both set up .venv first.
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
KB_HOME ?= kb-data
PORT    ?= 8501
API_PORT ?= 8000

.PHONY: setup setup-dev sysdeps sysdeps-test run serve ingest test lint bench bench-api bench-txtai clean

# Debian packages the program needs at run time: Tesseract with its Vietnamese model
# (OCR of scanned PDF pages), poppler's pdftoppm (renders a page to an image for it),
# catdoc (reads old Word .doc files), DejaVu fonts (the term brief's PDF writes Vietnamese with them).
SYSDEPS := tesseract-ocr tesseract-ocr-vie poppler-utils catdoc fonts-dejavu-core
# Debian packages the tests need: a Unicode TTF font to write Vietnamese test PDFs (also a run-time
# package now); chromium and its driver for the end-to-end test of the UI in a real headless browser;
# PostgreSQL, whose server the tests of the PostgreSQL catalog start on a free loopback port.
SYSDEPS_TEST := fonts-dejavu-core chromium chromium-driver postgresql

# Set-up writes about 3 GB (the venv 2.5 GB, pip's build of llama.cpp); a full disk otherwise
# shows up as pip's 'OSError: [Errno 28]' halfway through an install.
NEED_FREE_MB ?= 4000
$(BIN)/python:
	@free=$$(df -Pm . | awk 'NR==2 {print $$4}'); \
	if [ "$$free" -lt $(NEED_FREE_MB) ]; then \
		echo "Setting up needs about $(NEED_FREE_MB) MB free on the disk of $$(pwd); only $$free MB are free. Free some space (old clones, /tmp) and run again."; \
		exit 1; \
	fi
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch is installed first and pinned: the pinned CPU build lies on this machine's disk,
# an unpinned torch would pull a multi-GB CUDA build.
$(VENV)/.setup-done: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e .
	touch $@

# The tests also run the optional LLM answers against a real llama.cpp server ('.[llm]': compiled
# once, about 7 minutes on 2 cores; pip caches the wheel). Built for AVX2, not for the building
# machine: a native build (AVX-512, AMX) died of a general protection fault in libggml-cpu here.
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
$(VENV)/.dev-done: pyproject.toml $(VENV)/.setup-done
	CMAKE_ARGS="$(LLAMA_CMAKE)" CMAKE_BUILD_PARALLEL_LEVEL=2 $(BIN)/pip install -q -e '.[dev,llm,scale]'
	touch $@

setup: sysdeps $(VENV)/.setup-done

setup-dev: sysdeps $(VENV)/.dev-done

ingest: setup
	KB_HOME=$(KB_HOME) $(BIN)/kb ingest corpus

run: ingest
	KB_HOME=$(KB_HOME) $(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# The HTTP API (kb serve, documented at http://127.0.0.1:$(API_PORT)/docs) on this machine only;
# `make serve API_HOST=0.0.0.0` opens it to the network.
API_HOST ?= 127.0.0.1
serve: setup
	KB_HOME=$(KB_HOME) $(BIN)/kb serve --host $(API_HOST) --port $(API_PORT)

# Install only what is missing (needs root, or packages already there).
sysdeps:
	@missing=$$(for p in $(SYSDEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

sysdeps-test:
	@missing=$$(for p in $(SYSDEPS_TEST); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test: setup-dev sysdeps-test lint
	$(BIN)/python -m pytest

# Style and types first: a refactor that broke a call or an import fails here in seconds.
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/query.py

# The HTTP API under load on 127.0.0.1: 8 clients × 200 searches while an upload is ingested.
bench-api: setup-dev
	$(BIN)/python bench/api.py

# Side by side with txtai (issue #8) on the vicov19qa files and test questions, e.g.
# `make bench-txtai BENCH_ARGS='--limit 300'`. txtai gets a venv of its own, for this only:
# the same pinned CPU torch first, then txtai's core install, which keeps that torch and has
# all that dense + BM25 hybrid search needs (no extras).
TXTAI_VENV := .venv-txtai
BENCH_ARGS ?=

$(TXTAI_VENV)/.setup-done:
	$(PY) -m venv $(TXTAI_VENV)
	$(TXTAI_VENV)/bin/pip install -q --upgrade pip
	$(TXTAI_VENV)/bin/pip install -q torch==2.13.0
	$(TXTAI_VENV)/bin/pip install -q txtai==9.14.0
	@$(TXTAI_VENV)/bin/pip list 2>/dev/null | grep -Eq '^torch +2\.13\.0\+cpu' || \
		{ echo "$(TXTAI_VENV) lost torch 2.13.0+cpu while installing txtai; remove $(TXTAI_VENV) and retry"; exit 1; }
	touch $@

bench-txtai: setup $(TXTAI_VENV)/.setup-done
	$(BIN)/python bench/txtai_compare.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TXTAI_VENV) $(KB_HOME)
