# The README's commands. Each target does its own set-up on a machine that has only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# The suite on every core; tests of servers, workers and the browser stay on one (tests/conftest.py).
PYTEST_ARGS ?= -n auto --dist loadgroup

.PHONY: setup run test lint audit bench fuzz venv deps dev-deps messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt $(VENV)/.deps
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

setup: deps
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) seed_demo

run: setup
	@echo ""
	@echo "  Chợ Số is running on http://127.0.0.1:$(PORT)/"
	@echo "  Demo accounts (password demo12345): admin, farmer.tancuong, board.hungson,"
	@echo "  stall.hungson.01, shopper, digital.daitu, official.thainguyen. Sign in at http://127.0.0.1:$(PORT)/accounts/login/"
	@echo ""
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# pytest exits 5 when it collected no tests: say so instead of failing obscurely.
test: dev-deps
	@$(BIN)/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests (exit 5): nothing failed"; exit 0; fi; \
	exit $$rc

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Static analysis (bandit: fails on a high-severity finding) and known vulnerabilities of the
# pinned packages (pip-audit, PyPI's vulnerability data: fails on one not accepted in
# .ci/audit.py). A lookup that cannot be made is reported as such, never as "none found";
# AUDIT_REQUIRE_COMPLETE=1 makes it fail the run.
audit: dev-deps
	$(BIN)/python .ci/audit.py

# Every benchmark compares against a baseline measured in the same run (bench/run.py lists
# them): a table of every figure against its goal, and bench/results/latest.json. On the
# database DATABASE_URL names (PostgreSQL in earnest; SQLite when unset). QUICK=1: the reduced
# run (fewer requests, smaller data). Exits non-zero when a script fails or a goal is missed.
QUICK ?=
bench: dev-deps
	QUICK=$(QUICK) $(BIN)/python bench/run.py

# Coverage-guided fuzzing (atheris) of the VietQR and GS1 Digital Link decoders, FUZZ_SECONDS
# each; the hypothesis fuzzers run in `make test` (tests/fuzz/ and the codec tests).
FUZZ_SECONDS ?= 20
fuzz: dev-deps
	$(BIN)/python tests/fuzz/atheris_decoders.py vietqr $(FUZZ_SECONDS)
	$(BIN)/python tests/fuzz/atheris_decoders.py gs1 $(FUZZ_SECONDS)

# Regenerate translation catalogues after changing strings (needs GNU gettext).
# English msgids are the English text: gettext's fuzzy guesses are cleared there (never kept
# as translations); Vietnamese fuzzy entries stay marked until someone translates them.
messages: deps
	$(MANAGE) makemessages -l vi -l en --ignore=.venv --ignore=tests --ignore=bench --ignore=.local
	msgattrib --clear-fuzzy --empty -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	$(MANAGE) compilemessages --ignore=.venv
