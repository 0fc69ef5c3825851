# Inclusion Tracker. `make run` gives a working demo; `make test` runs every test.
# Run `make help` for the rest.

SHELL := /bin/bash
PYTHON ?= python3
# uv from PATH, else the copy pip installs as a Python module.
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
MANAGE := $(UV) run --frozen python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: ci help run test test-fast test-browser lint security audit format install assets demo migrate serve check-deploy

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

run: install assets migrate demo serve ## Install, build, migrate SQLite, load demo data and serve on http://127.0.0.1:8000

test: install assets ## Run the whole suite (lint, layers, types, unit, integration and browser tests)
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports
	$(UV) run --frozen mypy
	$(UV) run --frozen pytest

test-fast: install assets ## Run the suite without browser tests
	$(UV) run --frozen pytest -m "not browser"

test-browser: install assets ## Run only the browser (Playwright + axe) tests
	$(UV) run --frozen pytest -m browser

ci: ## Run CI as the CI server does (installs chromium, uses PostgreSQL)
	bash .ci/run

lint: install ## Check code style, the apps' layers and types
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports
	$(UV) run --frozen mypy

security: install ## Security lint: bandit, failing on any medium or high severity finding
	$(UV) run --frozen bandit -r inclusion_tracker -c pyproject.toml --severity-level medium -q
	@echo "bandit: no medium or high severity findings"

audit: install ## Audit the locked dependencies for known vulnerabilities (pip-audit; needs PyPI)
	UV="$(UV)" bash .ci/audit-dependencies

format: install ## Fix code style
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

install: .venv/.installed node_modules/.package-lock.json ## Install Python and npm packages from the lock files

.venv/.installed: uv.lock pyproject.toml
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || \
		$(PYTHON) -m pip install --quiet "uv>=0.5" || $(PYTHON) -m pip install --quiet --user "uv>=0.5"
	$(UV) sync --frozen
	touch $@

node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund

assets: inclusion_tracker/static/dist/application.css ## Compile GOV.UK Frontend and MoJ Frontend

inclusion_tracker/static/dist/application.css: node_modules/.package-lock.json $(wildcard assets/scss/*.scss) assets/copy-assets.mjs
	npm run build

migrate: install ## Apply database migrations
	$(MANAGE) migrate --no-input

demo: migrate ## Load the demo establishments, users and children (safe to re-run)
	$(MANAGE) load_demo_data

serve: ## Serve on http://127.0.0.1:8000
	@echo "Inclusion Tracker is at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(MANAGE) runserver $(HOST):$(PORT)

check-deploy: install ## Run Django's deployment checks with production settings
	DJANGO_ENV=production SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 48 /dev/urandom | base64)} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-inclusion.example.org} $(MANAGE) check --deploy --fail-level WARNING
