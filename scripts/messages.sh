#!/usr/bin/env bash
# `make messages`: updates the Spanish catalogue (src/vinculo/locale/es/LC_MESSAGES/django.po)
# from the strings marked for translation in src/vinculo. No source locations are kept,
# so that moving code does not churn the catalogue (tests/test_translations.py does the same).

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

setup dev gettext
VINCULO_HOME=$(mktemp -d)
export VINCULO_HOME DJANGO_SETTINGS_MODULE=vinculo.settings
trap 'rm -rf "$VINCULO_HOME"' EXIT
cd "$ROOT/src/vinculo"
"$VENV/bin/python" -m django makemessages --locale es --no-location --ignore=static
