#!/usr/bin/env bash
# Installs Vínculo into .venv: finds (or installs) Python 3.12+, creates .venv when it is
# missing or broken, and pip-installs the package when pyproject.toml has changed since
# the last install. Quick when there is nothing to do.
#
#   bash scripts/setup.sh [dev] [gettext]
#     dev      also the development dependencies (pip install -e '.[dev]')
#     gettext  also msgfmt/xgettext (Debian package gettext) for the translations
#
# Sourced by run.sh and test.sh, which call `setup` themselves.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PYTHON=

# Sets PYTHON to a Python 3.12+ interpreter, installing one when there is none.
python_ensure() {
  local missing=() p tmp
  PYTHON=$(bash "$ROOT/scripts/python.sh" 2>/dev/null) && return 0
  say "no Python 3.12 or newer found: installing one"
  if command -v apt-get >/dev/null 2>&1; then
    # Debian 13 and Ubuntu 24.04 ship one as python3; older releases still need
    # python3 and its venv module to bootstrap uv below.
    for p in python3 python3-venv; do
      dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
      apt_install "${missing[@]}" || return 1
    fi
    PYTHON=$(bash "$ROOT/scripts/python.sh" 2>/dev/null) && return 0
  fi
  # Debian 12 has Python 3.11 only: fetch a standalone CPython 3.12 with uv (itself from
  # PyPI). It lives in uv's folder for this user (~/.local/share/uv/python), where
  # python.sh finds it next time.
  if command -v python3 >/dev/null 2>&1; then
    tmp=$(mktemp -d)
    say "fetching CPython 3.12 with uv into ${XDG_DATA_HOME:-$HOME/.local/share}/uv/python"
    if python3 -m venv "$tmp" \
      && "$tmp/bin/python" -m pip install -q --disable-pip-version-check uv \
      && UV_PYTHON_INSTALL_BIN=0 "$tmp/bin/uv" python install 3.12; then
      rm -rf "$tmp"
      PYTHON=$(bash "$ROOT/scripts/python.sh" 2>/dev/null) && return 0
    fi
    rm -rf "$tmp"
  fi
  bash "$ROOT/scripts/python.sh" >/dev/null # says what was tried and what to do
  return 1
}

venv_ok() {
  [ -x "$VENV/bin/python" ] \
    && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
    && "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}

# Creates .venv, or recreates it when its interpreter is missing, broken or too old.
venv_ensure() {
  local version
  venv_ok && return 0
  if [ -e "$VENV" ]; then
    say ".venv does not run Python 3.12+ with pip: recreating it"
    rm -rf "$VENV"
  fi
  python_ensure || return 1
  say "creating .venv with $PYTHON"
  if ! "$PYTHON" -m venv "$VENV"; then
    rm -rf "$VENV"
    # Debian and Ubuntu keep venv's ensurepip in a package of its own.
    case $PYTHON in
      /usr/bin/*)
        version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
        apt_install "python$version-venv" || return 1
        "$PYTHON" -m venv "$VENV" || return 1
        ;;
      *) return 1 ;;
    esac
  fi
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
}

# pip install -e . (or '.[EXTRA]') unless the stamp in .venv says it is already done
# for this pyproject.toml. The stamp holds the file's hash and the extra installed.
packages_install() {
  local extra=${1:-} stamp=$VENV/.vinculo-installed hash old_hash='' old_extra='' spec=.
  hash=$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)
  if [ -f "$stamp" ]; then
    read -r old_hash old_extra <"$stamp" || true
  fi
  if [ "$old_hash" = "$hash" ] && [ -x "$VENV/bin/vinculo" ] \
    && { [ -z "$extra" ] || { [ "$old_extra" = "$extra" ] && [ -x "$VENV/bin/pytest" ]; }; }; then
    say "Python packages: up to date"
    return 0
  fi
  [ -n "$extra" ] && spec=".[$extra]"
  say "pip install -e '$spec'"
  rm -f "$stamp"
  (cd "$ROOT" && "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$spec") \
    || return 1
  echo "$hash $extra" >"$stamp"
}

gettext_ensure() {
  command -v msgfmt >/dev/null 2>&1 || apt_install gettext
}

# Business cards are read by Tesseract with its Spanish and English data (Debian's packages).
ocr_ensure() {
  local missing=() p
  for p in tesseract-ocr tesseract-ocr-spa tesseract-ocr-eng; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}" || return 1
  fi
}

setup() {
  local extra='' gettext='' arg
  for arg in "$@"; do
    case $arg in
      dev) extra=dev ;;
      gettext) gettext=1 ;;
      *) die "setup.sh: unknown argument '$arg' (expected: dev, gettext)" ;;
    esac
  done
  venv_ensure || return 1
  packages_install "$extra" || return 1
  # The app's own modules compiled ahead, as pip compiles the installed packages: every
  # `vinculo` command is a new process, and with PYTHONDONTWRITEBYTECODE set (or a source
  # folder it cannot write) each one would compile them again (a quarter of a second).
  "$VENV/bin/python" -m compileall -q "$ROOT/src/vinculo" >/dev/null || return 1
  if command -v dpkg >/dev/null 2>&1; then
    ocr_ensure || return 1
  fi
  if [ -n "$gettext" ]; then
    gettext_ensure || return 1
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  setup "$@"
fi
