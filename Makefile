# Veerkracht — the README's commands. Needs only Python >= 3.11 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
VK     := $(BIN)/veerkracht
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The address people open; links printed by the demo and links in its e-mails are built from it.
SITE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

.PHONY: help install demo serve test test-faults test-fast lint format messages docs browser bench bench-monitor bench-teams bench-fieldwork bench-governance bench-startup bench-resources bench-community bench-participation bench-plans bench-load bench-api clean

help:
	@echo "make demo   install, prepare an SQLite database with demo data, serve $(SITE_URL)/ (PORT=, HOST=)"
	@echo "make test   install, run the quality gates and the whole test suite"
	@echo "make test-faults   the fault tests (PostgreSQL restarted, services down; needs DATABASE_URL=postgres://...)"
	@echo "make install | lint | messages | docs | bench | clean"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements/test.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(STAMP)

var/secret_key:
	mkdir -p var/static
	$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# The demo runs with DEMO_MODE: its own accounts may skip the second factor (the log-in page says so).
# It is served over plain HTTP, so its cookies are not marked HTTPS-only.
DEMO_ENV = DEMO_MODE=true SECURE_COOKIES=false SITE_URL="$(SITE_URL)" SECRET_KEY="$$(cat var/secret_key)"

demo: install var/secret_key
	$(DEMO_ENV) $(VK) migrate --noinput -v 0
	$(DEMO_ENV) $(VK) load_demo
	@echo ""
	@echo "Veerkracht serves at $(SITE_URL)/ (Ctrl-C stops it)"
	$(DEMO_ENV) $(VK) runserver --noreload $(HOST):$(PORT)

serve: install var/secret_key
	$(DEMO_ENV) $(VK) runserver $(HOST):$(PORT)

# Browser tests need Debian's chromium; install it when we can (root), else the e2e tests say why they skip.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -q chromium fonts-noto-core >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium fonts-noto-core)) ; \
	  else echo "chromium is not installed: browser tests will be skipped (apt-get install chromium)"; fi; \
	fi
	@# the plan's DOCX is opened by LibreOffice in a test; the preview of its PDF needs pdftoppm
	@if [ ! -x /usr/bin/soffice ] || [ ! -x /usr/bin/pdftoppm ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -q --no-install-recommends libreoffice-writer-nogui poppler-utils >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q --no-install-recommends libreoffice-writer-nogui poppler-utils)) ; \
	  else echo "LibreOffice or poppler-utils is not installed: the DOCX conversion test will be skipped (apt-get install libreoffice-writer-nogui poppler-utils)"; fi; \
	fi

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	SECRET_KEY=lint $(VK) makemigrations --check --dry-run -v 1
	SECRET_KEY=lint $(VK) check_translations
	SECRET_KEY=lint $(VK) config_reference --check --output docs/configuration.md
	SECRET_KEY=lint $(VK) spectacular --validate --fail-on-warn | cmp -s - docs/openapi.yaml || (echo "docs/openapi.yaml is stale: run make docs"; exit 1)
	SECRET_KEY=lint $(BIN)/mypy src/veerkracht
	$(BIN)/lint-imports

test: install browser lint
	$(BIN)/pytest -n 2 --dist worksteal $(PYTEST_ARGS)

# Faults survived (tests/faults): PostgreSQL restarted under load, the mail server down, and so on.
# Needs PostgreSQL in DATABASE_URL (it restarts the machine's PostgreSQL cluster once) and Redis.
test-faults: install
	$(BIN)/pytest -p no:randomly -m faults tests/faults $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -x -q $(PYTEST_ARGS)

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

messages: install
	SECRET_KEY=dev $(VK) check_translations --update

docs: install
	SECRET_KEY=dev $(VK) config_reference --output docs/configuration.md
	SECRET_KEY=dev $(VK) spectacular --validate --fail-on-warn --file docs/openapi.yaml

bench: bench-monitor bench-teams bench-fieldwork bench-governance bench-startup bench-resources bench-community bench-participation bench-plans

bench-monitor: install
	$(BIN)/python bench/monitor_bench.py

bench-teams: install
	$(BIN)/python bench/teams_bench.py

# Start-up time of the commands (whole process) against python and django.setup() in the same run.
bench-startup: install
	$(BIN)/python bench/startup_bench.py

# Needs PostgreSQL (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/veerkracht_bench).
bench-fieldwork: install
	$(BIN)/python bench/fieldwork_report.py
	$(BIN)/python bench/fieldwork_load.py

# indicator_status on 10,000 indicators, whole process, against the interpreter's own start-up; and the
# board's overview with 200 challenges x 5 objectives x 4 indicators x 24 measurements (PostgreSQL).
bench-governance: install
	$(BIN)/python bench/governance_bench.py
	$(BIN)/python bench/governance_overview_bench.py

# The ledger page of a challenge with 50,000 entries (PostgreSQL, then SQLite), under 200 ms median.
bench-resources: install
	$(BIN)/python bench/resources_bench.py

# Dutch full-text search over 100,000 lessons (PostgreSQL, then SQLite), under 100 ms median per query.
bench-community: install
	$(BIN)/python bench/community_search_bench.py

# The public page of a challenge with 5,000 ideas and 100,000 supports (under 300 ms median, as many
# queries as with 50 ideas) and the similar-ideas lookup over them (under 100 ms; PostgreSQL, then SQLite).
bench-participation: install
	$(BIN)/python bench/participation_bench.py

# The plan van aanpak as DOCX and PDF (8 sections, tables of 30 rows, a Gantt chart of 20 bars), under 5 s median.
bench-plans: install
	$(BIN)/python bench/plans_bench.py

# The load test: national-scale data (generate_scale), gunicorn + a Celery worker on Redis, locust headless.
# Needs PostgreSQL and Redis, and the bench extra (locust). LOAD_ARGS="--municipalities 50 --seconds 20" for a quick look.
LOAD_ARGS ?=
bench-load: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/bench.txt locust
	$(BIN)/python bench/load/run.py $(LOAD_ARGS)

# The public API on national data, read only: in-process median/p95 and query counts per list endpoint
# (opgaven page of 100 under 100 ms median), and gunicorn throughput against a bare JSON view (at least
# half of it). Needs a database filled by `generate_scale --municipalities 342 --seed 1` in DATABASE_URL
# (default postgres://postgres@127.0.0.1:5432/vk_scale). API_ARGS="--seconds 5" for a quick look.
API_ARGS ?=
bench-api: install
	$(BIN)/python bench/api_bench.py $(API_ARGS)

clean:
	rm -rf $(VENV) var/static build src/*.egg-info
