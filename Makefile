# Two commands set everything up on a fresh machine:
#   make run   — create .venv, install, open the app (first launch: welcome page and demo)
#   make test  — lint, types, the whole test suite (offscreen)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
QT_FREE := responder/domain responder/storage responder/documents responder/services

.PHONY: run test lint types pytest venv sysdeps bundle bundle-test bench demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

sysdeps:
	@scripts/install-sysdeps.sh

run: venv sysdeps
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY$$QT_QPA_PLATFORM" ] && [ "$$(uname)" = "Linux" ]; then \
	  echo "Pas d'écran détecté (ni DISPLAY ni WAYLAND_DISPLAY)."; \
	  echo "  - sous Xvfb :      xvfb-run -a make run"; \
	  echo "  - hors écran :     QT_QPA_PLATFORM=offscreen make run   (rien ne s'affiche)"; \
	  exit 1; \
	fi
	$(BIN)/responder

lint: venv
	$(BIN)/ruff check responder tests bench

types: venv
	$(BIN)/mypy $(QT_FREE) responder/cli.py responder/commands responder/paths.py responder/fsutil.py

pytest: venv sysdeps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

test: lint types pytest

bundle: venv
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec

bundle-test: bundle
	QT_QPA_PLATFORM=offscreen dist/responder/responder self-test --gui

# Every figure against its floor measured in the same run (docs/performance.md); < 3 min.
bench: venv sysdeps
	@scripts/install-sysdeps.sh --bench  # LibreOffice: the RC bench's PDF
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/startup.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/library.py
	$(BIN)/python bench/memoire.py
	-$(BIN)/python bench/rc.py  # exits 1 on a missed target: still run the others
	$(BIN)/python bench/dossier_import.py
	$(BIN)/python bench/report.py

demo: venv
	$(BIN)/responder demo --workspace demo.responder

clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache
