# shellcheck shell=bash
# Helpers shared by the other scripts (sourced, not run).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=$ROOT/.venv

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  _bold=$'\033[1m' _red=$'\033[31m' _green=$'\033[32m' _off=$'\033[0m'
else
  _bold='' _red='' _green='' _off=''
fi

heading() { printf '\n%s==> %s%s\n' "$_bold" "$*" "$_off"; }
say() { printf '    %s\n' "$*"; }
die() {
  printf '%serror:%s %s\n' "$_red" "$_off" "$*" >&2
  exit 1
}

# Seconds since the epoch with microseconds, for step timings.
now() { printf '%s' "${EPOCHREALTIME:-$(date +%s.%N)}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# apt_install PACKAGE...: installs Debian packages without questions, as root or
# through sudo; `apt-get update` runs once per script, and only when something is missing.
_apt_updated=
apt_install() {
  local sudo=() log
  if ! command -v apt-get >/dev/null 2>&1; then
    die "missing system packages: $*. This is not a Debian-like system; install their equivalents and run again."
  fi
  if ! is_root; then
    if command -v sudo >/dev/null 2>&1 && { [ -t 0 ] || sudo -n true 2>/dev/null; }; then
      sudo=(sudo)
    else
      die "missing system packages: $*. Install them as root (apt-get install $*) and run again."
    fi
  fi
  say "installing with apt-get: $* (takes a while; output kept in case it fails)"
  log=$(mktemp) || return 1
  if [ -z "$_apt_updated" ]; then
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null \
      >"$log" 2>&1; then
      cat "$log"
      rm -f "$log"
      return 1
    fi
    _apt_updated=1
  fi
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "$@" </dev/null >"$log" 2>&1; then
    cat "$log"
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

# The highest PostgreSQL server binaries folder (Debian keeps one per major version).
pg_bindir() {
  local d
  if [ -n "${PG_BINDIR:-}" ]; then # an explicit choice, e.g. another major version
    [ -x "$PG_BINDIR/initdb" ] && echo "$PG_BINDIR"
    return
  fi
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
    echo "$d"
  elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  else
    return 1
  fi
}

# manage.py with the .venv interpreter (VINCULO_HOME and DATABASE_URL come from the caller).
manage() { "$VENV/bin/python" "$ROOT/manage.py" "$@"; }

# Locale catalogues (.po) that compilemessages would turn into .mo files.
has_catalogues() { [ -n "$(find "$ROOT/src/vinculo/locale" -name '*.po' -print -quit 2>/dev/null)" ]; }

messages_compile() {
  # compilemessages walks the whole tree from here: keep it out of .venv and friends.
  (cd "$ROOT" && manage compilemessages --ignore='.*' --ignore=venv --ignore=node_modules \
    --ignore=artifacts --ignore=build)
}
