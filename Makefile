# engage — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app engage
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run serve test test-sqlite lint format translations translations-extract \
        translations-update migrate demo bench bench-load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installed once per change of pyproject.toml.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Compiled catalogs are built, never committed.
translations: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d translations

translations-extract: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext \
	  --ignore-dirs '.* __pycache__ node_modules' -o translations/messages.pot .

translations-update: translations-extract
	@for lang in de en; do \
	  [ -f translations/$$lang/LC_MESSAGES/messages.po ] || \
	    $(BIN)/pybabel -q init -i translations/messages.pot -d translations -l $$lang; \
	done
	$(BIN)/pybabel -q update -N -w 100 -i translations/messages.pot -d translations
	$(BIN)/python tools/i18n.py fill-en
	@$(BIN)/python tools/i18n.py missing de >/dev/null || \
	  echo "German catalog incomplete: python tools/i18n.py missing de"

migrate: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) seed

demo: migrate
	$(FLASK) demo --if-empty

run: translations demo
	$(FLASK) run --host $(HOST) --port $(PORT)

serve: translations migrate
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 --threads 4 wsgi:app

# axe-core for the browser tests' accessibility scan, pinned in package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The suite runs on TEST_WORKERS processes (pytest-xdist; each has its own databases).
TEST_WORKERS ?= 2
test: translations node_modules/axe-core/axe.min.js
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks (minutes). Databases: demo_scale.py --sqlite/--postgresql URL (creates them),
# similarity_db_speed.py --database URL (default: a SQLite file); see each script's --help.
bench: translations
	$(BIN)/python bench/similarity_quality.py
	$(BIN)/python bench/similarity_db_speed.py
	$(BIN)/python bench/demo_scale.py
	$(BIN)/python bench/reports_speed.py
	$(MAKE) bench-load

# gunicorn + wrk on the demo at city scale (SQLite and PostgreSQL); see bench/load.py --help.
bench-load: translations
	$(BIN)/python bench/load.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules test-artifacts
	find . -name __pycache__ -prune -exec rm -rf {} +
