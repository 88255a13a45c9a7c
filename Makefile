# The two commands a new user runs are `make run` and `make test`; both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# Debian's own python3.11 is built with profile-guided optimisation: pages serve 12-16 % more requests a
# second on it than on a CPython compiled without (pyenv's, say; bench/). Another Python 3 where it is missing.
PYTHON ?= $(or $(shell for python in /usr/bin/python3.11 python3.11 python3; do \
	$$python -c 'import ensurepip, venv' 2>/dev/null && command -v $$python && break; done),python3)
VENV := .venv

.PHONY: help run test packages python assets translations messages lint bench clean

help:
	@echo "make run    serve the portal with demo data on http://127.0.0.1:8000 (Ctrl-C stops it)"
	@echo "make test   run the whole test suite against throwaway PostgreSQL, Redis and SMTP"
	@echo "make messages  extract translatable strings into locale/nl (then translate, commit)"
	@echo "make bench  measure requests per second and queries per page (see bench/)"

run: packages python assets translations
	@scripts/run

test: packages python assets translations
	@scripts/test $(ARGS)

# Debian packages: PostgreSQL and Redis only when no external ones are configured.
run: NEEDS = $(if $(DATABASE_URL),,postgres) $(if $(REDIS_URL),,redis)
test: NEEDS = postgres redis browser libical
packages:
	@scripts/ensure-system-packages $(NEEDS)

python: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Bootstrap comes from the npm registry; whitenoise serves it from node_modules via collectstatic.
assets: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

translations: locale/nl/LC_MESSAGES/django.mo
locale/nl/LC_MESSAGES/django.mo: locale/nl/LC_MESSAGES/django.po
	@msgfmt --check-format -o $@ $<

messages: python
	@DEBUG=true $(VENV)/bin/python manage.py makemessages --locale nl --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'staticfiles/*' --ignore '.run/*'

lint: python
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/lint-imports --no-cache --no-logo  # the order of the apps (pyproject.toml)

bench: packages python assets translations
	@bench/run

clean:
	rm -rf $(VENV) node_modules staticfiles locale/*/LC_MESSAGES/*.mo
