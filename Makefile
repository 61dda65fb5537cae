# The one entry point for developers and CI; the work is done by scripts/*.sh.

HOST ?= 127.0.0.1
PORT ?= 8000
ARGS ?=
VENV := .venv/bin

.PHONY: help run test lint fmt messages

help:
	@echo "make run [HOST=127.0.0.1] [PORT=8000]  install the app and serve it"
	@echo "make test [ARGS='-k contacts']         every check CI runs (ARGS go to pytest)"
	@echo "make lint                              ruff format --check and ruff check"
	@echo "make fmt                               ruff format and ruff check --fix"
	@echo "make messages                          update the Spanish message catalogue"

run:
	@bash scripts/run.sh --host "$(HOST)" --port "$(PORT)"

test:
	@bash scripts/test.sh $(ARGS)

lint:
	@bash scripts/setup.sh dev
	$(VENV)/ruff format --check .
	$(VENV)/ruff check .

fmt:
	@bash scripts/setup.sh dev
	$(VENV)/ruff format .
	$(VENV)/ruff check --fix .

messages:
	@bash scripts/messages.sh
