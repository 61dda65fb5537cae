#!/usr/bin/env bash
# `make run`: installs Vínculo into .venv (see setup.sh), compiles the translations and
# serves the app with `vinculo serve`, which migrates the database in VINCULO_HOME
# (default ~/.local/share/vinculo), collects the static files and starts gunicorn.
#
#   bash scripts/run.sh [--host 127.0.0.1] [--port 8000]

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

host=127.0.0.1
port=8000
while [ $# -gt 0 ]; do
  case $1 in
    --host) host=${2:?--host needs a value}; shift 2 ;;
    --port) port=${2:?--port needs a value}; shift 2 ;;
    *) die "run.sh: unknown argument '$1' (expected: --host HOST, --port PORT)" ;;
  esac
done

heading "Installing"
setup gettext
if has_catalogues; then
  say "compiling the translations"
  (cd "$ROOT" && manage compilemessages --verbosity 0 --ignore='.*' --ignore=venv \
    --ignore=node_modules --ignore=artifacts --ignore=build)
fi

heading "Serving Vínculo on http://$host:$port/ (Ctrl-C stops it)"
exec "$VENV/bin/vinculo" serve --host "$host" --port "$port"
