# Big Advance: `make run` serves the demo at http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint messages reqcov clean bench-pages

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The demo answers like the product (Japanese error pages, static files by whitenoise);
# `DEBUG=true make run` shows Django's debug pages instead.
run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Support desk: feed a test email with $(BIN)/python manage.py fetch_support_mail --file support/samples/inquiry.eml"
	$(BIN)/honcho start -f Procfile

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

# Rebuild the English catalogue after changing UI strings (needs GNU gettext): refreshes locale/en from the
# source, takes English from any locale-additions-*.po at the top, compiles, and lists what still lacks English.
messages: install
	scripts/merge_translations.sh

clean:
	rm -rf var $(VENV)

# Which requirement IDs (../shared/spec/REQUIREMENTS.md) have tests.
reqcov: install
	PYTHONPATH=../shared/tools $(BIN)/python -m pytest -p reqcov --co -q | tail -n 45

# What each main page costs the server against a plain view on the same server (PASS/FAIL per page against
# issue 6 item 20): gunicorn with 2 sync workers, PostgreSQL (DATABASE_URL, default below; created and
# seeded with the demo), Redis if REDIS_URL. Options through BENCH_ARGS, e.g. BENCH_ARGS="--only /portal/".
bench-pages: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ba_bench} $(BIN)/python scripts/bench_pages.py $(BENCH_ARGS)
