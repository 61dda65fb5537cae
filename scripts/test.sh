#!/usr/bin/env bash
# `make test`: installs what the checks need (Python packages into .venv, then gettext,
# Chromium and the PostgreSQL server with apt-get when missing), then runs every check in
# order: ruff format, ruff check, Django's system checks, missing migrations, the message
# catalogues, the whole pytest suite on SQLite, and again on a throwaway PostgreSQL server.
# A failing check does not stop the next ones; the exit status is non-zero if any failed.
# Arguments go to both pytest runs: bash scripts/test.sh -k contacts -x

set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$ROOT/scripts/postgres.sh"
cd "$ROOT" || exit 1

HOMES=()
STEP_NAMES=() STEP_TIMES=() STEP_RESULTS=()
FAILED=
T0=$(now)

cleanup() {
  pg_stop
  local home
  for home in "${HOMES[@]}"; do rm -rf "$home"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Each phase gets a data folder of its own (database, secret key, static files).
fresh_home() {
  VINCULO_HOME=$(mktemp -d "${TMPDIR:-/tmp}/vinculo-test.XXXXXX") || return 1
  HOMES+=("$VINCULO_HOME")
  export VINCULO_HOME
}

# step NAME COMMAND...: runs one step under a heading, and records its time and result.
step() {
  local name=$1 start rc
  shift
  heading "$name"
  start=$(now)
  "$@"
  rc=$?
  STEP_NAMES+=("$name")
  STEP_TIMES+=("$(elapsed "$start")")
  if [ $rc -eq 0 ]; then
    STEP_RESULTS+=(ok)
  else
    STEP_RESULTS+=(FAILED)
    FAILED=1
  fi
  return $rc
}

summary() {
  local i colour
  heading "Summary"
  for i in "${!STEP_NAMES[@]}"; do
    colour=$_green
    [ "${STEP_RESULTS[$i]}" = ok ] || colour=$_red
    printf '    %s%-7s%s %7ss  %s\n' "$colour" "${STEP_RESULTS[$i]}" "$_off" "${STEP_TIMES[$i]}" \
      "${STEP_NAMES[$i]}"
  done
  printf '    %-7s %7ss\n' total "$(elapsed "$T0")"
  if [ -n "$FAILED" ]; then
    printf '\n%sSome checks failed.%s\n' "$_red" "$_off"
  else
    printf '\n%sAll checks passed.%s\n' "$_green" "$_off"
  fi
}

# Prints the Debian packages that provide what the checks need and are missing.
system_missing() {
  command -v msgfmt >/dev/null 2>&1 || echo gettext
  [ -x /usr/bin/chromium ] || echo chromium chromium-driver fonts-liberation
  # The business-card tests draw their cards in DejaVu Sans.
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || echo fonts-dejavu-core
  pg_bindir >/dev/null || echo postgresql
}

system_packages() {
  local missing
  missing=$(system_missing)
  if [ -z "$missing" ]; then
    say "gettext, chromium and the PostgreSQL server: already installed"
    return 0
  fi
  # shellcheck disable=SC2086 # one word per package
  apt_install $missing || return 1
  missing=$(system_missing)
  if [ -n "$missing" ]; then
    say "still missing after apt-get install: $missing"
    return 1
  fi
}

messages() {
  if ! has_catalogues; then
    say "no message catalogues in src/vinculo/locale yet: nothing to compile"
    return 0
  fi
  messages_compile
}

# The suite runs in one process per core (at most 4; VINCULO_TEST_PROCESSES=1 for one):
# most tests wait on a browser, a worker or a server process as much as they compute.
pytest_run() {
  "$VENV/bin/python" -m pytest --numprocesses "${VINCULO_TEST_PROCESSES:-auto}" \
    --maxprocesses 4 "$@"
}

pytest_sqlite() {
  fresh_home || return 1
  pytest_run "$@"
}

pytest_postgres() {
  local rc
  fresh_home || return 1
  DATABASE_URL=$PG_URL pytest_run "$@"
  rc=$?
  pg_stop
  return $rc
}

# Nothing else can run without these two.
if ! step "Install: Python packages (pip install -e '.[dev]')" setup dev \
  || ! step "Install: system packages (gettext, chromium, postgresql)" system_packages; then
  summary
  exit 1
fi

# The SQLite phases must not pick up a DATABASE_URL from the environment.
unset DATABASE_URL
fresh_home || exit 1
step "ruff format --check ." "$VENV/bin/ruff" format --check .
step "ruff check ." "$VENV/bin/ruff" check .
step "manage.py check" manage check
step "manage.py makemigrations --check --dry-run" manage makemigrations --check --dry-run
step "manage.py compilemessages" messages
step "pytest on SQLite" pytest_sqlite "$@"
if step "PostgreSQL: start a throwaway server" pg_start; then
  step "pytest on PostgreSQL" pytest_postgres "$@"
fi

summary
[ -z "$FAILED" ]
